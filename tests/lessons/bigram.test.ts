// Lesson 3: the counted bigram scores 2.45-2.50 nats on val; the learned one (AdamW, 1000 steps) comes
// within 0.05 of it; both are the same kind of model (a table of logits), so their NLLs agree in form.
import { describe, expect, it, beforeAll } from 'vitest';
import { ints, setBackend } from '../../src/dsl';
import { Rng } from '../../src/runtime/rng';
import { loadTextDataset } from '../../src/data/text-dataset';
import { bigramGenerate, bigramLoss } from '../../src/models/bigram';
import { bigramProbs, countBigrams, countsAsBigram, textNll } from '../../src/models/bigram-counts';
import { DATA_FILE, learnBigram } from '../../src/lessons/lesson-3-bigram';

const data = loadTextDataset(DATA_FILE);

describe('lesson 3: the bigram language model', () => {
  beforeAll(() => { setBackend('auto'); });

  it('counts: rows of P sum to 1, unseen pairs get probability > 0 with smoothing, 0 without', async () => {
    const c = countBigrams([0, 1, 0, 1, 2], 3);
    expect(Array.from(await c.counts.data())).toEqual([0, 2, 0, 1, 0, 1, 0, 0, 0]);
    const p = await bigramProbs(c, 1).data();
    for (let r = 0; r < 3; r++) expect(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2]).toBeCloseTo(1, 6);
    expect(p[0]).toBeCloseTo(1 / 5, 6);                 // (0 + 1) / (2 + 3)
    expect((await bigramProbs(c, 0).data())[0]).toBe(0);
    expect(() => countBigrams([0, 3], 3)).toThrow('bigram counts: token 3 at 0 is outside the vocabulary of 3');
  });

  it('textNll (a sum over the pair table) equals the mean cross-entropy over the same pairs', async () => {
    const m = countsAsBigram(countBigrams(data.train, 65));
    const text = data.val.subarray(0, 201);
    const direct = await bigramLoss(m, ints(text.subarray(0, 200), [1, 200]), ints(text.subarray(1, 201), [1, 200])).item();
    expect(await textNll(m, text)).toBeCloseTo(direct, 4);
  });

  it('the counted model: val NLL in 2.45 .. 2.50, below ln 65', async () => {
    const val = await textNll(countsAsBigram(countBigrams(data.train, 65)), data.val);
    expect(val).toBeGreaterThan(2.45);
    expect(val).toBeLessThan(2.5);
  });

  it('the learned model (AdamW lr 3e-2, batch 32, block 8, 1000 steps) comes within 0.05 of it on val', async () => {
    const counted = await textNll(countsAsBigram(countBigrams(data.train, 65)), data.val);
    const learned = await learnBigram(data, { steps: 1000, lr: 3e-2, batchSize: 32, blockSize: 8, seed: 1337 });
    const val = await textNll(learned, data.val);
    expect(Math.abs(val - counted)).toBeLessThan(0.05);
    const out = await bigramGenerate(learned, ints([0], [1, 1]), 30, { rng: new Rng(3) });
    expect(data.tokenizer.decode(await out.data())).toHaveLength(31);
  });
});
