// Masks: tril / not / maskedFill (fills where the mask is TRUE) / where, and the causal-attention pattern
// maskedFill(scores, not(tril(T)), -Infinity) -> softmax, alone and inside a one-head self-attention.
// Forward vs the float64 reference: rtol = atol = 1e-5. Gradients vs float64 central differences: max error
// <= 1e-3 * max |grad| (masked positions must get exactly zero gradient).
import { describe, expect, it } from 'vitest';
import { tril, not, maskedFill, where, softmax, matmul, mT, linear, scale, tensor } from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, gradOf, leaf, values } from '../helpers/check';

describe.each(backends)('masks on %s', (backend) => {
  useBackend(backend);

  it('hand-computed: tril(3), not(tril(3)) are bool (int values 0/1)', async () => {
    const t = tril(3);
    expect(t.dtype).toBe('bool');
    expect(Array.from(await t.data())).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
    expect(Array.from(await not(t).data())).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('hand-computed: causal softmax of zeros is uniform over the allowed prefix', async () => {
    const scores = tensor([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    const masked = maskedFill(scores, not(tril(3)), -Infinity);
    expect(await values(masked)).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
    expectClose(await values(softmax(masked, -1)), [1, 0, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3], { rtol: 1e-6, atol: 1e-7 });
  });

  it('maskedFill with a finite value, mask broadcast [T, T] into [B, H, T, T]', async () => {
    const rng = new R.Prng(1);
    const x = leaf([2, 2, 4, 4], rng);
    await checkOp(maskedFill(x.t, not(tril(4)), 0.5), [x], ([x]) => R.maskedFill(x, R.not(R.tril(4)), 0.5));
    const y = leaf([3, 3], rng);
    await checkOp(maskedFill(y.t, tril(3), -2), [y], ([y]) => R.maskedFill(y, R.tril(3), -2));
  });

  it('causal masking with -Infinity then softmax: values and gradients (zero at masked positions)', async () => {
    const rng = new R.Prng(2);
    const x = leaf([2, 2, 5, 5], rng, { lo: -3, hi: 3 });
    const ref = (xs: R.Nd[]): R.Nd => R.softmax(R.maskedFill(xs[0], R.not(R.tril(5)), -Infinity), -1);
    await checkOp(softmax(maskedFill(x.t, not(tril(5)), -Infinity), -1), [x], ref);
    const g = await gradOf(x.t);
    for (let i = 0; i < g.length; i++) {
      const [r, c] = R.unravel([2, 2, 5, 5], i).slice(2);
      if (c > r) expect(g[i], `grad at masked [${r}, ${c}]`).toBe(0);
    }
  });

  it('where(cond, a, b) and where(cond, a, number): gradients flow to the chosen side only', async () => {
    const rng = new R.Prng(3);
    const a = leaf([3, 3], rng), b = leaf([3, 3], rng);
    const cond = tril(3);
    await checkOp(where(cond, a.t, b.t), [a, b], ([a, b]) => R.zip(R.zip(R.tril(3), a, (c, v) => (c ? v : NaN)), b, (v, w) => (Number.isNaN(v) ? w : v)));
    const c = leaf([2, 3, 3], rng);
    await checkOp(where(not(tril(3)), c.t, 7), [c], ([c]) => R.maskedFill(c, R.tril(3), 7));
  });

  it('one causal self-attention head: softmax(mask(q k^T / sqrt(d))) v, gradients of x and the weights', async () => {
    const rng = new R.Prng(4);
    const B = 2, T = 4, C = 6, D = 3;
    const x = leaf([B, T, C], rng), wq = leaf([C, D], rng), wk = leaf([C, D], rng), wv = leaf([C, D], rng);
    const q = linear(x.t, wq.t), k = linear(x.t, wk.t), v = linear(x.t, wv.t);
    const att = softmax(maskedFill(scale(matmul(q, mT(k)), 1 / Math.sqrt(D)), not(tril(T)), -Infinity), -1);
    const y = matmul(att, v);
    const ref = ([x, wq, wk, wv]: R.Nd[]): R.Nd => {
      const q = R.matmul(x, wq), k = R.matmul(x, wk), v = R.matmul(x, wv);
      const s = R.mul(R.matmul(q, R.transpose(k, -1, -2)), 1 / Math.sqrt(D));
      return R.matmul(R.softmax(R.maskedFill(s, R.not(R.tril(T)), -Infinity), -1), v);
    };
    await checkOp(y, [x, wq, wk, wv], ref);
  });

  it('a row that is entirely -Infinity gives NaN (as torch does), other rows are unaffected', async () => {
    const x = tensor([[1, 2], [3, 4]]);
    const all = maskedFill(x, not(tril(2)), -Infinity);
    const full = maskedFill(all, tril(2), -Infinity);           // every entry -Infinity
    const p = await values(softmax(full, -1));
    expect(p.every(Number.isNaN)).toBe(true);
    const half = await values(softmax(maskedFill(x, tril(2), -Infinity), -1));   // tril(2) masks row 0 to [-inf, 2] and all of row 1
    expect(half.slice(0, 2)).toEqual([0, 1]);
    expect(half.slice(2).every(Number.isNaN)).toBe(true);
  });
});
