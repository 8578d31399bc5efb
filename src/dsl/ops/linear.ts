// linear: x [...P, I] @ w [I, O] (+ b [O]) -> [...P, O]  (rank-polymorphic; w is [in, out])
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, DimEq, ShapeError } from '../shape';
import { typed, arg, shapeCheck } from '../internal';

/** true or ShapeError<"linear: x has 64 features, weight expects 32", X, W> */
export type LinearVerdict<I extends Dim, I2 extends Dim, X, W> =
  DimEq<I, I2> extends true ? true : ShapeError<`linear: x has ${I} features, weight expects ${I2}`, X, W>;
/** true or ShapeError<"linear: bias has 64 entries, weight has 256 outputs", W, [O2]> */
export type BiasVerdict<O extends Dim, O2 extends Dim, W> =
  DimEq<O, O2> extends true ? true : ShapeError<`linear: bias has ${O2} entries, weight has ${O} outputs`, W, [O2]>;

export function linear<P extends Shape, I extends Dim, I2 extends Dim, O extends Dim, O2 extends Dim = O>(
  x: Tensor<[...P, I]>,
  w: Check<LinearVerdict<I, I2, [...P, I], [I2, O]>, Tensor<[I2, O]>>,
  b?: Check<BiasVerdict<O, O2, [I2, O]>, Tensor<[O2]>>,
): Tensor<[...P, O]> {
  const tx = arg('linear', 'x', x), tw = arg('linear', 'w', w);
  shapeCheck(tx.rank >= 1, 'linear: x must have rank >= 1', tx.dims);
  shapeCheck(tw.rank === 2, 'linear: weight must be [in, out]', tw.dims);
  const i = tx.dims[tx.rank - 1], [i2, o] = tw.dims;
  shapeCheck(i === i2, `linear: x has ${i} features, weight expects ${i2}`, tx.dims, tw.dims);
  let y: ReturnType<typeof rt.matmul>;
  if (tx.rank === 1) y = rt.reshape(rt.matmul(rt.reshape(tx, [1, i]), tw), [o]);
  else y = rt.matmul(tx, tw);
  if (b !== undefined) {
    const tb = arg('linear', 'b', b);
    shapeCheck(tb.rank === 1 && tb.dims[0] === o, `linear: bias has ${tb.rank === 1 ? tb.dims[0] : tb.size} entries, weight has ${o} outputs`, tw.dims, tb.dims);
    y = rt.binary('add', y, tb);
  }
  return typed(y);
}
