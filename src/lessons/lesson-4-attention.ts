// Lesson 4: the mathematics of attention. Averaging the past three ways, proven equal; why the scores are
// scaled by 1/sqrt(head size); then one self-attention head in a language model, and what it looks at.
import { type Tensor, randn, ints, tensor, softmax, scale, matmul, mT, backward, AdamW } from '../dsl';
import { Rng } from '../runtime/rng';
import { loadTextDataset, type TextDataset } from '../data/text-dataset';
import { averagePastLoops, averagePastMatmul, averagePastSoftmax, averagingWeights } from '../models/attention-math';
import { countBigrams, countsAsBigram, textNll } from '../models/bigram-counts';
import { type HeadLM, createHeadLM, headLMForward, headLMLoss, headLMParameters } from '../models/head-lm';
import { type Lesson, f4 } from './lesson';
import { DATA_FILE } from './lesson-3-bigram';
import { heatmapSpec, renderSvg, showChar, writeSvg } from './plot';

/** the largest |a - b| over two equally long arrays */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function variance(xs: ArrayLike<number>): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < xs.length; i++) { s += xs[i]; s2 += xs[i] * xs[i]; }
  return s2 / xs.length - (s / xs.length) ** 2;
}

/** the lesson's model: one head of size 32 over 32 channels, reading 8 characters */
export const HEAD_LM = { vocabSize: 65, blockSize: 8, nEmbd: 32, headSize: 32 } as const;
export type LessonHeadLM = HeadLM<65, 8, 32, 32>;

/** AdamW on random (32 x 8) windows; returns the model */
export async function trainHeadLM(data: TextDataset, steps: number, lr: number, seed = 1337): Promise<LessonHeadLM> {
  const rng = new Rng(seed);
  const m = createHeadLM(HEAD_LM, rng);
  const opt = new AdamW(headLMParameters(m), { lr });
  for (let s = 0; s < steps; s++) {
    const { x, y } = data.getBatch('train', 32, 8, rng);
    const loss = headLMLoss(m, ints(x, [32, 8]), ints(y, [32, 8]));
    backward(loss);
    await opt.step([loss]);
  }
  return m;
}

/** mean loss over `iters` random val windows (a fixed seed, so runs compare) */
export async function headLMValLoss(m: LessonHeadLM, data: TextDataset, iters = 50): Promise<number> {
  const rng = new Rng(5);
  let total = 0;
  for (let i = 0; i < iters; i++) {
    const { x, y } = data.getBatch('val', 32, 8, rng);
    total += await headLMLoss(m, ints(x, [32, 8]), ints(y, [32, 8])).item();
  }
  return total / iters;
}

export const lesson4: Lesson = {
  number: 4,
  slug: 'attention',
  title: 'The mathematics of attention',
  chapter: 'docs/04-attention.md',
  options: {
    steps: { default: '1000', help: 'AdamW steps of the one-head language model' },
    lr: { default: '0.01', help: 'AdamW learning rate' },
  },
  async run({ say, imgDir, num }) {
    const steps = num('steps'), lr = num('lr');
    say('# Lesson 4: the mathematics of attention');
    say();
    say('A bigram reads one character. To read more, position t may gather information from positions 0..t');
    say('(never later ones: those are what it has to predict). The simplest gathering is an average.');
    say();
    say('## Averaging the past three ways, x: Tensor<[4, 8, 2]> (B = 4 rows, T = 8 positions, C = 2 channels)');
    const x = randn([4, 8, 2], { rng: new Rng(1337) });
    const loops = await (await averagePastLoops(x)).data();
    const viaMatmul = await averagePastMatmul(x).data();
    const viaSoftmax = await averagePastSoftmax(x).data();
    say(`  1. loops over b and t                                    (reference)`);
    say(`  2. matmul(wei [8, 8], x [4, 8, 2]), wei lower-triangular   max |difference| ${maxAbsDiff(loops, viaMatmul).toExponential(2)}`);
    say(`  3. softmax(zeros with -inf above the diagonal) @ x         max |difference| ${maxAbsDiff(loops, viaSoftmax).toExponential(2)}`);
    say('  Equal up to float32 rounding. In version 3 the zeros are "how much t likes s"; attention lets the');
    say('  data fill them in.');
    say();
    say('## One self-attention head (head size D)');
    say('  Each position emits a query q (what it looks for), a key k (what it holds), a value v (what it');
    say('  tells). Affinities q @ kT: [B, T, D] @ [B, D, T] -> [B, T, T]; the future is masked to -inf; softmax');
    say('  makes each row weights that sum to 1; out = weights @ v: [B, T, T] @ [B, T, D] -> [B, T, D].');
    const d = 16;
    const q = randn([8, 32, d], { rng: new Rng(1) }), k = randn([8, 32, d], { rng: new Rng(2) });
    const raw: Tensor<[8, 32, 32]> = matmul(q, mT(k));
    say(`  Why scale by 1/sqrt(D): with unit-variance q and k (D = ${d}), var(q . k) = ${variance(await raw.data()).toFixed(2)} (about D);`);
    say(`  scaled by 1/sqrt(${d}) it is ${variance(await scale(raw, 1 / Math.sqrt(d)).data()).toFixed(2)}. Softmax of large numbers is nearly one-hot:`);
    const v = tensor([0.1, -0.2, 0.3, -0.2, 0.5]);
    const fmt = async (t: Tensor<[5]>) => Array.from(await softmax(t, -1).data(), (p) => p.toFixed(3)).join(' ');
    say(`    softmax([0.1, -0.2, 0.3, -0.2, 0.5])     = ${await fmt(v)}`);
    say(`    softmax(8 * [0.1, -0.2, 0.3, -0.2, 0.5]) = ${await fmt(scale(v, 8))}`);
    say('  a position would listen to one other only, and its gradients would be tiny. The scale keeps it diffuse.');
    say();
    const data = loadTextDataset(DATA_FILE);
    const countVal = await textNll(countsAsBigram(countBigrams(data.train, 65)), data.val);
    say(`## A language model with one head: embeddings (C = 32) + position embeddings -> head (D = 32) -> logits`);
    say(`  AdamW lr ${lr}, batch 32 x block 8, ${steps} steps`);
    const model = await trainHeadLM(data, steps, lr);
    const val = await headLMValLoss(model, data);
    say(`  val loss ${f4(val)}; the counted bigram of lesson 3: ${f4(countVal)}. Looking back ${val < countVal ? 'already helps' : 'has not helped yet (train longer)'}.`);
    const text = 'First Ci';
    const idx = ints(data.tokenizer.encode(text), [1, 8]);
    const weights = await headLMForward(model, idx).weights.data();   // [1, 8, 8]
    const labels = Array.from(text, (c, i) => `${i}:${showChar(c)}`);
    say(`  Its attention weights on "${text}" are in the picture: row t is what position t listens to.`);
    say();
    const files = [
      writeSvg('04-averaging-weights.svg', await renderSvg(heatmapSpec({
        title: 'Averaging the past: wei = softmax(masked zeros), T = 8', values: await averagingWeights(8).data(),
        rowLabels: labels.map((_, i) => String(i)), colLabels: labels.map((_, i) => String(i)), rowTitle: 'position t (reads)', colTitle: 'position s (is read)',
        cell: 34, annotate: true, valueTitle: 'weight (white: masked)', blankZero: true,
      })), imgDir),
      writeSvg('04-attention-weights.svg', await renderSvg(heatmapSpec({
        title: `One trained head: weights on "${text}"`, values: weights, rowLabels: labels, colLabels: labels,
        rowTitle: 'query: position t', colTitle: 'key: position s', cell: 34, annotate: true, valueTitle: 'weight (white: masked)', blankZero: true,
      })), imgDir),
    ];
    say(`Pictures: ${files.join(', ')}`);
    return { matmulDiff: maxAbsDiff(loops, viaMatmul), softmaxDiff: maxAbsDiff(loops, viaSoftmax), headVal: val, bigramVal: countVal };
  },
};
