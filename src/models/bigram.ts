// The bigram language model of the lecture: the next character is predicted from the current one
// alone, by a V x V table of logits (row = current token). Learned as an embedding table.
import { type Tensor, embedding, crossEntropy, softmax, ints } from '../dsl';
import { normalParam, parameters } from '../dsl/params';
import { Rng } from '../runtime/rng';
import { sampleFromLogits, type SampleOptions } from './sampling';

export interface Bigram<in out V extends number> {
  vocabSize: V;
  params: { tokenEmbedding: { weight: Tensor<[V, V]> } };
}

/** the table starts N(0, 1) like nn.Embedding's default init (so the step-0 loss is about ln V + 1/2) */
export function createBigram<const V extends number>(vocabSize: V, rng: Rng): Bigram<V> {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`bigram: vocabSize must be a positive integer, got ${vocabSize}`);
  return { vocabSize, params: { tokenEmbedding: { weight: normalParam([vocabSize, vocabSize], 1, rng) } } };
}

/** idx [B, T] -> logits [B, T, V]: row idx of the table */
export function bigramForward<V extends number, B extends number, T extends number>(m: Bigram<V>, idx: Tensor<[B, T], 'int32'>): Tensor<[B, T, V]> {
  return embedding(m.params.tokenEmbedding.weight, idx);
}

export function bigramLoss<V extends number, B extends number, T extends number>(
  m: Bigram<V>, idx: Tensor<[B, T], 'int32'>, targets: Tensor<[B, T], 'int32'>,
): Tensor<[]> {
  return crossEntropy(bigramForward(m, idx), targets);
}

/** sample maxNewTokens tokens after each row of idx (only the last token matters to a bigram) */
export async function bigramGenerate<V extends number, B extends number, T extends number>(
  m: Bigram<V>, idx: Tensor<[B, T], 'int32'>, maxNewTokens: number, opts: Partial<SampleOptions> = {},
): Promise<Tensor<[B, number], 'int32'>> {
  const rng = opts.rng ?? new Rng(0);
  const b: B = idx.shape[0];
  const start = await idx.data();
  const rows = Array.from({ length: b }, (_, r) => Array.from(start.subarray(r * idx.shape[1], (r + 1) * idx.shape[1])));
  const table = await softmax(m.params.tokenEmbedding.weight, -1).data();
  for (let i = 0; i < maxNewTokens; i++) {
    for (const row of rows) {
      const prev = row[row.length - 1];
      const probs = table.subarray(prev * m.vocabSize, (prev + 1) * m.vocabSize);
      // sampling from probabilities = sampling from their logs
      row.push(sampleFromLogits(Array.from(probs, (p) => Math.log(p)), { ...opts, rng }));
    }
  }
  return ints(rows.flat(), [b, rows[0].length]);
}

export function bigramParameters<V extends number>(m: Bigram<V>) {
  return parameters(m.params);
}
