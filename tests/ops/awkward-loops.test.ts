// Loops longer than 1000 iterations, on every backend (gpu.js caps loops at 1000 unless told otherwise): sums,
// means, max, softmax rows, matmul K = 1100 and K = 4100, layerNorm rows, and the gradient kernels that loop over
// more than 1000 rows (bias sumTo, layerNorm gamma, embedding scatter-add, cross-entropy over V = 1500).
// Tolerances: exact small-integer data must come out exact; random data vs the float64 reference: 1e-5 *
// sum |terms| per element for long sums / matmuls, else rtol = atol = 1e-5 (1e-4 for the 1100-feature
// layerNorm). Gradients vs float64 central differences (sampled on 64-256 positions for inputs over 256
// elements) or the analytic float64 gradient: max error <= 1e-3 * max |grad|.
import { describe, expect, it } from 'vitest';
import { add, max, sum, mean, softmax, logSoftmax, matmul, layerNorm, crossEntropy, embedding, fromData, ints } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, expectGradClose, gradOf, leaf, values, weightedLoss } from '../helpers/check';

describe.each(backends)('loops longer than 1000 iterations on %s', (backend) => {
  useBackend(backend);

  it('sum over 1500 exact values (small integers) is exact; the last 500 are not dropped', async () => {
    const v = Array.from({ length: 1500 }, (_, i) => (i % 17) - 5);
    const want = v.reduce((a, b) => a + b, 0);
    expect(await values(sum(fromData(v, [1500]), 0))).toEqual([want]);
    const tail = Array.from({ length: 1500 }, (_, i) => (i >= 1000 ? 1 : 0));
    expect(await values(sum(fromData(tail, [1, 1500]), 1))).toEqual([500]);
    expect(await values(mean(fromData(tail, [1500, 1]), 0))).toEqual([Math.fround(1 / 3)]);
  });

  it('sum / mean over 1500 random values (tolerance 1e-5 * sum |x|), with gradients', async () => {
    const rng = new R.Prng(4);
    const x = leaf([2, 1500], rng);
    const scale = R.sum(R.abs(x.nd), 1);
    expectClose(await values(sum(x.t, 1)), R.sum(x.nd, 1), { rtol: 1e-5, atol: 0 }, 'sum over 1500', scale.data);
    const y = leaf([1500, 3], rng);
    await checkOp(mean(y.t, 0), [y], ([y]) => R.mean(y, 0), { sample: 64 });
  });

  it('max over 1500 with the maximum at index 1400; its gradient lands there', async () => {
    const v = Array.from({ length: 1500 }, (_, i) => Math.sin(i) * 0.5);
    v[1400] = 3;
    const x = leaf([1, 1500], v);
    const m = max(x.t, -1);
    expect(await values(m)).toEqual([3]);
    backward(sum(m, 0));
    const g = await gradOf(x.t);
    expect(g[1400]).toBe(1);
    expect(g.reduce((a, b) => a + Math.abs(b), 0)).toBe(1);
  });

  it('softmax / logSoftmax over rows of 1500 (the max at 1400), with gradients', async () => {
    const rng = new R.Prng(5);
    const base = R.randNd([2, 1500], rng, { lo: -2, hi: 2 });
    base.data[1400] = 6;
    const x = leaf([2, 1500], base.data);
    await checkOp(softmax(x.t, -1), [x], ([x]) => R.softmax(x, -1), { sample: 64 });
    const y = leaf([2, 1500], base.data);
    await checkOp(logSoftmax(y.t, -1), [y], ([y]) => R.logSoftmax(y, -1), { sample: 64 });
  });

  it('matmul with K = 1100 (exact integers and random) and K = 4100 (exact)', async () => {
    const K = 1100;
    const av = Array.from({ length: 2 * K }, (_, i) => (i % 5) - 2), bv = Array.from({ length: K * 3 }, (_, i) => (i % 3) - 1);
    const want = R.matmul(R.nd([2, K], av), R.nd([K, 3], bv));
    expect(await values(matmul(fromData(av, [2, K]), fromData(bv, [K, 3])))).toEqual(Array.from(want.data));
    const rng = new R.Prng(6);
    const p = leaf([3, K], rng), q = leaf([K, 2], rng);
    const scale = R.matmul(R.abs(p.nd), R.abs(q.nd));
    expectClose(await values(matmul(p.t, q.t)), R.matmul(p.nd, q.nd), { rtol: 1e-5, atol: 0 }, 'K = 1100', scale.data);
    const K2 = 4100;
    const ones = fromData(new Float32Array(K2).fill(1), [1, K2]);
    const col = fromData(Float32Array.from({ length: K2 * 2 }, (_, i) => (i % 2 === 0 ? 1 : (i >> 1) % 7)), [K2, 2]);
    let s7 = 0;
    for (let k = 0; k < K2; k++) s7 += k % 7;
    expect(await values(matmul(ones, col))).toEqual([K2, s7]);
  });

  it('matmul with K = 1100: gradients (the backward matmuls have K = 2 and M = 1100)', async () => {
    const rng = new R.Prng(7);
    const a = leaf([3, 1100], rng), b = leaf([1100, 2], rng);
    const { loss, R: w } = weightedLoss(matmul(a.t, b.t));
    backward(loss);
    expectGradClose(await gradOf(a.t), R.matmul(w, R.transpose(b.nd, 0, 1)), 1e-3, 'dA');
    expectGradClose(await gradOf(b.t), R.matmul(R.transpose(a.nd, 0, 1), w), 1e-3, 'dB');
  });

  it('layerNorm over 1100 features, and its gamma gradient summed over 1200 rows', async () => {
    const rng = new R.Prng(8);
    const x = leaf([1, 1100], rng), g = leaf([1100], rng), b = leaf([1100], rng);
    await checkOp(layerNorm(x.t, g.t, b.t), [x, g, b], ([x, g, b]) => R.layerNorm(x, g, b), { fwd: { rtol: 1e-4, atol: 1e-4 }, sample: 64 });
    const x2 = leaf([1200, 3], rng, { lo: -2, hi: 2 }), g2 = leaf([3], rng), b2 = leaf([3], rng);
    await checkOp(layerNorm(x2.t, g2.t, b2.t), [x2, g2, b2], ([x, g, b]) => R.layerNorm(x, g, b), { sample: 64 });
  });

  it('bias gradient over 1200 rows, embedding gradient over 1200 positions, cross-entropy with V = 1500', async () => {
    const rng = new R.Prng(9);
    const x = leaf([1200, 3], rng), b = leaf([3], rng);
    await checkOp(add(x.t, b.t), [x, b], ([x, b]) => R.add(x, b), { sample: 64 });
    const table = leaf([4, 2], rng);
    const idv = Array.from({ length: 1200 }, (_, i) => (i * 7) % 4);
    await checkOp(embedding(table.t, ints(idv, [1200])), [table], ([t]) => R.embedding(t, R.nd([1200], idv)));
    const logits = leaf([2, 1500], rng, { lo: -3, hi: 3 });
    const tv = [1499, 3];
    await checkOp(crossEntropy(logits.t, ints(tv, [2])), [logits], ([l]) => R.nd([], [R.crossEntropy(l, R.nd([2], tv))]), { sample: 64 });
  });
});
