// Dual-compiler type tests, literal dims: checked by `tsc -p tsconfig.json` (TS 5.9) and TS 7.
// Exact assignments prove result types (exact because Tensor is invariant in its shape);
// `// @ts-expect-error` lines are shape bugs that must not compile (an error that does NOT happen fails the build).
// Nothing here runs: the statements live inside functions that are never called.
import {
  type Tensor, type Sym,
  zeros, ones, full, randn, arange, tensor, fromArray, fromData, ints, sym,
  add, sub, mul, div, pow, maximum, rsub, rdiv, scale,
  exp, log, tanh, relu, gelu, neg, sqrt, abs, sigmoid,
  sum, mean, max, softmax, logSoftmax, softmaxLast, logSoftmaxLast,
  matmul, linear, transpose, mT, permute, reshape, splitLast, mergeLast, unsqueeze,
  embedding, tril, not, maskedFill, where, layerNorm, dropout, crossEntropy,
  narrow, takeLast, select, cat, assertShape, dynamic,
} from '../src/dsl';

export function creation(n: number) {
  const z: Tensor<[2, 3]> = zeros([2, 3]);
  const o: Tensor<[4]> = ones([4]);
  const f: Tensor<[2, 2]> = full([2, 2], 7);
  const r: Tensor<[64, 64]> = randn([64, 64], { std: 0.02 });
  const a: Tensor<[10], 'int32'> = arange(10);
  const t: Tensor<[2, 3]> = tensor([[1, 2, 3], [4, 5, 6]]);
  const t0: Tensor<[]> = tensor(5);
  const fa: Tensor<[3]> = fromArray([1, 2, 3]);
  const fd: Tensor<[2, 2]> = fromData([1, 2, 3, 4], [2, 2]);
  const id: Tensor<[1, 3], 'int32'> = ints([1, 2, 3], [1, 3]);
  const dz: Tensor<[number, 3]> = zeros([n, 3]);
  const dims = [2, 3] as const;
  const zc: Tensor<[2, 3]> = zeros(dims);
  // @ts-expect-error  shape [2, 3] is not [3, 2]
  const bad: Tensor<[3, 2]> = zeros([2, 3]);
  // @ts-expect-error  invariant: no implicit widening to a runtime dim (use dynamic)
  const widened: Tensor<[number, 3]> = zeros([2, 3]);
  // @ts-expect-error  ints are int32, not float32
  const wrongDtype: Tensor<[3]> = ints([1, 2, 3], [3]);
  // @ts-expect-error  a ragged literal is a [2, 3] vs [2, 2] bug
  const ragged: Tensor<[2, 3]> = tensor([[1, 2], [3, 4]]);
  void [z, o, f, r, a, t, t0, fa, fd, id, dz, zc, bad, widened, wrongDtype, ragged];
}

export function elementwise(n: number) {
  const x = zeros([32, 8, 64]);
  const s1: Tensor<[32, 8, 64]> = add(x, x);
  const s2: Tensor<[32, 8, 64]> = sub(x, zeros([64]));                       // bias broadcast
  const s3: Tensor<[3, 4]> = mul(zeros([3, 1]), zeros([1, 4]));
  const s4: Tensor<[8, 7, 6, 5]> = div(zeros([8, 1, 6, 1]), zeros([7, 1, 5]));
  const s5: Tensor<[32, 8, 64]> = pow(x, 2);
  const s6: Tensor<[32, 8, 64]> = maximum(x, 0);
  const s7: Tensor<[32, 8, 64]> = add(x, 1);
  const s8: Tensor<[32, 8, 64]> = rsub(x, zeros([32, 8, 1]));
  const s9: Tensor<[32, 8, 64]> = rdiv(x, 1);
  const s10: Tensor<[32, 8, 64]> = scale(x, 0.5);
  const s11: Tensor<[3, 4]> = add(zeros([n, 4]), zeros([3, 4]));            // the literal wins (runtime-checked)
  const s12: Tensor<[2, 3]> = mul(zeros([2, 3]), zeros([]));
  // @ts-expect-error  add: cannot broadcast (dim 3 vs 4)
  add(zeros([2, 3]), zeros([2, 4]));
  // @ts-expect-error  sub: bias of the wrong width
  sub(x, zeros([32]));
  // @ts-expect-error  mul: [2, 1] vs [8, 4, 3] (2 vs 4)
  mul(zeros([2, 1]), zeros([8, 4, 3]));
  // @ts-expect-error  div
  div(x, zeros([8, 32]));
  // @ts-expect-error  pow
  pow(x, zeros([2, 64]));
  // @ts-expect-error  maximum
  maximum(x, zeros([63]));
  // @ts-expect-error  rsub
  rsub(x, zeros([32, 7, 1]));
  // @ts-expect-error  rdiv
  rdiv(x, zeros([65]));
  // @ts-expect-error  scale takes a number, not a tensor
  scale(x, zeros([64]));
  // @ts-expect-error  result is [3, 4], not [3, 1]
  const wrong: Tensor<[3, 1]> = add(zeros([3, 1]), zeros([1, 4]));
  void [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, wrong];
}

export function unary() {
  const x = zeros([4, 5]);
  const u: Tensor<[4, 5]>[] = [exp(x), log(x), tanh(x), relu(x), gelu(x), neg(x), sqrt(x), abs(x), sigmoid(x)];
  const fromInt: Tensor<[3]> = exp(arange(3));
  // @ts-expect-error  same shape out
  const e: Tensor<[5, 4]> = exp(x);
  // @ts-expect-error
  const l: Tensor<[4]> = log(x);
  // @ts-expect-error
  const t: Tensor<[4, 5, 1]> = tanh(x);
  // @ts-expect-error
  const r: Tensor<[4, 5], 'int32'> = relu(x);
  // @ts-expect-error
  const g: Tensor<[5]> = gelu(x);
  // @ts-expect-error
  const ng: Tensor<[]> = neg(x);
  // @ts-expect-error
  const sq: Tensor<[4, 4]> = sqrt(x);
  // @ts-expect-error
  const ab: Tensor<[5, 5]> = abs(x);
  // @ts-expect-error
  const sg: Tensor<[4, 5, 5]> = sigmoid(x);
  void [u, fromInt, e, l, t, r, g, ng, sq, ab, sg];
}

export function reductions() {
  const x = zeros([2, 8, 64]);
  const a: Tensor<[2, 1, 64]> = sum(x, 1, true);
  const b: Tensor<[2, 64]> = sum(x, -2);
  const c: Tensor<[2, 8]> = mean(x, -1);
  const d: Tensor<[2, 8, 1]> = max(x, 2, true);
  const e: Tensor<[8, 64]> = max(x, 0, false);
  // @ts-expect-error  sum: axis -4 out of range
  sum(x, -4);
  // @ts-expect-error  mean: axis 3 out of range
  mean(x, 3);
  // @ts-expect-error  max: keepdim keeps the axis
  const m: Tensor<[2, 8]> = max(x, 2, true);
  // @ts-expect-error  axis must be a literal
  sum(x, 1 as number);
  void [a, b, c, d, e, m];
}

export function softmaxes() {
  const x = zeros([4, 12, 16, 16]);
  const a: Tensor<[4, 12, 16, 16]> = softmax(x, -1);
  const b: Tensor<[4, 12, 16, 16]> = softmax(x, 1);
  const c: Tensor<[4, 12, 16, 16]> = logSoftmax(x, 3);
  const d: Tensor<[4, 12, 16, 16]> = softmaxLast(x);
  const e: Tensor<[4, 12, 16, 16]> = logSoftmaxLast(x);
  // @ts-expect-error  softmax: axis 4 out of range
  softmax(x, 4);
  // @ts-expect-error  logSoftmax: axis -5 out of range
  logSoftmax(x, -5);
  // @ts-expect-error  same shape out
  const f: Tensor<[4, 12, 16]> = softmaxLast(x);
  // @ts-expect-error
  const g: Tensor<[16, 16]> = logSoftmaxLast(x);
  void [a, b, c, d, e, f, g];
}

export function matmuls(n: number) {
  const m1: Tensor<[32, 8, 10]> = matmul(zeros([32, 8, 64]), zeros([64, 10]));
  const m2: Tensor<[4, 2, 3, 7]> = matmul(zeros([4, 1, 3, 5]), zeros([2, 5, 7]));
  const m3: Tensor<[32, 10]> = matmul(zeros([32, n]), zeros([64, 10]));
  // @ts-expect-error  matmul: inner dims differ (64 vs 32)
  matmul(zeros([32, 8, 64]), zeros([32, 10]));
  // @ts-expect-error  matmul: cannot broadcast (dim 4 vs 3) of the batch dims
  matmul(zeros([4, 3, 5]), zeros([3, 5, 7]));
  // @ts-expect-error  rank 1 is not a matrix
  matmul(zeros([5]), zeros([5, 7]));
  const l1: Tensor<[32, 8, 256]> = linear(zeros([32, 8, 64]), zeros([64, 256]), zeros([256]));
  const l2: Tensor<[10]> = linear(zeros([64]), zeros([64, 10]));
  // @ts-expect-error  linear: x has 64 features, weight expects 32
  linear(zeros([32, 8, 64]), zeros([32, 10]));
  // @ts-expect-error  linear: bias has 64 entries, weight has 256 outputs
  linear(zeros([32, 8, 64]), zeros([64, 256]), zeros([64]));
  void [m1, m2, m3, l1, l2];
}

export function axes() {
  const x = zeros([2, 8, 4, 16]);
  const t1: Tensor<[2, 4, 8, 16]> = transpose(x, 1, 2);
  const t2: Tensor<[2, 8, 16, 4]> = transpose(x, -1, -2);
  const t3: Tensor<[2, 8, 16, 4]> = mT(x);
  const p1: Tensor<[16, 2, 8, 4]> = permute(x, [3, 0, 1, 2]);
  const ti: Tensor<[3, 2], 'int32'> = transpose(ints([1, 2, 3, 4, 5, 6], [2, 3]), 0, 1);
  // @ts-expect-error  transpose: axis 4 out of range
  transpose(x, 1, 4);
  // @ts-expect-error  mT of a vector
  mT(zeros([5]));
  // @ts-expect-error  mT swaps the last two axes
  const t4: Tensor<[2, 8, 4, 16]> = mT(x);
  // @ts-expect-error  permute: not a permutation
  permute(x, [0, 0, 1, 2]);
  // @ts-expect-error  permute: wrong number of axes
  permute(x, [0, 1, 2]);
  void [t1, t2, t3, p1, ti, t4];
}

export function reshapes(n: number) {
  const x = zeros([2, 8, 64]);
  const r1: Tensor<[16, 64]> = reshape(x, [16, 64]);
  const r2: Tensor<[2, 8, 4, 16]> = reshape(x, [2, 8, 4, -1]);
  const r3: Tensor<[64, 50257]> = reshape(zeros([64, 1, 50257]), [-1, 50257]);
  const r4: Tensor<[number, 64]> = reshape(zeros([n, 64]), [-1, 64]);
  const r5: Tensor<[6], 'int32'> = reshape(ints([1, 2, 3, 4, 5, 6], [2, 3]), [6]);
  // @ts-expect-error  reshape: 1024 elements cannot be viewed as 1000
  reshape(x, [10, 100]);
  // @ts-expect-error  reshape: 1024 elements are not divisible by 3
  reshape(x, [3, -1]);
  const s: Tensor<[2, 8, 4, 16]> = splitLast(x, 4, 16);
  const m: Tensor<[2, 8, 64]> = mergeLast(s);
  // @ts-expect-error  splitLast: 64 is not 4 * 15
  splitLast(x, 4, 15);
  // @ts-expect-error  mergeLast of [2, 8, 4, 16] is [2, 8, 64]
  const m2: Tensor<[2, 8, 4, 16]> = mergeLast(s);
  const u1: Tensor<[2, 1, 8, 64]> = unsqueeze(x, 1);
  const u2: Tensor<[2, 8, 64, 1]> = unsqueeze(x, -1);
  const u3: Tensor<[1, 2, 8, 64]> = unsqueeze(x, 0);
  // @ts-expect-error  unsqueeze: axis 4 out of range
  unsqueeze(x, 4);
  void [r1, r2, r3, r4, r5, s, m, m2, u1, u2, u3];
}

export function nn() {
  const wte = zeros([65, 32]);
  const idx = ints([0, 1, 2, 3, 4, 5, 6, 7], [2, 4]);
  const e: Tensor<[2, 4, 32]> = embedding(wte, idx);
  // @ts-expect-error  ids must be int32
  embedding(wte, zeros([2, 4]));
  // @ts-expect-error  table must be [V, C]
  embedding(zeros([65, 32, 2]), idx);
  const ln: Tensor<[2, 4, 32]> = layerNorm(e, ones([32]), zeros([32]));
  const ln2: Tensor<[2, 4, 32]> = layerNorm(e, ones([32]), zeros([32]), 1e-6);
  // @ts-expect-error  layerNorm: gamma has 16 entries, x has 32 features
  layerNorm(e, ones([16]), zeros([32]));
  // @ts-expect-error  layerNorm: beta has 16 entries, x has 32 features
  layerNorm(e, ones([32]), zeros([16]));
  const d: Tensor<[2, 4, 32]> = dropout(e, 0.1, { training: true });
  // @ts-expect-error  dropout keeps the shape
  const d2: Tensor<[2, 4]> = dropout(e, 0.1, { training: false });
  const logits = linear(e, zeros([32, 65]));
  const loss: Tensor<[]> = crossEntropy(logits, idx);
  // @ts-expect-error  crossEntropy: targets must be logits.shape[:-1]
  crossEntropy(logits, ints([0, 1, 2], [1, 3]));
  // @ts-expect-error  targets must be int32
  crossEntropy(logits, zeros([2, 4]));
  void [e, ln, ln2, d, d2, loss];
}

export function masks(m3: Tensor<[4, 16, 16], 'bool'>) {
  const att = zeros([4, 12, 16, 16]);
  const mask: Tensor<[16, 16], 'bool'> = tril(16);
  const causal: Tensor<[16, 16], 'bool'> = not(tril(16));
  const f: Tensor<[4, 12, 16, 16]> = maskedFill(att, not(tril(16)), -Infinity);
  const w: Tensor<[4, 12, 16, 16]> = where(tril(16), att, 0);
  const w2: Tensor<[4, 12, 16, 16]> = where(tril(16), att, att);
  // @ts-expect-error  maskedFill: cannot broadcast (dim 16 vs 8)
  maskedFill(att, tril(8), -Infinity);
  // @ts-expect-error  maskedFill: mask does not broadcast into x
  maskedFill(zeros([16, 16]), m3, 0);
  // @ts-expect-error  mask must be bool
  maskedFill(att, zeros([16, 16]), 0);
  // @ts-expect-error  not takes a bool tensor
  not(zeros([3]));
  // @ts-expect-error  where: cannot broadcast (dim 16 vs 15)
  where(tril(15), att, 0);
  // @ts-expect-error  where: cannot broadcast (dim 16 vs 15) -- b must broadcast into a
  where(tril(16), att, zeros([16, 15]));
  // @ts-expect-error  tril is [N, N]
  const t: Tensor<[16], 'bool'> = tril(16);
  void [mask, causal, f, w, w2, t];
}

export function slicing(n: number) {
  const x = zeros([4, 100]);
  const a: Tensor<[4, 3]> = narrow(x, -1, 10, 3);
  const b: Tensor<[4, 8], 'int32'> = takeLast(ints(new Array<number>(400).fill(0), [4, 100]), 1, 8);
  const c: Tensor<[4, 5]> = takeLast(zeros([4, 5]), 1, 8);                       // Min<5, 8>
  const d: Tensor<[4, number]> = takeLast(zeros([4, n]), 1, 8);                  // Min<number, 8>
  const e: Tensor<[4, 50257]> = select(zeros([4, 8, 50257]), 1, -1);
  const f: Tensor<[2, 8, 50257]> = cat(zeros([2, 8, 50000]), zeros([2, 8, 257]), -1);
  const g: Tensor<[2, 9], 'int32'> = cat(ints(new Array<number>(16).fill(0), [2, 8]), ints([1, 2], [2, 1]), 1);
  // @ts-expect-error  narrow: axis 2 out of range
  narrow(x, 2, 0, 1);
  // @ts-expect-error  takeLast: axis -3 out of range
  takeLast(x, -3, 8);
  // @ts-expect-error  select drops the axis
  const s: Tensor<[4, 1]> = select(x, 1, 0);
  // @ts-expect-error  cat: shapes differ outside axis 0
  cat(zeros([2, 3]), zeros([2, 4]), 0);
  // @ts-expect-error  cat: dtypes must match
  cat(zeros([2, 3]), ints([1, 2, 3], [1, 3]), 0);
  void [a, b, c, d, e, f, g, s];
}

export function staticDynamic(n: number) {
  const x = zeros([n, 8, 64]);
  const a: Tensor<[32, 8, 64]> = assertShape(x, [32, 8, 64]);
  const i: Tensor<[2, 4], 'int32'> = assertShape(ints([1, 2, 3, 4, 5, 6, 7, 8], [8]), [2, 4]);
  const d: Tensor<[32, number, 64]> = dynamic(a, 1);
  const d2: Tensor<[32, 8, number]> = dynamic(a, -1);
  // @ts-expect-error  dynamic: axis 3 out of range
  dynamic(a, 3);
  // @ts-expect-error  assertShape narrows to exactly the given shape
  const w: Tensor<[32, 8, 64]> = assertShape(x, [32, 8, 63]);
  void [a, i, d, d2, w];
}

export function brandedDims() {
  const seq = sym(17, 'seq');
  const other = sym(23, 'other');
  const x = zeros([4, seq, 64]);
  const y: Tensor<[4, Sym<'seq'>, 64]> = linear(x, zeros([64, 64]));
  const s: Tensor<[4, Sym<'seq'>, Sym<'seq'>]> = matmul(x, zeros([4, 64, seq]));
  // @ts-expect-error  Sym<'seq'> vs Sym<'other'>: inner dims differ
  matmul(x, zeros([4, other, 64]));
  // @ts-expect-error  Sym<'seq'> vs 17
  add(x, zeros([4, 17, 64]));
  void [y, s];
}
