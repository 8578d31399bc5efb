// concatenate two tensors along an axis: that dim becomes Add<a, b>, all other dims must agree
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, AxisVerdict, AxisDim, SetAxis, DropAxis, SameDims, ShapeError, Add } from '../shape';
import { typed, arg, normAxis, shapeCheck } from '../internal';

/** true, an axis error, or ShapeError<"cat: shapes differ outside axis 1", A, B> */
export type CatVerdict<A extends Shape, B extends Shape, Ax extends number> =
  AxisVerdict<A, Ax, 'cat'> extends true
    ? (SameDims<DropAxis<A, Ax>, DropAxis<B, Ax>> extends true ? true : ShapeError<`cat: shapes differ outside axis ${Ax}`, A, B>)
    : AxisVerdict<A, Ax, 'cat'>;

export function cat<A extends Shape, B extends Shape, const Ax extends number, D extends DType = 'float32'>(
  a: Tensor<A, D>, b: Check<CatVerdict<A, B, Ax>, Tensor<B, NoInfer<D>>>, axis: Ax,
): Tensor<SetAxis<A, Ax, Add<AxisDim<A, Ax>, AxisDim<B, Ax>>>, D> {
  const ta = arg('cat', 'a', a), tb = arg('cat', 'b', b);
  const i = normAxis('cat', axis, ta.dims);
  shapeCheck(ta.rank === tb.rank && ta.dims.every((d, k) => k === i || d === tb.dims[k]), `cat: shapes differ outside axis ${axis}`, ta.dims, tb.dims);
  shapeCheck(ta.dtype === tb.dtype, `cat: dtypes differ (${ta.dtype} vs ${tb.dtype})`, ta.dims, tb.dims);
  return typed(rt.cat(ta, tb, i));
}
