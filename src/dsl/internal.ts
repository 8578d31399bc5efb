// Helpers shared by the ops (not exported from the package index).
import { Tensor, type AnyTensor, type DType } from '../runtime/tensor';
import { ShapeError, ArgumentError, shapeCheck, argCheck, type Dims } from './shape-error';

/** the ONE place where a runtime result becomes a typed result: the op's signature is the proof */
export function typed<T>(t: AnyTensor): T {
  return t as unknown as T;
}

/** the ONE place where an untyped implementation becomes a typed (overloaded) signature */
export function typedFn<F>(f: (...args: never[]) => AnyTensor): F {
  return f as unknown as F;
}

/** a tensor argument (parameters typed Check<..., Tensor<...>> are unknown to the body): runtime-checked */
export function arg(op: string, name: string, x: unknown): AnyTensor {
  if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: ${name} must be a Tensor, got ${describe(x)}`);
  return x;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

export function dimsOf(x: AnyTensor): Dims {
  return x.dims;
}

/** a dtype requirement (types enforce it; JS callers and casts get this) */
export function dtypeCheck(op: string, name: string, x: AnyTensor, dtype: DType): void {
  if (x.dtype !== dtype) throw new ArgumentError(`${op}: ${name} must be ${dtype}, got ${x.dtype}`);
}

/** dims must be non-negative integers */
export function checkShapeArg(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(`${op}: shape must be an array of dims, got ${describe(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${op}: dims must be non-negative integers, got [${shape.join(', ')}]`);
    }
  }
  return shape as number[];
}

export function intArg(op: string, name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ArgumentError(`${op}: ${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

/**
 * Normalize a possibly negative axis against a rank. Runtime twin of AxisVerdict:
 * ShapeError<"op: axis 3 out of range", S>  ->  "op: axis 3 out of range: [2, 8, 64]".
 */
export function normAxis(op: string, axis: unknown, shape: Dims, rank = shape.length): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) throw new ArgumentError(`${op}: axis must be an integer, got ${String(axis)}`);
  const a = axis < 0 ? axis + rank : axis;
  shapeCheck(a >= 0 && a < rank, `${op}: axis ${axis} out of range`, shape);
  return a;
}

/**
 * numpy broadcasting with the type rule's words (first mismatch from the right):
 * ShapeError<"add: cannot broadcast (dim 3 vs 4)", [2, 3], [2, 4]>.
 */
export function broadcastChecked(op: string, a: Dims, b: Dims): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array<number>(n);
  for (let i = 1; i <= n; i++) {
    const da = i <= a.length ? a[a.length - i] : 1;
    const db = i <= b.length ? b[b.length - i] : 1;
    if (da !== db && da !== 1 && db !== 1) throw new ShapeError(`${op}: cannot broadcast (dim ${da} vs ${db})`, a, b);
    out[n - i] = da === 1 ? db : da;
  }
  return out;
}

/** same rank and the same dims (the runtime's helper) */
export { sameShape as sameDims } from '../runtime/size';

export { shapeCheck, argCheck };
