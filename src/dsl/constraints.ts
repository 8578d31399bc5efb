// Hyper-parameter constraints as types (model configs, call sites of a model):
//   DivisibleVerdict<E, H>   nEmbd must split into nHead heads (Div<E, H> exists)
//   AtMost<Blk>              the literal dims 0..Blk, as a union: a CONSTRAINT `T extends AtMost<Blk>` rejects a
//                            literal sequence length above the block size, and generic code that calls such a
//                            function states the same requirement on its own T (it propagates like any bound).
//                            A runtime-only length (`number`) does not satisfy it: narrow it first (assertShape).
//   AtMostVerdict<T, Blk>    the same as a verdict for Check<> parameters (literal dims; `number` passes)
//   SameDimVerdict<A, B>     two dims of different parameters must agree (the embedding and LM-head vocabularies)
import type { ShapeError, DimEq, Div, Lt, IsLit } from './shape';

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type Below = { '0': never; '1': '0'; '2': '0' | '1'; '3': '0' | '1' | '2'; '4': '0' | '1' | '2' | '3'; '5': '0' | '1' | '2' | '3' | '4';
  '6': '0' | '1' | '2' | '3' | '4' | '5'; '7': '0' | '1' | '2' | '3' | '4' | '5' | '6'; '8': Exclude<Digit, '8' | '9'>; '9': Exclude<Digit, '9'> };
/** every string of N digits (leading zeros allowed) */
type AnyDigits<N extends string> = N extends `${string}${infer R}` ? `${Digit}${AnyDigits<R>}` : '';
/** digit strings of the same length as S that are <= S (leading zeros allowed) */
type UpToSameLen<S extends string> =
  S extends `${infer D extends Digit}${infer R}` ? `${Below[D]}${AnyDigits<R>}` | `${D}${UpToSameLen<R>}` : '';
/** every number literal with fewer digits than S */
type Shorter<S extends string> = S extends `${string}${infer R}` ? (R extends '' ? never : '0' | ShorterNZ<R>) : never;
type ShorterNZ<R extends string> = R extends `${string}${infer Q}` ? `${Exclude<Digit, '0'>}${AnyDigits<Q>}` | ShorterNZ<Q> : never;
type ToNum<S> = S extends `${infer N extends number}` ? N : never;
/** the union 0 | 1 | ... | N of a literal N (a bound for `T extends AtMost<Blk>`); `number` for a non-literal N */
export type AtMost<N extends number> = N extends unknown
  ? (IsLit<N> extends true
    ? ToNum<'0' | Shorter<`${N}`> | (`${N}` extends `${infer D extends Digit}${infer R}` ? `${Exclude<Below[D], '0'>}${AnyDigits<R>}` | `${D}${UpToSameLen<R>}` : never)>
    : number)
  : never;

/** true, or ShapeError<"sequence length 33 exceeds the block size 32", [T], [Blk]> (literal dims; `number` passes) */
export type AtMostVerdict<T extends number, Blk extends number, What extends string = 'sequence length', Limit extends string = 'the block size'> =
  { x: number } extends { x: T } ? true : { x: number } extends { x: Blk } ? true :
  Lt<Blk, T> extends true ? ShapeError<`${What} ${T} exceeds ${Limit} ${Blk}`, [T], [Blk]> : true;

/** true, or ShapeError<"config: nEmbd 65 is not a multiple of nHead 4", [E], [H]> */
export type DivisibleVerdict<E extends number, H extends number, What extends string = 'config: nEmbd', By extends string = 'nHead'> =
  [Div<E, H>] extends [never] ? ShapeError<`${What} ${E} is not a multiple of ${By} ${H}`, [E], [H]> : true;

/** true, or ShapeError<"the LM head has 66 outputs, the embedding 65 rows", [A], [B]> */
export type SameDimVerdict<A extends number, B extends number, Msg extends string> =
  DimEq<A, B> extends true ? true : ShapeError<Msg, [A], [B]>;
