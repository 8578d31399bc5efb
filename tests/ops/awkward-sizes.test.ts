// Awkward sizes, on every backend: shapes that are not multiples of 4, large tensors (300 x 300), and one compiled
// kernel reused for new values.
// Tolerances: rtol = atol = 1e-5 vs the float64 reference; the 300 x 300 matmul uses a per-element bound of
// 1e-5 * sum_k |a_ik b_kj| (float32 accumulation). Gradients vs float64 central differences (or, for the large
// matmul, the analytic float64 gradients R B^T and A^T R): max error <= 1e-3 * max |grad|.
import { describe, expect, it } from 'vitest';
import { add, exp, sum, mean, softmax, matmul, layerNorm, linear, tensor } from '../../src/dsl';
import { kernelCount } from '../../src/runtime/backend';
import { planStats } from '../../src/runtime/compile';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, expectGradClose, gradOf, leaf, values, weightedLoss } from '../helpers/check';

describe.each(backends)('awkward sizes on %s', (backend) => {
  useBackend(backend);

  describe('sizes that are not multiples of 4', () => {
    it('7 x 5 @ 5 x 3 with gradients', async () => {
      const rng = new R.Prng(1);
      const a = leaf([7, 5], rng), b = leaf([5, 3], rng);
      await checkOp(matmul(a.t, b.t), [a, b], ([a, b]) => R.matmul(a, b));
    });
    it('[7, 5] elementwise with a [5] bias, reductions over 7 and 5, softmax over rows of 7', async () => {
      const rng = new R.Prng(2);
      const x = leaf([7, 5], rng), b = leaf([5], rng);
      await checkOp(add(x.t, b.t), [x, b], ([x, b]) => R.add(x, b));
      const y = leaf([7, 5], rng);
      await checkOp(sum(y.t, 0), [y], ([y]) => R.sum(y, 0));
      const z = leaf([7, 5], rng);
      await checkOp(mean(z.t, 1, true), [z], ([z]) => R.mean(z, 1, true));
      const s = leaf([5, 7], rng, { lo: -3, hi: 3 });
      await checkOp(softmax(s.t, -1), [s], ([s]) => R.softmax(s, -1));
    });
    it('layerNorm over 7 features, linear 13 -> 3', async () => {
      const rng = new R.Prng(3);
      const x = leaf([3, 7], rng), g = leaf([7], rng), b = leaf([7], rng);
      await checkOp(layerNorm(x.t, g.t, b.t), [x, g, b], ([x, g, b]) => R.layerNorm(x, g, b));
      const u = leaf([5, 13], rng), w = leaf([13, 3], rng), c = leaf([3], rng);
      await checkOp(linear(u.t, w.t, c.t), [u, w, c], ([u, w, c]) => R.linear(u, w, c));
    });
  });

  describe('large tensors', () => {
    it('300 x 300 @ 300 x 300 (tolerance 1e-5 * sum |a b|)', async () => {
      const rng = new R.Prng(10);
      const a = leaf([300, 300], rng), b = leaf([300, 300], rng);
      const want = R.memo('mm300', () => R.matmul(a.nd, b.nd));
      const scale = R.memo('mm300-scale', () => R.matmul(R.abs(a.nd), R.abs(b.nd)));
      expectClose(await values(matmul(a.t, b.t)), want, { rtol: 1e-5, atol: 0 }, '300 x 300 matmul', scale.data);
    });
    it('300 x 300 @ 300 x 16 gradients vs the analytic float64 ones', async () => {
      const rng = new R.Prng(11);
      const a = leaf([300, 300], rng), b = leaf([300, 16], rng);
      const { loss, R: w } = weightedLoss(matmul(a.t, b.t));
      backward(loss);
      expectGradClose(await gradOf(a.t), R.memo('mm300-dA', () => R.matmul(w, R.transpose(b.nd, 0, 1))), 1e-3, 'dA');
      expectGradClose(await gradOf(b.t), R.memo('mm300-dB', () => R.matmul(R.transpose(a.nd, 0, 1), w)), 1e-3, 'dB');
    });
    it('elementwise and softmax on [300, 300]', async () => {
      const rng = new R.Prng(12);
      const x = leaf([300, 300], rng, { lo: -3, hi: 3 }), c = leaf([300], rng);
      expectClose(await values(exp(add(x.t, c.t))), R.memo('ew300', () => R.exp(R.add(x.nd, c.nd))));
      expectClose(await values(softmax(x.t, 0)), R.memo('sm300', () => R.softmax(x.nd, 0)));
    });
  });

  describe('one compiled kernel, new values', () => {
    it('the same matmul / softmax / add shapes twice with different values: both right, no new kernels', async () => {
      const run = async (seed: number): Promise<void> => {
        const rng = new R.Prng(seed);
        const a = leaf([7, 5], rng), b = leaf([5, 3], rng), c = leaf([3], rng);
        await checkOp(softmax(add(matmul(a.t, b.t), c.t), -1), [a, b, c], ([a, b, c]) => R.softmax(R.add(R.matmul(a, b), c), -1));
      };
      // the first run compiles the kernels, the second the graph's plan (compile.ts; on cpu its kernels
      // are flat-output variants); later runs with new values compile nothing
      await run(100);
      await run(200);
      const compiled = kernelCount(), plans = planStats.compiled;
      await run(300);
      expect(kernelCount(), 'a third run reuses the compiled kernels').toBe(compiled);
      expect(planStats.compiled, 'a third run reuses the compiled plan').toBe(plans);
    });
    it('two identical-shape matmuls in one graph give different results', async () => {
      const a = tensor([[1, 2], [3, 4]]), b = tensor([[0, 1], [1, 0]]), c = tensor([[2, 0], [0, 2]]);
      const y1 = matmul(a, b), y2 = matmul(a, c);
      expect(await values(add(y1, y2))).toEqual([2 + 2, 1 + 4, 4 + 6, 3 + 8]);
      expect(await values(y1)).toEqual([2, 1, 4, 3]);
      expect(await values(y2)).toEqual([2, 4, 6, 8]);
    });
  });
});
