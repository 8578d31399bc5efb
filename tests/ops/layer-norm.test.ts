// layerNorm over the last axis: (x - mean) / sqrt(biased var + eps) * gamma + beta (like torch), gradients of
// x, gamma and beta. Forward vs the float64 reference: rtol = atol = 1e-5 (1e-4 for a 1100-feature row).
// Gradients vs float64 central differences: max error <= 1e-3 * max |grad|.
import { describe, expect, it } from 'vitest';
import { layerNorm, tensor, ones, zeros } from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, leaf, values } from '../helpers/check';

describe.each(backends)('layerNorm on %s', (backend) => {
  useBackend(backend);

  it('hand-computed: [1, 2, 3, 4] -> (x - 2.5) / sqrt(1.25 + 1e-5)', async () => {
    const y = layerNorm(tensor([[1, 2, 3, 4]]), ones([4]), zeros([4]));
    const r = 1 / Math.sqrt(1.25 + 1e-5);
    expectClose(await values(y), [-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r], { rtol: 1e-6, atol: 1e-6 });
    // gamma scales, beta shifts
    const z = layerNorm(tensor([[1, 3]]), tensor([2, 10]), tensor([0.5, -1]), 1e-5);
    const s = 1 / Math.sqrt(1 + 1e-5);
    expectClose(await values(z), [-2 * s + 0.5, 10 * s - 1], { rtol: 1e-6, atol: 1e-6 });
  });

  it('a constant row normalizes to beta (var = 0, eps keeps it finite)', async () => {
    const y = layerNorm(tensor([[5, 5, 5]]), tensor([3, 3, 3]), tensor([1, 2, 3]));
    expect(await values(y)).toEqual([1, 2, 3]);
  });

  it('vs reference on [2, 3, 8]: gradients of x, gamma and beta', async () => {
    const rng = new R.Prng(1);
    const x = leaf([2, 3, 8], rng, { lo: -2, hi: 2 }), g = leaf([8], rng, { lo: 0.5, hi: 1.5 }), b = leaf([8], rng);
    await checkOp(layerNorm(x.t, g.t, b.t), [x, g, b], ([x, g, b]) => R.layerNorm(x, g, b));
  });

  it('vs reference on [4, 5] (odd feature count) with eps = 1e-3, and on a rank-1 x', async () => {
    const rng = new R.Prng(2);
    const x = leaf([4, 5], rng), g = leaf([5], rng), b = leaf([5], rng);
    await checkOp(layerNorm(x.t, g.t, b.t, 1e-3), [x, g, b], ([x, g, b]) => R.layerNorm(x, g, b, 1e-3));
    const v = leaf([6], rng), g2 = leaf([6], rng), b2 = leaf([6], rng);
    await checkOp(layerNorm(v.t, g2.t, b2.t), [v, g2, b2], ([v, g, b]) => R.layerNorm(v, g, b));
  });

  it('rows with a large offset (mean 100) and a small spread', async () => {
    const rng = new R.Prng(3);
    const x = leaf([3, 8], R.add(R.randNd([3, 8], rng), 100).data), g = leaf([8], rng), b = leaf([8], rng);
    await checkOp(layerNorm(x.t, g.t, b.t), [x, g, b], ([x, g, b]) => R.layerNorm(x, g, b), { fwd: { rtol: 1e-4, atol: 1e-4 }, grad: 2e-3 });
  });
});
