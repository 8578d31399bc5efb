// The curriculum's models as typed programs (src/models, lessons 1-5): what compiles with exact shapes, and,
// per lesson, the mistake a learner makes at that step, which must NOT compile (tsc 5.9 and TS 7 both check
// that every @ts-expect-error below is a real error).
import { type Tensor, zeros, ints, linear, tanh, matmul, mT, splitLast } from '../src/dsl';
import { Rng } from '../src/runtime/rng';
import { createNeuron, neuronScore, binaryCrossEntropy } from '../src/models/perceptron';
import { type Layer, createMLP, mlpLogits, mlpLoss } from '../src/models/mlp';
import { type Bigram, bigramLoss } from '../src/models/bigram';
import { countBigrams, countsAsBigram, bigramProbs } from '../src/models/bigram-counts';
import { averagePastMatmul, averagePastSoftmax, averagingWeights, attentionHead, createHead } from '../src/models/attention-math';
import { createHeadLM, headLMForward } from '../src/models/head-lm';
import { createGPT, forward, gptConfig } from '../src/models/gpt';

const rng = new Rng(1);

// ---- lesson 1: one neuron, x [N, 2] @ w [2, 1] + b [1] -> [N, 1]
const corners: Tensor<[4, 2]> = zeros([4, 2]);
const neuron = createNeuron(2);
const score: Tensor<[4, 1]> = neuronScore(neuron, corners);
const bce: Tensor<[]> = binaryCrossEntropy(score, zeros([4, 1]));
// @ts-expect-error  a neuron with a weight for 3 inputs, fed samples of 2 features
neuronScore(createNeuron(3), corners);

// ---- lesson 2: layers chain I -> H -> H -> K
const mlp = createMLP(2, 16, 2, rng);
const moons: Tensor<[200, 2]> = zeros([200, 2]);
const logits: Tensor<[200, 2]> = mlpLogits(mlp, moons);
const mlpL: Tensor<[]> = mlpLoss(mlp, moons, ints(new Int32Array(200), [200]));
declare const first: Layer<2, 16>;
declare const second: Layer<8, 2>;
const hidden: Tensor<[200, 16]> = tanh(linear(moons, first.weight, first.bias));
// @ts-expect-error  the layers do not chain: the first gives 16 features, the second expects 8
linear(hidden, second.weight, second.bias);

// ---- lesson 3: the counted bigram is a Bigram<65>; targets are idx's shape
const counted = countBigrams(new Int32Array([0, 1, 2, 1, 0]), 65);
const probs: Tensor<[65, 65]> = bigramProbs(counted);
const asLearned: Bigram<65> = countsAsBigram(counted);
const idx = ints(new Int32Array(32 * 8), [32, 8]);
const bigramL: Tensor<[]> = bigramLoss(asLearned, idx, idx);
// @ts-expect-error  targets of the wrong length: y must be x shifted by one, [32, 8], not [32, 7]
bigramLoss(asLearned, idx, ints(new Int32Array(32 * 7), [32, 7]));

// ---- lesson 4: averaging and one head, x [B, T, C]
const x: Tensor<[4, 8, 32]> = zeros([4, 8, 32]);
const avg1: Tensor<[4, 8, 32]> = averagePastMatmul(x);
const avg2: Tensor<[4, 8, 32]> = averagePastSoftmax(x);
const head = createHead(32, 16, rng);
const { out, weights } = attentionHead(head, x);
const headOut: Tensor<[4, 8, 16]> = out;
const headWeights: Tensor<[4, 8, 8]> = weights;
const headLM = createHeadLM({ vocabSize: 65, blockSize: 8, nEmbd: 32, headSize: 32 }, rng);
const headLogits: Tensor<[32, 8, 65]> = headLMForward(headLM, idx).logits;
const longer: Tensor<[4, 16, 32]> = zeros([4, 16, 32]);
// @ts-expect-error  a tril of the wrong size: the [8, 8] weights cannot average 16 positions
matmul(averagingWeights(8), longer);
// @ts-expect-error  the head reads C = 32 channels; x of 16 channels is not its [B, T, C]
attentionHead(head, zeros([4, 8, 16]));

/** inside generic attention code: the affinities need q @ kT, [B, T, D] @ [B, D, T] */
export function affinities<B extends number, T extends number, D extends number>(q: Tensor<[B, T, D]>, k: Tensor<[B, T, D]>): Tensor<[B, T, T]> {
  // @ts-expect-error  forgot to transpose k: inner dims D vs T
  matmul(q, k);
  return matmul(q, mT(k));
}

// ---- lesson 5: the GPT; n_embd must split into heads
const SMALL = gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, dropout: 0 });
const gpt = createGPT(SMALL, rng);
const gptLogits: Tensor<[16, 32, 65]> = forward(gpt, ints(new Int32Array(16 * 32), [16, 32]));
// @ts-expect-error  64 channels do not split into 6 heads: "config: nEmbd 64 is not a multiple of nHead 6"
gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 6, nLayer: 2, dropout: 0 });
const channels: Tensor<[16, 32, 64]> = zeros([16, 32, 64]);
// @ts-expect-error  a head split that does not divide: 5 heads of 13 are 65 channels, not 64
splitLast(channels, 5, 13);

export { bce, logits, mlpL, probs, bigramL, avg1, avg2, headOut, headWeights, headLogits, gptLogits };
