// Elementwise broadcasting, rsub/rdiv, and masks/conditions that must broadcast INTO the target (where, maskedFill),
// in the three settings: literal dims, fixed-rank generic dims, rank-polymorphic [...P, C].
import { type Tensor, type Shape, zeros, add, sub, mul, div, rsub, rdiv, where, maskedFill, tril, not } from '../src/dsl';
import { exact, given } from './exact';

export function literal() {
  exact<Tensor<[8, 7, 6, 5]>>()(mul(zeros([8, 1, 6, 1]), zeros([7, 1, 5])));         // numpy's docs example
  exact<Tensor<[15, 3, 5]>>()(add(zeros([15, 3, 5]), zeros([15, 1, 5])));
  exact<Tensor<[15, 3, 5]>>()(sub(zeros([15, 1, 5]), zeros([15, 3, 5])));            // the 1 on the left is fine here
  exact<Tensor<[4, 3]>>()(rsub(zeros([4, 3]), zeros([3])));                           // [3] - [4, 3]
  exact<Tensor<[4, 3]>>()(rdiv(zeros([4, 3]), 1));
  exact<Tensor<[2, 4, 4]>>()(where(tril(4), zeros([2, 4, 4]), zeros([4])));           // cond [4, 4] and b [4] broadcast into a
  exact<Tensor<[2, 4, 4]>>()(maskedFill(zeros([2, 4, 4]), not(tril(4)), -Infinity));
  // @ts-expect-error  mul: cannot broadcast (dim 2 vs 4) -- numpy's docs: [2, 1] vs [8, 4, 3]
  mul(zeros([2, 1]), zeros([8, 4, 3]));
  // @ts-expect-error  rsub: cannot broadcast (dim 3 vs 4)
  rsub(zeros([4, 3]), zeros([4]));
  // @ts-expect-error  where: b does not broadcast into a ([2, 4, 4] vs b [3, 4, 4] is not into)
  where(tril(4), zeros([4, 4]), zeros([3, 4, 4]));
  // @ts-expect-error  maskedFill: mask does not broadcast into x (the mask is bigger than x)
  maskedFill(zeros([4, 4]), given<Tensor<[2, 4, 4], 'bool'>>(), 0);
}

export function fixed<B extends number, T extends number, C extends number>(x: Tensor<[B, T, C]>, col: Tensor<[B, T, 1]>, t: T) {
  exact<Tensor<[B, T, C]>>()(sub(x, col));                                            // the broadcast operand on the right
  exact<Tensor<[B, T, C]>>()(rsub(x, col));                                           // col - x, still on the right
  exact<Tensor<[B, T, C]>>()(rdiv(x, col));                                           // col / x
  exact<Tensor<[B, T, C]>>()(mul(x, given<Tensor<[T, C]>>()));
  const att = given<Tensor<[B, T, T]>>();
  exact<Tensor<[B, T, T]>>()(where(tril(t), att, given<Tensor<[T]>>()));
  exact<Tensor<[B, T, T]>>()(maskedFill(att, not(tril(t)), -Infinity));
  // @ts-expect-error  [B, T, 1] - [B, T, C]: a `1` on the LEFT against a type parameter is undecidable -> rsub
  sub(col, x);
  // @ts-expect-error  where: the mask [T, T] vs a [B, T, C]: T vs C cannot be shown equal
  where(tril(t), x, 0);
}

export function variadic<P extends Shape, C extends number>(x: Tensor<[...P, C]>, bias: Tensor<[C]>, m: Tensor<[C], 'bool'>) {
  exact<Tensor<[...P, C]>>()(add(x, bias));
  exact<Tensor<[...P, C]>>()(rsub(x, bias));
  exact<Tensor<[...P, C]>>()(rdiv(x, given<Tensor<[1]>>()));
  exact<Tensor<[...P, C]>>()(where(m, x, bias));
  exact<Tensor<[...P, C]>>()(maskedFill(x, m, 0));
  // @ts-expect-error  [...P, C] + [X, C]: broadcasting past the known suffix of a rank-polymorphic shape
  add(x, given<Tensor<[7, C]>>());
}
