// Lesson 4's language model: the bigram of lesson 3 with one self-attention head in the middle (the
// lecture's first attention model). A token is no longer read alone: it becomes a vector (token embedding
// plus position embedding), the head mixes in what it finds in the tokens before it, and a linear layer
// turns the result into scores for the next token.
//   idx [B, T] -> x [B, T, C] -> head -> [B, T, D] -> logits [B, T, V]
import { type Tensor, add, embedding, narrow, linear, crossEntropy } from '../dsl';
import { constParam, normalParam, parameters } from '../dsl/params';
import type { Rng } from '../runtime/rng';
import { type HeadParams, attentionHead, createHead } from './attention-math';

export interface HeadLM<in out V extends number, in out Blk extends number, in out C extends number, in out D extends number> {
  tokenEmbedding: Tensor<[V, C]>;
  /** one learned vector per position 0..Blk-1: without it attention sees a bag of tokens, not an order */
  positionEmbedding: Tensor<[Blk, C]>;
  head: HeadParams<C, D>;
  lmHead: { weight: Tensor<[D, V]>; bias: Tensor<[V]> };
}

export interface HeadLMDims<in out V extends number, in out Blk extends number, in out C extends number, in out D extends number> {
  vocabSize: V;
  blockSize: Blk;
  nEmbd: C;
  headSize: D;
}

export function createHeadLM<const V extends number, const Blk extends number, const C extends number, const D extends number>(
  dims: HeadLMDims<V, Blk, C, D>, rng: Rng,
): HeadLM<V, Blk, C, D> {
  const { vocabSize: v, blockSize: blk, nEmbd: c, headSize: d } = dims;
  return {
    tokenEmbedding: normalParam([v, c], 1, rng),
    positionEmbedding: normalParam([blk, c], 1, rng),
    head: createHead(c, d, rng),
    lmHead: { weight: normalParam([d, v], 1 / Math.sqrt(d), rng), bias: constParam([v], 0) },
  };
}

/** logits [B, T, V] and the head's attention weights [B, T, T]; T must not exceed the block size */
export function headLMForward<V extends number, Blk extends number, C extends number, D extends number, B extends number, T extends number>(
  m: HeadLM<V, Blk, C, D>, idx: Tensor<[B, T], 'int32'>,
): { logits: Tensor<[B, T, V]>; weights: Tensor<[B, T, T]> } {
  const t: T = idx.shape[1];
  if (t > m.positionEmbedding.shape[0]) throw new Error(`head LM: sequence length ${t} exceeds the block size ${m.positionEmbedding.shape[0]}`);
  const tok: Tensor<[B, T, C]> = embedding(m.tokenEmbedding, idx);
  const pos: Tensor<[T, C]> = narrow(m.positionEmbedding, 0, 0, t);
  const { out, weights } = attentionHead(m.head, add(tok, pos));
  return { logits: linear(out, m.lmHead.weight, m.lmHead.bias), weights };
}

export function headLMLoss<V extends number, Blk extends number, C extends number, D extends number, B extends number, T extends number>(
  m: HeadLM<V, Blk, C, D>, idx: Tensor<[B, T], 'int32'>, targets: Tensor<[B, T], 'int32'>,
): Tensor<[]> {
  return crossEntropy(headLMForward(m, idx).logits, targets);
}

export function headLMParameters<V extends number, Blk extends number, C extends number, D extends number>(m: HeadLM<V, Blk, C, D>) {
  return parameters(m);
}
