// matmul (2-D, batched, broadcast batch dims, K not a multiple of 4, K = 1, through a transpose) and linear
// (with and without bias, rank 1 / 2 / 3 inputs). Forward vs the float64 reference: rtol = atol = 1e-5.
// Gradients vs float64 central differences: max error <= 1e-3 * max |grad|.
// Long K (1100, 4100), 300 x 300 and kernel reuse: awkward.test.ts.
import { describe, expect, it } from 'vitest';
import { matmul, linear, mT, transpose, tensor } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, gradOf, leaf, total, values } from '../helpers/check';

describe.each(backends)('matmul and linear on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    it('[[1, 2], [3, 4]] @ [[5, 6], [7, 8]] = [[19, 22], [43, 50]]', async () => {
      const y = matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
      expect(y.dims).toEqual([2, 2]);
      expect(await values(y)).toEqual([19, 22, 43, 50]);
    });
    it('K = 1 is an outer product; K = 3 (not a multiple of 4)', async () => {
      expect(await values(matmul(tensor([[1], [2], [3]]), tensor([[4, 5]])))).toEqual([4, 5, 8, 10, 12, 15]);
      expect(await values(matmul(tensor([[1, 2, 3]]), tensor([[1], [10], [100]])))).toEqual([321]);
      // K = 5: 1*1 + 2*2 + 3*3 + 4*4 + 5*5 = 55 (one unrolled block of 4 plus a tail)
      expect(await values(matmul(tensor([[1, 2, 3, 4, 5]]), tensor([[1], [2], [3], [4], [5]])))).toEqual([55]);
    });
    it('batched: each batch uses its own matrices', async () => {
      const a = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 3]]]);          // [2, 2, 2]
      const b = tensor([[[1, 2], [3, 4]], [[1, 1], [1, 1]]]);
      expect(await values(matmul(a, b))).toEqual([1, 2, 3, 4, 2, 2, 3, 3]);
    });
    it('gradients of sum(A @ B): dA = rowsum(B) broadcast, dB = colsum(A) broadcast', async () => {
      const a = leaf([2, 3], [1, 2, 3, 4, 5, 6]), b = leaf([3, 2], [1, 2, 3, 4, 5, 6]);
      backward(total(matmul(a.t, b.t)));
      expect(await gradOf(a.t)).toEqual([3, 7, 11, 3, 7, 11]);
      expect(await gradOf(b.t)).toEqual([5, 5, 7, 7, 9, 9]);
    });
    it('linear: x @ w + b with w stored [in, out]', async () => {
      const y = linear(tensor([[1, 2]]), tensor([[1, 0, 2], [0, 1, 3]]), tensor([10, 20, 30]));
      expect(await values(y)).toEqual([11, 22, 38]);
      expect(await values(linear(tensor([1, 2]), tensor([[1, 0, 2], [0, 1, 3]])))).toEqual([1, 2, 8]);
    });
  });

  describe('matmul vs reference, with gradients', () => {
    it.each([
      [4, 7, 5], [7, 5, 3], [3, 1, 4], [1, 6, 1], [5, 8, 2], [2, 3, 9], [6, 13, 4],
    ] as const)('2-D [%i, %i] @ [%i, n]', async (m, k, n) => {
      const rng = new R.Prng(m * 100 + k * 10 + n);
      const a = leaf([m, k], rng), b = leaf([k, n], rng);
      await checkOp(matmul(a.t, b.t), [a, b], ([a, b]) => R.matmul(a, b));
    });
    it('batched [2, 3, 6] @ [2, 6, 5]', async () => {
      const rng = new R.Prng(1);
      const a = leaf([2, 3, 6], rng), b = leaf([2, 6, 5], rng);
      await checkOp(matmul(a.t, b.t), [a, b], ([a, b]) => R.matmul(a, b));
    });
    it('batched 4-D [2, 2, 3, 5] @ [2, 2, 5, 3] (attention-shaped)', async () => {
      const rng = new R.Prng(2);
      const a = leaf([2, 2, 3, 5], rng), b = leaf([2, 2, 5, 3], rng);
      await checkOp(matmul(a.t, b.t), [a, b], ([a, b]) => R.matmul(a, b));
    });
    it('broadcast batch: [2, 1, 3, 5] @ [3, 5, 4] -> [2, 3, 3, 4]', async () => {
      const rng = new R.Prng(3);
      const a = leaf([2, 1, 3, 5], rng), b = leaf([3, 5, 4], rng);
      const y = matmul(a.t, b.t);
      expect(y.dims).toEqual([2, 3, 3, 4]);
      await checkOp(y, [a, b], ([a, b]) => R.matmul(a, b));
    });
    it('broadcast batch: unbatched [3, 5] @ [2, 5, 4] and [2, 3, 5] @ [5, 4]', async () => {
      const rng = new R.Prng(4);
      const a = leaf([3, 5], rng), b = leaf([2, 5, 4], rng);
      await checkOp(matmul(a.t, b.t), [a, b], ([a, b]) => R.matmul(a, b));
      const c = leaf([2, 3, 5], rng), d = leaf([5, 4], rng);
      await checkOp(matmul(c.t, d.t), [c, d], ([c, d]) => R.matmul(c, d));
    });
    it('through transposes: q @ mT(k), mT(a) @ b, transpose(x, 0, 1) @ w', async () => {
      const rng = new R.Prng(5);
      const q = leaf([2, 4, 6], rng), k = leaf([2, 4, 6], rng);
      await checkOp(matmul(q.t, mT(k.t)), [q, k], ([q, k]) => R.matmul(q, R.transpose(k, -1, -2)));
      const a = leaf([5, 3], rng), b = leaf([5, 2], rng);
      await checkOp(matmul(mT(a.t), b.t), [a, b], ([a, b]) => R.matmul(R.transpose(a, 0, 1), b));
      const x = leaf([3, 2, 5], rng), w = leaf([5, 4], rng);
      await checkOp(matmul(transpose(x.t, 0, 1), w.t), [x, w], ([x, w]) => R.matmul(R.transpose(x, 0, 1), w));
    });
    it('the same tensor on both sides: x @ mT(x)', async () => {
      const x = leaf([4, 3], new R.Prng(6));
      await checkOp(matmul(x.t, mT(x.t)), [x], ([x]) => R.matmul(x, R.transpose(x, 0, 1)));
    });
  });

  describe('linear vs reference, with gradients', () => {
    it('[B, T, I] with bias', async () => {
      const rng = new R.Prng(7);
      const x = leaf([2, 3, 5], rng), w = leaf([5, 4], rng), b = leaf([4], rng);
      await checkOp(linear(x.t, w.t, b.t), [x, w, b], ([x, w, b]) => R.linear(x, w, b));
    });
    it('[N, I] without bias; K = 1', async () => {
      const rng = new R.Prng(8);
      const x = leaf([6, 7], rng), w = leaf([7, 3], rng);
      await checkOp(linear(x.t, w.t), [x, w], ([x, w]) => R.linear(x, w));
      const x1 = leaf([4, 1], rng), w1 = leaf([1, 5], rng), b1 = leaf([5], rng);
      await checkOp(linear(x1.t, w1.t, b1.t), [x1, w1, b1], ([x, w, b]) => R.linear(x, w, b));
    });
    it('rank-1 input [I] with and without bias', async () => {
      const rng = new R.Prng(9);
      const x = leaf([5], rng), w = leaf([5, 3], rng), b = leaf([3], rng);
      await checkOp(linear(x.t, w.t, b.t), [x, w, b], ([x, w, b]) => R.linear(x, w, b));
      const x2 = leaf([5], rng), w2 = leaf([5, 3], rng);
      await checkOp(linear(x2.t, w2.t), [x2, w2], ([x, w]) => R.linear(x, w));
    });
  });
});
