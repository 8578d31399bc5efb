// Crossing between static and runtime dims (the shape parameter is invariant, so both are explicit):
//   assertShape(x, [32, 8, 64])  runtime-checked narrowing (`number`/any dims -> literal or type-parameter dims)
//   dynamic(x, axis)             widening: forget one dim (it becomes a runtime-only `number`), no-op at runtime
import type { Tensor, DType } from '../../runtime/tensor';
import type { Shape, ShapeLike, Check, AxisVerdict, SetAxis } from '../shape';
import { ShapeError } from '../shape-error';
import { typed, arg, normAxis, checkShapeArg, sameDims } from '../internal';

/** narrow any tensor to `shape` (throws ShapeError "assertShape: expected [...], got [...]" otherwise) */
export function assertShape<const S extends ShapeLike, D extends DType>(x: Tensor<any, D>, shape: S): Tensor<[...S], D> {
  const t = arg('assertShape', 'x', x);
  const want = checkShapeArg('assertShape', shape);
  if (!sameDims(t.dims, want)) throw new ShapeError('assertShape: expected shape differs from actual', want, t.dims);
  return typed(t);
}

/** forget the static size of one axis: Tensor<[B, 8]> -> Tensor<[B, number]> (no-op at runtime) */
export function dynamic<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'dynamic'>, Ax>,
): Tensor<SetAxis<S, Ax, number>, D> {
  const t = arg('dynamic', 'x', x);
  normAxis('dynamic', axis, t.dims);
  return typed(t);
}
