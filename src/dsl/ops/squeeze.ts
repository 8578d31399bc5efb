// Size-1 axes: unsqueeze inserts one, squeeze removes one (its dim must be 1). Both are reshapes at run time.
//   unsqueeze(x [B, T], 1) : [B, 1, T]      unsqueeze(x [...P, C], -1) : [...P, C, 1]   unsqueeze(x [...P], 0) : [1, ...P]
//   squeeze(x [B, 1, C], 1) : [B, C]        squeeze(x [...P, 1], -1) : [...P]
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, ShapeError, Fits, AxisVerdict, AxisDim, DropAxis, InsertAxis, InsertAxisVerdict } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis, shapeCheck } from '../internal';

/** insert a dim of size 1 before `axis` (negative counts from the end of the result: -1 appends) */
export function unsqueeze<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<InsertAxisVerdict<S, Ax, 'unsqueeze'>, Ax>,
): Tensor<InsertAxis<S, Ax, 1>, D> {
  const t = arg('unsqueeze', 'x', x);
  const i = newAxis('unsqueeze', axis, t.dims);
  const out = [...t.dims];
  out.splice(i, 0, 1);
  return typed(rt.reshape(t, out));
}

/** runtime twin of InsertAxisVerdict: the position of a new axis in [0, rank] */
export function newAxis(op: string, axis: unknown, dims: readonly number[]): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) throw new ArgumentError(`${op}: axis must be an integer, got ${String(axis)}`);
  const r = dims.length + 1;
  const i = axis < 0 ? axis + r : axis;
  shapeCheck(i >= 0 && i < r, `${op}: axis ${axis} out of range`, dims);
  return i;
}

/** true, an axis error, or ShapeError<"squeeze: dim 3 of axis 1 is not 1", S> */
export type SqueezeVerdict<S extends Shape, Ax extends number> =
  AxisVerdict<S, Ax, 'squeeze'> extends true
    ? (Fits<AxisDim<S, Ax>, 1> extends true ? true : Fits<number, AxisDim<S, Ax>> extends true ? true :
      ShapeError<`squeeze: dim ${AxisDim<S, Ax>} of axis ${Ax} is not 1`, S>)
    : AxisVerdict<S, Ax, 'squeeze'>;

/** remove a size-1 axis */
export function squeeze<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<SqueezeVerdict<S, Ax>, Ax>,
): Tensor<DropAxis<S, Ax>, D> {
  const t = arg('squeeze', 'x', x);
  const a = normAxis('squeeze', axis, t.dims);
  shapeCheck(t.dims[a] === 1, `squeeze: dim ${t.dims[a]} of axis ${String(axis)} is not 1`, t.dims);
  return typed(rt.reshape(t, t.dims.filter((_, k) => k !== a)));
}
