// Indexing with int32 tensors: gather (torch.gather), indexSelect (index_select / take), embedding, oneHot, argmax.
import { type Tensor, type Shape, zeros, ints, gather, indexSelect, embedding, oneHot, argmax } from '../src/dsl';
import { exact, given } from './exact';

export function literal() {
  const x = zeros([4, 10]);
  const ids = ints([1, 2, 3, 4, 5, 6], [2, 3]);
  exact<Tensor<[4, 1]>>()(gather(x, 1, ints([1, 2, 3, 4], [4, 1])));
  exact<Tensor<[2, 10]>>()(gather(x, 0, ints(new Array<number>(20).fill(0), [2, 10])));
  exact<Tensor<[4, 2, 3]>>()(indexSelect(x, 1, ids));
  exact<Tensor<[2, 3, 10]>>()(indexSelect(x, 0, ids));                                // = embedding(x, ids)
  exact<Tensor<[2, 3, 10]>>()(embedding(x, ids));
  exact<Tensor<[2, 3, 65]>>()(oneHot(ids, 65));
  exact<Tensor<[4], 'int32'>>()(argmax(x, -1));
  exact<Tensor<[1, 10], 'int32'>>()(argmax(x, 0, true));
  // @ts-expect-error  gather: index differs from x outside axis 1 ([4, 10] vs [3, 1])
  gather(x, 1, ints([1, 2, 3], [3, 1]));
  // @ts-expect-error  gather: the index must be int32
  gather(x, 1, zeros([4, 1]));
  // @ts-expect-error  indexSelect: axis 2 out of range
  indexSelect(x, 2, ids);
  // @ts-expect-error  oneHot takes int32 ids
  oneHot(zeros([2, 3]), 65);
  // @ts-expect-error  argmax: axis -3 out of range
  argmax(x, -3);
  // @ts-expect-error  argmax is int32
  const f: Tensor<[4]> = argmax(x, 1);
  void f;
}

export function fixed<B extends number, T extends number, V extends number>(logp: Tensor<[B, T, V]>, targets: Tensor<[B, T, 1], 'int32'>, ids: Tensor<[B, T], 'int32'>, v: V) {
  exact<Tensor<[B, T, 1]>>()(gather(logp, 2, targets));                              // the log-prob of each target
  exact<Tensor<[B, T, V]>>()(oneHot(ids, v));
  exact<Tensor<[B, T], 'int32'>>()(argmax(logp, -1));
  exact<Tensor<[B, T, V]>>()(indexSelect(logp, 0, given<Tensor<[B], 'int32'>>()));
  // @ts-expect-error  gather: index [B, T, 1] along axis 1 of [B, T, V]: V vs 1 outside the axis
  gather(logp, 1, targets);
}

export function variadic<P extends Shape, V extends number>(logits: Tensor<[...P, V]>, targets: Tensor<[...P, 1], 'int32'>, ids: Tensor<P, 'int32'>, v: V) {
  exact<Tensor<[...P, 1]>>()(gather(logits, -1, targets));
  exact<Tensor<[...P, V]>>()(oneHot(ids, v));
  exact<Tensor<P, 'int32'>>()(argmax(logits, -1));
  exact<Tensor<[...P, 3]>>()(indexSelect(logits, -1, given<Tensor<[3], 'int32'>>()));
  // @ts-expect-error  argmax along a positive axis needs a known rank
  argmax(logits, 0);
}
