// Reductions sum / mean / max along one axis, with keepdim and negative axes.
// Forward vs the float64 reference: rtol = atol = 1e-5. Gradients vs float64 central differences: max error
// <= 1e-3 * max |grad| (random data: no ties for max). Ties of max: see the last test (torch.amax splits the
// gradient evenly among tied positions).
import { describe, expect, it } from 'vitest';
import { sum, mean, max, tensor, type Reducer } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, gradOf, leaf, total, values } from '../helpers/check';

const OPS: { name: string; op: Reducer<'sum'> | Reducer<'mean'> | Reducer<'max'>; ref: (x: R.Nd, axis: number, keep: boolean) => R.Nd }[] = [
  { name: 'sum', op: sum, ref: R.sum },
  { name: 'mean', op: mean, ref: R.mean },
  { name: 'max', op: max, ref: R.max },
];
const AXES = [0, 1, 2, -1, -2, -3] as const;

describe.each(backends)('reductions on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    const x = () => tensor([[1, 2, 3], [4, 5, 9]]);
    it('sum', async () => {
      expect(await values(sum(x(), 0))).toEqual([5, 7, 12]);
      expect(await values(sum(x(), 1))).toEqual([6, 18]);
      const k = sum(x(), -1, true);
      expect(k.dims).toEqual([2, 1]);
      expect(await values(k)).toEqual([6, 18]);
    });
    it('mean', async () => {
      expect(await values(mean(x(), 0))).toEqual([2.5, 3.5, 6]);
      expect(await values(mean(x(), -1))).toEqual([2, 6]);
      expect(mean(x(), 0, true).dims).toEqual([1, 3]);
    });
    it('max', async () => {
      expect(await values(max(x(), 0))).toEqual([4, 5, 9]);
      expect(await values(max(x(), -1, true))).toEqual([3, 9]);
      expect(await values(max(tensor([[-5, -2, -7]]), 1))).toEqual([-2]);
    });
    it('scalar results: sum of a vector has shape []', async () => {
      const s = sum(tensor([1, 2, 3.5]), 0);
      expect(s.dims).toEqual([]);
      expect(await s.item()).toBe(6.5);
    });
    it('gradients: sum -> ones, mean -> 1/n, max -> one-hot of the argmax', async () => {
      const a = leaf([2, 3], [1, 2, 3, 4, 5, 9]);
      backward(total(sum(a.t, 1)));
      expect(await gradOf(a.t)).toEqual([1, 1, 1, 1, 1, 1]);
      const b = leaf([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]);
      backward(total(mean(b.t, 1)));
      expect(await gradOf(b.t)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
      const c = leaf([2, 3], [1, 7, 3, 8, 5, 2]);
      backward(total(max(c.t, 1)));
      expect(await gradOf(c.t)).toEqual([0, 1, 0, 1, 0, 0]);
    });
  });

  describe.each(OPS)('$name vs reference', ({ name, op, ref }) => {
    it.each(AXES)(`${name} over axis %i of [3, 4, 5], keepdim false and true`, async (axis) => {
      const rng = new R.Prng(100 + axis * 7 + name.length);
      const x = leaf([3, 4, 5], rng);
      await checkOp(op(x.t, axis), [x], ([x]) => ref(x, axis, false));
      const y = leaf([3, 4, 5], rng);
      const k = op(y.t, axis, true);
      const kept = [3, 4, 5];
      kept[axis < 0 ? axis + 3 : axis] = 1;
      expect(k.dims).toEqual(kept);
      await checkOp(k, [y], ([y]) => ref(y, axis, true));
    });
    it(`${name} of a 1-D tensor and of a [1, 6] row (size-1 axis)`, async () => {
      const rng = new R.Prng(5 + name.length);
      const v = leaf([9], rng);
      await checkOp(op(v.t, 0), [v], ([v]) => ref(v, 0, false));
      const r = leaf([1, 6], rng);
      await checkOp(op(r.t, 0), [r], ([r]) => ref(r, 0, false));
    });
  });

  it('max with ties: the gradient is split evenly among the tied maxima (like torch.amax)', async () => {
    const a = leaf([2, 3], [3, 3, 1, 2, 7, 7]);
    backward(total(max(a.t, 1)));
    const g = await gradOf(a.t);
    // a valid (sub)gradient of max over a row sums to 1 per row
    expect(g[0] + g[1] + g[2], 'row 0 gradient sums to 1').toBeCloseTo(1, 6);
    expect(g).toEqual([0.5, 0.5, 0, 0, 0.5, 0.5]);
  });
});
