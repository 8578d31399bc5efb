// layer norm over the last axis: x [...P, C], gamma [C], beta [C] (rank-polymorphic)
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, DimEq, ShapeError } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, shapeCheck } from '../internal';

/** true or ShapeError<"layerNorm: gamma has 32 entries, x has 64 features", X, [C2]> (same for beta) */
export type NormParamVerdict<Name extends string, C extends Dim, C2 extends Dim, X> =
  DimEq<C, C2> extends true ? true : ShapeError<`layerNorm: ${Name} has ${C2} entries, x has ${C} features`, X, [C2]>;

export function layerNorm<P extends Shape, C extends Dim, C2 extends Dim, C3 extends Dim>(
  x: Tensor<[...P, C]>,
  gamma: Check<NormParamVerdict<'gamma', C, C2, [...P, C]>, Tensor<[C2]>>,
  beta: Check<NormParamVerdict<'beta', C, C3, [...P, C]>, Tensor<[C3]>>,
  eps = 1e-5,
): Tensor<[...P, C]> {
  const tx = arg('layerNorm', 'x', x), tg = arg('layerNorm', 'gamma', gamma), tb = arg('layerNorm', 'beta', beta);
  shapeCheck(tx.rank >= 1, 'layerNorm: x must have rank >= 1', tx.dims);
  const c = tx.dims[tx.rank - 1];
  for (const [name, t] of [['gamma', tg], ['beta', tb]] as const) {
    const n = t.rank === 1 ? t.dims[0] : t.size;
    shapeCheck(t.rank === 1 && n === c, `layerNorm: ${name} has ${n} entries, x has ${c} features`, tx.dims, t.dims);
  }
  if (typeof eps !== 'number' || !(eps > 0)) throw new ArgumentError(`layerNorm: eps must be a positive number, got ${String(eps)}`);
  return typed(rt.layerNorm(tx, tg, tb, eps));
}
