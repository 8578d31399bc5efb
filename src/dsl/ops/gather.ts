// Indexing with int32 tensors:
//   indexSelect(x, axis, ids [...Q])  torch.index_select / numpy take: the axis dim is replaced by ids' dims
//                                     (x [V, C], axis 0, ids [B, T] -> [B, T, C]: an embedding lookup)
//   gather(x, axis, index)            torch.gather: index has x's rank and x's dims outside the axis; out[i][j][k]
//                                     = x[i][index[i][j][k]][k] for axis 1, the result has index's shape
// Both record the runtime `gather` (table [V, C] rows by id, gradient = scatter-add) between permutes/reshapes.
// An id outside [0, dim) reads NaN (indices are values, known only when the graph runs).
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Shape, Check, ShapeError, SameDims, AxisVerdict, DropAxis, SpliceAxis } from '../shape';
import { typed, arg, normAxis, shapeCheck, dtypeCheck, sameDims } from '../internal';

/** select entries along `axis` by id: the axis dim is replaced by the dims of ids */
export function indexSelect<S extends Shape, const Ax extends number, Q extends Shape, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<AxisVerdict<S, Ax, 'indexSelect'>, Ax>, ids: Tensor<Q, 'int32'>,
): Tensor<SpliceAxis<S, Ax, Q>, D> {
  const t = arg('indexSelect', 'x', x), ti = arg('indexSelect', 'ids', ids);
  dtypeCheck('indexSelect', 'ids', ti, 'int32');
  const a = normAxis('indexSelect', axis, t.dims);
  const r = t.rank, rest = t.dims.filter((_, k) => k !== a);
  const front = rt.permute(t, [a, ...[...Array(r).keys()].filter((k) => k !== a)]);            // [dim, ...rest]
  const rows = rt.gather(rt.reshape(front, [t.dims[a], sizeOf(rest)]), ti);                      // [...Q, prod(rest)]
  const q = ti.rank;
  const picked = rt.reshape(rows, [...ti.dims, ...rest]);                                        // [...Q, ...rest]
  // move the Q block back to position a: [...rest before a, ...Q, ...rest after a]
  const perm = [...[...Array(a).keys()].map((k) => q + k), ...[...Array(q).keys()], ...[...Array(r - 1 - a).keys()].map((k) => q + a + k)];
  return typed(rt.permute(picked, perm));
}

/** true, an axis error, or ShapeError<"gather: index differs from x outside axis 1", S, I> */
export type GatherVerdict<S extends Shape, Ax extends number, I extends Shape> =
  AxisVerdict<S, Ax, 'gather'> extends true
    ? (SameDims<DropAxis<S, Ax>, DropAxis<I, Ax>> extends true ? true : ShapeError<`gather: index differs from x outside axis ${Ax}`, S, I>)
    : AxisVerdict<S, Ax, 'gather'>;

/** torch.gather(x, axis, index): the result has index's shape. (The verdict sits on `axis`: on `index` it made
 *  inferring a nested `ints(...)` call's shape from the contextual type instantiate without end, TS2589.) */
export function gather<S extends Shape, const Ax extends number, I extends Shape, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<GatherVerdict<S, Ax, I>, Ax>, index: Tensor<I, 'int32'>,
): Tensor<I, D> {
  const t = arg('gather', 'x', x), ti = arg('gather', 'index', index);
  dtypeCheck('gather', 'index', ti, 'int32');
  const a = normAxis('gather', axis, t.dims);
  const drop = (d: readonly number[]) => d.filter((_, k) => k !== a);
  shapeCheck(ti.rank === t.rank && sameDims(drop(t.dims), drop(ti.dims)), `gather: index differs from x outside axis ${String(axis)}`, t.dims, ti.dims);
  return typed(rt.reshape(rt.gather(rt.reshape(t, [t.size, 1]), flatOffsets(t, ti, a)), ti.dims));
}

/** offsets into x's flat buffer: index * stride(axis) + the other coordinates' offsets; -1 (NaN) when out of range */
function flatOffsets(x: AnyTensor, index: AnyTensor, axis: number): AnyTensor {
  const strides = x.dims.map((_, k) => sizeOf(x.dims.slice(k + 1)));
  const base = new Float32Array(index.size);
  for (let i = 0; i < base.length; i++) {
    let rem = i, off = 0;
    for (let k = index.rank - 1; k >= 0; k--) {
      const c = rem % index.dims[k];
      rem = (rem - c) / index.dims[k];
      if (k !== axis) off += c * strides[k];
    }
    base[i] = off;
  }
  const off = rt.binary('add', rt.binary('mul', index, rt.scalar(strides[axis])), rt.constant(base, index.dims));
  const bad = rt.binary('ge', index, rt.scalar(x.dims[axis]));
  const neg = rt.binary('lt', index, rt.scalar(0));
  return rt.where(neg, rt.scalar(-1), rt.where(bad, rt.scalar(-1), off));
}
