// Axis permutations: transpose(x, i, j) and permute(x, perm) need a known rank (fixed-rank generic shapes
// work); mT(x) swaps the last two axes and is rank-polymorphic.
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, ShapeLike, Dim, Check, AxisVerdict, AxisPair, Swap, Tup, NormAxis, ShapeError as ShapeErrorT } from '../shape';
import { ShapeError } from '../shape-error';
import { typed, arg, normAxis, shapeCheck } from '../internal';

/** S with axes I and J swapped; rank-polymorphic shapes swap inside their known suffix (negative axes) */
export type Transposed<S extends Shape, I extends number, J extends number> =
  AxisPair<S, I, J> extends [infer Pre extends Shape, infer Suf extends Shape, infer i extends number, infer j extends number]
    ? (Swap<Suf, i, j> extends infer W extends Shape ? [...Pre, ...W] : never) : never;

/** swap two axes (negative allowed) */
export function transpose<S extends Shape, const I extends number, const J extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, i: Check<AxisVerdict<S, I, 'transpose'>, I>, j: Check<AxisVerdict<S, J, 'transpose'>, J>,
): Tensor<Transposed<S, I, J>, D> {
  const t = arg('transpose', 'x', x);
  return typed(rt.transpose(t, normAxis('transpose', i, t.dims), normAxis('transpose', j, t.dims)));
}

/** swap the last two axes (rank-polymorphic), like torch's x.mT */
export function mT<P extends Shape, A extends Dim, B extends Dim, D extends DType = 'float32'>(x: Tensor<[...P, A, B], D>): Tensor<[...P, B, A], D> {
  const t = arg('mT', 'x', x);
  shapeCheck(t.rank >= 2, 'mT: x must have rank >= 2', t.dims);
  return typed(rt.transpose(t, t.rank - 2, t.rank - 1));
}

/** the axes of P normalized against S (negative allowed); an out-of-range entry becomes never */
type NormPerm<S extends Shape, P extends ShapeLike> = { -readonly [K in keyof P]: NormAxis<S, P[K]> };
/** true, ShapeError<"permute: wrong number of axes", S, P> or ShapeError<"permute: not a permutation", S, P> */
export type PermVerdict<S extends Shape, P extends ShapeLike> =
  P['length'] extends S['length']
    ? ([Exclude<keyof Tup<S['length']> & `${number}`, `${NormPerm<S, P>[number]}`>] extends [never] ? true : ShapeErrorT<'permute: not a permutation', S, P>)
    : ShapeErrorT<'permute: wrong number of axes', S, P>;

/** reorder axes: permute(x [B, T, C], [2, 0, 1]) : [C, B, T]; negative axes count from the end ([-1, 0, 1]) */
export function permute<S extends Shape, const P extends ShapeLike, D extends DType = 'float32'>(
  x: Tensor<S, D>, perm: Check<PermVerdict<S, P>, P>,
): Tensor<{ -readonly [K in keyof P]: S[NormAxis<S, P[K]> & number] }, D> {
  const t = arg('permute', 'x', x);
  const p: unknown = perm;
  if (!Array.isArray(p) || p.length !== t.rank) throw new ShapeError('permute: wrong number of axes', t.dims, Array.isArray(p) ? p : []);
  const given: number[] = p;
  const axes = given.map((a) => (Number.isInteger(a) && a < 0 ? a + t.rank : a));
  const seen = new Set(axes);
  shapeCheck(seen.size === t.rank && axes.every((a) => Number.isInteger(a) && a >= 0 && a < t.rank), 'permute: not a permutation', t.dims, given);
  return typed(rt.permute(t, axes));
}
