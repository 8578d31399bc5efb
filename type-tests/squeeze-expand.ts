// Size-1 axes and broadcasting copies: squeeze / unsqueeze / expand.
import { type Tensor, type Shape, zeros, squeeze, unsqueeze, expand } from '../src/dsl';
import { exact } from './exact';

export function literal(n: number) {
  exact<Tensor<[4, 10]>>()(squeeze(zeros([4, 1, 10]), 1));
  exact<Tensor<[4, 10]>>()(squeeze(zeros([4, 10, 1]), -1));
  exact<Tensor<[4, 1, 10]>>()(unsqueeze(zeros([4, 10]), 1));
  exact<Tensor<[2, 3, 4]>>()(expand(zeros([3, 1]), [2, -1, 4]));
  exact<Tensor<[2, 3, 4]>>()(expand(zeros([3, 1]), [2, 3, 4]));
  exact<Tensor<[number, 3]>>()(expand(zeros([1, 3]), [n, 3]));
  // @ts-expect-error  squeeze: dim 2 of axis 1 is not 1
  squeeze(zeros([4, 2, 10]), 1);
  // @ts-expect-error  unsqueeze: axis 3 out of range
  unsqueeze(zeros([4, 10]), 3);
  // @ts-expect-error  expand: cannot broadcast (dim 4 vs 3)
  expand(zeros([3, 1]), [2, 4, 4]);
  // @ts-expect-error  expand: x does not broadcast into shape (x has more dims)
  expand(zeros([2, 3, 1]), [3, 4]);
}

export function fixed<B extends number, T extends number, C extends number>(one: Tensor<[B, 1, C]>, x: Tensor<[B, T, C]>, b: B, t: T, c: C) {
  exact<Tensor<[B, C]>>()(squeeze(one, 1));
  exact<Tensor<[B, T, 1, C]>>()(unsqueeze(x, -2));
  exact<Tensor<[B, T, C]>>()(expand(one, [b, t, c]));
  exact<Tensor<[4, B, T, C]>>()(expand(x, [4, b, t, c]));
  // @ts-expect-error  squeeze of a type-parameter dim: T might not be 1
  squeeze(x, 1);
  // @ts-expect-error  expand: [B, T, C] into [B, C, C] (T vs C)
  expand(x, [b, c, c]);
}

export function variadic<P extends Shape, C extends number>(x: Tensor<[...P, C]>, one: Tensor<[...P, 1]>) {
  exact<Tensor<P>>()(squeeze(one, -1));
  exact<Tensor<[...P, C, 1]>>()(unsqueeze(x, -1));
  exact<Tensor<[1, ...P, C]>>()(unsqueeze(x, 0));
  // @ts-expect-error  squeeze: dim C of axis -1 might not be 1
  squeeze(x, -1);
  // @ts-expect-error  expand needs x's rank: a rank-polymorphic x cannot be lined up against a target
  expand(one, [3, 4]);
}
