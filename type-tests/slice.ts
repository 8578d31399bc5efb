// Slicing along an axis: slice (literal bounds, checked against a literal dim), narrow (any length: the generic
// form), takeLast, select.
import { type Tensor, type Shape, type Min, zeros, ints, slice, narrow, takeLast, select } from '../src/dsl';
import { exact, given } from './exact';

export function literal(n: number) {
  const x = zeros([4, 10]);
  exact<Tensor<[4, 3]>>()(slice(x, 1, 2, 5));
  exact<Tensor<[4, 10]>>()(slice(x, -1, 0, 10));
  exact<Tensor<[2, 10]>>()(slice(x, 0, 2, 4));
  exact<Tensor<[4, 0]>>()(slice(x, 1, 3, 3));
  exact<Tensor<[4, 4]>>()(slice(zeros([4, n]), 1, 1, 5));                            // a runtime dim: checked when called
  exact<Tensor<[4, 3]>>()(narrow(x, -1, 7, 3));
  exact<Tensor<[4, 8], 'int32'>>()(takeLast(ints(new Array<number>(400).fill(0), [4, 100]), 1, 8));
  exact<Tensor<[10]>>()(select(x, 0, -1));
  // @ts-expect-error  slice: end 11 exceeds dim 10 of axis 1
  slice(x, 1, 2, 11);
  // @ts-expect-error  slice: start 5 is after end 3
  slice(x, 1, 5, 3);
  // @ts-expect-error  slice: start -1 must be a non-negative integer
  slice(x, 1, -1, 3);
  // @ts-expect-error  slice: axis 2 out of range
  slice(x, 2, 0, 1);
}

export function fixed<B extends number, T extends number, K extends number>(x: Tensor<[B, 100, T]>, idx: Tensor<[B, T], 'int32'>, k: K) {
  exact<Tensor<[B, 10, T]>>()(slice(x, 1, 0, 10));                                   // a literal dim inside a generic shape
  exact<Tensor<[B, K], 'int32'>>()(narrow(idx, 1, 0, k));
  exact<Tensor<[B, Min<T, 8>], 'int32'>>()(takeLast(idx, -1, 8));
  exact<Tensor<[B, 100]>>()(select(x, -1, 0));
  // @ts-expect-error  slice: end 101 exceeds dim 100 of axis 1
  slice(x, 1, 0, 101);
  // @ts-expect-error  slice of a type-parameter dim: `4 <= T` is undecidable (use narrow)
  slice(idx, 1, 0, 4);
}

export function variadic<P extends Shape, C extends number, K extends number>(x: Tensor<[...P, C]>, y: Tensor<[...P, 64]>, k: K) {
  exact<Tensor<[...P, 16]>>()(slice(y, -1, 16, 32));
  exact<Tensor<[...P, K]>>()(narrow(x, -1, 0, k));
  exact<Tensor<[...P, Min<C, 8>]>>()(takeLast(x, -1, 8));
  exact<Tensor<P>>()(select(x, -1, 0));
  // @ts-expect-error  slice: end 65 exceeds dim 64 of axis -1
  slice(y, -1, 0, 65);
  // @ts-expect-error  narrow along a positive axis of a rank-polymorphic shape
  narrow(x, 0, 0, k);
  void given;
}
