// tsd tests (bundled TypeScript 5.9): expectType is an IDENTITY check; expectError swallows only
// assignability-type diagnostics. These files are NOT under the root tsconfig (expectError lines are real
// errors for plain tsc); the dual-compiler tests are type-tests/*.ts.
import { expectType, expectError, expectNotAssignable, expectAssignable } from 'tsd';
import {
  type Tensor, type Mul, type Add, type Min, type Shape, type AnyTensor,
  zeros, ones, full, randn, arange, tensor, fromData, ints,
  add, sub, mul, div, pow, maximum, rsub, rdiv, scale, exp, log, gelu, relu, tanh, neg, sqrt, abs, sigmoid,
  sum, mean, max, softmax, logSoftmax, softmaxLast,
  matmul, linear, transpose, mT, permute, reshape, splitLast, mergeLast, unsqueeze,
  embedding, tril, not, maskedFill, where, layerNorm, dropout, crossEntropy,
  narrow, takeLast, select, cat, assertShape, dynamic,
  view, flatten, unflatten, squeeze, expand, concat, stack, slice, gather, indexSelect, oneHot, argmax, einsum, rearrange,
} from '../../src/dsl';

// ---- creation
expectType<Tensor<[2, 3]>>(zeros([2, 3]));
expectType<Tensor<[4]>>(ones([4]));
expectType<Tensor<[2, 2]>>(full([2, 2], 1));
expectType<Tensor<[8, 8]>>(randn([8, 8], { std: 0.02 }));
expectType<Tensor<[5], 'int32'>>(arange(5));
expectType<Tensor<[2, 3]>>(tensor([[1, 2, 3], [4, 5, 6]]));
expectType<Tensor<[2, 2]>>(fromData([1, 2, 3, 4], [2, 2]));
expectType<Tensor<[1, 3], 'int32'>>(ints([1, 2, 3], [1, 3]));
expectNotAssignable<Tensor<[number, 3]>>(zeros([2, 3]));
expectAssignable<AnyTensor>(zeros([2, 3]));
expectError(zeros(['a']));

// ---- elementwise
const x = zeros([32, 8, 64]);
expectType<Tensor<[32, 8, 64]>>(add(x, x));
expectType<Tensor<[32, 8, 64]>>(sub(x, zeros([64])));
expectType<Tensor<[8, 7, 6, 5]>>(mul(zeros([8, 1, 6, 1]), zeros([7, 1, 5])));
expectType<Tensor<[32, 8, 64]>>(div(x, 2));
expectType<Tensor<[32, 8, 64]>>(pow(x, 2));
expectType<Tensor<[32, 8, 64]>>(maximum(x, 0));
expectType<Tensor<[32, 8, 64]>>(rsub(x, zeros([32, 8, 1])));
expectType<Tensor<[32, 8, 64]>>(rdiv(x, 1));
expectType<Tensor<[32, 8, 64]>>(scale(x, 0.5));
expectError(add(x, zeros([32])));
expectError(sub(x, zeros([8, 32])));
expectError(mul(x, zeros([63])));
expectError(div(x, zeros([2, 64])));
expectError(pow(x, zeros([7, 1, 1])));
expectError(maximum(x, zeros([65])));
expectError(rsub(x, zeros([31, 1, 1])));
expectError(rdiv(x, zeros([5])));
expectError(scale(x, x));

// ---- unary
for (const f of [exp, log, gelu, relu, tanh, neg, sqrt, abs, sigmoid]) {
  expectType<Tensor<[32, 8, 64]>>(f(x));
  expectNotAssignable<Tensor<[8, 64]>>(f(x));
}

// ---- reductions / softmax
expectType<Tensor<[32, 1, 64]>>(sum(x, 1, true));
expectType<Tensor<[32, 64]>>(mean(x, -2));
expectType<Tensor<[32, 8]>>(max(x, -1));
expectType<Tensor<[32, 8, 64]>>(softmax(x, 0));
expectType<Tensor<[32, 8, 64]>>(logSoftmax(x, -1));
expectType<Tensor<[32, 8, 64]>>(softmaxLast(x));
expectError(sum(x, 3));
expectError(mean(x, -4));
expectError(max(x, 5));
expectError(softmax(x, 3));
expectError(logSoftmax(x, -4));

// ---- matmul / linear
expectType<Tensor<[32, 8, 10]>>(matmul(x, zeros([64, 10])));
expectType<Tensor<[4, 2, 3, 7]>>(matmul(zeros([4, 1, 3, 5]), zeros([2, 5, 7])));
expectType<Tensor<[32, 8, 256]>>(linear(x, zeros([64, 256]), zeros([256])));
expectError(matmul(x, zeros([32, 10])));
expectError(linear(x, zeros([32, 10])));
expectError(linear(x, zeros([64, 256]), zeros([64])));

// ---- axes / reshapes
expectType<Tensor<[32, 64, 8]>>(transpose(x, 1, 2));
expectType<Tensor<[32, 64, 8]>>(mT(x));
expectType<Tensor<[64, 32, 8]>>(permute(x, [2, 0, 1]));
expectType<Tensor<[256, 64]>>(reshape(x, [-1, 64]));
expectType<Tensor<[32, 8, 4, 16]>>(splitLast(x, 4, 16));
expectType<Tensor<[32, 8, 64]>>(mergeLast(splitLast(x, 4, 16)));
expectType<Tensor<[32, 1, 8, 64]>>(unsqueeze(x, 1));
expectError(transpose(x, 0, 3));
expectError(mT(zeros([3])));
expectError(permute(x, [0, 0, 1]));
expectError(reshape(x, [10, 100]));
expectError(splitLast(x, 4, 15));
expectError(mergeLast(zeros([3])));
expectError(unsqueeze(x, 4));

// ---- nn
const ids = ints([0, 1, 2, 3], [2, 2]);
expectType<Tensor<[2, 2, 64]>>(embedding(zeros([65, 64]), ids));
expectType<Tensor<[32, 8, 64]>>(layerNorm(x, ones([64]), zeros([64])));
expectType<Tensor<[32, 8, 64]>>(dropout(x, 0.1, { training: true }));
expectType<Tensor<[]>>(crossEntropy(zeros([2, 2, 65]), ids));
expectError(embedding(zeros([65, 64]), zeros([2, 2])));
expectError(layerNorm(x, ones([32]), zeros([64])));
expectError(dropout(zeros([2]), 0.1));
expectError(crossEntropy(zeros([2, 3, 65]), ids));

// ---- masks
const att = zeros([4, 2, 16, 16]);
expectType<Tensor<[16, 16], 'bool'>>(tril(16));
expectType<Tensor<[16, 16], 'bool'>>(not(tril(16)));
expectType<Tensor<[4, 2, 16, 16]>>(maskedFill(att, not(tril(16)), -Infinity));
expectType<Tensor<[4, 2, 16, 16]>>(where(tril(16), att, 0));
expectError(maskedFill(att, tril(8), 0));
expectError(not(zeros([2])));
expectError(where(tril(8), att, 0));
expectError(tril('16'));

// ---- slicing / cat / static-dynamic
declare const n: number;
expectType<Tensor<[32, 3, 64]>>(narrow(x, 1, 2, 3));
expectType<Tensor<[32, 5, 64]>>(takeLast(x, 1, 5));
expectType<Tensor<[32, 8, 64]>>(takeLast(x, 1, 100));
expectType<Tensor<[32, 64]>>(select(x, 1, -1));
expectType<Tensor<[32, 16, 64]>>(cat(x, x, 1));
expectType<Tensor<[32, 8, 64]>>(assertShape(zeros([n, 8, 64]), [32, 8, 64]));
expectType<Tensor<[32, number, 64]>>(dynamic(x, 1));
expectError(narrow(x, 3, 0, 1));
expectError(takeLast(x, -4, 1));
expectError(select(x, 3, 0));
expectError(cat(x, zeros([32, 8, 63]), 1));
expectError(dynamic(x, 3));

// ---- generic settings
export function attn<B extends number, H extends number, T extends number, D extends number>(
  q: Tensor<[B, H, T, D]>, k: Tensor<[B, H, T, D]>, t: T) {
  const scores = scale(matmul(q, mT(k)), 0.125);
  expectType<Tensor<[B, H, T, T]>>(scores);
  expectType<Tensor<[B, H, T, T]>>(softmax(maskedFill(scores, not(tril(t)), -Infinity), -1));
  expectType<Tensor<[B, H, T, 1]>>(max(scores, -1, true));
  expectType<Tensor<[B, H, T, T]>>(sub(scores, max(scores, -1, true)));
  expectType<Tensor<[B, T, H, D]>>(transpose(q, 1, 2));
  expectType<Tensor<[B, T, Mul<H, D>]>>(mergeLast(transpose(q, 1, 2)));
  expectError(matmul(q, k));
}
export function heads<P extends Shape, H extends number, D extends number>(x: Tensor<[...P, Mul<H, D>]>, h: H, d: D) {
  expectType<Tensor<[...P, H, D]>>(splitLast(x, h, d));
  expectType<Tensor<[...P, Mul<H, D>]>>(mergeLast(splitLast(x, h, d)));
  expectError(splitLast(x, d, h));
}
export function seq<B extends number, T extends number, C extends number, C2 extends number, K extends number, V extends number>(
  a: Tensor<[B, T, C]>, b: Tensor<[B, T, C2]>, idx: Tensor<[B, T], 'int32'>, k: K, w: Tensor<[C, V]>, bias: Tensor<[V]>, g: Tensor<[C]>) {
  expectType<Tensor<[B, T, Add<C, C2>]>>(cat(a, b, 2));
  expectType<Tensor<[B, Min<T, K>], 'int32'>>(takeLast(idx, 1, k));
  expectType<Tensor<[B], 'int32'>>(select(idx, 1, -1));
  expectType<Tensor<[B, T, V]>>(linear(layerNorm(a, g, g), w, bias));
  expectType<Tensor<[]>>(crossEntropy(linear(a, w), idx));
  expectError(cat(a, b, 1));
  expectError(linear(a, w, g));
}

// ---- shape algebra of issue 3 (identity checks; the dual-compiler tests are type-tests/*.ts)
expectType<Tensor<[32, 8, 4, 16]>>(view(x, [32, 8, 4, -1]));
expectType<Tensor<[256, 64]>>(flatten(x, 0, 1));
expectType<Tensor<[32, 8, 4, 16]>>(unflatten(x, -1, [4, 16]));
expectType<Tensor<[32, 64]>>(squeeze(zeros([32, 1, 64]), 1));
expectType<Tensor<[2, 32, 8, 64]>>(expand(x, [2, -1, -1, -1]));
expectType<Tensor<[32, 8, 128]>>(concat([x, x], -1));
expectType<Tensor<[32, 8, 64, 3]>>(stack([x, x, x], -1));
expectType<Tensor<[32, 4, 64]>>(slice(x, 1, 2, 6));
expectType<Tensor<[32, 8, 1]>>(gather(x, -1, ints(new Array<number>(256).fill(0), [32, 8, 1])));
expectType<Tensor<[32, 8, 2]>>(indexSelect(x, -1, ints([0, 1], [2])));
expectType<Tensor<[2, 65]>>(oneHot(ints([1, 2], [2]), 65));
expectType<Tensor<[32, 8], 'int32'>>(argmax(x, -1));
expectType<Tensor<[32, 8, 8]>>(einsum('btc,bsc->bts', x, x));
expectType<Tensor<[32, 4, 8, 16]>>(rearrange('b t (h d) -> b h t d', x, { h: 4 }));
expectError(concat([x, zeros([32, 7, 64])], -1));
expectError(rearrange('b t (h d) -> b h t d', x, { h: 5 }));
