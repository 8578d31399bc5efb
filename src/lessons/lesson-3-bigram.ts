// Lesson 3: the bigram language model, counted and then learned. Both guess the next character from the
// current one; counting gets the best table directly, gradient descent finds (nearly) the same one.
import * as path from 'node:path';
import { ints, backward, AdamW } from '../dsl';
import { Rng } from '../runtime/rng';
import { loadTextDataset, type TextDataset } from '../data/text-dataset';
import { bigramGenerate, bigramLoss, bigramParameters, createBigram, type Bigram } from '../models/bigram';
import { countBigrams, countsAsBigram, textNll } from '../models/bigram-counts';
import { type Lesson, f4 } from './lesson';
import { heatmapSpec, lineChartSpec, renderSvg, showChar, writeSvg } from './plot';

export const DATA_FILE = path.join(__dirname, '../../data/tinyshakespeare.txt');

export interface LearnOptions { steps: number; lr: number; batchSize: number; blockSize: number; seed: number }

/** the learned bigram: AdamW on random (batch, block) windows of the training split */
export async function learnBigram(data: TextDataset, o: LearnOptions, onStep?: (step: number, loss: number) => void): Promise<Bigram<65>> {
  const rng = new Rng(o.seed);
  if (data.tokenizer.vocabSize !== 65) throw new Error(`lesson 3: expected tiny Shakespeare's 65 characters, got ${data.tokenizer.vocabSize}`);
  const m = createBigram(65, rng);
  const opt = new AdamW(bigramParameters(m), { lr: o.lr });
  for (let s = 1; s <= o.steps; s++) {
    const { x, y } = data.getBatch('train', o.batchSize, o.blockSize, rng);
    const loss = bigramLoss(m, ints(x, [o.batchSize, o.blockSize]), ints(y, [o.batchSize, o.blockSize]));
    backward(loss);
    await opt.step([loss]);
    onStep?.(s, loss.buf![0]);
  }
  return m;
}

async function sample(m: Bigram<65>, data: TextDataset, n: number, seed: number): Promise<string> {
  const out = await bigramGenerate(m, ints([0], [1, 1]), n, { rng: new Rng(seed) });   // token 0 is '\n'
  return data.tokenizer.decode((await out.data()).subarray(1));
}

/** text shown as a block under the commentary */
export function indent(text: string): string {
  return text.split('\n').map((l) => `    | ${l}`).join('\n');
}

export const lesson3: Lesson = {
  number: 3,
  slug: 'bigram',
  title: 'The bigram language model',
  chapter: 'docs/03-bigram.md',
  options: {
    steps: { default: '1500', help: 'AdamW steps of the learned bigram' },
    lr: { default: '0.03', help: 'AdamW learning rate' },
    smoothing: { default: '1', help: 'add-k smoothing of the counts' },
  },
  async run({ say, imgDir, num }) {
    const steps = num('steps'), lr = num('lr'), k = num('smoothing');
    const data = loadTextDataset(DATA_FILE);
    const chars = Array.from({ length: data.tokenizer.vocabSize }, (_, i) => data.tokenizer.decode([i]));
    say('# Lesson 3: the bigram language model');
    say();
    say(`tiny Shakespeare: ${data.train.length + data.val.length} characters, a vocabulary of V = ${chars.length}; the first 90% to`);
    say('train on, the last 10% (val) to measure on. A bigram model guesses the next character from the current');
    say('one alone. Its score: the negative log-likelihood (NLL), the mean of -log p(actual next | current) over');
    say(`the text. A uniform guess scores ln ${chars.length} = ${f4(Math.log(chars.length))}; lower is better.`);
    say();
    say(`## Counting: counts: Tensor<[${chars.length}, ${chars.length}]>, then P = (counts + ${k}) / row sums`);
    const counted = countBigrams(data.train, 65);
    const counts = await counted.counts.data();
    const top = [...counts.keys()].sort((a, b) => counts[b] - counts[a]).slice(0, 5);
    say(`  most frequent pairs: ${top.map((i) => `"${showChar(chars[Math.floor(i / 65)])}${showChar(chars[i % 65])}" ${counts[i]}`).join(', ')}`);
    say(`  pairs never seen in training: ${counts.filter((c) => c === 0).length} of ${65 * 65}; smoothing gives them a small probability`);
    const countModel = countsAsBigram(counted, k);
    const countTrain = await textNll(countModel, data.train), countVal = await textNll(countModel, data.val);
    say(`  NLL train ${f4(countTrain)}, val ${f4(countVal)}`);
    say('  sample:');
    say(indent(await sample(countModel, data, 160, 7)));
    say();
    say(`## Learning: a table of logits, Tensor<[65, 65]>, by AdamW (lr ${lr}, batch 32 x block 8, ${steps} steps)`);
    say('  logits = embedding(table, idx): [B, T] -> [B, T, 65]; loss = crossEntropy(logits, targets [B, T]).');
    const curve: [number, number][] = [];
    const learned = await learnBigram(data, { steps, lr, batchSize: 32, blockSize: 8, seed: 1337 }, (s, l) => curve.push([s, l]));
    const learnedTrain = await textNll(learned, data.train), learnedVal = await textNll(learned, data.val);
    say(`  batch loss ${f4(curve[0][1])} at step 1 -> NLL train ${f4(learnedTrain)}, val ${f4(learnedVal)} (counting: ${f4(countVal)}, a gap of ${f4(learnedVal - countVal)})`);
    say('  sample:');
    say(indent(await sample(learned, data, 160, 7)));
    say('  Counting gives the table that fits the training text best, in one pass; gradient descent walks');
    say('  toward the same table, one batch at a time.');
    say('  Neither can do better: one character of context is all a bigram has. Lesson 4 lets it see more.');
    say();
    // a running mean makes the noisy batch losses readable
    const smooth = curve.map(([s], i): [number, number] => {
      const w = curve.slice(Math.max(0, i - 49), i + 1);
      return [s, w.reduce((a, [, l]) => a + l, 0) / w.length];
    });
    const files = [
      writeSvg('03-bigram-counts.svg', await renderSvg(heatmapSpec({
        title: 'Bigram counts of tiny Shakespeare (row: current character, column: next)',
        values: counts, rowLabels: chars.map(showChar), colLabels: chars.map(showChar), rowTitle: 'current', colTitle: 'next',
        cell: 10, scheme: 'blues', colorType: 'symlog', valueTitle: 'count (white: never)', blankZero: true,
        legendValues: [1, 10, 100, 1000, 10000],
      })), imgDir),
      writeSvg('03-bigram-loss.svg', await renderSvg(lineChartSpec({
        title: 'The learned bigram approaches the counted one', xTitle: 'step', yTitle: 'loss (nats)',
        series: [
          { name: 'learned: batch loss (mean of 50)', points: smooth },
          { name: 'counted: val NLL', points: [[1, countVal], [steps, countVal]] },
          { name: 'learned: val NLL', points: [[steps, learnedVal]], dots: true },
        ],
      })), imgDir),
    ];
    say(`Pictures: ${files.join(', ')}`);
    return { countedTrain: countTrain, countedVal: countVal, learnedTrain, learnedVal };
  },
};
