// einops-style rearrange with the pattern parsed at the type level:
//   rearrange('b t (h d) -> b h t d', x [B, T, Mul<H, D>], { h, d }) : [B, H, T, D]     (split heads + transpose)
//   rearrange('b h t d -> b t (h d)', y) : [B, T, Mul<H, D>]                            (merge heads)
//   rearrange('... (h d) -> ... h d', x [...P, Mul<H, D>], { h, d }) : [...P, H, D]      (rank-polymorphic)
//   rearrange('b t (h d) -> b h t d', x [2, 8, 64], { h: 4 }) : [2, 4, 8, 16]            (literal: d = 64 / 4)
// Names are bound to x's dims; a group (h d) on the left splits a dim (its sizes come from `axes`; with literal
// dims one size may be left out and is divided out), a group on the right merges dims (Mul, left to right).
// Every name must appear once on each side ('...', only leading, stands for the leading dims).
// In generic code a group's dim must be exactly the product of the given sizes (Mul<H, D> for (h d)).
// Runtime: reshape to the split dims, permute, reshape to the merged dims.
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Shape, Check, ShapeError, DimEq, Ident, Div, Prod, SplitEnd } from '../shape';
import type { FoldMul } from './flatten';
import { ShapeError as RuntimeShapeError, ArgumentError } from '../shape-error';
import { typed, arg } from '../internal';

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type Words<S extends string> = Trim<S> extends '' ? [] : Trim<S> extends `${infer W} ${infer R}` ? [W, ...Words<R>] : [Trim<S>];
/** 'b t (h d)' -> ['b', 't', ['h', 'd']] */
type Tokens<S extends string> =
  Trim<S> extends '' ? [] :
  Trim<S> extends `(${infer G})${infer R}` ? [Words<G>, ...Tokens<R>] :
  Trim<S> extends `${infer W} ${infer R}` ? [W, ...Tokens<R>] : [Trim<S>];
type Token = string | string[];
type BadName<W extends string> = W extends `${string}${'(' | ')' | ',' | '-' | '>'}${string}` | '' ? true : false;
type Valid<T extends Token[]> = T extends [infer H, ...infer R extends Token[]]
  ? (H extends string[] ? (true extends { [K in keyof H]: BadName<H[K] & string> }[number] ? false : H extends [] ? false : Valid<R>)
    : H extends string ? (BadName<H> extends true ? false : Valid<R>) : false)
  : true;
type Parse<Spec extends string> =
  Spec extends `${infer L}->${infer R}` ? (Valid<Tokens<L>> extends true ? (Valid<Tokens<R>> extends true ? [Tokens<L>, Tokens<R>] : never) : never) : never;
/** [tokens after a leading '...', true] or [tokens, false] */
type Ell<T extends Token[]> = T extends ['...', ...infer R extends Token[]] ? [R, true] : [T, false];
type Names<T extends Token[]> = T extends [infer H, ...infer R extends Token[]] ? (H extends string[] ? [...H, ...Names<R>] : [H & string, ...Names<R>]) : [];
type Join<G extends string[]> = G extends [infer H extends string] ? H : G extends [infer H extends string, ...infer R extends string[]] ? `${H} ${Join<R>}` : '';
type Dup<Ns extends string[]> = Ns extends [infer H extends string, ...infer R extends string[]] ? (H extends R[number] ? H : Dup<R>) : never;
type OnlyIn<A extends string[], B extends string> = A extends [infer H extends string, ...infer R extends string[]] ? (H extends B ? OnlyIn<R, B> : H) : never;

/** the first name of the left side missing on the right, else the first of the right missing on the left */
type OneSide<L extends Token[], R extends Token[]> =
  [OnlyIn<Names<L>, Names<R>[number]>] extends [never] ? OnlyIn<Names<R>, Names<L>[number]> : OnlyIn<Names<L>, Names<R>[number]>;
type Axes = { readonly [name: string]: number };
/** the names of G without a size in A */
type Unsized<G extends string[], A extends Axes> = G extends [infer H extends string, ...infer R extends string[]] ? (H extends keyof A ? Unsized<R, A> : [H, ...Unsized<R, A>]) : [];
type SizesOf<G extends string[], A extends Axes> = G extends [infer H extends string, ...infer R extends string[]] ? (H extends keyof A ? [A[H], ...SizesOf<R, A>] : SizesOf<R, A>) : [];
/** a group's sizes: all given in axes (checked by SplitVerdict), or one left out (literal dims: X divided by the
 *  product of the others; a ShapeError when it does not divide) */
type GroupSizes<G extends string[], X extends number, A extends Axes, S extends Shape> =
  Unsized<G, A> extends [] ? SizesOf<G, A>
    : Unsized<G, A> extends [infer U extends string]
      ? ([Div<X, Prod<SizesOf<G, A>>>] extends [never]
        ? ShapeError<`rearrange: dim ${X} is not divisible by ${Prod<SizesOf<G, A>>} for (${Join<G>})`, S, SizesOf<G, A>>
        : { [K in keyof G]: G[K] extends U ? Div<X, Prod<SizesOf<G, A>>> : A[G[K] & keyof A] })
      : ShapeError<`rearrange: (${Join<G>}) needs the sizes of all but one name`, S>;
/** true, or ShapeError<"rearrange: dim 64 is not (h d) = 60", S, sizes>. The dim comes first so that a deferred
 *  generic mismatch prints as SplitVerdict<Mul<H, D>, [D, H], "h d", ...> */
export type SplitVerdict<X, Z extends Shape, G extends string, S extends Shape> =
  Ident<X, FoldMul<Z>> extends true ? true : DimEq<X, Prod<Z>> extends true ? true :
  ShapeError<`rearrange: dim ${X & number} is not (${G}) = ${Prod<Z>}`, S, Z>;
/** [dim, sizes, names] of every group whose sizes are all given */
type Splits<T extends Token[], Ds extends Shape, A extends Axes, Acc extends unknown[] = []> =
  T extends [infer H, ...infer R extends Token[]]
    ? (Ds extends [infer X, ...infer Dr extends Shape]
      ? (H extends string[] ? (Unsized<H, A> extends [] ? (SizesOf<H, A> extends infer Z ? Splits<R, Dr, A, [...Acc, [X, Z, Join<H>]]> : never) : Splits<R, Dr, A, Acc>)
        : Splits<R, Dr, A, Acc>)
      : Acc)
    : Acc;
/** the first failing SplitVerdict; the last one is returned as is (a tail position keeps its alias name) */
type AllSplits<Cs, S extends Shape> =
  Cs extends [[infer X, infer Z extends Shape, infer G extends string], ...infer R]
    ? (R extends [] ? SplitVerdict<X, Z, G, S> : SplitVerdict<X, Z, G, S> extends true ? AllSplits<R, S> : SplitVerdict<X, Z, G, S>)
    : true;
type Zip<G extends string[], Z> = { [K in keyof G]: [G[K], Z[K & keyof Z]] };
/** bind tokens to dims: the [name, dim] pairs, or the first ShapeError */
type Bind<T extends Token[], Ds extends Shape, A extends Axes, S extends Shape, Acc extends unknown[] = []> =
  T extends [infer H, ...infer R extends Token[]]
    ? (Ds extends [infer X extends number, ...infer Dr extends Shape]
      ? (H extends string[]
        ? (GroupSizes<H, X, A, S> extends infer Z ? (Z extends ShapeError<string, unknown, unknown> ? Z : Bind<R, Dr, A, S, [...Acc, ...Zip<H, Z>]>) : never)
        : H extends keyof A ? (DimEq<X, A[H]> extends true ? Bind<R, Dr, A, S, [...Acc, [H & string, X]]> : ShapeError<`rearrange: '${H & string}' is ${X}, axes give ${A[H]}`, S>)
        : Bind<R, Dr, A, S, [...Acc, [H & string, X]]>)
      : never)
    : Acc;
type Look<N, Ps> = Ps extends [[infer C, infer D extends number], ...infer R] ? (C extends N ? D : Look<N, R>) : never;
type Dims<G, Ps> = G extends [infer H, ...infer R] ? [Look<H, Ps>, ...Dims<R, Ps>] : [];
type Out<T extends Token[], Ps> = { [K in keyof T]: T[K] extends string[] ? FoldMul<Dims<T[K], Ps>> : Look<T[K], Ps> };

/** [prefix, dims bound by the tokens] (the prefix is [] without '...') */
type Split<L extends Token[], S extends Shape> =
  Ell<L> extends [infer T extends Token[], true] ? SplitEnd<S, T['length']> : [[], S];
/** [left tokens, right tokens, left has '...', right has '...', [prefix, bound dims]]. Each part is bound with
 *  `extends infer X` before it goes into the tuple: TS 7 leaves a conditional alias written inside a tuple of a
 *  conditional's branch unresolved (TS 5.9 resolves it). */
type Analyzed<Spec extends string, S extends Shape> =
  Parse<Spec> extends [infer L0 extends Token[], infer R0 extends Token[]]
    ? (Ell<L0> extends [infer L, infer EL] ? (Ell<R0> extends [infer R, infer ER] ? (Split<L0, S> extends infer Sp ? [L, R, EL, ER, Sp] : never) : never) : never)
    : never;

/** true, or a ShapeError naming the pattern problem / the dim that does not split */
export type RearrangeVerdict<Spec extends string, S extends Shape, A extends Axes> =
  Analyzed<Spec, S> extends [infer L extends Token[], infer R extends Token[], infer EL, infer ER, infer Sp]
    ? ({ l: EL } extends { l: ER } ? ([Dup<Names<L>>] extends [never] ? ([Dup<Names<R>>] extends [never]
      ? ([OneSide<L, R>] extends [never]
        ? (Sp extends [unknown, infer Ds extends Shape]
          ? (Ds['length'] extends L['length']
            ? (Bind<L, Ds, A, S> extends infer B ? (B extends ShapeError<string, unknown, unknown> ? B : AllSplits<Splits<L, Ds, A>, S>) : never)
            : ShapeError<`rearrange: x has rank ${S['length']}, the pattern names ${L['length']} axes`, S>)
          : ShapeError<`rearrange: x has fewer dims than the pattern names`, S>)
        : ShapeError<`rearrange: '${OneSide<L, R>}' is on one side only`, S>)
      : ShapeError<`rearrange: '${Dup<Names<R>>}' appears twice`, S>) : ShapeError<`rearrange: '${Dup<Names<L>>}' appears twice`, S>)
      : ShapeError<`rearrange: '...' must lead both sides or neither`, S>)
    : ShapeError<`rearrange: cannot parse '${Spec}' (expected 'b t (h d) -> b h t d')`, S>;
/** the result shape */
export type Rearranged<Spec extends string, S extends Shape, A extends Axes> =
  Analyzed<Spec, S> extends [infer L extends Token[], infer R extends Token[], unknown, unknown, [infer Pre extends Shape, infer Ds extends Shape]]
    ? (Out<R, Bind<L, Ds, A, S>> extends infer O extends Shape ? [...Pre, ...O] : never) : never;

// ---- runtime twin
function tokens(side: string, spec: string): Token[] {
  const out: Token[] = [];
  const re = /\(([^()]*)\)|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(side)) !== null) {
    if (m[1] !== undefined) {
      const g = m[1].trim().split(/\s+/).filter(Boolean);
      if (g.length === 0 || g.some((w) => /[(),\->]/.test(w))) throw new ArgumentError(`rearrange: cannot parse '${spec}' (expected 'b t (h d) -> b h t d')`);
      out.push(g);
    } else if (/[(),\->]/.test(m[2])) throw new ArgumentError(`rearrange: cannot parse '${spec}' (expected 'b t (h d) -> b h t d')`);
    else out.push(m[2]);
  }
  return out;
}
const flat = (ts: Token[]): string[] => ts.flatMap((t) => (typeof t === 'string' ? [t] : t));

function rearrangeImpl(spec: unknown, x: unknown, axes: unknown): AnyTensor {
  const t = arg('rearrange', 'x', x);
  if (typeof spec !== 'string' || spec.split('->').length !== 2) throw new ArgumentError(`rearrange: cannot parse '${String(spec)}' (expected 'b t (h d) -> b h t d')`);
  if (axes !== undefined && (axes === null || typeof axes !== 'object')) throw new ArgumentError('rearrange: axes must be an object of sizes');
  const ax = new Map<string, number>();
  const entries: [string, unknown][] = axes === undefined ? [] : Object.entries(axes);
  for (const [k, v] of entries) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArgumentError(`rearrange: axes.${k} must be an integer >= 1, got ${String(v)}`);
    ax.set(k, v);
  }
  const [ls, rs] = spec.split('->');
  let L = tokens(ls, spec), R = tokens(rs, spec);
  const el = L[0] === '...', er = R[0] === '...';
  const S = t.dims;
  if (el !== er) throw new RuntimeShapeError(`rearrange: '...' must lead both sides or neither`, S);
  if (el) { L = L.slice(1); R = R.slice(1); }
  const nl = flat(L), nr = flat(R);
  const dup = (ns: string[]) => ns.find((n, i) => ns.indexOf(n) !== i);
  if (dup(nl) !== undefined) throw new RuntimeShapeError(`rearrange: '${dup(nl)}' appears twice`, S);
  if (dup(nr) !== undefined) throw new RuntimeShapeError(`rearrange: '${dup(nr)}' appears twice`, S);
  const one = nl.find((n) => !nr.includes(n)) ?? nr.find((n) => !nl.includes(n));
  if (one !== undefined) throw new RuntimeShapeError(`rearrange: '${one}' is on one side only`, S);
  if (el ? S.length < L.length : S.length !== L.length) {
    throw new RuntimeShapeError(el ? 'rearrange: x has fewer dims than the pattern names' : `rearrange: x has rank ${S.length}, the pattern names ${L.length} axes`, S);
  }
  const pre = S.slice(0, S.length - L.length), ds = S.slice(S.length - L.length);
  const size = new Map<string, number>();
  L.forEach((tok, i) => {
    const X = ds[i];
    if (typeof tok === 'string') {
      const given = ax.get(tok);
      if (given !== undefined && given !== X) throw new RuntimeShapeError(`rearrange: '${tok}' is ${X}, axes give ${given}`, S);
      size.set(tok, X);
      return;
    }
    const z = tok.map((n) => ax.get(n) ?? -1);
    const unknown = z.filter((v) => v === -1).length;
    const known = sizeOf(z.filter((v) => v !== -1));
    if (unknown > 1) throw new RuntimeShapeError(`rearrange: (${tok.join(' ')}) needs the sizes of all but one name`, S);
    if (unknown === 1) {
      if (known === 0 || X % known !== 0) throw new RuntimeShapeError(`rearrange: dim ${X} is not divisible by ${known} for (${tok.join(' ')})`, S, z.filter((v) => v !== -1));
      tok.forEach((n, k) => size.set(n, z[k] === -1 ? X / known : z[k]));
    } else {
      if (known !== X) throw new RuntimeShapeError(`rearrange: dim ${X} is not (${tok.join(' ')}) = ${known}`, S, z);
      tok.forEach((n, k) => size.set(n, z[k]));
    }
  });
  const sz = (n: string) => size.get(n)!;
  const split = rt.reshape(t, [...pre, ...nl.map(sz)]);
  const np = pre.length;
  const moved = rt.permute(split, [...pre.keys(), ...nr.map((n) => np + nl.indexOf(n))]);
  return rt.reshape(moved, [...pre, ...R.map((tok) => (typeof tok === 'string' ? sz(tok) : sizeOf(tok.map(sz))))]);
}

export function rearrange<const Spec extends string, S extends Shape, const A extends Axes = {}, D extends DType = 'float32'>(
  spec: Spec, x: Check<RearrangeVerdict<Spec, S, A>, Tensor<S, D>>, axes?: A,
): Tensor<Rearranged<Spec, S, A>, D> {
  return typed(rearrangeImpl(spec, x, axes));
}
