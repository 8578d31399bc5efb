// Slicing along one axis: narrow (x.narrow), takeLast (x[:, -k:], the dim becomes Min<dim, k>), select (x[:, i]).
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, AxisVerdict, Ix, SetAt, RemoveAt, Min } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis, intArg } from '../internal';

function narrowImpl(op: string, t: AnyTensor, axis: number, start: number, length: number): AnyTensor {
  const d = t.dims[axis];
  if (start + length > d) throw new ArgumentError(`${op}: start ${start} + length ${length} exceeds dim ${d} of axis ${axis} (shape [${t.dims.join(', ')}])`);
  return rt.narrow(t, axis, start, length);
}

/** x.narrow(axis, start, length): the dim becomes `length` */
export function narrow<S extends Shape, const Ax extends number, L extends Dim, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'narrow'>, Ax>, start: number, length: L,
): Tensor<SetAt<S, Ix<S, Ax>, L>, D> {
  const t = arg('narrow', 'x', x);
  const a = normAxis('narrow', axis, t.dims);
  return typed(narrowImpl('narrow', t, a, intArg('narrow', 'start', start), intArg('narrow', 'length', length)));
}

/** the last min(dim, k) entries along an axis (generation: crop the context to the block size) */
export function takeLast<S extends Shape, const Ax extends number, K extends Dim, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'takeLast'>, Ax>, k: K,
): Tensor<SetAt<S, Ix<S, Ax>, Min<S[Ix<S, Ax>] & number, K>>, D> {
  const t = arg('takeLast', 'x', x);
  const a = normAxis('takeLast', axis, t.dims);
  const n = Math.min(t.dims[a], intArg('takeLast', 'k', k));
  return typed(narrowImpl('takeLast', t, a, t.dims[a] - n, n));
}

/** x[..., index, ...]: drops the axis (negative index counts from the end) */
export function select<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'select'>, Ax>, index: number,
): Tensor<RemoveAt<S, Ix<S, Ax>>, D> {
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
