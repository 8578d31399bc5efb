// Reshapes. Literal shapes: reshape with a product check and one inferred -1 (digit-wise arithmetic).
// Generic shapes: a product like Mul<H, D> is opaque, so use the structural reshapes splitLast / mergeLast /
// unsqueeze (reshape itself only accepts the identity there).
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Shape, ShapeLike, Dim, Check, DimEq, ShapeError as ShapeErrorT, Mul, Div, Prod, NormAxis, InsertAt } from '../shape';
import { ShapeError, ArgumentError } from '../shape-error';
import { typed, arg, shapeCheck, intArg } from '../internal';

type IsNeg1<X> = { h: X } extends { h: -1 } ? true : false;
type HasNeg1<N extends ShapeLike> = N extends readonly [infer H, ...infer R extends ShapeLike] ? (IsNeg1<H> extends true ? true : HasNeg1<R>) : false;
type Drop1<N extends ShapeLike> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? 1 : N[K] };
type Fill1<N extends ShapeLike, X> = { -readonly [K in keyof N]: IsNeg1<N[K]> extends true ? X : N[K] };
/** the reshaped shape, or ShapeError<"reshape: 1024 elements cannot be viewed as 1000", S, N> /
 *  ShapeError<"reshape: 1024 elements are not divisible by 3", S, N> */
export type ReshapeR<S extends Shape, N extends ShapeLike> =
  { a: S; b: N } extends { a: N; b: S } ? [...S] :
  HasNeg1<N> extends true ? (Div<Prod<S>, Prod<Drop1<N>>> extends infer X extends number ?
      ([X] extends [never] ? ShapeErrorT<`reshape: ${Prod<S>} elements are not divisible by ${Prod<Drop1<N>>}`, S, N> : Fill1<N, X>) : never)
  : DimEq<Prod<S>, Prod<N>> extends true ? [...N]
  : ShapeErrorT<`reshape: ${Prod<S>} elements cannot be viewed as ${Prod<N>}`, S, N>;
type ReshapeVerdict<S extends Shape, N extends ShapeLike> = ReshapeR<S, N> extends infer R ? (R extends ShapeErrorT<string> ? R : true) : never;

/** same elements, new shape; one dim may be -1 (inferred) */
export function reshape<S extends Shape, const N extends ShapeLike, D extends DType = 'float32'>(
  x: Tensor<S, D>, shape: Check<ReshapeVerdict<S, N>, N>,
): Tensor<Ok<ReshapeR<S, N>>, D> {
  const t = arg('reshape', 'x', x);
  const req: unknown = shape;
  if (!Array.isArray(req) || !req.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
    throw new ArgumentError(`reshape: shape must hold non-negative integers and at most one -1, got ${String(req)}`);
  }
  const dims: number[] = req;
  const holes = dims.filter((d) => d === -1).length;
  if (holes > 1) throw new ArgumentError(`reshape: only one dim can be -1, got [${dims.join(', ')}]`);
  const n = t.size;
  let out = dims;
  if (holes === 1) {
    const known = sizeOf(dims.filter((d) => d !== -1));
    shapeCheck(known !== 0 && n % known === 0, `reshape: ${n} elements are not divisible by ${known}`, t.dims, dims);
    out = dims.map((d) => (d === -1 ? n / known : d));
  } else {
    shapeCheck(sizeOf(dims) === n, `reshape: ${n} elements cannot be viewed as ${sizeOf(dims)}`, t.dims, dims);
  }
  return typed(rt.reshape(t, out));
}
type Ok<R> = R extends readonly unknown[] ? R : never;

/** split the last dim into two: [...P, H*D] -> [...P, H, D]. The last dim must be exactly Mul<H, D>
 *  (in generic code the same deferred alias: the model derives C = Mul<H, D>). */
export function splitLast<P extends Shape, H extends Dim, D extends Dim, DT extends DType = 'float32'>(
  x: Tensor<[...P, NoInfer<Mul<H, D>>], DT>, h: H, d: D,
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

/** true or ShapeError<"unsqueeze: axis 4 out of range", S> (axis in [-rank-1, rank]) */
type UnsqueezeVerdict<S extends Shape, Ax extends number> =
  number extends S['length'] ? ShapeErrorT<'unsqueeze: axis needs a tensor of known rank', S> :
  [NormAxis<[...S, 1], Ax>] extends [never] ? ShapeErrorT<`unsqueeze: axis ${Ax} out of range`, S> : true;
/** insert a dim of size 1 before `axis` (negative counts from the end of the result: -1 appends) */
export function unsqueeze<S extends Shape, const Ax extends number, D extends DType = 'float32'>(
  x: Tensor<S, D>, axis: Check<UnsqueezeVerdict<S, Ax>, Ax>,
): Tensor<InsertAt<S, NormAxis<[...S, 1], Ax> & number, 1>, D> {
  const t = arg('unsqueeze', 'x', x);
  const a: unknown = axis;
  if (typeof a !== 'number' || !Number.isInteger(a)) throw new ArgumentError(`unsqueeze: axis must be an integer, got ${String(a)}`);
  const r = t.rank + 1;
  const i = a < 0 ? a + r : a;
  shapeCheck(i >= 0 && i < r, `unsqueeze: axis ${a} out of range`, t.dims);
  const out = [...t.dims];
  out.splice(i, 0, 1);
  return typed(rt.reshape(t, out));
}
