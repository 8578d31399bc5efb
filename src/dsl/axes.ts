// Axes: where an axis argument points in a shape, and the shape edited there. Three settings:
//   literal  [2, 8, 64]        any axis in [-rank, rank)
//   fixed    [B, T, C]         the same (a fixed-rank tuple of type parameters is not "generic" for the checker)
//   variadic [...P, H, D]      NEGATIVE axes into the known suffix (-1, -2 here). The suffix is found by peeling
//                              the tuple from the right inside a wrapper object (R1/R2 of DESIGN-NOTES: a bare
//                              [...P, C] defers, `{s: S} extends {s: [...infer I, infer L]}` does not).
// Every edit is `[...Before, X, ...After]` of AxisParts, so the three settings share one definition.
import type { Shape, ShapeError, NormAxis } from './shape';

/** J for a negative literal -J, else never */
type NegOf<Ax extends number> = `${Ax}` extends `-${infer N extends number}` ? N : never;

/** [before, last J dims]; never when the shape is shorter (deferred when it would peel into a variadic P) */
export type SplitEnd<S extends Shape, J extends number, Acc extends unknown[] = []> =
  Acc['length'] extends J ? [S, Acc] :
  { s: S } extends { s: [...infer I extends Shape, infer L] } ? SplitEnd<I, J, [L, ...Acc]> : never;

/** [before, dim, after] for a non-negative axis I of a fixed-rank shape */
type SplitStart<S extends Shape, I extends number, Acc extends Shape = []> =
  number extends S['length'] ? never :          // not a tuple (also `any`, met while inferring from a return type)
  Acc['length'] extends I ? (S extends [infer D, ...infer Post extends Shape] ? [Acc, D, Post] : never) :
  S extends [infer H extends number, ...infer R extends Shape] ? SplitStart<R, I, [...Acc, H]> : never;

/** [before, dim, after] at axis Ax (negative counts from the end), or never when it is out of range.
 *  Dispatches on the SIGN of the axis, never on the rank: `number extends S['length']` defers for [...P, C]. */
export type AxisParts<S extends Shape, Ax extends number> =
  [NegOf<Ax>] extends [never]
    ? (NormAxis<S, Ax> extends infer I extends number ? ([I] extends [never] ? never : SplitStart<S, I>) : never)
    : SplitEnd<S, NegOf<Ax>> extends infer Sp ? ([Sp] extends [never] ? never :
      Sp extends [infer Pre extends Shape, [infer D, ...infer Post extends Shape]] ? [Pre, D, Post] : never) : never;

/** true, or ShapeError<"op: axis 3 out of range", S> / "op: axis must be a number literal". A positive axis needs
 *  a known rank; a rank-polymorphic [...P, C] takes negative axes into its known suffix (else the verdict defers
 *  and the call does not compile either). */
export type AxisVerdict<S extends Shape, Ax extends number, Op extends string> =
  number extends Ax ? ShapeError<`${Op}: axis must be a number literal`, S> :
  [AxisParts<S, Ax>] extends [never] ? ShapeError<`${Op}: axis ${Ax} out of range`, S> : true;

/** the dim at axis Ax */
export type AxisDim<S extends Shape, Ax extends number> = AxisParts<S, Ax> extends [unknown, infer D extends number, unknown] ? D : never;
/** S with the dim at axis Ax replaced by X */
export type SetAxis<S extends Shape, Ax extends number, X> =
  AxisParts<S, Ax> extends [infer Pre extends Shape, unknown, infer Post extends Shape] ? [...Pre, X, ...Post] : never;
/** S with the dim at axis Ax replaced by the dims Xs (unflatten, indexSelect with a shaped index) */
export type SpliceAxis<S extends Shape, Ax extends number, Xs extends Shape> =
  AxisParts<S, Ax> extends [infer Pre extends Shape, unknown, infer Post extends Shape] ? [...Pre, ...Xs, ...Post] : never;
/** S without the dim at axis Ax */
export type DropAxis<S extends Shape, Ax extends number> =
  AxisParts<S, Ax> extends [infer Pre extends Shape, unknown, infer Post extends Shape] ? (Post extends [] ? Pre : [...Pre, ...Post]) : never;
/** reduction result: the axis dropped, or kept as 1 */
export type ReduceAxis<S extends Shape, Ax extends number, Keep> = Keep extends true ? SetAxis<S, Ax, 1> : DropAxis<S, Ax>;

/** [before, after] around a NEW axis (unsqueeze, stack): Ax in [-rank-1, rank], -1 appends; rank-polymorphic
 *  shapes: 0 or negative. A pair, not the spread result: `[[...P, C, 1]] extends [never]` would defer. */
export type InsertParts<S extends Shape, Ax extends number> =
  [NegOf<Ax>] extends [never]
    ? (Ax extends 0 ? [[], S] : NormAxis<[...S, 1], Ax> extends infer I extends number ? ([I] extends [never] ? never : SplitBefore<S, I>) : never)
    : SplitEnd<S, InsertDepth<NegOf<Ax>>> extends infer Sp ? ([Sp] extends [never] ? never : Sp) : never;
type SplitBefore<S extends Shape, I extends number, Acc extends Shape = []> =
  number extends S['length'] ? never :
  Acc['length'] extends I ? [Acc, S] : S extends [infer H extends number, ...infer R extends Shape] ? SplitBefore<R, I, [...Acc, H]> : never;
/** S with a new dim X at axis Ax */
export type InsertAxis<S extends Shape, Ax extends number, X> =
  InsertParts<S, Ax> extends [infer Pre extends Shape, infer Post extends Shape] ? [...Pre, X, ...Post] : never;
type InsertDepth<J extends number> = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15][J] & number;   // J - 1 for J <= 16
/** true, or ShapeError<"op: axis 4 out of range", S> for a new axis */
export type InsertAxisVerdict<S extends Shape, Ax extends number, Op extends string> =
  number extends Ax ? ShapeError<`${Op}: axis must be a number literal`, S> :
  [InsertParts<S, Ax>] extends [never] ? ShapeError<`${Op}: axis ${Ax} out of range`, S> : true;

/** two axes of one shape, as [before, fixed suffix, i, j] with i, j positions in the suffix (transpose, flatten);
 *  both negative: the suffix is as deep as the deeper axis (works for [...P, H, D]), else the whole shape */
export type AxisPair<S extends Shape, I extends number, J extends number> =
  [NegOf<I>] extends [never] ? [[], S, NormAxis<S, I>, NormAxis<S, J>] :
  [NegOf<J>] extends [never] ? [[], S, NormAxis<S, I>, NormAxis<S, J>] :
  SplitEnd<S, MaxSmall<NegOf<I>, NegOf<J>>> extends infer Sp ? ([Sp] extends [never] ? never :
    Sp extends [infer Pre extends Shape, infer Suf extends Shape] ? [Pre, Suf, NormAxis<Suf, I>, NormAxis<Suf, J>] : never) : never;
type MaxSmall<A extends number, B extends number> = SmallTup<A> extends [...SmallTup<B>, ...unknown[]] ? A : B;
type SmallTup<N extends number, R extends unknown[] = []> = R['length'] extends N ? R : SmallTup<N, [...R, unknown]>;
