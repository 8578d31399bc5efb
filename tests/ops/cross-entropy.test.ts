// crossEntropy(logits [...P, V], targets int32 [...P]) -> mean over positions of -log softmax(logits)[target].
// Value vs the float64 reference: rtol = atol = 1e-5 (logits ~1000: atol 1e-4, float32 spacing there is 6e-5).
// Gradient of the logits vs float64 central differences: max error <= 1e-3 * max |grad|; hand-computed values.
// Out-of-range targets: the implementation returns NaN for the loss (no error) -- asserted below.
import { describe, expect, it } from 'vitest';
import { crossEntropy, ints, tensor, mul, type Tensor } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, gradOf, leaf } from '../helpers/check';

describe.each(backends)('crossEntropy on %s', (backend) => {
  useBackend(backend);

  it('hand-computed: uniform logits give ln V; a confident row gives ~0', async () => {
    const l = crossEntropy(tensor([[0, 0, 0, 0]]), ints([2], [1]));
    expect(l.dims).toEqual([]);
    expectClose([await l.item()], [Math.log(4)], { rtol: 1e-6 });
    expect(await crossEntropy(tensor([[1000, 0]]), ints([0], [1])).item()).toBe(0);
    expect(await crossEntropy(tensor([[1000, 0]]), ints([1], [1])).item()).toBe(1000);
    // mean over rows: (ln 2 + ln 2) / 2 with [0, 0] rows, and (0 + ln 2) / 2 -- softmax([ln 3, 0]) = [3/4, 1/4]
    expectClose([await crossEntropy(tensor([[Math.log(3), 0], [0, 0]]), ints([0, 1], [2])).item()], [(-Math.log(0.75) + Math.LN2) / 2]);
  });

  it('hand-computed gradient: (softmax - onehot) / N', async () => {
    const x = leaf([2, 2], [Math.log(3), 0, 0, 0]);
    backward(crossEntropy(x.t, ints([0, 1], [2])));
    expectClose(await gradOf(x.t), [(0.75 - 1) / 2, 0.25 / 2, 0.5 / 2, (0.5 - 1) / 2], { rtol: 1e-6, atol: 1e-7 });
  });

  it('[N, V] vs reference with gradient', async () => {
    const rng = new R.Prng(1);
    const x = leaf([6, 5], rng, { lo: -3, hi: 3 });
    const tv = [0, 4, 2, 2, 1, 3];
    await checkOp(crossEntropy(x.t, ints(tv, [6])), [x], ([x]) => R.nd([], [R.crossEntropy(x, R.nd([6], tv))]));
  });

  it('[B, T, V] logits (the model shape) vs reference with gradient; logits scaled by a leaf', async () => {
    const rng = new R.Prng(2);
    const x = leaf([2, 3, 7], rng, { lo: -2, hi: 2 }), s = leaf([7], rng, { lo: 0.5, hi: 2 });
    const tv = [6, 0, 3, 3, 5, 1];
    const ref = ([x, s]: R.Nd[]): R.Nd => R.nd([], [R.crossEntropy(R.mul(x, s), R.nd([2, 3], tv))]);
    await checkOp(crossEntropy(mul(x.t, s.t), ints(tv, [2, 3])), [x, s], ref);
  });

  it('large logits (~1000) stay finite and match the reference', async () => {
    const rng = new R.Prng(3);
    const x = leaf([4, 6], R.add(R.randNd([4, 6], rng, { lo: -5, hi: 5 }), 1000).data);
    const tv = [5, 0, 1, 3];
    await checkOp(crossEntropy(x.t, ints(tv, [4])), [x], ([x]) => R.nd([], [R.crossEntropy(x, R.nd([4], tv))]), { fwd: { rtol: 1e-4, atol: 1e-4 } });
  });

  it('a target out of range (>= V or < 0) gives a NaN loss, not an error', async () => {
    expect(Number.isNaN(await crossEntropy(tensor([[1, 2, 3]]), ints([3], [1])).item())).toBe(true);
    expect(Number.isNaN(await crossEntropy(tensor([[1, 2, 3], [0, 0, 0]]), ints([1, -1], [2])).item())).toBe(true);
  });

  it('a target out of range: the gradient of that row is NaN too (consistent with the NaN loss)', async () => {
    const x = leaf([2, 3], [1, 2, 3, 0, 0, 0]);
    const l = crossEntropy(x.t, ints([1, 3], [2]));
    backward(l);
    const g = await gradOf(x.t);
    expect(Number.isNaN(await l.item())).toBe(true);
    expect(g.slice(3).every(Number.isNaN), `row 1 gradient [${g.slice(3).join(', ')}]`).toBe(true);
  });

  it('a float (not int32) target tensor is rejected', () => {
    // the types forbid it; an untyped caller gets a runtime ArgumentError
    const bad: unknown = tensor([1]);
    expect(() => crossEntropy(tensor([[1, 2]]), bad as Tensor<[1], 'int32'>)).toThrow(/int32/);
  });
});
