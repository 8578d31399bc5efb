// dropout(x, p, { training, rng }): identity for p = 0 or training = false; otherwise each element is zeroed
// with probability p and the rest scaled by 1 / (1 - p) (inverted dropout). Statistics on 20000 elements:
// the dropped fraction within 0.02 of p (about 6 standard deviations), the mean within 0.03 of the input mean.
// A seeded Rng reproduces the mask; the gradient of sum(dropout(x) * R) is exactly mask * R.
import { describe, expect, it } from 'vitest';
import { dropout, ones, tensor, ArgumentError, Rng } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { expectClose, gradOf, leaf, values, weightedLoss } from '../helpers/check';

describe.each(backends)('dropout on %s', (backend) => {
  useBackend(backend);

  it('p = 0 and training = false are the identity (the same tensor)', async () => {
    const x = tensor([1, 2, 3]);
    expect(dropout(x, 0, { training: true })).toBe(x);
    expect(dropout(x, 0.5, { training: false })).toBe(x);
    expect(await values(dropout(x, 0.9, { training: false, rng: new Rng(1) }))).toEqual([1, 2, 3]);
  });

  it.each([0.5, 0.1])('p = %f: dropped fraction, scaling 1/(1-p), mean preserved', async (p) => {
    const n = 20000;
    const y = await values(dropout(ones([n]), p, { training: true, rng: new Rng(42) }));
    const keep = Math.fround(1 / (1 - p));
    const zeros = y.filter((v) => v === 0).length;
    expect(y.every((v) => v === 0 || v === keep), 'every value is 0 or 1/(1-p)').toBe(true);
    expect(Math.abs(zeros / n - p)).toBeLessThan(0.02);
    expect(Math.abs(y.reduce((a, b) => a + b, 0) / n - 1)).toBeLessThan(0.03);
  });

  it('reproducible with a seeded Rng; a different seed gives a different mask', async () => {
    const x = tensor([[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]]);
    const a = await values(dropout(x, 0.5, { training: true, rng: new Rng(7) }));
    const b = await values(dropout(x, 0.5, { training: true, rng: new Rng(7) }));
    const c = await values(dropout(x, 0.5, { training: true, rng: new Rng(8) }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // kept values are exactly 2x the input
    a.forEach((v, i) => expect(v === 0 || v === 2 * (i + 1)).toBe(true));
  });

  it('the gradient is the same mask (times the loss weighting)', async () => {
    const rng = new R.Prng(3);
    const x = leaf([4, 50], rng, { awayFromZero: 0.1 });
    const y = dropout(x.t, 0.3, { training: true, rng: new Rng(99) });
    const { loss, R: w } = weightedLoss(y);
    backward(loss);
    const out = await values(y);
    const mask = out.map((v, i) => v / x.nd.data[i]);           // 0 or 1/(1-p), recovered from the output
    const keep = 1 / 0.7;
    mask.forEach((m) => expect(m === 0 || Math.abs(m - keep) < 1e-5).toBe(true));
    expectClose(await gradOf(x.t), R.mul(R.nd([4, 50], mask), w), { rtol: 1e-6, atol: 1e-6 }, 'grad = mask * R');
    const dropped = mask.filter((m) => m === 0).length;
    expect(dropped).toBeGreaterThan(20);
    expect(dropped).toBeLessThan(100);
  });

  it('p outside [0, 1) and a missing training flag are ArgumentErrors', () => {
    const x = tensor([1, 2]);
    expect(() => dropout(x, 1, { training: true })).toThrow(ArgumentError);
    expect(() => dropout(x, -0.1, { training: true })).toThrow(ArgumentError);
    expect(() => dropout(x, Number.NaN, { training: true })).toThrow(ArgumentError);
  });
});
