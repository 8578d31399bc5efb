// flatten(x, start, end) merges the axes start..end (inclusive) into one dim, their product; unflatten(x, axis,
// sizes) splits one dim into `sizes`. Structural, so they work on generic dims too: the product of generic dims
// is the deferred alias Mul<Mul<B, T>, C>, and unflatten accepts a dim that is exactly that alias.
//   flatten(x [B, T, C], 0, 1) : [Mul<B, T>, C]          flatten(x [...P, H, D], -2, -1) : [...P, Mul<H, D>]
//   unflatten(x [B, T, Mul<H, D>], -1, [h, d]) : [B, T, H, D]     unflatten(x [2, 64], 1, [4, -1]) : [2, 4, 16]
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type {
  Shape, ShapeLike, Check, ShapeError, DimEq, Ident, Mul, Div, Prod, AxisPair, AxisVerdict, AxisDim, SpliceAxis,
} from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, normAxis, shapeCheck } from '../internal';

/** product of dims, left to right: [A] -> A, [A, B, C] -> Mul<Mul<A, B>, C> (mergeLast's Mul<H, D> for two) */
export type FoldMul<S extends Shape> =
  S extends [infer A extends number] ? A :
  S extends [infer A extends number, infer B extends number, ...infer R extends Shape] ? FoldMul<[Mul<A, B>, ...R]> : 1;
/** dims I..J (inclusive) of a fixed-rank S; [] when I > J */
type Mid<S extends Shape, I extends number, J extends number> = DropN<Upto<S, J>, I>;
type Upto<S extends Shape, J extends number, Out extends Shape = []> =
  S extends [infer H extends number, ...infer R extends Shape] ? (Out['length'] extends J ? [...Out, H] : Upto<R, J, [...Out, H]>) : Out;
type DropN<S extends Shape, I extends number, C extends unknown[] = []> =
  C['length'] extends I ? S : S extends [unknown, ...infer R extends Shape] ? DropN<R, I, [...C, 0]> : [];
type Before<S extends Shape, I extends number, Out extends Shape = []> = Out['length'] extends I ? Out : S extends [infer H extends number, ...infer R extends Shape] ? Before<R, I, [...Out, H]> : Out;
type After<S extends Shape, J extends number, C extends unknown[] = []> = S extends [unknown, ...infer R extends Shape] ? (C['length'] extends J ? R : After<R, J, [...C, 0]>) : [];

/** true, an axis error, or ShapeError<"flatten: start axis 2 is after end axis 1", S> */
export type FlattenVerdict<S extends Shape, I extends number, J extends number> =
  AxisVerdict<S, I, 'flatten'> extends true ? (AxisVerdict<S, J, 'flatten'> extends true
    ? (AxisPair<S, I, J> extends [unknown, infer Suf extends Shape, infer i extends number, infer j extends number]
      ? (Mid<Suf, i, j> extends [] ? ShapeError<`flatten: start axis ${I} is after end axis ${J}`, S> : true) : never)
    : AxisVerdict<S, J, 'flatten'>) : AxisVerdict<S, I, 'flatten'>;
/** S with axes I..J (inclusive) merged into their product (parts bound with `extends infer`, see rearrange.ts) */
export type Flattened<S extends Shape, I extends number, J extends number> =
  AxisPair<S, I, J> extends [infer Pre extends Shape, infer Suf extends Shape, infer i extends number, infer j extends number]
    ? (Before<Suf, i> extends infer B0 extends Shape ? (After<Suf, j> extends infer A0 extends Shape
      ? [...Pre, ...B0, FoldMul<Mid<Suf, i, j>>, ...A0] : never) : never)
    : never;

/** merge axes start..end (inclusive, negative allowed) into one: flatten(x [2, 8, 4, 16], 2, 3) : [2, 8, 64] */
export function flatten<S extends Shape, const I extends number = 0, const J extends number = -1, D extends DType = 'float32'>(
  x: Tensor<S, D>, start?: I, end?: Check<FlattenVerdict<S, I, J>, J>,
): Tensor<Flattened<S, I, J>, D> {
  const t = arg('flatten', 'x', x);
  if (t.rank === 0) return typed(rt.reshape(t, [1]));
  const i = normAxis('flatten', start ?? 0, t.dims), j = normAxis('flatten', end ?? -1, t.dims);
  shapeCheck(i <= j, `flatten: start axis ${String(start ?? 0)} is after end axis ${String(end ?? -1)}`, t.dims);
  return typed(rt.reshape(t, [...t.dims.slice(0, i), sizeOf(t.dims.slice(i, j + 1)), ...t.dims.slice(j + 1)]));
}

type IsNeg1<X> = { h: X } extends { h: -1 } ? true : false;
type Neg1Count<N extends ShapeLike, C extends unknown[] = []> =
  N extends readonly [infer H, ...infer R extends ShapeLike] ? Neg1Count<R, IsNeg1<H> extends true ? [...C, 0] : C> : C['length'];
type Known<N extends ShapeLike> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? 1 : N[K] };
type Fill<N extends ShapeLike, X> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? X : N[K] };
/** the sizes with a -1 filled in (literal dims only), else the sizes. The identity test comes FIRST: asking
 *  whether a type-parameter size is -1 would defer (R2). */
type Sizes<Dm extends number, N extends ShapeLike> =
  Exact<Dm, N> extends true ? [...N] : Neg1Count<N> extends 0 ? [...N] : Fill<N, Div<Dm, Prod<Known<N>>>>;
type Exact<Dm extends number, N extends ShapeLike> = Ident<Dm, FoldMul<[...N]>>;
/** true, an axis error, or ShapeError<"unflatten: dim 64 is not the product of the sizes (60)", S, N> */
export type UnflattenVerdict<S extends Shape, Ax extends number, N extends ShapeLike> =
  AxisVerdict<S, Ax, 'unflatten'> extends true
    ? (N extends readonly [] ? ShapeError<'unflatten: sizes must not be empty', S, N> :
      Exact<AxisDim<S, Ax>, N> extends true ? true :
      Neg1Count<N> extends 0 ? (DimEq<AxisDim<S, Ax>, Prod<N>> extends true ? true
        : ShapeError<`unflatten: dim ${AxisDim<S, Ax>} is not the product of the sizes (${Prod<N>})`, S, N>)
      : Neg1Count<N> extends 1 ? ([Div<AxisDim<S, Ax>, Prod<Known<N>>>] extends [never]
        ? ShapeError<`unflatten: dim ${AxisDim<S, Ax>} is not divisible by ${Prod<Known<N>>}`, S, N> : true)
      : ShapeError<'unflatten: only one size can be -1', S, N>)
    : AxisVerdict<S, Ax, 'unflatten'>;

/** split the dim at `axis` into `sizes` (one may be -1 for literal dims): the inverse of flatten */
export function unflatten<S extends Shape, const Ax extends number, const N extends ShapeLike, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Ax, sizes: Check<UnflattenVerdict<S, Ax, N>, N>,
): Tensor<SpliceAxis<S, Ax, Sizes<AxisDim<S, Ax>, N>>, D> {
  const t = arg('unflatten', 'x', x);
  const a = normAxis('unflatten', axis, t.dims);
  const req: unknown = sizes;
  if (!Array.isArray(req) || req.length === 0 || !req.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
    throw new ArgumentError(`unflatten: sizes must be a non-empty array of non-negative integers (one may be -1), got ${String(req)}`);
  }
  const given: number[] = req;
  const holes = given.filter((d) => d === -1).length;
  if (holes > 1) shapeCheck(false, 'unflatten: only one size can be -1', t.dims, given);
  const dim = t.dims[a];
  const known = sizeOf(given.filter((d) => d !== -1));
  let out = given;
  if (holes === 1) {
    shapeCheck(known !== 0 && dim % known === 0, `unflatten: dim ${dim} is not divisible by ${known}`, t.dims, given);
    out = given.map((d) => (d === -1 ? dim / known : d));
  } else {
    shapeCheck(known === dim, `unflatten: dim ${dim} is not the product of the sizes (${known})`, t.dims, given);
  }
  return typed(rt.reshape(t, [...t.dims.slice(0, a), ...out, ...t.dims.slice(a + 1)]));
}
