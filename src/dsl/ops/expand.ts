// expand(x, shape): broadcast x up to `shape` (torch's x.expand; a copy here). Size-1 and missing leading dims
// grow; -1 keeps x's dim. x must broadcast INTO the shape (the same rule as masks: MaskVerdict).
//   expand(x [1, T, C], [b, t, c]) : [B, T, C]        expand(zeros([3, 1]), [2, -1, 4]) : [2, 3, 4]
import type { Tensor, AnyTensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, ShapeLike, Check, ShapeError, MaskVerdict } from '../shape';
import { ArgumentError } from '../shape-error';
import { typedFn, arg, checkShapeArg, broadcastChecked, shapeCheck, sameDims } from '../internal';

type IsNeg1<X> = { h: X } extends { h: -1 } ? true : false;
/** the target with every -1 replaced by x's dim at that (right-aligned) position; a -1 beyond x's rank stays -1 */
export type ExpandTarget<S extends Shape, N extends ShapeLike, Acc extends Shape = []> =
  N extends readonly [...infer NI extends ShapeLike, infer NL extends number]
    ? (S extends [...infer SI extends Shape, infer SL extends number]
      ? ((IsNeg1<NL> extends true ? SL : NL) extends infer X ? ExpandTarget<SI, NI, [X & number, ...Acc]> : never)
      : ExpandTarget<[], NI, [NL, ...Acc]>)
    : Acc;
type HasNeg1<N extends Shape> = N extends [infer H, ...infer R extends Shape] ? (IsNeg1<H> extends true ? true : HasNeg1<R>) : false;
/** true, ShapeError<"expand: cannot broadcast (dim 3 vs 4)", target, S> or "expand: x does not broadcast into shape" */
export type ExpandVerdict<S extends Shape, N extends ShapeLike> =
  HasNeg1<ExpandTarget<S, N>> extends true ? ShapeError<'expand: -1 is only allowed where x has a dim', S, N> :
  MaskVerdict<ExpandTarget<S, N>, S, 'expand', 'x', 'shape'>;

export interface Expand {
  /** a target of dims (literal, generic or `number`): x must broadcast into it */
  <S extends Shape, const N extends ShapeLike, D extends DType = 'float32'>(
    x: Tensor<S, D>, shape: Check<MaskVerdict<[...N], S, 'expand', 'x', 'shape'>, N>): Tensor<[...N], D>;
  /** a literal target where -1 keeps x's dim (last: TS 7 reports the last overload's error) */
  <S extends Shape, const N extends ShapeLike, D extends DType = 'float32'>(
    x: Tensor<S, D>, shape: Check<ExpandVerdict<S, N>, N>): Tensor<ExpandTarget<S, N>, D>;
}

function expandImpl(x: unknown, shape: unknown): AnyTensor {
  const t = arg('expand', 'x', x);
  const req: unknown = shape;
  if (!Array.isArray(req) || !req.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
    throw new ArgumentError(`expand: shape must hold non-negative integers or -1, got ${String(req)}`);
  }
  const given: number[] = req;
  const off = given.length - t.rank;
  shapeCheck(given.every((d, k) => d !== -1 || k >= off), 'expand: -1 is only allowed where x has a dim', t.dims, given);
  const target = given.map((d, k) => (d === -1 ? t.dims[k - off] : d));
  checkShapeArg('expand', target);
  const b = broadcastChecked('expand', target, t.dims);
  shapeCheck(sameDims(b, target), 'expand: x does not broadcast into shape', target, t.dims);
  return rt.expand(t, target);
}

export const expand: Expand = typedFn<Expand>(expandImpl);
