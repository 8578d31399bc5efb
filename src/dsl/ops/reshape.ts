// Reshapes. Literal shapes: reshape / view with a product check and one inferred -1 (digit-wise arithmetic).
// Generic shapes: a product like Mul<H, D> is opaque, so use the structural reshapes splitLast / mergeLast
// (here), flatten / unflatten (flatten.ts), unsqueeze / squeeze (squeeze.ts) or rearrange (rearrange.ts);
// reshape itself only accepts the identity there.
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Shape, ShapeLike, Dim, DimEq, Ident, Check, ShapeError as ShapeErrorT, Mul, Div, Prod } from '../shape';
import { ShapeError, ArgumentError } from '../shape-error';
import { typed, arg, shapeCheck, intArg } from '../internal';

type IsNeg1<X> = { h: X } extends { h: -1 } ? true : false;
type HasNeg1<N extends ShapeLike> = N extends readonly [infer H, ...infer R extends ShapeLike] ? (IsNeg1<H> extends true ? true : HasNeg1<R>) : false;
type Drop1<N extends ShapeLike> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? 1 : N[K] };
type Fill1<N extends ShapeLike, X> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? X : N[K] };
/** the reshaped shape, or ShapeError<"reshape: 1024 elements cannot be viewed as 1000", S, N> /
 *  ShapeError<"reshape: 1024 elements are not divisible by 3", S, N> */
export type ReshapeR<S extends Shape, N extends ShapeLike, Op extends string = 'reshape'> =
  Ident<S, [...N]> extends true ? [...S] :
  HasNeg1<N> extends true ? (Div<Prod<S>, Prod<Drop1<N>>> extends infer X extends number ?
      ([X] extends [never] ? ShapeErrorT<`${Op}: ${Prod<S>} elements are not divisible by ${Prod<Drop1<N>>}`, S, N> : Fill1<N, X>) : never)
  : DimEq<Prod<S>, Prod<N>> extends true ? [...N]
  : ShapeErrorT<`${Op}: ${Prod<S>} elements cannot be viewed as ${Prod<N>}`, S, N>;
type ReshapeVerdict<S extends Shape, N extends ShapeLike, Op extends string> =
  ReshapeR<S, N, Op> extends infer R ? (R extends ShapeErrorT<string> ? R : true) : never;

/** runtime twin of ReshapeR: the new dims (a -1 filled in) */
export function reshapeDims(op: string, dims0: readonly number[], n: number, shape: unknown): number[] {
  const req: unknown = shape;
  if (!Array.isArray(req) || !req.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
    throw new ArgumentError(`${op}: shape must hold non-negative integers and at most one -1, got ${String(req)}`);
  }
  const dims: number[] = req;
  const holes = dims.filter((d) => d === -1).length;
  if (holes > 1) throw new ArgumentError(`${op}: only one dim can be -1, got [${dims.join(', ')}]`);
  if (holes === 1) {
    const known = sizeOf(dims.filter((d) => d !== -1));
    shapeCheck(known !== 0 && n % known === 0, `${op}: ${n} elements are not divisible by ${known}`, dims0, dims);
    return dims.map((d) => (d === -1 ? n / known : d));
  }
  shapeCheck(sizeOf(dims) === n, `${op}: ${n} elements cannot be viewed as ${sizeOf(dims)}`, dims0, dims);
  return dims;
}

/** same elements, new shape; one dim may be -1 (inferred) */
export function reshape<S extends Shape, const N extends ShapeLike, D extends DType = 'float32'>(
  x: Tensor<S, D>, shape: Check<ReshapeVerdict<S, N, 'reshape'>, N>,
): Tensor<Ok<ReshapeR<S, N>>, D> {
  const t = arg('reshape', 'x', x);
  return typed(rt.reshape(t, reshapeDims('reshape', t.dims, t.size, shape)));
}

/** torch's x.view(shape): reshape under another name (tensors are always contiguous here) */
export function view<S extends Shape, const N extends ShapeLike, D extends DType = 'float32'>(
  x: Tensor<S, D>, shape: Check<ReshapeVerdict<S, N, 'view'>, N>,
): Tensor<Ok<ReshapeR<S, N, 'view'>>, D> {
  const t = arg('view', 'x', x);
  return typed(rt.reshape(t, reshapeDims('view', t.dims, t.size, shape)));
}
type Ok<R> = R extends readonly unknown[] ? R : never;

/** true, or ShapeError<"splitLast: last dim 64 is not 4 * 15", [...P, C]>. Generic code: C must be
 *  exactly the alias Mul<H, D> (the model derives C = Mul<H, D>; Mul<D, H> is another type). */
export type SplitLastVerdict<C, H extends Dim, D extends Dim, X> =
  Ident<C, Mul<H, D>> extends true ? true : DimEq<C, Mul<H, D>> extends true ? true :
  ShapeErrorT<`splitLast: last dim ${C & number} is not ${H} * ${D}`, X>;

/** split the last dim into two: [...P, H*D] -> [...P, H, D] */
export function splitLast<P extends Shape, C extends Dim, H extends Dim, D extends Dim, DT extends DType = 'float32'>(
  x: Check<SplitLastVerdict<C, H, D, [...P, C]>, Tensor<[...P, C], DT>>, h: H, d: D,
): Tensor<[...P, H, D], DT> {
  const t = arg('splitLast', 'x', x);
  intArg('splitLast', 'h', h, 1);
  intArg('splitLast', 'd', d, 1);
  shapeCheck(t.rank >= 1, 'splitLast: x must have rank >= 1', t.dims);
  const c = t.dims[t.rank - 1];
  if (c !== h * d) throw new ShapeError(`splitLast: last dim ${c} is not ${h} * ${d}`, t.dims);
  return typed(rt.reshape(t, [...t.dims.slice(0, -1), h, d]));
}

/** merge the last two dims: [...P, H, D] -> [...P, Mul<H, D>] */
export function mergeLast<P extends Shape, H extends Dim, D extends Dim, DT extends DType = 'float32'>(
  x: Tensor<[...P, H, D], DT>,
): Tensor<[...P, Mul<H, D>], DT> {
  const t = arg('mergeLast', 'x', x);
  shapeCheck(t.rank >= 2, 'mergeLast: x must have rank >= 2', t.dims);
  const [h, d] = t.dims.slice(-2);
  return typed(rt.reshape(t, [...t.dims.slice(0, -2), h * d]));
}
