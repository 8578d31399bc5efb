// Lesson 3, first half: the bigram language model by counting. Guess the next character from the current
// one alone: count how often each character b follows each character a in the training text, and turn
// each row of the V x V counts table into probabilities:
//   P[a, b] = (counts[a, b] + k) / sum over b' of (counts[a, b'] + k)          counts, P: Tensor<[V, V]>
// The quality of a model is its negative log-likelihood: the mean of -log P[a, b] over every pair (a, b)
// of a text. Lower is better; ln V (here ln 65 = 4.17) is the score of a uniform guess.
// The learned bigram (bigram.ts) holds a V x V table of logits; this table of log P is one such table,
// so the counted model reuses the learned one's loss and sampling unchanged.
import { type Tensor, fromData, add, mul, div, sum, log, logSoftmax } from '../dsl';
import type { Bigram } from './bigram';

export interface BigramCounts<in out V extends number> {
  vocabSize: V;
  /** counts[a, b]: how often token b follows token a */
  counts: Tensor<[V, V]>;
}

/** count every adjacent pair (tokens[i], tokens[i + 1]) of a token sequence */
export function countBigrams<const V extends number>(tokens: ArrayLike<number>, vocabSize: V): BigramCounts<V> {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`bigram counts: vocabSize must be a positive integer, got ${vocabSize}`);
  const counts = new Float32Array(vocabSize * vocabSize);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i], b = tokens[i + 1];
    if (a < 0 || a >= vocabSize || b < 0 || b >= vocabSize) throw new Error(`bigram counts: token ${a < 0 || a >= vocabSize ? a : b} at ${i} is outside the vocabulary of ${vocabSize}`);
    counts[a * vocabSize + b]++;
  }
  return { vocabSize, counts: fromData(counts, [vocabSize, vocabSize]) };
}

/**
 * Each row normalized to probabilities, after adding k to every count ("add-k smoothing"): a pair never
 * seen in training gets a small probability instead of 0, whose -log would be infinite.
 */
export function bigramProbs<V extends number>(m: BigramCounts<V>, smoothing = 1): Tensor<[V, V]> {
  if (!(smoothing >= 0)) throw new Error(`bigram counts: smoothing must be >= 0, got ${smoothing}`);
  const smoothed = add(m.counts, smoothing);
  return div(smoothed, sum(smoothed, 1, true));   // [V, V] / [V, 1]: each row by its own total
}

/** the counted model as logits: log P. softmax(log P) = P, since each row of P already sums to 1 */
export function countsAsBigram<V extends number>(m: BigramCounts<V>, smoothing = 1): Bigram<V> {
  return { vocabSize: m.vocabSize, params: { tokenEmbedding: { weight: log(bigramProbs(m, smoothing)) } } };
}

/**
 * The negative log-likelihood of a bigram model on a whole text: the mean of -log p(next | current) over
 * all its pairs. A bigram only ever sees pairs, so this is a sum over the V x V table: how often the text
 * has each pair times that pair's -log p, divided by the number of pairs.
 */
export async function textNll<V extends number>(m: Bigram<V>, tokens: ArrayLike<number>): Promise<number> {
  const pairs = tokens.length - 1;
  if (pairs < 1) throw new Error('textNll: the text needs at least two tokens');
  const seen: Tensor<[V, V]> = countBigrams(tokens, m.vocabSize).counts;
  const logP: Tensor<[V, V]> = logSoftmax(m.params.tokenEmbedding.weight, -1);
  return -(await sum(sum(mul(seen, logP), 1), 0).item()) / pairs;
}
