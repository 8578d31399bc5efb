// Batched matmul: a [...PA, M, K] @ b [...PB, K, N] -> [...broadcast(PA, PB), M, N].
// Patterns extract the structure (also variadic prefixes); K and K2 are separate parameters compared with DimEq
// so a mismatch is a ShapeError, not a union K = 64 | 32. Batch dims: identical or empty (also variadic), else
// numpy broadcasting of the prefixes.
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, DimEq, ShapeError, Broadcast, BroadcastVerdict, Ok } from '../shape';
import { typed, arg, shapeCheck, broadcastChecked } from '../internal';

type SameOrEmpty<PA, PB> = { a: PA; b: PB } extends { a: PB; b: PA } | { b: readonly [] } ? true : false;
export type BatchOf<PA extends Shape, PB extends Shape> = SameOrEmpty<PA, PB> extends true ? PA : Ok<Broadcast<PA, PB, 'matmul'>>;
/** true, ShapeError<"matmul: inner dims differ (64 vs 32)", A, B>, or a batch broadcast error (shapes = the batch prefixes) */
export type MatmulVerdict<K extends Dim, K2 extends Dim, A, B, PA extends Shape, PB extends Shape> =
  DimEq<K, K2> extends true ? (SameOrEmpty<PA, PB> extends true ? true : BroadcastVerdict<PA, PB, 'matmul'>)
  : ShapeError<`matmul: inner dims differ (${K} vs ${K2})`, A, B>;

/** a @ b (both rank >= 2; batch dims broadcast) */
export function matmul<PA extends Shape, M extends Dim, K extends Dim, PB extends Shape, K2 extends Dim, N extends Dim>(
  a: Tensor<[...PA, M, K]>,
  b: Check<MatmulVerdict<K, K2, [...PA, M, K], [...PB, K2, N], PA, PB>, Tensor<[...PB, K2, N]>>,
): Tensor<[...BatchOf<PA, PB>, M, N]> {
  const ta = arg('matmul', 'a', a), tb = arg('matmul', 'b', b);
  shapeCheck(ta.rank >= 2 && tb.rank >= 2, 'matmul: operands need rank >= 2', ta.dims, tb.dims);
  const k = ta.dims[ta.rank - 1], k2 = tb.dims[tb.rank - 2];
  shapeCheck(k === k2, `matmul: inner dims differ (${k} vs ${k2})`, ta.dims, tb.dims);
  broadcastChecked('matmul', ta.dims.slice(0, -2), tb.dims.slice(0, -2));
  return typed(rt.matmul(ta, tb));
}
