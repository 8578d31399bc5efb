// The compiled training step (src/runtime/compile.ts) on every backend: it gives the losses of eager
// execution (one kernel at a time) over 50 steps, it leaks nothing over 1,000 steps, a changed shape
// compiles a new plan instead of reusing a wrong one, and a tensor built before an optimizer step cannot
// silently be computed from the updated weights.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { loadTextDataset } from '../../src/data/text-dataset';
import { ints } from '../../src/dsl';
import { backendName, kernelCount } from '../../src/runtime/backend';
import { lower, planCount, planStats } from '../../src/runtime/compile';
import { realize, realizeCompiled, realizeEager, setExecutionMode, type ExecutionMode } from '../../src/runtime/realize';
import { Rng } from '../../src/runtime/rng';
import { memory, type AnyTensor } from '../../src/runtime/tensor';
import * as R from '../../src/runtime/ops';
import { createGPT, forward, gptConfig, gptParameters, loss as gptLoss, type GPTConfig } from '../../src/models/gpt';
import { makeOptimizer, trainStep } from '../../src/models/train-loop';
import { backward } from '../../src/runtime/autograd';
import { AdamW } from '../../src/runtime/adamw';
import { backends, useBackend } from '../helpers/backends';

const data = loadTextDataset(path.join(__dirname, '../../data/tinyshakespeare.txt'));
// small enough that 1,000 steps take seconds on every backend, with every kind of kernel a GPT step has
const TINY = gptConfig({ vocabSize: 65, blockSize: 8, nEmbd: 16, nHead: 2, nLayer: 1, dropout: 0 });
const B = 4;

afterAll(() => setExecutionMode('compiled'));

/** train `steps` steps from seed 1 in `mode` (batch sizes per step, the last repeated); losses and final parameters */
async function train(mode: ExecutionMode, steps: number, batches: readonly number[] = [B], cfg: GPTConfig = TINY, lr = 1e-2) {
  setExecutionMode(mode);
  const rng = new Rng(1);
  const model = createGPT(cfg, rng);
  const s = { model, opt: makeOptimizer(model, lr), rng, step: 0 };
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push(await trainStep(s, data, batches[Math.min(i, batches.length - 1)], cfg.blockSize));
  const params = gptParameters(model).map((p) => Float32Array.from(p.buf!));
  return { losses, params, s };
}

/** collect garbage now, and let the FinalizationRegistry that counts live tensors catch up */
async function collect(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(backends)('compiled training step on %s', (name) => {
  useBackend(name);

  it('gives the losses and weights of eager execution over 50 steps', async () => {
    const eager = await train('eager', 50);
    const runs = planStats.runs;
    const compiled = await train('compiled', 50);
    // the first step of a new graph runs kernel by kernel; every later one is the compiled plan
    expect(planStats.runs - runs).toBeGreaterThanOrEqual(49);
    // webasm's plan runs threaded once one of its kernels has 2 x 4096 cells; this tiny model's are smaller
    expect(planStats.executor).toBe(name === 'webasm' ? 'fused-sync' : name === 'webgpu' ? 'fused-encoder' : 'generic');
    expect(eager.losses[0]).toBeGreaterThan(4);
    expect(eager.losses[49]).toBeLessThan(eager.losses[0] - 0.5);   // it learned: the comparison is not of two flat lines
    for (let i = 0; i < 50; i++) expect(compiled.losses[i]).toBeCloseTo(eager.losses[i], 4);
    compiled.params.forEach((p, i) => {
      let worst = 0;
      for (let j = 0; j < p.length; j++) worst = Math.max(worst, Math.abs(p[j] - eager.params[i][j]));
      expect(worst).toBeLessThan(1e-4);
    });
  });

  it('allocates nothing that outlives a step, over 1,000 steps', async () => {
    setExecutionMode('compiled');
    const rng = new Rng(2);
    const model = createGPT(TINY, rng);
    const s = { model, opt: makeOptimizer(model, 1e-3), rng, step: 0 };
    for (let i = 0; i < 20; i++) await trainStep(s, data, B, TINY.blockSize);
    await collect();
    const before = { tensors: memory().liveTensors, kernels: kernelCount(), plans: planCount(), compiled: planStats.compiled };
    for (let i = 0; i < 1000; i++) await trainStep(s, data, B, TINY.blockSize);
    await collect();
    const after = { tensors: memory().liveTensors, kernels: kernelCount(), plans: planCount(), compiled: planStats.compiled };
    expect(backendName()).toBe(name);
    // a step builds about 200 graph nodes: one leaked per step would be 1,000 more
    expect(after.tensors - before.tensors).toBeLessThan(50);
    expect(after).toMatchObject({ kernels: before.kernels, plans: before.plans, compiled: before.compiled });
  }, 600_000);

  it('runs the SMALL step (every kernel shape of the lecture GPT) as the eager one does', async () => {
    // SMALL reuses kernels across differently laid-out producers, which TINY does not (it once broke GL)
    const SMALL = gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, dropout: 0 });
    const eager = (await train('eager', 3, [16], SMALL, 1e-3)).losses;
    const runs = planStats.runs;
    const compiled = (await train('compiled', 3, [16], SMALL, 1e-3)).losses;
    expect(planStats.runs - runs).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 3; i++) expect(compiled[i]).toBeCloseTo(eager[i], 4);
  }, 300_000);

  it('compiles a new plan for a changed shape (a shorter last batch) and computes it right', async () => {
    const batches = [5, 5, 5, 3, 3, 3];   // sizes no other test compiles
    const eager = await train('eager', batches.length, batches);
    const compiled0 = planStats.compiled;
    const compiled = await train('compiled', batches.length, batches);
    // one plan per batch size (each compiled when its signature comes back), never the batch-5 plan on 3 rows
    expect(planStats.compiled - compiled0).toBe(2);
    for (let i = 0; i < batches.length; i++) expect(compiled.losses[i]).toBeCloseTo(eager.losses[i], 4);
  });
});

describe.each(backends)('a plan on %s', (name) => {
  useBackend(name);

  it('runs one kernel fed by an input, a 2-D result and a flat result, as one kernel at a time does', async () => {
    const rng = new Rng(9);
    const a = R.randn([8, 4], 1, rng), b = R.randn([4, 6], 1, rng), c = R.randn([8, 6], 1, rng);
    const build = () => {
      const m = R.matmul(a, b);            // a 2-D output grid
      const e = R.unary('exp', c);         // a flat output
      // the same negation kernel (same source and sizes) reads a 2-D result, a flat result and an input
      return [R.unary('neg', m), R.unary('neg', e), R.unary('neg', c)];
    };
    const planned = build();
    await realizeCompiled(planned);
    const eager = build();
    await realizeEager(eager);
    expect(planStats.runs).toBeGreaterThan(0);
    planned.forEach((t, i) => expect(Array.from(t.buf!)).toEqual(Array.from(eager[i].buf!)));
  });
});

describe('the plan cache', () => {
  it('keeps a plan that is evicted while its call is pending until the call settles', async () => {
    setExecutionMode('compiled');
    // 12 graphs (more than the 8 plans kept), each seen once, then all realized at once: later ones evict
    // earlier plans whose calls are still queued
    const sizes = Array.from({ length: 12 }, (_, i) => i + 1);
    const build = (n: number) => R.unary('relu', R.binary('add', R.constant(new Float32Array(n).fill(1), [n]), R.scalar(1)));
    for (const n of sizes) await realize([build(n)]);
    const ts = sizes.map(build);
    await Promise.all(ts.map((t) => realize([t])));
    ts.forEach((t, i) => expect(Array.from(t.buf!)).toEqual(new Array(sizes[i]).fill(2)));
    expect(planCount()).toBe(8);
  });
});

describe('a parameter replaced by an optimizer step', () => {
  const setup = () => {
    const W = R.constant(Float32Array.from([1, 0, 0, 1]), [2, 2]).requireGrad();
    const opt = new AdamW([W], { lr: 0.5, weightDecay: 0 });
    const x = R.constant(Float32Array.from([1, 2]), [1, 2]);
    const gradW = () => backward(R.reduce('sum', R.reduce('sum', R.binary('mul', W, W), 1, false), 0, false));
    return { W, opt, x, gradW };
  };

  it('is not read through a transpose built before the step', async () => {
    const { W, opt, x, gradW } = setup();
    const Wt = R.transpose(W, 0, 1);   // folded into the matmul's strides: the kernel reads W itself
    gradW();
    await opt.step();
    await expect(realize([R.matmul(x, Wt)])).rejects.toThrow(/\(permute\) \(needed by Tensor<\[1, 2\], float32>\(matmul\)\) was built from/);
    const y = R.matmul(x, R.transpose(W, 0, 1));
    await realize([y]);
    expect(Array.from(y.buf!)).toEqual([0.5, 1]);
  });

  it('does not change a realization already under way (an opt.step() not awaited)', async () => {
    for (const mode of ['eager', 'compiled'] as const) {
      setExecutionMode(mode);
      const { W, opt, x, gradW } = setup();
      // y = x W^21 with W = I: [1, 2]; after the step W = 0.5 I, so any mix gives something else
      let y = R.matmul(x, W);
      for (let k = 0; k < 20; k++) y = R.matmul(R.binary('add', y, R.scalar(0)), W);
      gradW();
      await Promise.all([opt.step(), realize([y])]);
      expect(Array.from(y.buf!), mode).toEqual([1, 2]);
      expect(Array.from(W.buf!)).toEqual([0.5, 0, 0, 0.5]);
    }
  });
});

describe('plan signatures', () => {
  it('depend on shapes and wiring, not on values', () => {
    const a = R.constant(new Float32Array(6).fill(1), [2, 3]), b = R.constant(new Float32Array(6).fill(2), [2, 3]);
    const c = R.constant(new Float32Array(8).fill(1), [2, 4]), d = R.constant(new Float32Array(8).fill(2), [2, 4]);
    const sig = (x: AnyTensor, y: AnyTensor) => lower([R.unary('exp', R.binary('add', x, y))]).signature;
    expect(sig(a, b)).toBe(sig(b, a));
    expect(sig(a, b)).not.toBe(sig(c, d));
    expect(sig(a, b)).not.toBe(lower([R.binary('add', R.unary('exp', a), b)]).signature);
  });
});

describe('a tensor built before an optimizer step', () => {
  it('cannot be computed from the updated weights afterwards; realized with the step it is kept', async () => {
    setExecutionMode('compiled');
    const model = createGPT(TINY, new Rng(3));
    const opt = makeOptimizer(model, 1e-2);
    const { x, y } = data.getBatch('train', B, TINY.blockSize, new Rng(4));
    const xb = ints(x, [B, TINY.blockSize]), yb = ints(y, [B, TINY.blockSize]);
    const logits = forward(model, xb);
    const l = gptLoss(model, xb, yb);
    backward(l);
    await opt.step([l]);
    await expect(logits.data()).rejects.toThrow(/before its values were replaced .*Realize it before the update/);
    const logits2 = forward(model, xb);
    const l2 = gptLoss(model, xb, yb);
    backward(l2);
    await opt.step([l2, logits2]);
    expect((await logits2.data()).length).toBe(B * TINY.blockSize * 65);
  });
});
