// einsum with the spec parsed at the type level: literal and fixed-rank generic shapes.
import { type Tensor, type Shape, zeros, einsum } from '../src/dsl';
import { exact } from './exact';

export function literal() {
  exact<Tensor<[2, 4, 8, 8]>>()(einsum('bhtd,bhsd->bhts', zeros([2, 4, 8, 16]), zeros([2, 4, 8, 16])));
  exact<Tensor<[3, 7]>>()(einsum('ij,jk->ik', zeros([3, 5]), zeros([5, 7])));
  exact<Tensor<[3, 4]>>()(einsum('i,j->ij', zeros([3]), zeros([4])));                 // outer product
  exact<Tensor<[]>>()(einsum('i,i->', zeros([3]), zeros([3])));                       // dot product
  exact<Tensor<[5, 3]>>()(einsum('ij->ji', zeros([3, 5])));
  exact<Tensor<[3]>>()(einsum('ij->i', zeros([3, 5])));                               // a sum
  exact<Tensor<[2, 3]>>()(einsum('bij,bj->bi', zeros([2, 3, 4]), zeros([2, 4])));
  // @ts-expect-error  einsum: index 'd' has different sizes (16 vs 32)
  einsum('bhtd,bhsd->bhts', zeros([2, 4, 8, 16]), zeros([2, 4, 8, 32]));
  // @ts-expect-error  einsum: second operand has rank 3, the spec gives 4 indices
  einsum('bhtd,bhsd->bhts', zeros([2, 4, 8, 16]), zeros([2, 8, 16]));
  // @ts-expect-error  einsum: output index 'z' is not an input index
  einsum('ij,jk->iz', zeros([3, 5]), zeros([5, 7]));
  // @ts-expect-error  einsum: index 'i' is repeated within one operand (not supported)
  einsum('ii->i', zeros([3, 3]));
  // @ts-expect-error  einsum: cannot parse 'ij;jk->ik'
  einsum('ij;jk->ik', zeros([3, 5]), zeros([5, 7]));
  // @ts-expect-error  einsum: 'ij->ji' names one operand, got two
  einsum('ij->ji', zeros([3, 5]), zeros([5, 7]));
}

export function fixed<B extends number, H extends number, T extends number, D extends number>(q: Tensor<[B, H, T, D]>, k: Tensor<[B, H, T, D]>, v: Tensor<[B, H, T, D]>) {
  const att = einsum('bhtd,bhsd->bhts', q, k);
  exact<Tensor<[B, H, T, T]>>()(att);
  exact<Tensor<[B, H, T, D]>>()(einsum('bhts,bhsd->bhtd', att, v));
  exact<Tensor<[B, T, H, D]>>()(einsum('bhtd->bthd', q));
  // @ts-expect-error  'bhtd,bhds': d is bound to D and to T, which cannot be shown equal
  einsum('bhtd,bhds->bhts', q, k);
}

export function variadic<P extends Shape, D extends number>(a: Tensor<[...P, D]>, w: Tensor<[D, D]>) {
  // @ts-expect-error  einsum counts the spec's letters against the rank: it needs a known rank ('...' is not supported)
  einsum('bd,de->be', a, w);
}
