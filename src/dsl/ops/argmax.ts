// argmax(x, axis, keepdim?) : int32, the index of the FIRST maximum along the axis (torch semantics); no gradient.
// No argmax kernel exists, so it is recorded from existing nodes:
//   hit = eq(x, max(x, axis, keepdim)); cand = where(hit, position along the axis, dim); first = -max(-cand)
// and the float index is turned into an int32 tensor by a gather from an int32 table [dim, 1].
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, AxisVerdict, ReduceAxis } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis } from '../internal';

export function argmax<S extends Shape, const Ax extends number, const Keep extends boolean = false>(
  x: Tensor<S, DType>, axis: Check<AxisVerdict<S, Ax, 'argmax'>, Ax>, keepdim?: Keep,
): Tensor<ReduceAxis<S, Ax, Keep>, 'int32'> {
  const t = arg('argmax', 'x', x);
  const a = normAxis('argmax', axis, t.dims);
  if (keepdim !== undefined && typeof keepdim !== 'boolean') throw new ArgumentError('argmax: keepdim must be a boolean');
  const d = t.dims[a];
  const m = rt.reduce('max', t, a, true);
  const hit = rt.binary('eq', t, m);
  const posShape = t.dims.map((n, k) => (k === a ? n : 1));
  const pos = rt.constant(Array.from({ length: d }, (_, i) => i), posShape);
  const cand = rt.where(hit, pos, rt.scalar(d));
  const first = rt.unary('neg', rt.reduce('max', rt.unary('neg', cand), a, true));              // min over the axis
  const table = rt.constant(Array.from({ length: Math.max(d, 1) }, (_, i) => i), [Math.max(d, 1), 1], 'int32');
  const kept = t.dims.map((n, k) => (k === a ? 1 : n));
  const idx = rt.reshape(rt.gather(table, first), kept);                                         // int32, keepdim shape
  const out = keepdim === true ? idx : rt.reshape(idx, t.dims.filter((_, k) => k !== a));
  out.requiresGrad = false;
  return typed(out);
}
