// Graph builders: each function records one node of the lazy graph and computes its output shape.
// They do NOT validate shapes (the typed surface in src/dsl does, with the same words as the type
// rules); callers pass normalized, valid arguments. Kernels: kernels/*.ts. Gradients: gradients.ts.
import { Tensor, type AnyTensor, type DType, sizeOf } from './tensor';
import { sameShape } from './size';

export { sameShape };
import type { Rng } from './rng';
import { defaultRng } from './rng';

export type UnaryOp = 'neg' | 'exp' | 'log' | 'tanh' | 'relu' | 'gelu' | 'sqrt' | 'abs' | 'sigmoid' | 'step' | 'not' | 'sign';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'gt' | 'ge' | 'lt' | 'le';
export type ReduceOp = 'sum' | 'max' | 'mean';

const COMPARISONS = new Set<BinaryOp>(['eq', 'gt', 'ge', 'lt', 'le']);

/** a leaf holding data */
export function constant(data: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): AnyTensor {
  const n = sizeOf(shape);
  if (data.length !== n) throw new Error(`tensor: ${data.length} values cannot fill shape [${shape.join(', ')}] (${n} elements)`);
  const buf = data instanceof Float32Array ? data : Float32Array.from(data);
  return new Tensor(shape, dtype, 'const', [], {}, buf);
}

export function full(shape: readonly number[], value: number, dtype: DType = 'float32'): AnyTensor {
  return constant(new Float32Array(sizeOf(shape)).fill(value), shape, dtype);
}

export function randn(shape: readonly number[], std = 1, rng: Rng = defaultRng()): AnyTensor {
  const buf = new Float32Array(sizeOf(shape));
  for (let i = 0; i < buf.length; i++) buf[i] = rng.normal() * std;
  return constant(buf, shape);
}

export function unary(op: UnaryOp, x: AnyTensor): AnyTensor {
  const dtype: DType = op === 'not' ? 'bool' : x.dtype === 'bool' ? 'float32' : x.dtype;
  const out = new Tensor(x.dims, op === 'not' || op === 'step' || op === 'sign' ? dtype : 'float32', op, [x]);
  if (op === 'step' || op === 'not' || op === 'sign') out.requiresGrad = false;
  return out;
}

/** numpy broadcasting of two valid shapes */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

export function binary(op: BinaryOp, a: AnyTensor, b: AnyTensor): AnyTensor {
  const cmp = COMPARISONS.has(op);
  const dtype: DType = cmp ? 'bool' : a.dtype === 'int32' && b.dtype === 'int32' && op !== 'div' && op !== 'pow' ? 'int32' : 'float32';
  const out = new Tensor(broadcastShape(a.dims, b.dims), dtype, op, [a, b]);
  if (cmp) out.requiresGrad = false;
  return out;
}

export function scalar(value: number): AnyTensor {
  return constant([value], []);
}

/** where(cond, a, b): a where cond is true (non-zero), else b; all three broadcast */
export function where(cond: AnyTensor, a: AnyTensor, b: AnyTensor): AnyTensor {
  return new Tensor(broadcastShape(broadcastShape(cond.dims, a.dims), b.dims), a.dtype, 'where', [cond, a, b]);
}

export function reduce(op: ReduceOp, x: AnyTensor, axis: number, keepdim: boolean): AnyTensor {
  const shape = x.dims.slice();
  if (keepdim) shape[axis] = 1; else shape.splice(axis, 1);
  return new Tensor(shape, 'float32', op, [x], { axis, keepdim });
}

/** sum x down to a shape it was broadcast from (used by gradients of broadcasting ops) */
export function sumTo(x: AnyTensor, shape: readonly number[]): AnyTensor {
  if (sameShape(x.dims, shape)) return x;
  return new Tensor(shape, 'float32', 'sumTo', [x]);
}

/** a [...PA, M, K] @ b [...PB, K, N] -> [...broadcast(PA, PB), M, N] */
export function matmul(a: AnyTensor, b: AnyTensor): AnyTensor {
  const [m, k] = a.dims.slice(-2), n = b.dims[b.rank - 1];
  void k;
  const batch = broadcastShape(a.dims.slice(0, -2), b.dims.slice(0, -2));
  return new Tensor([...batch, m, n], 'float32', 'matmul', [a, b]);
}

export function permute(x: AnyTensor, perm: readonly number[]): AnyTensor {
  if (perm.every((p, i) => p === i)) return x;
  return new Tensor(perm.map((p) => x.dims[p]), x.dtype, 'permute', [x], { perm: [...perm] });
}

export function transpose(x: AnyTensor, i: number, j: number): AnyTensor {
  const perm = x.dims.map((_, k) => k);
  perm[i] = j; perm[j] = i;
  return permute(x, perm);
}

/** same elements, new shape (no kernel: shares the buffer) */
export function reshape(x: AnyTensor, shape: readonly number[]): AnyTensor {
  if (sameShape(x.dims, shape)) return x;
  return new Tensor(shape, x.dtype, 'reshape', [x]);
}

/** softmax / log-softmax along the last axis (numerically stable, one kernel) */
export function softmax(x: AnyTensor): AnyTensor { return new Tensor(x.dims, 'float32', 'softmax', [x]); }
export function logSoftmax(x: AnyTensor): AnyTensor { return new Tensor(x.dims, 'float32', 'logSoftmax', [x]); }

/** embedding lookup: table [V, C], ids [...S] -> [...S, C] */
export function gather(table: AnyTensor, ids: AnyTensor): AnyTensor {
  return new Tensor([...ids.dims, table.dims[1]], table.dtype, 'gather', [table, ids]);
}

/** layer norm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta (biased variance, like torch) */
export function layerNorm(x: AnyTensor, gamma: AnyTensor, beta: AnyTensor, eps: number): AnyTensor {
  return new Tensor(x.dims, 'float32', 'layerNorm', [x, gamma, beta], { eps });
}

/** mean cross-entropy of logits [N..., V] against int targets [N...] -> scalar */
export function crossEntropy(logits: AnyTensor, targets: AnyTensor): AnyTensor {
  const V = logits.dims[logits.rank - 1];
  const n = logits.size / V;
  const rows = new Tensor([n], 'float32', 'crossEntropyRows', [reshape(logits, [n, V]), reshape(targets, [n])]);
  return reduce('mean', rows, 0, false);
}

/** x.narrow(axis, start, length) */
export function narrow(x: AnyTensor, axis: number, start: number, length: number): AnyTensor {
  if (start === 0 && length === x.dims[axis]) return x;
  const shape = x.dims.slice();
  shape[axis] = length;
  return new Tensor(shape, x.dtype, 'narrow', [x], { axis, start });
}

/** zero-pad x along an axis back to `size` (the gradient of narrow) */
export function pad(x: AnyTensor, axis: number, start: number, size: number): AnyTensor {
  const shape = x.dims.slice();
  shape[axis] = size;
  return new Tensor(shape, x.dtype, 'pad', [x], { axis, start });
}

export function cat(a: AnyTensor, b: AnyTensor, axis: number): AnyTensor {
  const shape = a.dims.slice();
  shape[axis] = a.dims[axis] + b.dims[axis];
  return new Tensor(shape, a.dtype === b.dtype ? a.dtype : 'float32', 'cat', [a, b], { axis });
}

/** inverted dropout: zero each element with probability p, scale the rest by 1/(1-p) */
export function dropout(x: AnyTensor, p: number, rng: Rng = defaultRng()): AnyTensor {
  if (p === 0) return x;
  const mask = new Float32Array(x.size);
  const keep = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.random() < p ? 0 : keep;
  return binary('mul', x, constant(mask, x.dims));
}

/** broadcast x up to `shape` (a copy; used by gradients of reductions) */
export function expand(x: AnyTensor, shape: readonly number[]): AnyTensor {
  if (sameShape(x.dims, shape)) return x;
  return new Tensor(shape, x.dtype, 'expand', [x]);
}

/** a fused elementwise kernel over same-sized inputs x0, x1, ...: `expr` is gpu.js source */
export function map(expr: string, inputs: readonly AnyTensor[], shape: readonly number[] = inputs[0].dims): AnyTensor {
  return new Tensor(shape, 'float32', 'map', inputs, { expr });
}

/** an internal node whose kernel and gradient are looked up by `op` (backward kernels) */
export function node(op: string, shape: readonly number[], inputs: readonly AnyTensor[], attrs: Record<string, unknown> = {}): AnyTensor {
  return new Tensor(shape, 'float32', op, inputs, attrs);
}

