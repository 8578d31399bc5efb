// Pure type-level shape machinery of the typed surface (no runtime code except the Sym brand helper's type).
// Design: /work/shared/design/types/DESIGN-NOTES.md (prototype: tensor.ts there). Rules that make it work in
// GENERIC code (dims are type parameters):
//  R1  structure is matched by inference patterns in parameter positions (Tensor<[...P, M, K]>) or by
//      conditionals over FIXED-RANK tuples ([B, T, C] is not "generic" for the checker, [...P, C] is);
//  R2  never ask a conditional about a bare dim (`T extends 1` defers): ask about a wrapper object
//      (`{a: A; b: B} extends {a: B; b: A}` is definitely true for A = B = T);
//  R3  verdicts are `true | ShapeError`; Check<V, T> stays DISTRIBUTIVE over the naked V (a wrapped Check
//      accepts mismatches when the verdict is deferred);
//  R4  error payloads carry shapes as type ARGUMENTS; message texts use only plain `${K}` placeholders of
//      number-constrained parameters (display helpers made one wrong generic call take 35-66 s).
import type { DType } from '../runtime/tensor';
import type { Add, Mul, Div, Min, Sub, Prod, Lt, IsLit } from './arith';

export type { DType, Add, Mul, Div, Min, Sub, Prod, Lt, IsLit };
export type {
  AxisVerdict, AxisParts, AxisDim, SetAxis, SpliceAxis, DropAxis, ReduceAxis, InsertAxis, InsertAxisVerdict, AxisPair, SplitEnd,
} from './axes';

// ---------------------------------------------------------------------------------------------
// core
/** a dim: a number literal (checked), a type parameter (checked generically), `number` (runtime-only, unchecked)
 *  or a branded runtime dim `Dim<'seq'>` = `Sym<'seq'>` (runtime-only, but tracked by name: never equal to
 *  `Dim<'other'>` or to a literal). `Dim` without a name is `number`. */
export type Dim<Name extends string = never> = [Name] extends [never] ? number : Sym<Name>;
/** Tensor shapes are MUTABLE tuples ([B, T, C]); readonly tuples are only accepted as *inputs* (ShapeLike). */
export type Shape = Dim[];
export type ShapeLike = readonly Dim[];

declare const symBrand: unique symbol;
/** a branded runtime dim (potatogpt's idea): unknown until runtime, but Sym<'seq'> never matches Sym<'other'> or 17 */
export type Sym<Name extends string> = number & { readonly [symBrand]: Name };

/** What a parameter turns into when shapes do not fit; TS prints it by name with its arguments.
 *  ONE property, so TS prints "Property '__shapeError' is missing in type ... but required in type 'ShapeError<msg, lhs, rhs>'". */
export interface ShapeError<Msg extends string, A = unknown, B = unknown> {
  readonly __shapeError: [Msg, A, B];
}
/** Parameter type helper: the parameter is T if Verdict is true, else it BECOMES the ShapeError. */
export type Check<Verdict, T> = Verdict extends true ? T : Verdict;

/** a shape that is known not to be an error (for spreads of results) */
export type Ok<R> = R extends readonly unknown[] ? R : never;

// ---------------------------------------------------------------------------------------------
// dim equality / broadcasting (R2)
/** true | false | deferred.  `number` is an unchecked runtime dim: equal to anything. */
export type DimEq<A, B> =
  { a: A; b: B } extends { a: B; b: A } ? true :
  { x: number } extends { x: A } ? true :
  { x: number } extends { x: B } ? true : false;

/** one broadcast dim, wrapped: [result] or false. The first test is true for (T, T) and (T, 1): never defers there. */
export type BDim<A, B> =
  { a: A; b: B } extends { a: B; b: A } | { b: 1 } ? [A] :
  { a: A } extends { a: 1 } ? [B] :
  { x: number } extends { x: A } ? [B] :
  { x: number } extends { x: B } ? [A] : false;

/** Mode 'shape' returns the broadcast shape, 'verdict' returns true; both return a ShapeError on mismatch. */
type BroadcastRec<A extends Shape, B extends Shape, Acc extends readonly unknown[], A0, B0, Mode, Op extends string> =
  { b: B } extends { b: readonly [] } ? (Mode extends 'verdict' ? true : [...A, ...Acc]) :
  { a: A } extends { a: readonly [] } ? (Mode extends 'verdict' ? true : [...B, ...Acc]) :
  { a: A; b: B } extends { a: readonly [...infer AI extends Shape, infer AL]; b: readonly [...infer BI extends Shape, infer BL] } ?
    BDim<AL, BL> extends [infer D] ? BroadcastRec<AI, BI, [D, ...Acc], A0, B0, Mode, Op>
    : ShapeError<`${Op}: cannot broadcast (dim ${AL & number} vs ${BL & number})`, A0, B0>
  : never;
/** numpy broadcasting (right-aligned). Peels wrapped tuples, so [...P, C] with [C] gives [...P, C]. */
export type Broadcast<A extends Shape, B extends Shape, Op extends string = 'broadcast'> = BroadcastRec<A, B, [], A, B, 'shape', Op>;
/** true, or ShapeError<"op: cannot broadcast (dim 3 vs 4)", A, B> (the first mismatch from the right) */
export type BroadcastVerdict<A extends Shape, B extends Shape, Op extends string = 'broadcast'> = BroadcastRec<A, B, [], A, B, 'verdict', Op>;

// ---------------------------------------------------------------------------------------------
// axes (fixed rank: work for generic dims because they only look at the tuple structure)
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** tuple of length N (N <= 99: axes and ranks only) */
export type Tup<N extends number, R extends unknown[] = []> = R['length'] extends N ? R : Tup<N, [...R, unknown]>;
/** a small non-negative integer literal (0..99) as text, else never (guards Tup against 1.5, 5000, number) */
type Small<N extends string> = N extends `${Digit}` | `${Digit}${Digit}` ? N : never;
/** the normalized (non-negative) axis, or never when out of range / not a small integer literal */
export type NormAxis<S extends Shape, Ax extends number> =
  `${Ax}` extends `-${infer N extends string}` ?
    ([Small<N>] extends [never] ? never : N extends `${infer M extends number}` ?
      (Tup<S['length']> extends [...infer Keep, ...Tup<M>] ? (M extends 0 ? never : Keep['length']) : never) : never)
  : [Small<`${Ax}`>] extends [never] ? never
  : Tup<S['length']> extends [...Tup<Ax>, unknown, ...unknown[]] ? Ax : never;
/** the normalized axis (use after an AxisVerdict) */
export type Ix<S extends Shape, Ax extends number> = NormAxis<S, Ax> & number;

/** S with dim I replaced by X (homomorphic mapped type: free in generic code) */
export type SetAt<S extends Shape, I extends number, X> = { -readonly [K in keyof S]: K extends `${I}` ? X : S[K] };
/** S without dim I */
export type RemoveAt<S extends Shape, I extends number, C extends unknown[] = [], Out extends unknown[] = []> =
  S extends readonly [infer H, ...infer R extends Shape] ? (C['length'] extends I ? [...Out, ...R] : RemoveAt<R, I, [...C, 0], [...Out, H]>) : Out;
/** S with X inserted before position I (I = rank appends) */
export type InsertAt<S extends Shape, I extends number, X, C extends unknown[] = [], Out extends unknown[] = []> =
  C['length'] extends I ? [...Out, X, ...S] : S extends readonly [infer H, ...infer R extends Shape] ? InsertAt<R, I, X, [...C, 0], [...Out, H]> : Out;
/** S with dims I and J swapped */
export type Swap<S extends Shape, I extends number, J extends number> =
  { -readonly [K in keyof S]: K extends `${I}` ? S[J] : K extends `${J}` ? S[I] : S[K] };
/** all dims pairwise DimEq (same rank) */
export type AllEq<A extends Shape, B extends Shape> =
  A['length'] extends B['length'] ? (false extends { [K in keyof A]: DimEq<A[K], B[K & keyof B]> }[number] ? false : true) : false;
/** A and B are the same type (true | false | deferred). Computed types must reach a wrapper test as type
 *  ARGUMENTS of an alias like this one: TS 7 defers `{a: F<X>; b: G<Y>} extends {a: G<Y>; b: F<X>}` written
 *  inline when F, G are conditional aliases (Mul<H, D> against FoldMul<[H, D]>), TS 5.9 does not. */
export type Ident<A, B> = { a: A; b: B } extends { a: B; b: A } ? true : false;
/** A fits where B is expected (one way; `{ a: A } extends { a: B }`), with the same TS 7 caveat */
export type Fits<A, B> = { a: A } extends { a: B } ? true : false;
/** identical shapes (also rank-polymorphic ones), or pairwise DimEq. Pass computed shapes as ARGUMENTS: TS 7
 *  defers `{a: F<A>; b: F<B>} extends {a: F<B>; b: F<A>}` written inline with conditional F, TS 5.9 does not. */
export type SameDims<A extends Shape, B extends Shape> = { a: A; b: B } extends { a: B; b: A } ? true : AllEq<A, B>;
/** identical shapes, or pairwise DimEq; else ShapeError<Msg, ShowA, ShowB> */
export type SameShapeVerdict<A extends Shape, B extends Shape, Msg extends string, ShowA = A, ShowB = B> =
  { a: A; b: B } extends { a: B; b: A } ? true : AllEq<A, B> extends true ? true : ShapeError<Msg, ShowA, ShowB>;

/** M must broadcast INTO S (the result keeps S's shape): true, the first broadcast error, or
 *  ShapeError<"op: mask does not broadcast into x", S, M> (What names the operand: "mask", "b", ...) */
export type MaskVerdict<S extends Shape, M extends Shape, Op extends string, What extends string = 'mask', Into extends string = 'x'> =
  BroadcastVerdict<S, M, Op> extends true
    ? (Fits<Broadcast<S, M, Op>, S> extends true ? true : ShapeError<`${Op}: ${What} does not broadcast into ${Into}`, S, M>)
    : BroadcastVerdict<S, M, Op>;

/** rank aliases (sugar) */
export type Scalar = [];
