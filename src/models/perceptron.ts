// Lesson 1: one neuron. It weighs its F inputs, adds a bias, and looks at the sign of the sum:
//   score = x @ w + b      x: Tensor<[N, F]>, w: Tensor<[F, 1]>, b: Tensor<[1]>  ->  Tensor<[N, 1]>
// Rosenblatt's perceptron outputs a step (1 when the score is positive, else 0) and learns by a rule,
// because a step is flat almost everywhere: it has no slope for gradient descent to follow. The sigmoid
// neuron swaps the step for a smooth S-curve and learns by gradient descent. Either way its answer changes
// along one straight line, score = 0, so it can learn AND and OR but never XOR.
import { type Tensor, linear, sigmoid, exp, log, add, sub, mul, mean, narrow, fromData, backward } from '../dsl';
import { constParam, normalParam, parameters } from '../dsl/params';
import type { Rng } from '../runtime/rng';
import { gradientDescentStep } from './gradient-descent';

/** one neuron with F inputs; `in out`, so a neuron of 2 inputs is never accepted as one of 3 */
export interface Neuron<in out F extends number> {
  weight: Tensor<[F, 1]>;
  bias: Tensor<[1]>;
}

/**
 * Weights start at 0 (Rosenblatt's choice), or N(0, 1) when an rng is given: then a neuron that cannot
 * learn a data set visibly wanders to its best compromise instead of starting there.
 */
export function createNeuron<const F extends number>(inputs: F, rng?: Rng): Neuron<F> {
  if (!Number.isInteger(inputs) || inputs < 1) throw new Error(`neuron: inputs must be a positive integer, got ${inputs}`);
  return { weight: rng ? normalParam([inputs, 1], 1, rng) : constParam([inputs, 1], 0), bias: constParam([1], 0) };
}

/** the weighted sum of every sample: [N, F] @ [F, 1] + [1] -> [N, 1] */
export function neuronScore<F extends number, N extends number>(n: Neuron<F>, x: Tensor<[N, F]>): Tensor<[N, 1]> {
  return linear(x, n.weight, n.bias);
}

// ---------------------------------------------------------------------------------------------------
// the perceptron: step activation, learning rule

const step = (score: number) => (score > 0 ? 1 : 0);

/** the perceptron's answers, 0 or 1 per sample */
export async function perceptronPredict<F extends number, N extends number>(n: Neuron<F>, x: Tensor<[N, F]>): Promise<number[]> {
  return Array.from(await neuronScore(n, x).data(), step);
}

/**
 * One pass of the perceptron learning rule over the samples, in order. When the neuron gets a sample
 * wrong it moves its line toward the right answer: w += lr (y - answer) x, b += lr (y - answer).
 * Returns the number of mistakes in the pass: 0 means every sample is right and the rule has converged.
 */
export async function perceptronEpoch<F extends number, N extends number>(
  n: Neuron<F>, x: Tensor<[N, F]>, targets: ArrayLike<number>, lr = 1,
): Promise<number> {
  const [count, f] = x.shape;
  if (targets.length !== count) throw new Error(`perceptron: ${targets.length} targets for ${count} samples`);
  const xs = await x.data();
  let mistakes = 0;
  for (let i = 0; i < count; i++) {
    const sample: Tensor<[1, F]> = narrow(x, 0, i, 1);
    const [answer] = await perceptronPredict(n, sample);
    const err = targets[i] - answer;
    if (err === 0) continue;
    mistakes++;
    // the rule works on plain numbers: a step has no gradient, so there is nothing for backward to do
    const w = await n.weight.data(), b = await n.bias.data();
    for (let j = 0; j < f; j++) w[j] += lr * err * xs[i * f + j];
    b[0] += lr * err;
    n.weight = fromData(w, n.weight.shape);
    n.bias = fromData(b, n.bias.shape);
  }
  return mistakes;
}

/** passes of the rule until a pass makes no mistake, at most maxEpochs; returns the mistakes of each pass */
export async function trainPerceptron<F extends number, N extends number>(
  n: Neuron<F>, x: Tensor<[N, F]>, targets: ArrayLike<number>, maxEpochs = 20,
): Promise<number[]> {
  const history: number[] = [];
  for (let e = 0; e < maxEpochs; e++) {
    history.push(await perceptronEpoch(n, x, targets));
    if (history[e] === 0) break;
  }
  return history;
}

// ---------------------------------------------------------------------------------------------------
// the sigmoid neuron: smooth activation, gradient descent

/** p(class 1) per sample: sigmoid(score) = 1 / (1 + e^-score), in (0, 1) */
export function neuronProb<F extends number, N extends number>(n: Neuron<F>, x: Tensor<[N, F]>): Tensor<[N, 1]> {
  return sigmoid(neuronScore(n, x));
}

/**
 * Binary cross-entropy, -[y log p + (1 - y) log(1 - p)] with p = sigmoid(score), averaged over samples.
 * Written as log(1 + e^score) - y * score (the same number): p never rounds to exactly 0 or 1 inside a log.
 */
export function binaryCrossEntropy<N extends number>(score: Tensor<[N, 1]>, y: Tensor<[N, 1]>): Tensor<[]> {
  const perSample = sub(log(add(exp(score), 1)), mul(y, score));   // [N, 1]
  return mean(mean(perSample, 1), 0);
}

/** `steps` steps of plain gradient descent on the binary cross-entropy; returns the loss before each step */
export async function trainSigmoidNeuron<F extends number, N extends number>(
  n: Neuron<F>, x: Tensor<[N, F]>, y: Tensor<[N, 1]>, steps: number, lr = 1,
): Promise<number[]> {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = binaryCrossEntropy(neuronScore(n, x), y);
    backward(loss);
    await gradientDescentStep(parameters(n), lr, [loss]);
    losses.push(loss.buf![0]);
  }
  return losses;
}
