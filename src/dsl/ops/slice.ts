// Slicing along one axis: slice (x[:, 2:5] with literal bounds, checked against a literal dim), narrow (x.narrow,
// any length: the generic-code form), takeLast (x[:, -k:], the dim becomes Min<dim, k>), select (x[:, i]).
// A bound can only be compared with a LITERAL (or runtime `number`) dim: against a type parameter T the check
// `end <= T` is undecidable (DESIGN-NOTES 2.1) and slice does not compile; use narrow there.
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, ShapeError, AxisVerdict, AxisDim, SetAxis, DropAxis, Min, Sub, Lt, IsLit } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis, intArg, shapeCheck } from '../internal';

function narrowImpl(op: string, t: AnyTensor, axis: number, start: number, length: number): AnyTensor {
  const d = t.dims[axis];
  if (start + length > d) throw new ArgumentError(`${op}: start ${start} + length ${length} exceeds dim ${d} of axis ${axis} (shape [${t.dims.join(', ')}])`);
  return rt.narrow(t, axis, start, length);
}

/** x.narrow(axis, start, length): the dim becomes `length` */
export function narrow<S extends Shape, const Ax extends number, L extends Dim, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'narrow'>, Ax>, start: number, length: L,
): Tensor<SetAxis<S, Ax, L>, D> {
  const t = arg('narrow', 'x', x);
  const a = normAxis('narrow', axis, t.dims);
  return typed(narrowImpl('narrow', t, a, intArg('narrow', 'start', start), intArg('narrow', 'length', length)));
}

/** the last min(dim, k) entries along an axis (generation: crop the context to the block size) */
export function takeLast<S extends Shape, const Ax extends number, K extends Dim, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'takeLast'>, Ax>, k: K,
): Tensor<SetAxis<S, Ax, Min<AxisDim<S, Ax>, K>>, D> {
  const t = arg('takeLast', 'x', x);
  const a = normAxis('takeLast', axis, t.dims);
  const n = Math.min(t.dims[a], intArg('takeLast', 'k', k));
  return typed(narrowImpl('takeLast', t, a, t.dims[a] - n, n));
}

/** x[..., index, ...]: drops the axis (negative index counts from the end) */
export function select<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'select'>, Ax>, index: number,
): Tensor<DropAxis<S, Ax>, D> {
  const t = arg('select', 'x', x);
  const a = normAxis('select', axis, t.dims);
  const d = t.dims[a];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < -d || index >= d) {
    throw new ArgumentError(`select: index ${String(index)} out of range for dim ${d} of axis ${a} (shape [${t.dims.join(', ')}])`);
  }
  const i = index < 0 ? index + d : index;
  const out = t.dims.filter((_, k) => k !== a);
  return typed(rt.reshape(rt.narrow(t, a, i, 1), out));
}

type IsNat<N extends number> = `${N}` extends `${number}.${string}` | `-${string}` ? false : true;
type BoundVerdict<S extends Shape, Ax extends number, En extends number, Dm> =
  { x: number } extends { x: Dm } ? true : IsLit<Dm & number> extends false ? true :
  Lt<Dm & number, En> extends true ? ShapeError<`slice: end ${En} exceeds dim ${Dm & number} of axis ${Ax}`, S> : true;
/** true, an axis error, or ShapeError<"slice: end 9 exceeds dim 8 of axis 1", S> / "slice: start 5 is after end 3" */
export type SliceVerdict<S extends Shape, Ax extends number, St extends number, En extends number> =
  AxisVerdict<S, Ax, 'slice'> extends true
    ? (number extends St | En ? ShapeError<'slice: bounds must be number literals (use narrow)', S> :
      IsNat<St> extends false ? ShapeError<`slice: start ${St} must be a non-negative integer`, S> :
      IsNat<En> extends false ? ShapeError<`slice: end ${En} must be a non-negative integer`, S> :
      Lt<En, St> extends true ? ShapeError<`slice: start ${St} is after end ${En}`, S> :
      BoundVerdict<S, Ax, En, AxisDim<S, Ax>>)
    : AxisVerdict<S, Ax, 'slice'>;

/** x[start:end] along `axis` (Python's half-open range, literal bounds): the dim becomes Sub<end, start> */
export function slice<S extends Shape, const Ax extends number, const St extends number, const En extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Ax, start: St, end: Check<SliceVerdict<S, Ax, St, En>, En>,
): Tensor<SetAxis<S, Ax, Sub<En, St>>, D> {
  const t = arg('slice', 'x', x);
  const a = normAxis('slice', axis, t.dims);
  const st = intArg('slice', 'start', start), en = intArg('slice', 'end', end);
  shapeCheck(st <= en, `slice: start ${st} is after end ${en}`, t.dims);
  shapeCheck(en <= t.dims[a], `slice: end ${en} exceeds dim ${t.dims[a]} of axis ${String(axis)}`, t.dims);
  return typed(rt.narrow(t, a, st, en - st));
}
