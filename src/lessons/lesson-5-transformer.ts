// Lesson 5: the transformer. Lesson 4's head, made many (multi-head attention), followed by a small MLP
// (feed-forward), wrapped in residual connections and layer norms, stacked: the GPT of src/models/gpt.ts.
// Trained briefly on tiny Shakespeare; it writes text and a loss curve.
import { ints } from '../dsl';
import { parameterCount } from '../dsl/params';
import { Rng } from '../runtime/rng';
import { loadTextDataset } from '../data/text-dataset';
import { countBigrams, countsAsBigram, textNll } from '../models/bigram-counts';
import { createGPT, generate, gptConfig } from '../models/gpt';
import { estimateLoss, makeOptimizer, trainStep } from '../models/train-loop';
import { type Lesson, f4 } from './lesson';
import { DATA_FILE } from './lesson-3-bigram';
import { lineChartSpec, renderSvg, writeSvg } from './plot';

/** the SMALL configuration: batch 16, block 32, n_embd 64 = 4 heads x 16, 2 layers */
export const SMALL = gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, dropout: 0 });
export const BATCH = 16;

export const lesson5: Lesson = {
  number: 5,
  slug: 'transformer',
  title: 'The transformer',
  chapter: 'docs/05-transformer.md',
  options: {
    steps: { default: '200', help: 'AdamW steps (2000 or more for text that looks like Shakespeare)' },
    lr: { default: '0.001', help: 'AdamW learning rate' },
    'eval-every': { default: '50', help: 'steps between evaluations of train and val loss' },
    'eval-iters': { default: '10', help: 'random batches per evaluation' },
    tokens: { default: '300', help: 'characters to generate at the end' },
    seed: { default: '1337', help: 'seed of the initialization, the batches and the sampling' },
  },
  async run({ say, imgDir, num }) {
    const steps = num('steps'), lr = num('lr'), every = num('eval-every'), iters = num('eval-iters'), tokens = num('tokens'), seed = num('seed');
    const data = loadTextDataset(DATA_FILE);
    const { blockSize: T, nEmbd: C, nHead: H, nLayer } = SMALL;
    say('# Lesson 5: the transformer');
    say();
    say(`The GPT of src/models/gpt.ts, SMALL configuration: B = ${BATCH}, T = ${T}, C = ${C}, ${H} heads of D = ${C / H}, ${nLayer} blocks.`);
    say(`  tokens [B, T] -> token embedding + position embedding -> x: Tensor<[B, T, C]>`);
    say(`  each block:  x = x + multiHeadAttention(layerNorm(x))   ${H} heads side by side, [B, T, ${H}, ${C / H}] -> [B, T, C]`);
    say(`               x = x + feedForward(layerNorm(x))          C -> 4C -> C per position, ReLU between`);
    say(`  then layerNorm(x) and a linear layer -> logits: Tensor<[B, T, ${SMALL.vocabSize}]>`);
    say('  Attention is the communication between positions, feed-forward the computation at each one. The');
    say('  residual "x +" gives gradients a straight path down a deep stack; layer norm keeps every position\'s');
    say('  vector at mean 0 and variance 1. Dropout (off here: a short run cannot overfit) would zero random');
    say('  activations during training, so the network cannot lean on any single one.');
    const rng = new Rng(seed);
    const model = createGPT(SMALL, rng);
    const s = { model, opt: makeOptimizer(model, lr), rng, step: 0 };
    const evalRng = new Rng(seed + 1);
    say();
    say(`## Training: ${parameterCount(model.params).toLocaleString('en-US')} parameters, AdamW lr ${lr}, ${steps} steps`);
    const batchCurve: [number, number][] = [];
    const trainEval: [number, number][] = [], valEval: [number, number][] = [];
    const evaluate = async (step: number) => {
      const tr = await estimateLoss(model, data, 'train', iters, BATCH, T, evalRng);
      const va = await estimateLoss(model, data, 'val', iters, BATCH, T, evalRng);
      trainEval.push([step, tr]);
      valEval.push([step, va]);
      say(`  step ${String(step).padStart(5)}  train ${f4(tr)}  val ${f4(va)}`);
    };
    await evaluate(0);
    const t0 = Date.now();
    for (let i = 1; i <= steps; i++) {
      batchCurve.push([i, await trainStep(s, data, BATCH, T)]);
      if (i % every === 0 || i === steps) await evaluate(i);
    }
    const secs = (Date.now() - t0) / 1000;
    say(`  ${(steps * BATCH * T / secs).toFixed(0)} tokens/s (with the evaluations)`);
    const bigramVal = await textNll(countsAsBigram(countBigrams(data.train, 65)), data.val);
    const val = valEval[valEval.length - 1][1];
    say(`  It started at ln 65 = ${f4(Math.log(65))}, a uniform guess. The counted bigram of lesson 3 scores ${f4(bigramVal)} on val.`);
    if (val < bigramVal) say('  Below it, the model is using more than one character of context.');
    else say(`  Not below it yet: ${steps} steps is a start.`);
    say('  Longer runs (--steps 2000) go further: PyTorch, same model, reaches a val loss of 2.21-2.25 at step 500');
    say('  and 1.96-1.99 at step 2000, where the text has words, line breaks and speaker names.');
    say();
    say(`## ${tokens} generated characters (each one sampled from the model, then fed back in)`);
    const out = await generate(model, ints(data.tokenizer.encode('\n'), [1, 1]), tokens, { rng: new Rng(seed + 2) });
    say(data.tokenizer.decode((await out.data()).subarray(1)));
    say();
    const files = [
      writeSvg('05-loss-curve.svg', await renderSvg(lineChartSpec({
        title: `GPT (SMALL) on tiny Shakespeare: ${steps} steps`, xTitle: 'step', yTitle: 'loss (nats)',
        series: [
          { name: 'batch loss', points: batchCurve },
          { name: 'train (eval)', points: trainEval, dots: true },
          { name: 'val (eval)', points: valEval, dots: true },
        ],
      })), imgDir),
    ];
    say(`Picture: ${files.join(', ')}`);
    return { valStart: valEval[0][1], trainEnd: trainEval[trainEval.length - 1][1], valEnd: val, bigramVal };
  },
};
