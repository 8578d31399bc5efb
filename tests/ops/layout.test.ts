// Layout ops: transpose / mT / permute, reshape (with -1), splitLast / mergeLast, unsqueeze, narrow / takeLast /
// select / cat. Forward must match the float64 reference exactly (values only move; rtol = atol = 1e-5 is used
// for uniformity). Gradients vs float64 central differences: max error <= 1e-3 * max |grad|.
import { describe, expect, it } from 'vitest';
import {
  transpose, mT, permute, reshape, splitLast, mergeLast, unsqueeze, narrow, takeLast, select, cat, tensor, mul, exp,
} from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, leaf, values } from '../helpers/check';

describe.each(backends)('layout ops on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    const m = () => tensor([[1, 2, 3], [4, 5, 6]]);
    it('transpose / mT / permute', async () => {
      expect(await values(transpose(m(), 0, 1))).toEqual([1, 4, 2, 5, 3, 6]);
      expect(await values(mT(m()))).toEqual([1, 4, 2, 5, 3, 6]);
      const x = tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);  // [2, 3, 2]
      const p = permute(x, [2, 0, 1]);                                            // [2, 2, 3]
      expect(p.dims).toEqual([2, 2, 3]);
      expect(await values(p)).toEqual([1, 3, 5, 7, 9, 11, 2, 4, 6, 8, 10, 12]);
      expect(await values(transpose(x, -1, 0))).toEqual([1, 7, 3, 9, 5, 11, 2, 8, 4, 10, 6, 12]);
    });
    it('reshape / splitLast / mergeLast / unsqueeze keep row-major order', async () => {
      expect(reshape(m(), [3, 2]).dims).toEqual([3, 2]);
      expect(await values(reshape(m(), [3, -1]))).toEqual([1, 2, 3, 4, 5, 6]);
      const s = splitLast(tensor([[1, 2, 3, 4, 5, 6]]), 2, 3);
      expect(s.dims).toEqual([1, 2, 3]);
      expect(await values(select(s, 1, 1))).toEqual([4, 5, 6]);
      expect(mergeLast(s).dims).toEqual([1, 6]);
      expect(unsqueeze(m(), 1).dims).toEqual([2, 1, 3]);
      expect(unsqueeze(m(), -1).dims).toEqual([2, 3, 1]);
    });
    it('narrow / takeLast / select / cat', async () => {
      expect(await values(narrow(m(), 1, 1, 2))).toEqual([2, 3, 5, 6]);
      expect(await values(narrow(m(), 0, 1, 1))).toEqual([4, 5, 6]);
      expect(await values(takeLast(m(), 1, 2))).toEqual([2, 3, 5, 6]);
      expect(takeLast(m(), 1, 10).dims).toEqual([2, 3]);                       // min(dim, k)
      expect(await values(select(m(), 1, -1))).toEqual([3, 6]);
      expect(await values(select(m(), 0, 0))).toEqual([1, 2, 3]);
      expect(await values(cat(m(), tensor([[7], [8]]), 1))).toEqual([1, 2, 3, 7, 4, 5, 6, 8]);
      expect(await values(cat(m(), tensor([[7, 8, 9]]), 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await values(cat(m(), tensor([[7], [8]]), -1))).toEqual([1, 2, 3, 7, 4, 5, 6, 8]);
    });
  });

  describe('vs reference, with gradients', () => {
    it('transpose (positive and negative axes), mT', async () => {
      const rng = new R.Prng(1);
      const x = leaf([2, 3, 4], rng);
      await checkOp(transpose(x.t, 0, 2), [x], ([x]) => R.transpose(x, 0, 2));
      const y = leaf([2, 3, 4], rng);
      await checkOp(transpose(y.t, -1, -2), [y], ([y]) => R.transpose(y, -1, -2));
      const z = leaf([2, 2, 3, 5], rng);
      await checkOp(mT(z.t), [z], ([z]) => R.transpose(z, -1, -2));
    });
    it('permute [2, 0, 1] and [0, 2, 1, 3], followed by an elementwise op', async () => {
      const rng = new R.Prng(2);
      const x = leaf([2, 3, 4], rng);
      await checkOp(permute(x.t, [2, 0, 1]), [x], ([x]) => R.permute(x, [2, 0, 1]));
      const y = leaf([2, 3, 2, 5], rng);
      await checkOp(exp(permute(y.t, [0, 2, 1, 3])), [y], ([y]) => R.exp(R.permute(y, [0, 2, 1, 3])));
    });
    it('reshape then an op that sees the new shape', async () => {
      const rng = new R.Prng(3);
      const x = leaf([2, 6], rng), w = leaf([3, 4], rng);
      await checkOp(mul(reshape(x.t, [3, 4]), w.t), [x, w], ([x, w]) => R.mul(R.reshape(x, [3, 4]), w));
    });
    it('splitLast -> permute -> mergeLast (the attention head split / merge)', async () => {
      const rng = new R.Prng(4);
      const x = leaf([2, 3, 6], rng);
      const heads = permute(splitLast(x.t, 2, 3), [0, 2, 1, 3]);        // [B, H, T, D]
      const back = mergeLast(permute(heads, [0, 2, 1, 3]));              // [B, T, C]
      await checkOp(heads, [x], ([x]) => R.permute(R.reshape(x, [2, 3, 2, 3]), [0, 2, 1, 3]));
      const x2 = leaf([2, 3, 6], rng);
      const back2 = mergeLast(permute(permute(splitLast(x2.t, 3, 2), [0, 2, 1, 3]), [0, 2, 1, 3]));
      expect(back.dims).toEqual([2, 3, 6]);
      await checkOp(mul(back2, back2), [x2], ([x]) => R.mul(x, x));
    });
    it('narrow / takeLast / select on inner and outer axes', async () => {
      const rng = new R.Prng(5);
      const x = leaf([3, 5, 4], rng);
      await checkOp(narrow(x.t, 1, 1, 3), [x], ([x]) => R.narrow(x, 1, 1, 3));
      const y = leaf([3, 5, 4], rng);
      await checkOp(takeLast(y.t, 0, 2), [y], ([y]) => R.narrow(y, 0, 1, 2));
      const z = leaf([3, 5, 4], rng);
      await checkOp(select(z.t, -1, 2), [z], ([z]) => R.select(z, -1, 2));
      const w = leaf([3, 5, 4], rng);
      await checkOp(select(w.t, 1, -1), [w], ([w]) => R.select(w, 1, -1));
    });
    it('cat along axes 0, 1 and -1 (gradients split back)', async () => {
      const rng = new R.Prng(6);
      const a = leaf([2, 3, 4], rng), b = leaf([1, 3, 4], rng);
      await checkOp(cat(a.t, b.t, 0), [a, b], ([a, b]) => R.cat(a, b, 0));
      const c = leaf([2, 3, 4], rng), d = leaf([2, 2, 4], rng);
      await checkOp(cat(c.t, d.t, 1), [c, d], ([c, d]) => R.cat(c, d, 1));
      const e = leaf([2, 3, 4], rng), f = leaf([2, 3, 1], rng);
      await checkOp(cat(e.t, f.t, -1), [e, f], ([e, f]) => R.cat(e, f, -1));
    });
    it('cat of a tensor with itself, and of two slices of one tensor', async () => {
      const rng = new R.Prng(7);
      const x = leaf([2, 3], rng);
      await checkOp(cat(x.t, x.t, 0), [x], ([x]) => R.cat(x, x, 0));
      const y = leaf([4, 3], rng);
      await checkOp(cat(narrow(y.t, 0, 2, 2), narrow(y.t, 0, 0, 2), 0), [y], ([y]) => R.cat(R.narrow(y, 0, 2, 2), R.narrow(y, 0, 0, 2), 0));
    });
  });
});
