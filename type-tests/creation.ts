// Creation from generic dims: the shape argument's element types become the tensor's dims (fixed rank), and a
// rank-polymorphic shape value P gives Tensor<[...P]> (the spread of a `const` shape parameter).
import { type Tensor, type Shape, zeros, ones, full, randn, ints, arange, tril } from '../src/dsl';
import { exact } from './exact';

export function fixed<B extends number, T extends number>(b: B, t: T) {
  exact<Tensor<[B, T]>>()(zeros([b, t]));
  exact<Tensor<[T, 4]>>()(ones([t, 4]));
  exact<Tensor<[B]>>()(full([b], 1));
  exact<Tensor<[B, T]>>()(randn([b, t]));
  exact<Tensor<[B, T], 'int32'>>()(ints([], [b, t]));
  exact<Tensor<[T], 'int32'>>()(arange(t));
  exact<Tensor<[T, T], 'bool'>>()(tril(t));
  // @ts-expect-error  [B, T] is not [T, B]
  const w: Tensor<[T, B]> = zeros([b, t]);
  void w;
}

export function variadic<P extends Shape>(shape: P, x: Tensor<P>) {
  exact<Tensor<[...P]>>()(zeros(shape));
  exact<Tensor<[...P]>>()(zeros(x.shape));
  // @ts-expect-error  a shape of unknown rank has no dims to spread into [...P, 1]
  const w: Tensor<[...P, 1]> = zeros(shape);
  void w;
}
