// The first models' ops in the RANK-POLYMORPHIC setting ([...P, C]): each body is checked once for every rank.
// Negative axes reach into the known suffix; positive axes need a known rank (the must-not lines).
import {
  type Tensor, type Shape,
  add, sub, mul, div, pow, maximum, scale, exp, log, tanh, relu, gelu, neg, sqrt, abs, sigmoid,
  sum, mean, max, softmax, logSoftmax, softmaxLast, logSoftmaxLast, linear, layerNorm, embedding, crossEntropy,
  dropout, dynamic, not, narrow, select,
} from '../src/dsl';
import { exact, given } from './exact';

export function elementwise<P extends Shape, C extends number>(x: Tensor<[...P, C]>, b: Tensor<[C]>, one: Tensor<[1]>) {
  for (const op of [add, sub, mul, div, pow, maximum]) {
    exact<Tensor<[...P, C]>>()(op(x, x));
    exact<Tensor<[...P, C]>>()(op(x, b));
    exact<Tensor<[...P, C]>>()(op(x, one));
    exact<Tensor<[...P, C]>>()(op(x, 2));
  }
  exact<Tensor<[...P, C]>>()(scale(x, 0.5));
  // @ts-expect-error  [...P, C] + [...P, C, C]: the ranks differ
  add(x, given<Tensor<[...P, C, C]>>());
}

export function unary<P extends Shape, C extends number>(x: Tensor<[...P, C]>) {
  for (const f of [exp, log, tanh, relu, gelu, neg, sqrt, abs, sigmoid]) exact<Tensor<[...P, C]>>()(f(x));
  // @ts-expect-error  the shape is kept
  const r: Tensor<P> = exp(x);
  void r;
}

export function reductions<P extends Shape, T extends number, C extends number>(x: Tensor<[...P, T, C]>) {
  exact<Tensor<[...P, T]>>()(sum(x, -1));
  exact<Tensor<[...P, T, 1]>>()(mean(x, -1, true));
  exact<Tensor<[...P, C]>>()(max(x, -2));
  exact<Tensor<[...P, T, C]>>()(softmax(x, -1));
  exact<Tensor<[...P, T, C]>>()(logSoftmax(x, -2));
  exact<Tensor<[...P, T, C]>>()(softmaxLast(x));
  exact<Tensor<[...P, T, C]>>()(logSoftmaxLast(x));
  // @ts-expect-error  sum: a positive axis needs a known rank
  sum(x, 0);
  // @ts-expect-error  softmax: axis -3 reaches into P
  softmax(x, -3);
}

export function nn<P extends Shape, C extends number, O extends number, V extends number>(
  x: Tensor<[...P, C]>, w: Tensor<[C, O]>, bias: Tensor<[O]>, g: Tensor<[C]>, table: Tensor<[V, C]>, ids: Tensor<P, 'int32'>, logits: Tensor<[...P, V]>) {
  exact<Tensor<[...P, O]>>()(linear(x, w, bias));
  exact<Tensor<[...P, C]>>()(layerNorm(x, g, g));
  exact<Tensor<[...P, C]>>()(embedding(table, ids));
  exact<Tensor<[]>>()(crossEntropy(logits, ids));
  exact<Tensor<[...P, C]>>()(dropout(x, 0.1, { training: true }));
  // @ts-expect-error  linear: x has C features, weight expects O
  linear(x, given<Tensor<[O, O]>>());
  // @ts-expect-error  layerNorm: gamma has O entries, x has C features
  layerNorm(x, given<Tensor<[O]>>(), g);
  // @ts-expect-error  crossEntropy: targets [...P, C] are not logits.shape[:-1]
  crossEntropy(logits, given<Tensor<[...P, C], 'int32'>>());
}

export function axes<P extends Shape, C extends number, K extends number>(x: Tensor<[...P, C]>, m: Tensor<[...P, C], 'bool'>, k: K) {
  exact<Tensor<[...P, number]>>()(dynamic(x, -1));
  exact<Tensor<[...P, C], 'bool'>>()(not(m));
  exact<Tensor<[...P, K]>>()(narrow(x, -1, 0, k));
  exact<Tensor<P>>()(select(x, -1, 0));
  // @ts-expect-error  dynamic: a positive axis needs a known rank
  dynamic(x, 0);
}
