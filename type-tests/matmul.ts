// Batched matmul with broadcast batch dims, in the three settings.
import { type Tensor, type Shape, zeros, matmul, mT } from '../src/dsl';
import { exact, given } from './exact';

export function literal() {
  exact<Tensor<[4, 2, 3, 7]>>()(matmul(zeros([4, 1, 3, 5]), zeros([2, 5, 7])));       // batch [4, 1] x [2] -> [4, 2]
  exact<Tensor<[2, 3, 7]>>()(matmul(zeros([3, 5]), zeros([2, 5, 7])));
  exact<Tensor<[8, 3, 7]>>()(matmul(zeros([8, 3, 5]), zeros([1, 5, 7])));
  // @ts-expect-error  matmul: cannot broadcast (dim 4 vs 3) of the batch dims
  matmul(zeros([4, 3, 5]), zeros([3, 5, 7]));
  // @ts-expect-error  matmul: inner dims differ (5 vs 6)
  matmul(zeros([4, 3, 5]), zeros([6, 7]));
}

export function fixed<B extends number, H extends number, T extends number, D extends number>(q: Tensor<[B, H, T, D]>, k: Tensor<[B, H, T, D]>) {
  exact<Tensor<[B, H, T, T]>>()(matmul(q, mT(k)));
  exact<Tensor<[B, H, T, D]>>()(matmul(q, given<Tensor<[H, D, D]>>()));             // batch [B, H] x [H]
  exact<Tensor<[B, H, T, D]>>()(matmul(q, given<Tensor<[D, D]>>()));
  // @ts-expect-error  forgot to transpose k: inner dims D vs T
  matmul(q, k);
  // @ts-expect-error  batch prefixes of EQUAL length that differ ([B, H] vs [1, H]) are undecidable generically (DESIGN-NOTES 9)
  matmul(q, given<Tensor<[1, H, D, D]>>());
}

export function variadic<P extends Shape, T extends number, D extends number>(a: Tensor<[...P, T, D]>, b: Tensor<[...P, D, T]>, w: Tensor<[D, D]>) {
  exact<Tensor<[...P, T, T]>>()(matmul(a, b));                                         // identical batch prefixes
  exact<Tensor<[...P, T, D]>>()(matmul(a, w));                                         // an empty batch prefix
  // @ts-expect-error  matmul: inner dims differ (D vs T)
  matmul(a, a);
}
