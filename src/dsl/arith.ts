// Type-level natural-number arithmetic, digit-wise (template literals): Add, Sub, Mul, Div, Lt, Min, Prod.
// Works for any size that fits in a JS number literal (exact below 2^53): Mul<65536, 65536>, Div<38597376, 768>.
// (Tuple-length arithmetic dies at 1,000 recursion steps / 10,000 elements; see DESIGN-NOTES 2.4.)
// All operators return `number` if an argument is not a numeric literal (`number`, or a branded runtime dim),
// and stay as a deferred alias (e.g. `Mul<H, D>`) when an argument is a type parameter.
// Add/Mul distribute over unions first: digit-wise code fed a union (6 | 8) would otherwise mix digits
// of different members (Mul<6 | 8, 64> gave 384 | 392 | 504 | 512).

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type DigitVal = { '0': 0; '1': 1; '2': 2; '3': 3; '4': 4; '5': 5; '6': 6; '7': 7; '8': 8; '9': 9 };
type Tup<N extends number, R extends 0[] = []> = R['length'] extends N ? R : Tup<N, [...R, 0]>; // N <= 99 only

// --- single-digit tables, computed once (mapped types are cached) ---
type SplitTwo<N extends number> = `${N}` extends `${infer C extends Digit}${infer D extends Digit}` ? [D, C] : [`${N}` & Digit, '0'];
// AddTable[a][b][carry] = [digit, carry]
type AddTable = { [A in Digit]: { [B in Digit]: { [C in 0 | 1]: SplitTwo<[...Tup<DigitVal[A]>, ...Tup<DigitVal[B]>, ...Tup<C>]['length'] & number> } } };
type Times<T extends 0[], N extends number, R extends 0[] = [], I extends 0[] = []> = I['length'] extends N ? R : Times<T, N, [...R, ...T], [...I, 0]>;
// MulTable[a][b][carry 0..9] = [digit, carryDigit]
type MulTable = { [A in Digit]: { [B in Digit]: { [C in Digit]: SplitTwo<[...Times<Tup<DigitVal[A]>, DigitVal[B]>, ...Tup<DigitVal[C]>]['length'] & number> } } };
// SubTable[a][b][borrow] = [digit, borrow]   (a - b - borrow, mod 10)
type SubTable = { [A in Digit]: { [B in Digit]: { [C in 0 | 1]:
  [...Tup<DigitVal[B]>, ...Tup<C>] extends [...infer X extends 0[]] ?
    Tup<DigitVal[A]> extends [...X, ...infer R extends 0[]] ? [`${R['length']}` & Digit, 0] :
    [...Tup<10>, ...Tup<DigitVal[A]>] extends [...X, ...infer R extends 0[]] ? [`${R['length']}` & Digit, 1] : never
  : never } } };

// --- reversed digit strings (least significant digit first) ---
type Rev<S extends string, Acc extends string = ''> = S extends `${infer H}${infer R}` ? Rev<R, `${H}${Acc}`> : Acc;
type AddRev<A extends string, B extends string, C extends 0 | 1 = 0, Acc extends string = ''> =
  A extends `${infer a extends Digit}${infer AR}` ?
    B extends `${infer b extends Digit}${infer BR}` ? AddRev<AR, BR, AddTable[a][b][C][1] extends '1' ? 1 : 0, `${Acc}${AddTable[a][b][C][0]}`>
    : AddRev<A, '0', C, Acc>
  : B extends '' ? (C extends 1 ? `${Acc}1` : Acc) : AddRev<'0', B, C, Acc>;
type MulDigitRev<A extends string, d extends Digit, C extends Digit = '0', Acc extends string = ''> =
  A extends `${infer a extends Digit}${infer AR}` ? MulDigitRev<AR, d, MulTable[a][d][C][1], `${Acc}${MulTable[a][d][C][0]}`>
  : C extends '0' ? Acc : `${Acc}${C}`;
type MulRev<A extends string, B extends string, Shift extends string = '', Acc extends string = '0'> =
  B extends `${infer b extends Digit}${infer BR}` ? MulRev<A, BR, `${Shift}0`, AddRev<Acc, `${Shift}${MulDigitRev<A, b>}`>> : Acc;
type SubRev<A extends string, B extends string, C extends 0 | 1 = 0, Acc extends string = ''> =   // assumes A >= B
  A extends `${infer a extends Digit}${infer AR}` ?
    B extends `${infer b extends Digit}${infer BR}` ? SubRev<AR, BR, SubTable[a][b][C][1], `${Acc}${SubTable[a][b][C][0]}`>
    : SubRev<A, '0', C, Acc>
  : Acc;
type StripRev<S extends string> = S extends `${infer R}0` ? (R extends '' ? '0' : StripRev<R>) : S extends '' ? '0' : S; // strip leading zeros (at the end, reversed)
// compare normal-order digit strings: -1 | 0 | 1
type Len<S extends string, N extends 0[] = []> = S extends `${string}${infer R}` ? Len<R, [...N, 0]> : N['length'];
type CmpSameLen<A extends string, B extends string> =
  A extends `${infer a extends Digit}${infer AR}` ? B extends `${infer b extends Digit}${infer BR}` ?
    a extends b ? CmpSameLen<AR, BR> : Tup<DigitVal[a]> extends [...Tup<DigitVal[b]>, ...0[]] ? 1 : -1 : 0 : 0;
type CmpStr<A extends string, B extends string> =
  Len<A> extends Len<B> ? CmpSameLen<A, B> :
  Tup<Len<A>> extends [...Tup<Len<B>>, ...0[]] ? 1 : -1;
// long division, normal order strings. Q digit found by repeated subtraction (<= 9 times).
type Strip<S extends string> = S extends `0${infer R}` ? (R extends '' ? '0' : Strip<R>) : S;
type SubStr<A extends string, B extends string> = Strip<Rev<SubRev<Rev<A>, Rev<B>>>>;
type QDigit<R extends string, B extends string, Q extends 0[] = []> =
  CmpStr<R, B> extends -1 ? [`${Q['length']}`, R] : QDigit<SubStr<R, B>, B, [...Q, 0]>;
type DivStr<A extends string, B extends string, R extends string = '0', Q extends string = ''> =
  A extends `${infer d extends Digit}${infer AR}` ?
    QDigit<Strip<`${R}${d}`>, B> extends [infer q extends string, infer r extends string] ? DivStr<AR, B, r, `${Q}${q}`> : never
  : [Strip<Q>, R];

type ToNum<S extends string> = S extends `${infer N extends number}` ? N : never;
/** a non-negative numeric LITERAL? (false for `number` and for branded runtime dims like number & {brand}) */
export type IsLit<N extends number> = `${N}` extends `${Digit}${string}` ? true : false;

/** a + b */
export type Add<A extends number, B extends number> = A extends unknown ? B extends unknown ? AddI<A, B> : never : never;
type AddI<A extends number, B extends number> =
  IsLit<A> extends false ? number : IsLit<B> extends false ? number :
  ToNum<Rev<AddRev<Rev<`${A}`>, Rev<`${B}`>>>>;
/** a * b */
export type Mul<A extends number, B extends number> = A extends unknown ? B extends unknown ? MulI<A, B> : never : never;
type MulI<A extends number, B extends number> =
  IsLit<A> extends false ? number : IsLit<B> extends false ? number :
  ToNum<Rev<StripRev<MulRev<Rev<`${A}`>, Rev<`${B}`>>>>>;
/** a - b (a >= b, else never) */
export type Sub<A extends number, B extends number> =
  IsLit<A> extends false ? number : IsLit<B> extends false ? number :
  CmpStr<`${A}`, `${B}`> extends -1 ? never : ToNum<SubStr<`${A}`, `${B}`>>;
/** exact a / b: the quotient if b divides a, else never */
export type Div<A extends number, B extends number> =
  IsLit<A> extends false ? number : IsLit<B> extends false ? number :
  DivStr<`${A}`, `${B}`> extends [infer Q extends string, '0'] ? ToNum<Q> : never;
export type Lt<A extends number, B extends number> = CmpStr<`${A}`, `${B}`> extends -1 ? true : false;
export type Min<A extends number, B extends number> =
  IsLit<A> extends false ? number : IsLit<B> extends false ? number : Lt<A, B> extends true ? A : B;
/** product of a shape (1 for []; `number` for a shape of unknown rank such as number[]) */
export type Prod<S extends readonly number[], Acc extends number = 1> =
  number extends S['length'] ? number :
  S extends readonly [infer H extends number, ...infer R extends readonly number[]] ? Prod<R, Mul<Acc, H>> : Acc;

