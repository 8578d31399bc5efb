// Elementwise binary ops: add / sub / mul / div / pow / maximum with numpy broadcasting (bias [C] on [B,T,C],
// [T,C] on [B,T,C], keepdim [B,T,1], two-sided [3,1] with [1,4], plain numbers), rsub / rdiv, scale.
// Forward vs the float64 reference: rtol = atol = 1e-5. Gradients (loss sum(y * R)) vs float64 central
// differences: max error <= 1e-3 * max |grad|. Hand-computed cases are exact small integers / fractions.
import { describe, expect, it } from 'vitest';
import { add, sub, mul, div, pow, maximum, rsub, rdiv, scale, tensor } from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { backward } from '../../src/runtime/autograd';
import { checkOp, expectClose, gradOf, leaf, total, values } from '../helpers/check';

describe.each(backends)('elementwise ops on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    it('add / sub / mul / div broadcast a row over a matrix', async () => {
      const a = tensor([[1, 2, 3], [4, 5, 6]]);
      const b = tensor([10, 20, 40]);
      expect(await values(add(a, b))).toEqual([11, 22, 43, 14, 25, 46]);
      expect(await values(sub(a, b))).toEqual([-9, -18, -37, -6, -15, -34]);
      expect(await values(mul(a, b))).toEqual([10, 40, 120, 40, 100, 240]);
      expect(await values(div(a, b))).toEqual([0.1, 0.1, 0.075, 0.4, 0.25, 0.15].map(Math.fround));
    });
    it('pow / maximum / scalar numbers / rsub / rdiv / scale', async () => {
      const a = tensor([2, 3, -1, 0.5]);
      expect(await values(pow(tensor([2, 3, 1, 0.5]), tensor([3, 2, 2, -1])))).toEqual([8, 9, 1, 2]);
      expect(await values(pow(tensor([2, 3, 0.5]), 2))).toEqual([4, 9, 0.25]);
      expect(await values(maximum(a, tensor([1, 4, -2, 0.5])))).toEqual([2, 4, -1, 0.5]);
      expect(await values(maximum(a, 1))).toEqual([2, 3, 1, 1]);
      expect(await values(add(a, 1.5))).toEqual([3.5, 4.5, 0.5, 2]);
      expect(await values(sub(a, 1))).toEqual([1, 2, -2, -0.5]);
      expect(await values(rsub(a, 1))).toEqual([-1, -2, 2, 0.5]);          // 1 - a
      expect(await values(rdiv(a, 6))).toEqual([3, 2, -6, 12]);            // 6 / a
      expect(await values(scale(a, -2))).toEqual([-4, -6, 2, -1]);
      expect(await values(div(a, 4))).toEqual([0.5, 0.75, -0.25, 0.125]);
    });
    it('keepdim [B, T, 1] broadcast: x - rowmax', async () => {
      const x = tensor([[[1, 5, 3], [2, 2, 8]]]);           // [1, 2, 3]
      const m = tensor([[[5], [8]]]);                       // [1, 2, 1]
      expect(await values(sub(x, m))).toEqual([-4, 0, -2, -6, -6, 0]);
      expect(await values(rsub(x, m))).toEqual([4, 0, 2, 6, 6, 0]);
    });
    it('gradients of a * b with b broadcast: db sums over the broadcast rows', async () => {
      // loss sum(a * b): da = b broadcast, db = column sums of a
      const a = leaf([2, 3], [1, 2, 3, 4, 5, 6]);
      const b = leaf([3], [10, 20, 30]);
      backward(total(mul(a.t, b.t)));
      expect(await gradOf(a.t)).toEqual([10, 20, 30, 10, 20, 30]);
      expect(await gradOf(b.t)).toEqual([5, 7, 9]);
    });
  });

  describe('vs reference, with gradients', () => {
    const B = 2, T = 3, C = 5;
    it('add: bias [C] on [B, T, C]', async () => {
      const rng = new R.Prng(1);
      const x = leaf([B, T, C], rng), b = leaf([C], rng);
      await checkOp(add(x.t, b.t), [x, b], ([x, b]) => R.add(x, b));
    });
    it('mul: [T, C] on [B, T, C]', async () => {
      const rng = new R.Prng(2);
      const x = leaf([B, T, C], rng), p = leaf([T, C], rng);
      await checkOp(mul(x.t, p.t), [x, p], ([x, p]) => R.mul(x, p));
    });
    it('sub: keepdim [B, T, 1] on [B, T, C]', async () => {
      const rng = new R.Prng(3);
      const x = leaf([B, T, C], rng), m = leaf([B, T, 1], rng);
      await checkOp(sub(x.t, m.t), [x, m], ([x, m]) => R.sub(x, m));
    });
    it('div: [B, T, C] / [B, T, 1] and [B, T, C] / [C]', async () => {
      const rng = new R.Prng(4);
      const x = leaf([B, T, C], rng), s = leaf([B, T, 1], rng, { lo: 0.5, hi: 2 }), c = leaf([C], rng, { lo: -2, hi: 2, awayFromZero: 0.5 });
      await checkOp(div(x.t, s.t), [x, s], ([x, s]) => R.div(x, s));
      const x2 = leaf([B, T, C], rng);
      await checkOp(div(x2.t, c.t), [x2, c], ([x, c]) => R.div(x, c));
    });
    it('two-sided broadcast: [3, 1] + [1, 4] and [4] * [3, 1]', async () => {
      const rng = new R.Prng(5);
      const a = leaf([3, 1], rng), b = leaf([1, 4], rng);
      await checkOp(add(a.t, b.t), [a, b], ([a, b]) => R.add(a, b));
      const c = leaf([3, 1], rng), d = leaf([4], rng);
      await checkOp(mul(c.t, d.t), [c, d], ([c, d]) => R.mul(c, d));
    });
    it('same shapes: sub, mul, div', async () => {
      const rng = new R.Prng(6);
      const a = leaf([4, 6], rng), b = leaf([4, 6], rng, { awayFromZero: 0.3 });
      await checkOp(sub(a.t, b.t), [a, b], ([a, b]) => R.sub(a, b));
      const c = leaf([4, 6], rng), d = leaf([4, 6], rng, { awayFromZero: 0.3 });
      await checkOp(div(c.t, d.t), [c, d], ([c, d]) => R.div(c, d));
    });
    it('pow: tensor base and exponent (base > 0), scalar exponents 2 and 0.5', async () => {
      const rng = new R.Prng(7);
      const a = leaf([3, 4], rng, { lo: 0.5, hi: 2 }), e = leaf([3, 4], rng, { lo: -2, hi: 3 });
      await checkOp(pow(a.t, e.t), [a, e], ([a, e]) => R.pow(a, e));
      const x = leaf([3, 4], rng, { lo: 0.1, hi: 2 });
      await checkOp(pow(x.t, 2), [x], ([x]) => R.pow(x, 2));
      const y = leaf([3, 4], rng, { lo: 0.2, hi: 3 });
      await checkOp(pow(y.t, 0.5), [y], ([y]) => R.pow(y, 0.5));
      const z = leaf([2, 3, 4], rng, { lo: 0.5, hi: 2 }), f = leaf([4], rng);
      await checkOp(pow(z.t, f.t), [z, f], ([z, f]) => R.pow(z, f));
    });
    it('pow with a negative base and an integer exponent is real (torch: (-2)^3 = -8, (-1)^2 = 1), with gradient', async () => {
      // GPU pow is exp2(b * log2|a|): a few ulp from the exactly rounded value, hence a tolerance
      expectClose(await values(pow(tensor([-2, -1, -0.5, -3]), tensor([3, 2, 2, -1]))), [-8, 1, 0.25, -1 / 3], { rtol: 1e-6, atol: 0 });
      expectClose(await values(pow(tensor([-2, -1.5]), 2)), [4, 2.25], { rtol: 1e-6, atol: 0 });
      const x = leaf([2, 3], new R.Prng(70), { lo: -2, hi: -0.5 });
      await checkOp(pow(x.t, 3), [x], ([x]) => R.pow(x, 3));
    });
    it('maximum: tensors (no ties), broadcast [C], and a number', async () => {
      const rng = new R.Prng(8);
      const a = leaf([3, 5], rng), b = leaf([3, 5], [...R.randNd([3, 5], rng).data].map((v, i) => (Math.abs(v - a.nd.data[i]) < 0.05 ? v + 0.2 : v)));
      await checkOp(maximum(a.t, b.t), [a, b], ([a, b]) => R.maximum(a, b));
      const x = leaf([2, 3, 5], rng), c = leaf([5], rng);
      const far = R.zip(x.nd, c.nd, (u, v) => Math.abs(u - v)).data.every((d) => d > 2e-3);
      expect(far, 'test data keeps x and c apart (no kinks within the fd step)').toBe(true);
      await checkOp(maximum(x.t, c.t), [x, c], ([x, c]) => R.maximum(x, c));
      const z = leaf([4, 4], rng, { awayFromZero: 0.01 });
      await checkOp(maximum(z.t, 0), [z], ([z]) => R.maximum(z, 0));
    });
    it('maximum ties: the gradient goes to the first operand', async () => {
      const a = leaf([3], [1, 2, 3]), b = leaf([3], [1, 5, 0]);
      backward(total(maximum(a.t, b.t)));
      expect(await gradOf(a.t)).toEqual([1, 0, 1]);
      expect(await gradOf(b.t)).toEqual([0, 1, 0]);
    });
    it('scalar numbers: add, sub, mul, div, scale', async () => {
      const rng = new R.Prng(9);
      const x = leaf([B, T, C], rng);
      await checkOp(add(x.t, 2.5), [x], ([x]) => R.add(x, 2.5));
      const x2 = leaf([B, T, C], rng);
      await checkOp(sub(x2.t, -1.25), [x2], ([x]) => R.sub(x, -1.25));
      const x3 = leaf([B, T, C], rng);
      await checkOp(mul(x3.t, -3), [x3], ([x]) => R.mul(x, -3));
      const x4 = leaf([B, T, C], rng);
      await checkOp(div(x4.t, 7), [x4], ([x]) => R.div(x, 7));
      const x5 = leaf([B, T, C], rng);
      await checkOp(scale(x5.t, 0.125), [x5], ([x]) => R.mul(x, 0.125));
    });
    it('rsub / rdiv: reversed operands, broadcast operand on the right', async () => {
      const rng = new R.Prng(10);
      const x = leaf([B, T, C], rng), m = leaf([B, T, 1], rng);
      await checkOp(rsub(x.t, m.t), [x, m], ([x, m]) => R.sub(m, x));
      const y = leaf([B, T, C], rng, { awayFromZero: 0.3 }), s = leaf([C], rng);
      await checkOp(rdiv(y.t, s.t), [y, s], ([y, s]) => R.div(s, y));
      const z = leaf([T, C], rng, { awayFromZero: 0.3 });
      await checkOp(rdiv(z.t, 1), [z], ([z]) => R.div(1, z));
      const w = leaf([T, C], rng);
      await checkOp(rsub(w.t, 1), [w], ([w]) => R.sub(1, w));
    });
    it('forward only on a larger broadcast ([4, 33, 17] + [33, 1])', async () => {
      const rng = new R.Prng(11);
      const a = leaf([4, 33, 17], rng), b = leaf([33, 1], rng);
      expectClose(await add(a.t, b.t).data(), R.add(a.nd, b.nd));
    });
  });
});
