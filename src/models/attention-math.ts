// Lesson 4: the mathematics of attention. A token at position t may look at itself and at the tokens
// before it, never after (the future is what it must predict). The simplest way to look is to average:
//   out[b, t] = mean of x[b, 0..t]                        x, out: Tensor<[B, T, C]>
// Three ways to compute it, equal up to rounding:
//   1. loops over b and t (clear, slow);
//   2. a matmul with a lower-triangular [T, T] matrix whose row t holds 1/(t+1) in columns 0..t;
//   3. softmax over a [T, T] matrix of zeros whose future (above the diagonal) is -infinity.
// Version 3 is the one attention keeps: replace the zeros by data-dependent affinities and the average
// becomes a weighted one that the data chooses. That is a self-attention head.
import {
  type Tensor, fromData, ones, zeros, where, tril, not, maskedFill, softmaxLast, sum, div, matmul, mT, linear, scale,
} from '../dsl';
import { normalParam } from '../dsl/params';
import type { Rng } from '../runtime/rng';

/** 1. loops: for every batch row and position, the mean of the vectors up to and including that position */
export async function averagePastLoops<B extends number, T extends number, C extends number>(x: Tensor<[B, T, C]>): Promise<Tensor<[B, T, C]>> {
  const [b, t, c] = x.shape;
  const xs = await x.data();
  const out = new Float32Array(xs.length);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < t; j++) {
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let p = 0; p <= j; p++) s += xs[(i * t + p) * c + k];
        out[(i * t + j) * c + k] = s / (j + 1);
      }
    }
  }
  return fromData(out, x.shape);
}

/** the [T, T] averaging weights: ones on and below the diagonal, each row divided by its sum */
export function averagingWeights<T extends number>(t: T): Tensor<[T, T]> {
  const lower: Tensor<[T, T]> = where(tril(t), ones([t, t]), 0);
  return div(lower, sum(lower, 1, true));   // [T, T] / [T, 1]
}

/** 2. one matmul: [T, T] @ [B, T, C] -> [B, T, C] (the [T, T] weights are shared by every batch row) */
export function averagePastMatmul<B extends number, T extends number, C extends number>(x: Tensor<[B, T, C]>): Tensor<[B, T, C]> {
  return matmul(averagingWeights(x.shape[1]), x);
}

/** softmax weights of [T, T] affinities whose future is masked to -inf: row t spreads over columns 0..t */
export function causalSoftmax<P extends number[], T extends number>(affinities: Tensor<[...P, T, T]>, t: T): Tensor<[...P, T, T]> {
  return softmaxLast(maskedFill(affinities, not(tril(t)), -Infinity));
}

/** 3. softmax over masked zeros: e^0 = 1 for the past, e^-inf = 0 for the future, normalized: the same average */
export function averagePastSoftmax<B extends number, T extends number, C extends number>(x: Tensor<[B, T, C]>): Tensor<[B, T, C]> {
  const t: T = x.shape[1];
  const wei: Tensor<[T, T]> = causalSoftmax(zeros([t, t]), t);
  return matmul(wei, x);
}

// ---------------------------------------------------------------------------------------------------
// one self-attention head

/**
 * A head of size D reads C channels. Every token emits a query (what am I looking for?), a key (what do
 * I contain?) and a value (what do I tell whoever attends to me?), each a linear map C -> D.
 */
export interface HeadParams<in out C extends number, in out D extends number> {
  query: Tensor<[C, D]>;
  key: Tensor<[C, D]>;
  value: Tensor<[C, D]>;
}

export function createHead<const C extends number, const D extends number>(channels: C, headSize: D, rng: Rng): HeadParams<C, D> {
  const std = 1 / Math.sqrt(channels);   // a unit-variance input gives unit-variance queries and keys
  return { query: normalParam([channels, headSize], std, rng), key: normalParam([channels, headSize], std, rng), value: normalParam([channels, headSize], std, rng) };
}

export interface HeadOutput<in out B extends number, in out T extends number, in out D extends number> {
  /** what each position gathered: [B, T, D] */
  out: Tensor<[B, T, D]>;
  /** who listened to whom: row t is position t's weights over positions 0..t, [B, T, T] */
  weights: Tensor<[B, T, T]>;
}

/**
 * Self-attention: the affinity of position t for position s is q_t . k_s, scaled by 1/sqrt(D). Without
 * the scale, q . k sums D products of unit-variance numbers and has variance D: softmax of such large
 * numbers is nearly one-hot, every position would listen to a single other one and learn slowly.
 */
export function attentionHead<B extends number, T extends number, C extends number, D extends number>(
  p: HeadParams<C, D>, x: Tensor<[B, T, C]>,
): HeadOutput<B, T, D> {
  const t: T = x.shape[1], d: D = p.query.shape[1];
  const q: Tensor<[B, T, D]> = linear(x, p.query);
  const k: Tensor<[B, T, D]> = linear(x, p.key);
  const v: Tensor<[B, T, D]> = linear(x, p.value);
  const affinities: Tensor<[B, T, T]> = scale(matmul(q, mT(k)), 1 / Math.sqrt(d));
  const weights = causalSoftmax(affinities, t);
  return { out: matmul(weights, v), weights };
}
