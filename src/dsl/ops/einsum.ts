// einsum with the spec parsed at the type level: one or two operands, explicit '->', one letter per axis.
//   einsum('bhtd,bhsd->bhts', q, k) : [B, H, T, T]     einsum('ij->ji', x)     einsum('bij,bjk->bik', a, b)
// Works for literal and fixed-rank generic shapes (each letter binds a dim; letters bound twice must be equal,
// DimEq); not for rank-polymorphic ones (the letters are counted against the rank). Not supported: '...',
// repeated letters within one operand (traces, diagonals).
// Runtime: letters only in one operand and not in the output are summed out, then the operands are permuted
// to [batch, free, contracted] / [batch, contracted, free], reshaped to 3-D, multiplied, reshaped and permuted
// to the output order.
import type { Tensor, AnyTensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Shape, Check, ShapeError, DimEq } from '../shape';
import { ShapeError as RuntimeShapeError, ArgumentError } from '../shape-error';
import { typedFn, arg } from '../internal';

type Letter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z';
/** 'bhtd' -> ['b', 'h', 't', 'd'], or never when a character is not a lowercase letter */
type Letters<S extends string> = S extends `${infer C}${infer R}` ? (C extends Letter ? [C, ...Letters<R>] : never) : [];
type Parse<Spec extends string> =
  Spec extends `${infer L}->${infer O}`
    ? (L extends `${infer A},${infer B}` ? [Letters<A>, Letters<B>, Letters<O>] : [Letters<L>, [], Letters<O>]) : never;
type Repeated<Cs extends string[]> = Cs extends [infer H extends string, ...infer R extends string[]] ? (H extends R[number] ? H : Repeated<R>) : never;
type RepeatedIn<La extends string[], Lb extends string[]> = [Repeated<La>] extends [never] ? Repeated<Lb> : Repeated<La>;
type Missing<Cs extends string[], Known extends string> = Cs extends [infer H extends string, ...infer R extends string[]] ? (H extends Known ? Missing<R, Known> : H) : never;
/** [letter, dim] pairs */
type Bind<Cs extends string[], S extends Shape> = { [K in keyof Cs]: [Cs[K], S[K & keyof S]] };
type Lookup<L, Bs> = Bs extends [[infer C, infer D], ...infer R] ? (C extends L ? [D] : Lookup<L, R>) : [];
/** true, or ShapeError<"einsum: index 'd' has different sizes (16 vs 32)", A, B> for the first letter bound to two dims */
type Consistent<Ba, Bb, A, B> = Bb extends [[infer C extends string, infer D extends number], ...infer R]
  ? (Lookup<C, Ba> extends [infer D0 extends number]
    ? (DimEq<D0, D> extends true ? Consistent<Ba, R, A, B> : ShapeError<`einsum: index '${C}' has different sizes (${D0} vs ${D})`, A, B>)
    : Consistent<Ba, R, A, B>)
  : true;
type RankVerdict<Cs extends string[], S extends Shape, Which extends string, A, B> =
  Cs['length'] extends S['length'] ? true : ShapeError<`einsum: ${Which} operand has rank ${S['length']}, the spec gives ${Cs['length']} indices`, A, B>;

/** true, or a ShapeError naming the spec problem or the first inconsistent letter */
export type EinsumVerdict<Spec extends string, A extends Shape, B extends Shape, Two extends boolean> =
  [Parse<Spec>] extends [never] ? ShapeError<`einsum: cannot parse '${Spec}' (expected 'ij,jk->ik' or 'ij->ji')`> :
  Parse<Spec> extends [infer La extends string[], infer Lb extends string[], infer Lo extends string[]]
    ? (Two extends true ? (Lb extends [] ? ShapeError<`einsum: '${Spec}' names one operand, got two`> : true) : (Lb extends [] ? true : ShapeError<`einsum: '${Spec}' names two operands, got one`>)) extends infer V
      ? (V extends true
        ? ([RepeatedIn<La, Lb>] extends [never]
          ? ([Repeated<Lo>] extends [never]
            ? ([Missing<Lo, La[number] | Lb[number]>] extends [never]
              ? (RankVerdict<La, A, 'first', A, B> extends true
                ? (Two extends true ? (RankVerdict<Lb, B, 'second', A, B> extends true ? Consistent<Bind<La, A>, Bind<Lb, B>, A, B> : RankVerdict<Lb, B, 'second', A, B>) : true)
                : RankVerdict<La, A, 'first', A, B>)
              : ShapeError<`einsum: output index '${Missing<Lo, La[number] | Lb[number]>}' is not an input index`, A, B>)
            : ShapeError<`einsum: output index '${Repeated<Lo>}' is repeated`, A, B>)
          : ShapeError<`einsum: index '${RepeatedIn<La, Lb>}' is repeated within one operand (not supported)`, A, B>)
        : V) : never
    : never;
/** the output shape: each output letter's dim */
export type EinsumShape<Spec extends string, A extends Shape, B extends Shape> =
  Parse<Spec> extends [infer La extends string[], infer Lb extends string[], infer Lo extends string[]]
    ? { [K in keyof Lo]: Lookup<Lo[K], Bind<La, A>> extends [infer D] ? D : Lookup<Lo[K], Bind<Lb, B>> extends [infer D] ? D : never }
    : never;

export interface Einsum {
  /** one operand: permute and sum out ('ij->ji', 'ij->i') */
  <const Spec extends string, A extends Shape>(spec: Spec, a: Check<EinsumVerdict<Spec, A, [], false>, Tensor<A>>): Tensor<EinsumShape<Spec, A, []>>;
  /** two operands: batch, contract, outer products ('bhtd,bhsd->bhts') */
  <const Spec extends string, A extends Shape, B extends Shape>(
    spec: Spec, a: Tensor<A>, b: Check<EinsumVerdict<Spec, A, B, true>, Tensor<B>>): Tensor<EinsumShape<Spec, A, B>>;
}

interface Op { t: AnyTensor; ls: string[] }

/** runtime twin of the type-level parser and verdict */
function parse(spec: unknown, n: number): [string[][], string[]] {
  if (typeof spec !== 'string') throw new ArgumentError(`einsum: spec must be a string, got ${typeof spec}`);
  const m = /^([a-z]*)(?:,([a-z]*))?->([a-z]*)$/.exec(spec);
  if (!m) throw new ArgumentError(`einsum: cannot parse '${spec}' (expected 'ij,jk->ik' or 'ij->ji')`);
  const ins = m[2] === undefined ? [m[1]] : [m[1], m[2]];
  if (ins.length !== n) throw new ArgumentError(`einsum: '${spec}' names ${ins.length === 1 ? 'one operand' : 'two operands'}, got ${n === 1 ? 'one' : 'two'}`);
  return [ins.map((s) => [...s]), [...m[3]]];
}

function sumOut(op: Op, keep: Set<string>): Op {
  let { t, ls } = op;
  for (let k = ls.length - 1; k >= 0; k--) {
    if (!keep.has(ls[k])) { t = rt.reduce('sum', t, k, false); ls = ls.filter((_, i) => i !== k); }
  }
  return { t, ls };
}
const arrange = (op: Op, order: string[]): AnyTensor => rt.permute(op.t, order.map((l) => op.ls.indexOf(l)));

function einsumImpl(spec: string, ...xs: unknown[]): AnyTensor {
  const ts = xs.map((x, i) => arg('einsum', i === 0 ? 'a' : 'b', x));
  const [ins, out] = parse(spec, ts.length);
  const [sa, sb] = [ts[0].dims, ts.length > 1 ? ts[1].dims : []];
  const which = ['first', 'second'];
  ins.forEach((ls, i) => {
    const rep = ls.find((l, k) => ls.indexOf(l) !== k);
    if (rep !== undefined) throw new RuntimeShapeError(`einsum: index '${rep}' is repeated within one operand (not supported)`, sa, sb);
    if (ls.length !== ts[i].rank) throw new RuntimeShapeError(`einsum: ${which[i]} operand has rank ${ts[i].rank}, the spec gives ${ls.length} indices`, sa, sb);
  });
  const orep = out.find((l, k) => out.indexOf(l) !== k);
  if (orep !== undefined) throw new RuntimeShapeError(`einsum: output index '${orep}' is repeated`, sa, sb);
  const size = new Map<string, number>();
  ins.forEach((ls, i) => ls.forEach((l, k) => {
    const d = ts[i].dims[k], d0 = size.get(l);
    if (d0 !== undefined && d0 !== d) throw new RuntimeShapeError(`einsum: index '${l}' has different sizes (${d0} vs ${d})`, sa, sb);
    size.set(l, d);
  }));
  const missing = out.find((l) => !size.has(l));
  if (missing !== undefined) throw new RuntimeShapeError(`einsum: output index '${missing}' is not an input index`, sa, sb);

  const dimsOf = (ls: string[]) => ls.map((l) => size.get(l)!);
  if (ts.length === 1) {
    const s = sumOut({ t: ts[0], ls: ins[0] }, new Set(out));
    return arrange(s, out);
  }
  const [la, lb] = ins;
  const a = sumOut({ t: ts[0], ls: la }, new Set([...lb, ...out]));
  const b = sumOut({ t: ts[1], ls: lb }, new Set([...la, ...out]));
  const batch = a.ls.filter((l) => b.ls.includes(l) && out.includes(l));
  const contr = a.ls.filter((l) => b.ls.includes(l) && !out.includes(l));
  const freeA = a.ls.filter((l) => !b.ls.includes(l));
  const freeB = b.ls.filter((l) => !a.ls.includes(l));
  const nb = sizeOf(dimsOf(batch)), nc = sizeOf(dimsOf(contr));
  const a3 = rt.reshape(arrange(a, [...batch, ...freeA, ...contr]), [nb, sizeOf(dimsOf(freeA)), nc]);
  const b3 = rt.reshape(arrange(b, [...batch, ...contr, ...freeB]), [nb, nc, sizeOf(dimsOf(freeB))]);
  const prod = [...batch, ...freeA, ...freeB];
  const c = rt.reshape(rt.matmul(a3, b3), dimsOf(prod));
  return arrange({ t: c, ls: prod }, out);
}

export const einsum: Einsum = typedFn<Einsum>((spec: string, ...xs: unknown[]) => einsumImpl(spec, ...xs));
