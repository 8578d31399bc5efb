// The runtime side of the new ops of the typed surface (issue 3): values on the cpu backend (the kernels are the
// existing ones: the ops are built from permute / reshape / narrow / cat / gather / where / reduce / expand / matmul),
// gradients where the op has one, and the runtime twin of every new type rule: when dims hide behind `number` the op
// throws at graph-build time with the SAME words as the type-level ShapeError, followed by the shapes.
import { describe, it, expect } from 'vitest';
import {
  type Tensor, ShapeError, ArgumentError, tensor, zeros, ints, arange, fromData,
  permute, transpose, view, reshape, flatten, unflatten, squeeze, unsqueeze, expand, concat, stack, cat, slice,
  gather, indexSelect, embedding, oneHot, argmax, einsum, rearrange, where, tril, matmul, mT, splitLast, mergeLast,
  sum, mul, dynamic, sym,
} from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import { useBackend } from '../helpers/backends';
import { leaf, gradOf, total, values } from '../helpers/check';

/** dims hidden behind `number`: dyn([2, 3]) : Tensor<[number, number]> (known rank, runtime-only dims) */
type Wide<S extends readonly number[]> = { -readonly [K in keyof S]: number };
function dyn<const S extends readonly number[]>(shape: S): Tensor<Wide<S>> {
  return zeros(shape) as unknown as Tensor<Wide<S>>;
}
function shapeErr(f: () => unknown, message: string): void {
  let caught: unknown;
  try { f(); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(ShapeError);
  expect((caught as Error).message).toBe(message);
}
const m23 = () => tensor([[1, 2, 3], [4, 5, 6]]);

describe('new ops on cpu', () => {
  useBackend('cpu');

  it('permute and transpose with negative axes', async () => {
    expect(await values(permute(m23(), [-1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(permute(zeros([2, 3, 4]), [-1, 0, -2]).dims).toEqual([4, 2, 3]);
    expect(transpose(zeros([2, 3, 4]), -1, -3).dims).toEqual([4, 3, 2]);
    shapeErr(() => permute(dyn([2, 3, 4]), [0, -3, 1] as number[] as [0, 1, 2]), 'permute: not a permutation: [2, 3, 4] and [0, -3, 1]');
  });

  it('view, flatten, unflatten, squeeze, unsqueeze keep the values', async () => {
    const x = arange(24);
    const r = reshape(x, [2, 3, 4]);
    expect(view(r, [6, -1]).dims).toEqual([6, 4]);
    expect(flatten(r, 1).dims).toEqual([2, 12]);
    expect(flatten(r).dims).toEqual([24]);
    expect(flatten(r, 0, -2).dims).toEqual([6, 4]);
    expect(unflatten(r, -1, [2, -1]).dims).toEqual([2, 3, 2, 2]);
    expect(await values(flatten(unflatten(r, 2, [2, 2]), 2, 3))).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(squeeze(zeros([2, 1, 3]), 1).dims).toEqual([2, 3]);
    expect(unsqueeze(zeros([2, 3]), -2).dims).toEqual([2, 1, 3]);
    shapeErr(() => view(dyn([2, 8, 64]), [10, 100]), 'view: 1024 elements cannot be viewed as 1000: [2, 8, 64] and [10, 100]');
    shapeErr(() => flatten(dyn([2, 3, 4]), 2 as number as 0, 1 as number as 2), 'flatten: start axis 2 is after end axis 1: [2, 3, 4]');
    shapeErr(() => unflatten(dyn([2, 8, 64]), -1, [4, 15]), 'unflatten: dim 64 is not the product of the sizes (60): [2, 8, 64] and [4, 15]');
    shapeErr(() => unflatten(dyn([2, 8, 64]), -1, [3, -1]), 'unflatten: dim 64 is not divisible by 3: [2, 8, 64] and [3, -1]');
    shapeErr(() => squeeze(dyn([4, 2, 10]), 1 as number as 0), 'squeeze: dim 2 of axis 1 is not 1: [4, 2, 10]');
  });

  it('expand copies along new and size-1 axes; its gradient sums back', async () => {
    const x = leaf([3, 1], [1, 2, 3]);
    const y = expand(x.t, [2, -1, 2]);
    expect(y.dims).toEqual([2, 3, 2]);
    expect(await values(y)).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    backward(total(y));
    expect(await gradOf(x.t)).toEqual([4, 4, 4]);
    shapeErr(() => expand(dyn([3, 1]), [2, 4, 4]), 'expand: cannot broadcast (dim 4 vs 3): [2, 4, 4] and [3, 1]');
    shapeErr(() => expand(dyn([2, 3, 1]) as never, [3, 4]), 'expand: x does not broadcast into shape: [3, 4] and [2, 3, 1]');
  });

  it('concat and stack', async () => {
    const a = tensor([[1, 2], [3, 4]]), b = tensor([[5], [6]]);
    expect(await values(concat([a, b, a], 1))).toEqual([1, 2, 5, 1, 2, 3, 4, 6, 3, 4]);
    expect(await values(stack([a, a], -1))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(stack([a, a, a], 0).dims).toEqual([3, 2, 2]);
    expect(await values(concat([ints([1], [1]), ints([2, 3], [2])], 0))).toEqual([1, 2, 3]);
    shapeErr(() => concat([dyn([2, 3]), dyn([3, 4])], 1), 'concat: shapes differ outside axis 1 (dim 2 vs 3): [2, 3] and [3, 4]');
    shapeErr(() => stack([dyn([2, 4]), dyn([2, 5])], 0), 'stack: shapes differ: [2, 4] and [2, 5]');
    shapeErr(() => stack([dyn([2, 4])], 3 as number as 0), 'stack: axis 3 out of range: [2, 4]');
    expect(() => concat([], 0 as never)).toThrow(ArgumentError);
  });

  it('slice with literal bounds', async () => {
    expect(await values(slice(m23(), 1, 1, 3))).toEqual([2, 3, 5, 6]);
    shapeErr(() => slice(dyn([4, 10]), 1, 2, 11 as number as 3), 'slice: end 11 exceeds dim 10 of axis 1: [4, 10]');
    shapeErr(() => slice(dyn([4, 10]), 1, 5, 3 as number as 6), 'slice: start 5 is after end 3: [4, 10]');
  });

  it('gather (torch.gather) with its gradient; an index out of range reads NaN', async () => {
    const x = leaf([2, 3], [1, 2, 3, 4, 5, 6]);
    const y = gather(x.t, 1, ints([2, 0, 1, 1], [2, 2]));
    expect(await values(y)).toEqual([3, 1, 5, 5]);
    expect(await values(gather(m23(), 0, ints([1, 0, 1], [1, 3])))).toEqual([4, 2, 6]);
    expect(await values(gather(m23(), -1, ints([0, 3], [2, 1])))).toEqual([1, NaN]);
    backward(total(y));
    expect(await gradOf(x.t)).toEqual([1, 0, 1, 0, 2, 0]);
    shapeErr(() => gather(dyn([4, 10]), 1, ints([1, 2, 3], [3, 1])), 'gather: index differs from x outside axis 1: [4, 10] and [3, 1]');
  });

  it('indexSelect along any axis, ids of any shape; embedding is its axis-0 case', async () => {
    const x = leaf([2, 3], [1, 2, 3, 4, 5, 6]);
    const y = indexSelect(x.t, 1, ints([2, 0, 2], [3]));
    expect(await values(y)).toEqual([3, 1, 3, 6, 4, 6]);
    const z = indexSelect(m23(), -1, ints([1, 0], [2, 1]));
    expect(z.dims).toEqual([2, 2, 1]);
    expect(await values(z)).toEqual([2, 1, 5, 4]);
    const table = tensor([[1, 2], [3, 4], [5, 6]]), ids = ints([2, 0, 1, 2], [2, 2]);
    expect(await values(indexSelect(table, 0, ids))).toEqual(await values(embedding(table, ids)));
    backward(total(y));
    expect(await gradOf(x.t)).toEqual([1, 0, 2, 1, 0, 2]);
  });

  it('oneHot and argmax (first maximum, int32, no gradient)', async () => {
    const oh = oneHot(ints([2, 0, 5], [3]), 3);
    expect(oh.dtype).toBe('float32');
    expect(await values(oh)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0]);
    const x = tensor([[1, 3, 3], [5, 2, 5]]);
    const am = argmax(x, -1);
    expect(am.dtype).toBe('int32');
    expect(await values(am)).toEqual([1, 0]);
    expect(await values(argmax(x, 0))).toEqual([1, 0, 1]);
    expect(argmax(x, 1, true).dims).toEqual([2, 1]);
    const p = leaf([3], [0.1, 0.7, 0.2]);
    expect(argmax(mul(p.t, 2), 0).requiresGrad).toBe(false);
  });

  it('einsum equals the matmul / permute / sum it stands for, gradients included', async () => {
    const q = leaf([2, 2, 3, 4], Array.from({ length: 48 }, (_, i) => Math.sin(i)));
    const k = leaf([2, 2, 3, 4], Array.from({ length: 48 }, (_, i) => Math.cos(i)));
    const e = einsum('bhtd,bhsd->bhts', q.t, k.t);
    const m = matmul(q.t, mT(k.t));
    expect(e.dims).toEqual([2, 2, 3, 3]);
    const [ev, mv] = [await values(e), await values(m)];
    ev.forEach((v, i) => expect(v).toBeCloseTo(mv[i], 5));
    backward(total(e));
    const ge = await gradOf(q.t);
    const q2 = leaf([2, 2, 3, 4], Array.from({ length: 48 }, (_, i) => Math.sin(i)));
    backward(total(matmul(q2.t, mT(k.t))));
    const gm = await gradOf(q2.t);
    ge.forEach((v, i) => expect(v).toBeCloseTo(gm[i], 4));
    expect(await values(einsum('ij->ji', m23()))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(await values(einsum('ij->i', m23()))).toEqual([6, 15]);
    expect(await values(einsum('i,j->ij', tensor([1, 2]), tensor([3, 4, 5])))).toEqual([3, 4, 5, 6, 8, 10]);
    expect(await values(einsum('i,i->', tensor([1, 2, 3]), tensor([4, 5, 6])))).toEqual([32]);
    expect(await values(einsum('ij,jk->ki', m23(), tensor([[1, 0], [0, 1], [1, 1]])))).toEqual([4, 10, 5, 11]);
    expect(await values(einsum('bij,bj->bi', fromData(Array.from({ length: 12 }, (_, i) => i), [2, 2, 3]), tensor([[1, 1, 1], [1, 0, 0]])))).toEqual([3, 12, 6, 9]);
    shapeErr(() => einsum('bhtd,bhsd->bhts', dyn([2, 4, 8, 16]), dyn([2, 4, 8, 32])), "einsum: index 'd' has different sizes (16 vs 32): [2, 4, 8, 16] and [2, 4, 8, 32]");
    shapeErr(() => einsum('ij,jk->iz' as 'ij,jk->ik', dyn([3, 5]), dyn([5, 7])), "einsum: output index 'z' is not an input index: [3, 5] and [5, 7]");
    expect(() => einsum('ij;jk->ik' as 'ij,jk->ik', zeros([3, 5]), zeros([5, 7]))).toThrow(/^einsum: cannot parse 'ij;jk->ik'/);
  });

  it('rearrange splits, permutes and merges like splitLast + transpose + mergeLast', async () => {
    const x = reshape(arange(2 * 3 * 8), [2, 3, 8]);
    const r = rearrange('b t (h d) -> b h t d', x, { h: 2 });
    expect(r.dims).toEqual([2, 2, 3, 4]);
    expect(await values(r)).toEqual(await values(transpose(splitLast(x, 2, 4), 1, 2)));
    const back = rearrange('b h t d -> b t (h d)', r);
    expect(await values(back)).toEqual(await values(x));
    expect(await values(rearrange('... (h d) -> ... d h', x, { h: 2, d: 4 }))).toEqual(await values(mT(splitLast(x, 2, 4))));
    expect(await values(rearrange('b t c -> (b t) c', x))).toEqual(await values(reshape(x, [6, 8])));
    expect(await values(mergeLast(splitLast(x, 2, 4)))).toEqual(await values(x));
    shapeErr(() => rearrange('b t (h d) -> b h t d', dyn([2, 8, 64]), { h: 5 }), 'rearrange: dim 64 is not divisible by 5 for (h d): [2, 8, 64] and [5]');
    shapeErr(() => rearrange('b t (h d) -> b h t d', dyn([2, 8, 64]), { h: 4, d: 15 }), 'rearrange: dim 64 is not (h d) = 60: [2, 8, 64] and [4, 15]');
    shapeErr(() => rearrange('b t h d -> b h t d', dyn([2, 8, 64]) as never), 'rearrange: x has rank 3, the pattern names 4 axes: [2, 8, 64]');
    shapeErr(() => rearrange('b t c -> b h t' as 'b t c -> b t c', dyn([2, 8, 64])), "rearrange: 'c' is on one side only: [2, 8, 64]");
  });

  it('where: cond and b broadcast into a', async () => {
    const y = where(tril(2), fromData([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), tensor([10, 20]));
    expect(await values(y)).toEqual([1, 20, 3, 4, 5, 20, 7, 8]);
    shapeErr(() => where(tril(4), dyn([4, 4]), dyn([3, 4, 4]) as never), 'where: b does not broadcast into a: [4, 4] and [3, 4, 4]');
  });

  it('branded dims and dynamic stay runtime-checked', () => {
    const seq = sym(3, 'seq');
    const x = zeros([2, seq, 4]);
    expect(cat(x, x, 1).dims).toEqual([2, 6, 4]);
    expect(sum(dynamic(x, 1), 1).dims).toEqual([2, 4]);
  });
});
