// Lesson 2: a deep network (a multi-layer perceptron). Layers of neurons, each layer's outputs the next
// layer's inputs, with a bend (tanh) in between:
//   x [N, I] -> tanh(x W1 + b1) [N, H] -> tanh(h W2 + b2) [N, H] -> h W3 + b3 [N, K] (one score per class)
// Without the bends the three layers would multiply out to ONE linear map, and one line again. With them
// every hidden neuron draws its own line and the next layer combines the pieces: XOR, two moons, any shape.
import { type Tensor, linear, tanh, softmax, crossEntropy, backward, AdamW } from '../dsl';
import { constParam, normalParam, parameters } from '../dsl/params';
import type { Rng } from '../runtime/rng';

/** a layer of O neurons on I inputs: a weight per (input, neuron) and a bias per neuron */
export interface Layer<in out I extends number, in out O extends number> {
  weight: Tensor<[I, O]>;
  bias: Tensor<[O]>;
}

/** I inputs, two hidden layers of H neurons, K classes. The types make the layers chain: I -> H -> H -> K */
export interface MLP<in out I extends number, in out H extends number, in out K extends number> {
  layer1: Layer<I, H>;
  layer2: Layer<H, H>;
  out: Layer<H, K>;
}

/** weights N(0, 1/fan_in): each tanh starts in its steep middle, neither flat (saturated) nor silent */
function layer<I extends number, O extends number>(inputs: I, outputs: O, rng: Rng): Layer<I, O> {
  return { weight: normalParam([inputs, outputs], 1 / Math.sqrt(inputs), rng), bias: constParam([outputs], 0) };
}

export function createMLP<const I extends number, const H extends number, const K extends number>(
  inputs: I, hidden: H, classes: K, rng: Rng,
): MLP<I, H, K> {
  for (const [k, v] of [['inputs', inputs], ['hidden', hidden], ['classes', classes]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`mlp: ${k} must be a positive integer, got ${v}`);
  }
  return { layer1: layer(inputs, hidden, rng), layer2: layer(hidden, hidden, rng), out: layer(hidden, classes, rng) };
}

/** a score (logit) per class for every sample: [N, I] -> [N, K] */
export function mlpLogits<I extends number, H extends number, K extends number, N extends number>(
  m: MLP<I, H, K>, x: Tensor<[N, I]>,
): Tensor<[N, K]> {
  const h1: Tensor<[N, H]> = tanh(linear(x, m.layer1.weight, m.layer1.bias));
  const h2: Tensor<[N, H]> = tanh(linear(h1, m.layer2.weight, m.layer2.bias));
  return linear(h2, m.out.weight, m.out.bias);
}

/** class probabilities: softmax over the K scores (for two classes, p(class 1) = sigmoid(s1 - s0)) */
export function mlpProbs<I extends number, H extends number, K extends number, N extends number>(
  m: MLP<I, H, K>, x: Tensor<[N, I]>,
): Tensor<[N, K]> {
  return softmax(mlpLogits(m, x), -1);
}

/** cross-entropy of the scores against the true classes, targets int32 [N] */
export function mlpLoss<I extends number, H extends number, K extends number, N extends number>(
  m: MLP<I, H, K>, x: Tensor<[N, I]>, targets: Tensor<[N], 'int32'>,
): Tensor<[]> {
  return crossEntropy(mlpLogits(m, x), targets);
}

/** the fraction of samples whose highest score is their true class */
export async function mlpAccuracy<I extends number, H extends number, K extends number, N extends number>(
  m: MLP<I, H, K>, x: Tensor<[N, I]>, labels: ArrayLike<number>,
): Promise<number> {
  const [n, k] = [x.shape[0], m.out.bias.shape[0]];
  const scores = await mlpLogits(m, x).data();
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[i * k + c] > scores[i * k + best]) best = c;
    if (best === labels[i]) right++;
  }
  return right / n;
}

export interface FitOptions {
  steps: number;
  lr: number;
  /** called after each step with the step number (1-based) and the loss before it */
  onStep?: (step: number, loss: number) => void | Promise<void>;
}

/** full-batch training with AdamW (no weight decay); returns the loss before each step */
export async function fitMLP<I extends number, H extends number, K extends number, N extends number>(
  m: MLP<I, H, K>, x: Tensor<[N, I]>, targets: Tensor<[N], 'int32'>, o: FitOptions,
): Promise<number[]> {
  const opt = new AdamW(parameters(m), { lr: o.lr, weightDecay: 0 });
  const losses: number[] = [];
  for (let s = 1; s <= o.steps; s++) {
    const loss = mlpLoss(m, x, targets);
    backward(loss);
    await opt.step([loss]);
    losses.push(loss.buf![0]);
    await o.onStep?.(s, losses[s - 1]);
  }
  return losses;
}
