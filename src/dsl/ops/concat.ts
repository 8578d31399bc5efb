// Joining a list of tensors along an axis:
//   concat([a, b, c], axis)  the axis dim becomes the sum (Add<Add<A, B>, C>), every other dim must agree
//   stack([a, b, c], axis)   a new axis of size 3 (the list length), all shapes must agree
// The list is a tuple literal: its shapes are inferred one by one (a reverse mapped type).
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type {
  Shape, Check, ShapeError, SameDims, DimEq, Add, AxisVerdict, AxisDim, SetAxis, DropAxis, InsertAxis, InsertAxisVerdict,
} from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis, shapeCheck, sameDims } from '../internal';
import { newAxis } from './squeeze';

/** the shapes of a tuple of tensors */
export type ShapesOf<Ts extends readonly AnyTensor[]> = { -readonly [K in keyof Ts]: Ts[K] extends Tensor<infer S extends Shape, DType> ? S : never };
/** the dtype of a tuple of tensors (a union when they differ: the verdicts reject that) */
export type DTypeOf<Ts extends readonly AnyTensor[]> = Ts[number] extends Tensor<any, infer D> ? D : never;
type Single<D, All = D> = D extends unknown ? ([All] extends [D] ? true : false) : never;
/** true, or ShapeError<"concat: dtypes differ", "float32" | "int32"> */
type OneDType<Ts extends readonly AnyTensor[], Op extends string> = false extends Single<DTypeOf<Ts>> ? ShapeError<`${Op}: dtypes differ`, DTypeOf<Ts>> : true;

/** the first pair of dims that differ (literal shapes of one rank), for the message */
type FirstDiff<A extends Shape, B extends Shape> =
  A extends [infer X extends number, ...infer AR extends Shape] ? (B extends [infer Y extends number, ...infer BR extends Shape]
    ? (DimEq<X, Y> extends true ? FirstDiff<AR, BR> : ` (dim ${X} vs ${Y})`) : '') : '';
/** true, or ShapeError<"concat: shapes differ outside axis 1 (dim 2 vs 3)", S0, Sk>. A0, B0 are the two shapes
 *  without the axis (first: a deferred generic mismatch prints as ConcatPairVerdict<[B, C], [B, V], ...>) */
export type ConcatPairVerdict<A0 extends Shape, B0 extends Shape, Ax extends number, S0 extends Shape, Sk extends Shape> =
  SameDims<A0, B0> extends true ? true : ShapeError<`concat: shapes differ outside axis ${Ax}${FirstDiff<A0, B0>}`, S0, Sk>;
/** the first failing pair; the last pair in a tail position (keeps its alias name when deferred) */
type RestOutside<S0 extends Shape, Ss extends Shape[], Ax extends number> =
  Ss extends [infer H extends Shape, ...infer R extends Shape[]]
    ? (R extends [] ? ConcatPairVerdict<DropAxis<S0, Ax>, DropAxis<H, Ax>, Ax, S0, H>
      : ConcatPairVerdict<DropAxis<S0, Ax>, DropAxis<H, Ax>, Ax, S0, H> extends true ? RestOutside<S0, R, Ax>
      : ConcatPairVerdict<DropAxis<S0, Ax>, DropAxis<H, Ax>, Ax, S0, H>)
    : true;
/** true, a dtype or axis error, or ShapeError<"concat: shapes differ outside axis 1 (dim 2 vs 3)", first, offending> */
export type ConcatVerdict<Ss extends Shape[], Ax extends number, Ts extends readonly AnyTensor[] = readonly AnyTensor[]> =
  OneDType<Ts, 'concat'> extends true
    ? (Ss extends [infer S0 extends Shape, ...infer R extends Shape[]]
      ? (AxisVerdict<S0, Ax, 'concat'> extends true ? RestOutside<S0, R, Ax> : AxisVerdict<S0, Ax, 'concat'>)
      : ShapeError<'concat: needs at least one tensor'>)
    : OneDType<Ts, 'concat'>;
type SumAt<Ss extends Shape[], Ax extends number, Acc extends number> =
  Ss extends [infer H extends Shape, ...infer R extends Shape[]] ? SumAt<R, Ax, Add<Acc, AxisDim<H, Ax>>> : Acc;
/** the first shape with the axis dim replaced by the sum over the list */
export type Concatenated<Ss extends Shape[], Ax extends number> =
  Ss extends [infer S0 extends Shape, ...infer R extends Shape[]] ? SetAxis<S0, Ax, SumAt<R, Ax, AxisDim<S0, Ax>>> : never;

function list(op: string, xs: unknown): AnyTensor[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError(`${op}: needs a non-empty array of tensors`);
  const ts = xs.map((x, i) => arg(op, `tensors[${i}]`, x));
  for (const t of ts) shapeCheck(t.dtype === ts[0].dtype, `${op}: dtypes differ (${ts[0].dtype} vs ${t.dtype})`, ts[0].dims, t.dims);
  return ts;
}

/** concatenate along an axis (negative allowed): concat([zeros([2, 3]), zeros([2, 4])], 1) : [2, 7] */
export function concat<const Ts extends readonly AnyTensor[], const Ax extends number>(
  tensors: Ts, axis: Check<ConcatVerdict<ShapesOf<Ts>, Ax, Ts>, Ax>,
): Tensor<Concatenated<ShapesOf<Ts>, Ax>, DTypeOf<Ts>> {
  const ts = list('concat', tensors);
  const a = normAxis('concat', axis, ts[0].dims);
  for (const t of ts) {
    const k = t.rank === ts[0].rank ? t.dims.findIndex((d, i) => i !== a && d !== ts[0].dims[i]) : -2;
    shapeCheck(k === -1, `concat: shapes differ outside axis ${String(axis)}${k >= 0 ? ` (dim ${ts[0].dims[k]} vs ${t.dims[k]})` : ''}`, ts[0].dims, t.dims);
  }
  return typed(ts.slice(1).reduce((acc, t) => rt.cat(acc, t, a), ts[0]));
}

/** true, or ShapeError<"stack: shapes differ", S0, Sk> (a deferred generic mismatch prints as StackPairVerdict<S0, Sk>) */
export type StackPairVerdict<S0 extends Shape, Sk extends Shape> = SameDims<S0, Sk> extends true ? true : ShapeError<'stack: shapes differ', S0, Sk>;
type RestSame<S0 extends Shape, Ss extends Shape[]> =
  Ss extends [infer H extends Shape, ...infer R extends Shape[]]
    ? (R extends [] ? StackPairVerdict<S0, H> : StackPairVerdict<S0, H> extends true ? RestSame<S0, R> : StackPairVerdict<S0, H>)
    : true;
/** true, a dtype or axis error, or ShapeError<"stack: shapes differ", first, offending> */
export type StackVerdict<Ss extends Shape[], Ax extends number, Ts extends readonly AnyTensor[] = readonly AnyTensor[]> =
  OneDType<Ts, 'stack'> extends true
    ? (Ss extends [infer S0 extends Shape, ...infer R extends Shape[]]
      ? (InsertAxisVerdict<S0, Ax, 'stack'> extends true ? RestSame<S0, R> : InsertAxisVerdict<S0, Ax, 'stack'>)
      : ShapeError<'stack: needs at least one tensor'>)
    : OneDType<Ts, 'stack'>;

/** stack along a new axis (negative counts from the end of the result): stack([a, b, c], 0) : [3, ...shape] */
export function stack<const Ts extends readonly AnyTensor[], const Ax extends number>(
  tensors: Ts, axis: Check<StackVerdict<ShapesOf<Ts>, Ax, Ts>, Ax>,
): Tensor<InsertAxis<ShapesOf<Ts>[0], Ax, Ts['length']>, DTypeOf<Ts>> {
  const ts = list('stack', tensors);
  const a = newAxis('stack', axis, ts[0].dims);
  for (const t of ts) shapeCheck(sameDims(t.dims, ts[0].dims), 'stack: shapes differ', ts[0].dims, t.dims);
  const up = ts.map((t) => rt.reshape(t, [...t.dims.slice(0, a), 1, ...t.dims.slice(a)]));
  return typed(up.slice(1).reduce((acc, t) => rt.cat(acc, t, a), up[0]));
}
