// softmax / logSoftmax along an axis. The runtime has last-axis kernels only: another axis is permuted to the
// end, normalized, and permuted back. softmaxLast/logSoftmaxLast are the rank-polymorphic ([...P, L]) variants.
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, AxisVerdict } from '../shape';
import { typed, arg, normAxis, shapeCheck } from '../internal';

function alongAxis(x: AnyTensor, axis: number, kernel: (t: AnyTensor) => AnyTensor): AnyTensor {
  const r = x.rank;
  if (axis === r - 1) return kernel(x);
  const perm = [...Array(r).keys()].filter((i) => i !== axis).concat(axis);   // move axis to the end
  const inv = new Array<number>(r);
  perm.forEach((p, i) => { inv[p] = i; });
  return rt.permute(kernel(rt.permute(x, perm)), inv);
}

/** softmax along `axis` (negative allowed; the rank must be known) */
export function softmax<S extends Shape, const Ax extends number>(x: Tensor<S, DType>, axis: Check<AxisVerdict<S, Ax, 'softmax'>, Ax>): Tensor<S> {
  const t = arg('softmax', 'x', x);
  return typed(alongAxis(t, normAxis('softmax', axis, t.dims), rt.softmax));
}
/** log-softmax along `axis` */
export function logSoftmax<S extends Shape, const Ax extends number>(x: Tensor<S, DType>, axis: Check<AxisVerdict<S, Ax, 'logSoftmax'>, Ax>): Tensor<S> {
  const t = arg('logSoftmax', 'x', x);
  return typed(alongAxis(t, normAxis('logSoftmax', axis, t.dims), rt.logSoftmax));
}
/** softmax along the last axis (rank-polymorphic: works for Tensor<[...P, L]>) */
export function softmaxLast<S extends Shape>(x: Tensor<S, DType>): Tensor<S> {
  const t = arg('softmaxLast', 'x', x);
  shapeCheck(t.rank >= 1, 'softmaxLast: x must have rank >= 1', t.dims);
  return typed(rt.softmax(t));
}
/** log-softmax along the last axis (rank-polymorphic) */
export function logSoftmaxLast<S extends Shape>(x: Tensor<S, DType>): Tensor<S> {
  const t = arg('logSoftmaxLast', 'x', x);
  shapeCheck(t.rank >= 1, 'logSoftmaxLast: x must have rank >= 1', t.dims);
  return typed(rt.logSoftmax(t));
}
