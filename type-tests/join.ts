// Joining along an axis: cat (two tensors), concat (a list: the dim becomes the sum), stack (a new axis of the
// list's length).
import { type Tensor, type Shape, type Add, zeros, ints, cat, concat, stack } from '../src/dsl';
import { exact, given } from './exact';

export function literal() {
  exact<Tensor<[2, 9]>>()(concat([zeros([2, 3]), zeros([2, 4]), zeros([2, 2])], 1));
  exact<Tensor<[2, 8, 50257]>>()(concat([zeros([2, 8, 50000]), zeros([2, 8, 257])], -1));
  exact<Tensor<[5, 3], 'int32'>>()(concat([ints([1, 2, 3], [1, 3]), ints(new Array<number>(12).fill(0), [4, 3])], 0));
  exact<Tensor<[3, 2, 4]>>()(stack([zeros([2, 4]), zeros([2, 4]), zeros([2, 4])], 0));
  exact<Tensor<[2, 4, 3]>>()(stack([zeros([2, 4]), zeros([2, 4]), zeros([2, 4])], -1));
  exact<Tensor<[2, 2, 4]>>()(stack([zeros([2, 4]), zeros([2, 4])], 1));
  exact<Tensor<[2, 7]>>()(cat(zeros([2, 3]), zeros([2, 4]), 1));
  // @ts-expect-error  concat: shapes differ outside axis 1 (dim 2 vs 3)
  concat([zeros([2, 3]), zeros([3, 4])], 1);
  // @ts-expect-error  concat: axis 2 out of range
  concat([zeros([2, 3]), zeros([2, 4])], 2);
  // @ts-expect-error  stack: shapes differ
  stack([zeros([2, 4]), zeros([2, 5])], 0);
  // @ts-expect-error  stack: axis 3 out of range (a new axis goes in [-3, 2])
  stack([zeros([2, 4]), zeros([2, 4])], 3);
  // @ts-expect-error  one dtype per list
  concat([zeros([1, 3]), ints([1, 2, 3], [1, 3])], 0);
}

export function fixed<B extends number, T extends number, C extends number, C2 extends number>(a: Tensor<[B, T, C]>, b: Tensor<[B, T, C2]>) {
  exact<Tensor<[B, T, Add<C, C2>]>>()(concat([a, b], -1));
  exact<Tensor<[B, T, Add<Add<C, C2>, C>]>>()(concat([a, b, a], 2));
  exact<Tensor<[B, Add<T, T>, C]>>()(concat([a, a], 1));
  exact<Tensor<[B, 2, T, C]>>()(stack([a, a], 1));
  // @ts-expect-error  concat along axis 1: C vs C2 differ outside the axis
  concat([a, b], 1);
  // @ts-expect-error  stack: [B, T, C] vs [B, T, C2]
  stack([a, b], 0);
}

export function variadic<P extends Shape, C extends number, C2 extends number>(a: Tensor<[...P, C]>, b: Tensor<[...P, C2]>) {
  exact<Tensor<[...P, Add<C, C2>]>>()(concat([a, b], -1));
  exact<Tensor<[...P, Add<C, C2>]>>()(cat(a, b, -1));
  exact<Tensor<[2, ...P, C]>>()(stack([a, a], 0));
  exact<Tensor<[...P, C, 2]>>()(stack([a, a], -1));
  // @ts-expect-error  concat along a positive axis needs a known rank
  concat([a, a], 0);
  // @ts-expect-error  stack: [...P, C] vs [...P, C2]
  stack([a, b], 0);
  void given;
}
