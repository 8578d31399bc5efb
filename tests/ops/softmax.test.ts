// softmax / logSoftmax on the last and on non-last axes (softmaxLast / logSoftmaxLast too), numerical stability
// (logits around +-1000 must not overflow), and their gradients.
// Forward vs the float64 reference: rtol = atol = 1e-5 for moderate logits; for logits of magnitude ~1000 the
// tolerance is 1e-4 (float32 has a spacing of 6e-5 at 1000, so the row's log-sum-exp rounds by up to 3e-5).
// Gradients vs float64 central differences: max error <= 1e-3 * max |grad|.
import { describe, expect, it } from 'vitest';
import { softmax, logSoftmax, softmaxLast, logSoftmaxLast, tensor, add } from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, leaf, values } from '../helpers/check';

describe.each(backends)('softmax on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    it('softmax of equal logits is uniform; [0, ln 3] -> [1/4, 3/4]', async () => {
      expect(await values(softmax(tensor([[2, 2], [-1, -1]]), -1))).toEqual([0.5, 0.5, 0.5, 0.5]);
      expectClose(await values(softmax(tensor([0, Math.log(3)]), 0)), [0.25, 0.75], { rtol: 1e-6, atol: 1e-7 });
      expectClose(await values(logSoftmax(tensor([0, 0, 0, 0]), 0)), [-Math.LN2 * 2, -Math.LN2 * 2, -Math.LN2 * 2, -Math.LN2 * 2], { rtol: 1e-6, atol: 1e-7 });
    });
    it('softmax over axis 0 of a [2, 2] matrix normalizes columns', async () => {
      expectClose(await values(softmax(tensor([[0, 1], [Math.log(3), 1]]), 0)), [0.25, 0.5, 0.75, 0.5], { rtol: 1e-6, atol: 1e-7 });
    });
  });

  describe('stability: large logits do not overflow', () => {
    // softmax([0, 1, 2]) = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]
    const P = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219];
    const LP = P.map(Math.log);
    it('logits 1000, 1001, 1002 and -1000, -999, -998 (any axis)', async () => {
      const big = tensor([[1000, 1001, 1002], [-1000, -999, -998]]);
      expectClose(await values(softmax(big, -1)), [...P, ...P], { rtol: 1e-4, atol: 1e-6 });
      expectClose(await values(logSoftmax(big, 1)), [...LP, ...LP], { rtol: 1e-4, atol: 1e-4 });
      const col = tensor([[1000], [1001], [1002]]);
      expectClose(await values(softmax(col, 0)), P, { rtol: 1e-4, atol: 1e-6 });
    });
    it('a row [1000, -1000, 0] gives [1, 0, 0]; log-softmax [0, -2000, -1000]', async () => {
      const x = tensor([1000, -1000, 0]);
      expect(await values(softmax(x, 0))).toEqual([1, 0, 0]);
      expectClose(await values(logSoftmax(x, 0)), [0, -2000, -1000]);
    });
    it('gradients at logits ~1000 are finite and match the reference', async () => {
      const rng = new R.Prng(9);
      const x = leaf([3, 5], R.add(R.randNd([3, 5], rng, { lo: -3, hi: 3 }), 1000).data);
      await checkOp(softmax(x.t, -1), [x], ([x]) => R.softmax(x, -1), { fwd: { rtol: 1e-4, atol: 1e-6 } });
      const y = leaf([3, 5], R.add(R.randNd([3, 5], rng, { lo: -3, hi: 3 }), -1000).data);
      await checkOp(logSoftmax(y.t, -1), [y], ([y]) => R.logSoftmax(y, -1), { fwd: { rtol: 1e-4, atol: 1e-4 } });
    });
    it('precision at logits ~1000 is as good as at logits ~0 (rtol 1e-5: max-subtracted, like torch)', async () => {
      const rng = new R.Prng(10);
      const base = R.randNd([4, 6], rng, { lo: -3, hi: 3 });
      const x = leaf([4, 6], R.add(base, 1000).data);
      expectClose(await values(softmax(x.t, -1)), R.softmax(x.nd, -1), { rtol: 1e-5, atol: 1e-7 }, 'softmax at 1000');
    });
  });

  describe('vs reference, with gradients', () => {
    it.each([-1, 2, 1, 0, -3] as const)('softmax over axis %i of [2, 3, 4]', async (axis) => {
      const x = leaf([2, 3, 4], new R.Prng(20 + axis), { lo: -3, hi: 3 });
      await checkOp(softmax(x.t, axis), [x], ([x]) => R.softmax(x, axis));
    });
    it.each([-1, 1, 0] as const)('logSoftmax over axis %i of [2, 3, 4]', async (axis) => {
      const x = leaf([2, 3, 4], new R.Prng(30 + axis), { lo: -3, hi: 3 });
      await checkOp(logSoftmax(x.t, axis), [x], ([x]) => R.logSoftmax(x, axis));
    });
    it('softmaxLast / logSoftmaxLast on [2, 2, 3, 5]', async () => {
      const rng = new R.Prng(40);
      const x = leaf([2, 2, 3, 5], rng, { lo: -3, hi: 3 });
      await checkOp(softmaxLast(x.t), [x], ([x]) => R.softmax(x, -1));
      const y = leaf([2, 2, 3, 5], rng, { lo: -3, hi: 3 });
      await checkOp(logSoftmaxLast(y.t), [y], ([y]) => R.logSoftmax(y, -1));
    });
    it('rows of length 1 give 1 (softmax) and 0 (logSoftmax)', async () => {
      const x = leaf([3, 1], [5, -2, 1000]);
      expect(await values(softmax(x.t, -1))).toEqual([1, 1, 1]);
      expect(await values(logSoftmax(x.t, -1))).toEqual([0, 0, 0]);
    });
    it('softmax output feeding another op (y + x): gradient through both paths', async () => {
      const x = leaf([3, 4], new R.Prng(41), { lo: -2, hi: 2 });
      await checkOp(add(softmax(x.t, 0), x.t), [x], ([x]) => R.add(R.softmax(x, 0), x));
    });
  });
});
