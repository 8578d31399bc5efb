// reshape / view (product check, one -1: literal shapes), flatten / unflatten (structural: all settings),
// splitLast / mergeLast.
import { type Tensor, type Shape, type Mul, zeros, reshape, view, flatten, unflatten, splitLast, mergeLast } from '../src/dsl';
import { exact } from './exact';

export function literal() {
  const x = zeros([2, 8, 64]);
  exact<Tensor<[16, 64]>>()(reshape(x, [-1, 64]));
  exact<Tensor<[2, 8, 4, 16]>>()(view(x, [2, 8, 4, -1]));
  exact<Tensor<[2, 512]>>()(flatten(x, 1));
  exact<Tensor<[1024]>>()(flatten(x));
  exact<Tensor<[16, 64]>>()(flatten(x, 0, 1));
  exact<Tensor<[2, 8, 4, 16]>>()(unflatten(x, -1, [4, 16]));
  exact<Tensor<[2, 8, 4, 16]>>()(unflatten(x, 2, [4, -1]));
  exact<Tensor<[2, 8, 4, 16]>>()(splitLast(x, 4, 16));
  exact<Tensor<[2, 8, 64]>>()(mergeLast(zeros([2, 8, 4, 16])));
  // @ts-expect-error  view: 1024 elements cannot be viewed as 1000
  view(x, [10, 100]);
  // @ts-expect-error  flatten: start axis 2 is after end axis 1
  flatten(x, 2, 1);
  // @ts-expect-error  unflatten: dim 64 is not the product of the sizes (60)
  unflatten(x, -1, [4, 15]);
  // @ts-expect-error  unflatten: dim 64 is not divisible by 3
  unflatten(x, -1, [3, -1]);
}

export function fixed<B extends number, T extends number, H extends number, D extends number>(
  x: Tensor<[B, T, Mul<H, D>]>, y: Tensor<[B, T, H, D]>, h: H, d: D) {
  exact<Tensor<[B, T, H, D]>>()(unflatten(x, -1, [h, d]));
  exact<Tensor<[B, T, Mul<H, D>]>>()(flatten(y, 2, 3));                               // mergeLast's alias again
  exact<Tensor<[Mul<B, T>, H, D]>>()(flatten(y, 0, 1));
  exact<Tensor<[B, T, H, D]>>()(reshape(y, [y.shape[0], y.shape[1], h, d]));          // identity reshape only
  // @ts-expect-error  unflatten into (D, H): Mul<D, H> is not Mul<H, D>
  unflatten(x, -1, [d, h]);
  // @ts-expect-error  reshape cannot prove B * T * Mul<H, D> = B * T * H * D (products of type parameters are opaque)
  reshape(x, [y.shape[0], y.shape[1], h, d]);
}

export function variadic<P extends Shape, H extends number, D extends number>(x: Tensor<[...P, Mul<H, D>]>, y: Tensor<[...P, H, D]>, h: H, d: D) {
  exact<Tensor<[...P, H, D]>>()(unflatten(x, -1, [h, d]));
  exact<Tensor<[...P, Mul<H, D>]>>()(flatten(y, -2, -1));
  exact<Tensor<[...P, H, D]>>()(splitLast(x, h, d));
  exact<Tensor<[...P, Mul<H, D>]>>()(mergeLast(y));
  // @ts-expect-error  flatten from a positive axis needs a known rank
  flatten(y, 0, -1);
  // @ts-expect-error  reshape of a rank-polymorphic shape
  reshape(y, [-1]);
}
