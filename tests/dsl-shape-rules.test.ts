// Runtime twins of the type-level shape rules: when dims hide behind `number` (dynamic(), number[] shapes),
// the op throws ShapeError at graph-build time with the SAME words as the type-level ShapeError<Msg, ...>,
// followed by the shapes. Graph building only: no kernel runs here.
import { describe, it, expect } from 'vitest';
import {
  type Tensor, ShapeError, ArgumentError, RuntimeShapeError,
  zeros, ones, full, randn, arange, tensor, fromData, ints, Rng,
  add, sub, mul, div, pow, maximum, rsub, rdiv, scale, exp,
  sum, mean, max, softmax, logSoftmax, softmaxLast,
  matmul, linear, transpose, mT, permute, reshape, splitLast, mergeLast, unsqueeze,
  embedding, tril, not, maskedFill, where, layerNorm, dropout, crossEntropy,
  narrow, takeLast, select, cat, assertShape, dynamic,
} from '../src/dsl';

/** dims hidden behind `number`: dyn([2, 3]) : Tensor<[number, number]> (known rank, runtime-only dims) */
type Wide<S extends readonly number[]> = { -readonly [K in keyof S]: number };
function dyn<const S extends readonly number[]>(shape: S): Tensor<Wide<S>> {
  return zeros(shape) as unknown as Tensor<Wide<S>>;
}
function dynInts<const S extends readonly number[]>(shape: S): Tensor<Wide<S>, 'int32'> {
  return ints(new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0), shape) as unknown as Tensor<Wide<S>, 'int32'>;
}

function shapeErr(f: () => unknown, message: string): void {
  let caught: unknown;
  try { f(); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(ShapeError);
  expect(caught).toBeInstanceOf(RuntimeShapeError);
  expect((caught as Error).message).toBe(message);
}

describe('runtime shape rules (same words as the type rules)', () => {
  it('elementwise broadcasting', () => {
    shapeErr(() => add(dyn([2, 3]), dyn([2, 4])), 'add: cannot broadcast (dim 3 vs 4): [2, 3] and [2, 4]');
    shapeErr(() => sub(dyn([32, 8, 256]), dyn([64])), 'sub: cannot broadcast (dim 256 vs 64): [32, 8, 256] and [64]');
    shapeErr(() => mul(dyn([2, 1]), dyn([8, 4, 3])), 'mul: cannot broadcast (dim 2 vs 4): [2, 1] and [8, 4, 3]');
    shapeErr(() => div(dyn([5]), dyn([6])), 'div: cannot broadcast (dim 5 vs 6): [5] and [6]');
    shapeErr(() => pow(dyn([5]), dyn([6])), 'pow: cannot broadcast (dim 5 vs 6): [5] and [6]');
    shapeErr(() => maximum(dyn([5]), dyn([6])), 'maximum: cannot broadcast (dim 5 vs 6): [5] and [6]');
    shapeErr(() => rsub(dyn([5]), dyn([6])), 'rsub: cannot broadcast (dim 5 vs 6): [5] and [6]');
    shapeErr(() => rdiv(dyn([5]), dyn([6])), 'rdiv: cannot broadcast (dim 5 vs 6): [5] and [6]');
    // a `number` dim hiding a mismatch behind a literal-typed operand
    const hidden = dynamic(zeros([7, 4]), 0);                 // Tensor<[number, 4]>
    shapeErr(() => add(hidden, zeros([3, 4])), 'add: cannot broadcast (dim 7 vs 3): [7, 4] and [3, 4]');
    expect(add(dyn([8, 1, 6, 1]), dyn([7, 1, 5])).dims).toEqual([8, 7, 6, 5]);
    expect(add(dyn([2, 3]), 1).dims).toEqual([2, 3]);
    expect(scale(dyn([2, 3]), 2).dims).toEqual([2, 3]);
  });

  it('axes', () => {
    shapeErr(() => sum(dyn([2, 8, 64]), 3 as number as 0), 'sum: axis 3 out of range: [2, 8, 64]');
    shapeErr(() => mean(dyn([2, 8, 64]), -4 as number as 0), 'mean: axis -4 out of range: [2, 8, 64]');
    shapeErr(() => max(dyn([2]), 1 as number as 0), 'max: axis 1 out of range: [2]');
    shapeErr(() => softmax(dyn([2, 3]), 2 as number as 0), 'softmax: axis 2 out of range: [2, 3]');
    shapeErr(() => transpose(dyn([2, 3]), 0 as number as 0, 2 as number as 0), 'transpose: axis 2 out of range: [2, 3]');
    shapeErr(() => narrow(dyn([2, 3]), 2 as number as 0, 0, 1), 'narrow: axis 2 out of range: [2, 3]');
    shapeErr(() => dynamic(dyn([2, 3]), 5 as number as 0), 'dynamic: axis 5 out of range: [2, 3]');
    shapeErr(() => unsqueeze(dyn([2, 3]), 3 as number as 0), 'unsqueeze: axis 3 out of range: [2, 3]');
    const x = zeros([2, 8, 64]);
    expect(sum(x, 1, true).dims).toEqual([2, 1, 64]);
    expect(max(x, -1).dims).toEqual([2, 8]);
    expect(softmax(x, 1).dims).toEqual([2, 8, 64]);       // permuted to the last axis and back
    expect(logSoftmax(x, 0).dims).toEqual([2, 8, 64]);
    expect(softmaxLast(x).dims).toEqual([2, 8, 64]);
    expect(unsqueeze(x, -1).dims).toEqual([2, 8, 64, 1]);
  });

  it('matmul and linear', () => {
    shapeErr(() => matmul(dyn([32, 8, 64]), dyn([32, 10])), 'matmul: inner dims differ (64 vs 32): [32, 8, 64] and [32, 10]');
    shapeErr(() => matmul(dyn([4, 3, 5]), dyn([3, 5, 7])), 'matmul: cannot broadcast (dim 4 vs 3): [4] and [3]');
    shapeErr(() => matmul(dyn([5]) as never, dyn([5, 7])), 'matmul: operands need rank >= 2: [5] and [5, 7]');
    const hiddenK = dynamic(zeros([32, 64]), 1);               // Tensor<[32, number]>
    shapeErr(() => matmul(hiddenK, zeros([63, 10])), 'matmul: inner dims differ (64 vs 63): [32, 64] and [63, 10]');
    shapeErr(() => linear(dyn([32, 8, 64]), dyn([32, 10])), 'linear: x has 64 features, weight expects 32: [32, 8, 64] and [32, 10]');
    shapeErr(() => linear(dyn([8, 64]), dyn([64, 256]), dyn([64])), 'linear: bias has 64 entries, weight has 256 outputs: [64, 256] and [64]');
    expect(matmul(zeros([4, 1, 3, 5]), zeros([2, 5, 7])).dims).toEqual([4, 2, 3, 7]);
    expect(linear(zeros([64]), zeros([64, 10]), zeros([10])).dims).toEqual([10]);
    expect(linear(zeros([2, 8, 64]), zeros([64, 10])).dims).toEqual([2, 8, 10]);
  });

  it('permute, reshape, split/merge', () => {
    shapeErr(() => permute(dyn([2, 3, 4]), [0, 0, 1] as number[] as [0, 1, 2]), 'permute: not a permutation: [2, 3, 4] and [0, 0, 1]');
    shapeErr(() => permute(dyn([2, 3, 4]), [0, 1] as number[] as [0, 1, 2]), 'permute: wrong number of axes: [2, 3, 4] and [0, 1]');
    shapeErr(() => reshape(dyn([2, 8, 64]), [10, 100]), 'reshape: 1024 elements cannot be viewed as 1000: [2, 8, 64] and [10, 100]');
    shapeErr(() => reshape(dyn([2, 8, 64]), [3, -1]), 'reshape: 1024 elements are not divisible by 3: [2, 8, 64] and [3, -1]');
    shapeErr(() => splitLast(dyn([2, 8, 64]) as never, 4, 15), 'splitLast: last dim 64 is not 4 * 15: [2, 8, 64]');
    shapeErr(() => mT(dyn([5]) as never), 'mT: x must have rank >= 2: [5]');
    expect(reshape(zeros([2, 8, 64]), [-1, 64]).dims).toEqual([16, 64]);
    expect(mergeLast(splitLast(zeros([2, 8, 64]), 4, 16)).dims).toEqual([2, 8, 64]);
    expect(permute(zeros([2, 3, 4]), [2, 0, 1]).dims).toEqual([4, 2, 3]);
    expect(mT(zeros([2, 3, 4])).dims).toEqual([2, 4, 3]);
  });

  it('nn ops', () => {
    shapeErr(() => layerNorm(dyn([2, 4, 32]), dyn([16]), dyn([32])), 'layerNorm: gamma has 16 entries, x has 32 features: [2, 4, 32] and [16]');
    shapeErr(() => layerNorm(dyn([2, 4, 32]), dyn([32]), dyn([16])), 'layerNorm: beta has 16 entries, x has 32 features: [2, 4, 32] and [16]');
    shapeErr(() => crossEntropy(dyn([2, 4, 65]), dynInts([2, 3])), 'crossEntropy: targets must be logits.shape[:-1]: [2, 4, 65] and [2, 3]');
    shapeErr(() => embedding(zeros([65, 32, 2]) as never, ints([1], [1])), 'embedding: table must be [V, C]: [65, 32, 2]');
    expect(embedding(zeros([65, 32]), ints([1, 2, 3, 4], [2, 2])).dims).toEqual([2, 2, 32]);
    expect(crossEntropy(zeros([2, 4, 65]), dynInts([2, 4])).dims).toEqual([]);
  });

  it('masks', () => {
    shapeErr(() => maskedFill(dyn([4, 2, 16, 16]), tril(8) as never, 0), 'maskedFill: cannot broadcast (dim 16 vs 8): [4, 2, 16, 16] and [8, 8]');
    const m3 = not(reshape(tril(4), [1, 4, 4]));
    shapeErr(() => maskedFill(dyn([4, 4]), m3 as never, 0), 'maskedFill: mask does not broadcast into x: [4, 4] and [1, 4, 4]');
    shapeErr(() => where(tril(8) as never, dyn([16, 16]), 0), 'where: cannot broadcast (dim 16 vs 8): [16, 16] and [8, 8]');
    expect(maskedFill(zeros([2, 3, 3]), not(tril(3)), -Infinity).dims).toEqual([2, 3, 3]);
    expect(where(tril(3), zeros([2, 3, 3]), 1).dims).toEqual([2, 3, 3]);
    expect(tril(3).dtype).toBe('bool');
    expect(Array.from(tril(3).buf!)).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
  });

  it('cat, slicing, assertShape', () => {
    shapeErr(() => cat(dyn([2, 3]), dyn([2, 4]), 0), 'cat: shapes differ outside axis 0: [2, 3] and [2, 4]');
    shapeErr(() => assertShape(zeros([32, 8, 63]), [32, 8, 64]), 'assertShape: expected shape differs from actual: [32, 8, 64] and [32, 8, 63]');
    expect(cat(zeros([2, 8, 5]), zeros([2, 8, 3]), -1).dims).toEqual([2, 8, 8]);
    expect(takeLast(zeros([4, 5]), 1, 8).dims).toEqual([4, 5]);
    expect(takeLast(zeros([4, 100]), 1, 8).dims).toEqual([4, 8]);
    expect(select(zeros([4, 8, 3]), 1, -1).dims).toEqual([4, 3]);
    expect(narrow(zeros([4, 100]), -1, 10, 3).dims).toEqual([4, 3]);
    const x = zeros([32, 8]);
    expect(dynamic(x, 0)).toBe(x);                              // no-op at runtime
  });
});

describe('bad arguments (op name first)', () => {
  it('creation', () => {
    expect(() => zeros([2, 1.5])).toThrow(ArgumentError);
    expect(() => zeros([2, 1.5])).toThrow(/^zeros: dims must be non-negative integers/);
    expect(() => ones([-1])).toThrow(/^ones: /);
    expect(() => full([2], 'a' as never)).toThrow(/^full: value must be a number/);
    expect(() => randn([2], { std: -1 })).toThrow(/^randn: std/);
    expect(() => arange(2.5)).toThrow(/^arange: n must be an integer/);
    expect(() => ints([1, 2, 3], [2, 2])).toThrow(/^ints: 3 values cannot fill shape \[2, 2\]/);
    expect(() => ints([1.5], [1])).toThrow(/^ints: values must be integers/);
    expect(() => fromData([1, 2], [3])).toThrow(/^fromData: 2 values/);
    expect(() => tensor([[1, 2], [3]])).toThrow(/^tensor: ragged nested array/);
    expect(tensor([[1, 2, 3], [4, 5, 6]]).dims).toEqual([2, 3]);
    expect(randn([3, 4], { rng: new Rng(1) }).dims).toEqual([3, 4]);
    expect(arange(4).dtype).toBe('int32');
  });
  it('ops', () => {
    const x = zeros([2, 3]);
    expect(() => dropout(x, 1, { training: true })).toThrow(/^dropout: p must be in \[0, 1\), got 1/);
    expect(() => dropout(x, -0.1, { training: true })).toThrow(ArgumentError);
    expect(dropout(x, 0.5, { training: false })).toBe(x);
    expect(dropout(x, 0, { training: true })).toBe(x);
    expect(dropout(x, 0.5, { training: true, rng: new Rng(3) }).dims).toEqual([2, 3]);
    expect(() => sum(x, 0.5 as number as 0)).toThrow(/^sum: axis must be an integer/);
    expect(() => reshape(x, [-1, -1] as number[] as [6])).toThrow(/^reshape: only one dim can be -1/);
    expect(() => narrow(x, 1, 2, 2)).toThrow(/^narrow: start 2 \+ length 2 exceeds dim 3/);
    expect(() => select(x, 1, 3)).toThrow(/^select: index 3 out of range/);
    expect(() => takeLast(x, 1, -1 as number)).toThrow(/^takeLast: k must be an integer/);
    expect(() => splitLast(zeros([2, 6]), 0 as number as 2, 3)).toThrow(/^splitLast: h must be an integer >= 1/);
    expect(() => tril(-1)).toThrow(/^tril: n must be an integer/);
    expect(() => layerNorm(zeros([2, 3]), ones([3]), zeros([3]), 0)).toThrow(/^layerNorm: eps/);
    expect(() => embedding(zeros([5, 2]), zeros([3]) as never)).toThrow(/^embedding: ids must be int32, got float32/);
    expect(() => crossEntropy(zeros([3, 5]), zeros([3]) as never)).toThrow(/^crossEntropy: targets must be int32/);
    expect(() => maskedFill(x, zeros([2, 3]) as never, 0)).toThrow(/^maskedFill: mask must be bool/);
    expect(() => add(x, 'a' as never)).toThrow(/^add: b must be a Tensor/);
    expect(exp(x).dims).toEqual([2, 3]);
  });
});
