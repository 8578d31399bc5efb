// transpose(i, j), permute and mT with negative axes, in the three settings.
import { type Tensor, type Shape, zeros, transpose, permute, mT } from '../src/dsl';
import { exact } from './exact';

export function literal() {
  const x = zeros([2, 8, 4, 16]);
  exact<Tensor<[2, 8, 16, 4]>>()(transpose(x, -1, -2));
  exact<Tensor<[16, 2, 8, 4]>>()(permute(x, [-1, 0, 1, 2]));
  exact<Tensor<[2, 4, 8, 16]>>()(permute(x, [0, -2, -3, -1]));
  // @ts-expect-error  permute: not a permutation (-1 and 3 are the same axis)
  permute(x, [0, 1, -1, 3]);
  // @ts-expect-error  permute: not a permutation (-5 is out of range)
  permute(x, [-5, 1, 2, 3]);
  // @ts-expect-error  transpose: axis -5 out of range
  transpose(x, 0, -5);
}

export function fixed<B extends number, T extends number, H extends number, D extends number>(x: Tensor<[B, T, H, D]>) {
  exact<Tensor<[B, H, T, D]>>()(transpose(x, 1, -2));
  exact<Tensor<[D, B, T, H]>>()(permute(x, [-1, 0, 1, 2]));
  exact<Tensor<[B, T, D, H]>>()(mT(x));
  // @ts-expect-error  permute: wrong number of axes
  permute(x, [-1, 0, 1]);
}

export function variadic<P extends Shape, H extends number, D extends number>(x: Tensor<[...P, H, D]>) {
  exact<Tensor<[...P, D, H]>>()(transpose(x, -1, -2));                               // inside the known suffix
  exact<Tensor<[...P, D, H]>>()(mT(x));
  // @ts-expect-error  permute lists every axis: it needs a known rank
  permute(x, [-1, -2]);
  // @ts-expect-error  transpose: a positive axis of a rank-polymorphic shape
  transpose(x, 0, -1);
}
