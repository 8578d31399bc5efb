// einops-style rearrange with the pattern parsed at the type level, in the three settings.
import { type Tensor, type Shape, type Mul, zeros, rearrange } from '../src/dsl';
import { exact } from './exact';

export function literal() {
  const x = zeros([2, 8, 64]);
  exact<Tensor<[2, 4, 8, 16]>>()(rearrange('b t (h d) -> b h t d', x, { h: 4 }));       // d = 64 / 4
  exact<Tensor<[2, 4, 8, 16]>>()(rearrange('b t (h d) -> b h t d', x, { h: 4, d: 16 }));
  exact<Tensor<[2, 8, 64]>>()(rearrange('b h t d -> b t (h d)', zeros([2, 4, 8, 16])));
  exact<Tensor<[16, 64]>>()(rearrange('b t c -> (b t) c', x));
  exact<Tensor<[64, 2, 8]>>()(rearrange('b t c -> c b t', x));
  exact<Tensor<[2, 8, 16, 4]>>()(rearrange('... (h d) -> ... d h', x, { d: 16 }));
  // @ts-expect-error  rearrange: dim 64 is not divisible by 5 for (h d)
  rearrange('b t (h d) -> b h t d', x, { h: 5 });
  // @ts-expect-error  rearrange: dim 64 is not (h d) = 60
  rearrange('b t (h d) -> b h t d', x, { h: 4, d: 15 });
  // @ts-expect-error  rearrange: x has rank 3, the pattern names 4 axes
  rearrange('b t h d -> b h t d', x);
  // @ts-expect-error  rearrange: 'c' is on one side only
  rearrange('b t c -> b h t', x);
  // @ts-expect-error  rearrange: (h d) needs the sizes of all but one name
  rearrange('b t (h d) -> b h t d', x);
  // @ts-expect-error  rearrange: 't' appears twice
  rearrange('b t t -> b t', x);
  // @ts-expect-error  rearrange: 't' is 8, axes give 9
  rearrange('b t c -> b c t', x, { t: 9 });
}

export function fixed<B extends number, T extends number, H extends number, D extends number>(
  x: Tensor<[B, T, Mul<H, D>]>, y: Tensor<[B, H, T, D]>, h: H, d: D) {
  exact<Tensor<[B, H, T, D]>>()(rearrange('b t (h d) -> b h t d', x, { h, d }));
  exact<Tensor<[B, T, Mul<H, D>]>>()(rearrange('b h t d -> b t (h d)', y));
  exact<Tensor<[Mul<B, T>, Mul<H, D>]>>()(rearrange('b t c -> (b t) c', x));
  // @ts-expect-error  the head split (d h): Mul<D, H> is not Mul<H, D>
  rearrange('b t (d h) -> b h t d', x, { h, d });
  // @ts-expect-error  one size left out: Mul<H, D> / H is not decidable for type parameters
  rearrange('b t (h d) -> b h t d', x, { h });
}

export function variadic<P extends Shape, H extends number, D extends number>(x: Tensor<[...P, Mul<H, D>]>, y: Tensor<[...P, H, D]>, h: H, d: D) {
  exact<Tensor<[...P, H, D]>>()(rearrange('... (h d) -> ... h d', x, { h, d }));
  exact<Tensor<[...P, Mul<H, D>]>>()(rearrange('... h d -> ... (h d)', y));
  exact<Tensor<[...P, D, H]>>()(rearrange('... h d -> ... d h', y));
  // @ts-expect-error  without '...' the pattern must name every axis of a rank-polymorphic shape
  rearrange('h d -> d h', y);
}
