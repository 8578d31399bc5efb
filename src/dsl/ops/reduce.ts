// Reductions along one axis (negative allowed), keepdim default false: sum(x [2, 8, 64], 1, true) : [2, 1, 64].
// Rank-polymorphic shapes take a negative axis into their known suffix: sum(x [...P, C], -1) : [...P].
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, AxisVerdict, SetAt, RemoveAt, ReduceAxis } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis } from '../internal';

export type Reduced<S extends Shape, I extends number, Keep> = Keep extends true ? SetAt<S, I, 1> : RemoveAt<S, I>;

export interface Reducer<Op extends string> {
  <S extends Shape, const Ax extends number, const Keep extends boolean = false>(
    x: Tensor<S, DType>, axis: Check<AxisVerdict<S, Ax, Op>, Ax>, keepdim?: Keep): Tensor<ReduceAxis<S, Ax, Keep>>;
}

function reducer<Op extends rt.ReduceOp>(op: Op): Reducer<Op> {
  return <S extends Shape, const Ax extends number, const Keep extends boolean = false>(
    x: Tensor<S, DType>, axis: Check<AxisVerdict<S, Ax, Op>, Ax>, keepdim?: Keep): Tensor<ReduceAxis<S, Ax, Keep>> => {
    const t = arg(op, 'x', x);
    const a = normAxis(op, axis, t.dims);
    if (keepdim !== undefined && typeof keepdim !== 'boolean') throw new ArgumentError(`${op}: keepdim must be a boolean`);
    return typed(rt.reduce(op, t, a, keepdim === true));
  };
}

/** sum along an axis */
export const sum: Reducer<'sum'> = reducer('sum');
/** mean along an axis */
export const mean: Reducer<'mean'> = reducer('mean');
/** max along an axis (values only) */
export const max: Reducer<'max'> = reducer('max');
