// The training loop shared by `npm run train` and the tests: batches, forward, backward, AdamW, and
// evaluation as the lecture's estimate_loss (mean loss over a fixed number of random batches per split).
import { ints } from '../dsl';
import { backward } from '../runtime/autograd';
import { AdamW } from '../runtime/adamw';
import { Rng } from '../runtime/rng';
import type { Split, TextDataset } from '../data/text-dataset';
import { type GPT, gptParameters, loss as gptLoss } from './gpt';

export interface TrainState<in out V extends number, in out Blk extends number, in out H extends number, in out D extends number> {
  model: GPT<V, Blk, H, D>;
  opt: AdamW;
  rng: Rng;
  step: number;
}

export function makeOptimizer<V extends number, Blk extends number, H extends number, D extends number>(model: GPT<V, Blk, H, D>, lr: number): AdamW {
  return new AdamW(gptParameters(model), { lr });
}

/** one optimizer step on a fresh training batch; returns the batch loss (before the update) */
export async function trainStep<V extends number, Blk extends number, H extends number, D extends number>(
  s: TrainState<V, Blk, H, D>, data: TextDataset, batchSize: number, blockSize: number,
): Promise<number> {
  const { x, y } = data.getBatch('train', batchSize, blockSize, s.rng);
  const xb = ints(x, [batchSize, blockSize]), yb = ints(y, [batchSize, blockSize]);
  const l = gptLoss(s.model, xb, yb, { training: true, rng: s.rng });
  backward(l);
  await s.opt.step([l]);
  s.step++;
  return l.buf![0];
}

/** mean loss over `iters` random batches of a split (no gradients, dropout off) */
export async function estimateLoss<V extends number, Blk extends number, H extends number, D extends number>(
  model: GPT<V, Blk, H, D>, data: TextDataset, split: Split, iters: number, batchSize: number, blockSize: number, rng: Rng,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < iters; i++) {
    const { x, y } = data.getBatch(split, batchSize, blockSize, rng);
    total += await gptLoss(model, ints(x, [batchSize, blockSize]), ints(y, [batchSize, blockSize])).item();
  }
  return total / iters;
}
