// Lesson 4: the three ways of averaging the past agree within 1e-6; a head's weights are causal and sum
// to 1 per row; the one-head language model learns (val loss below 2.6 after 300 steps).
import { describe, expect, it, beforeAll } from 'vitest';
import { type Tensor, randn, setBackend } from '../../src/dsl';
import { Rng } from '../../src/runtime/rng';
import { loadTextDataset } from '../../src/data/text-dataset';
import { attentionHead, averagePastLoops, averagePastMatmul, averagePastSoftmax, createHead } from '../../src/models/attention-math';
import { DATA_FILE } from '../../src/lessons/lesson-3-bigram';
import { headLMValLoss, maxAbsDiff, trainHeadLM } from '../../src/lessons/lesson-4-attention';

describe('lesson 4: the mathematics of attention', () => {
  beforeAll(() => { setBackend('auto'); });

  it('loops, a lower-triangular matmul and a masked softmax give the same averages (within 1e-6)', async () => {
    const agree = async <B extends number, T extends number, C extends number>(x: Tensor<[B, T, C]>) => {
      const loops = await (await averagePastLoops(x)).data();
      expect(maxAbsDiff(loops, await averagePastMatmul(x).data())).toBeLessThan(1e-6);
      expect(maxAbsDiff(loops, await averagePastSoftmax(x).data())).toBeLessThan(1e-6);
    };
    await agree(randn([4, 8, 2], { rng: new Rng(1337) }));
    await agree(randn([2, 5, 3], { rng: new Rng(1) }));
    await agree(randn([1, 1, 4], { rng: new Rng(2) }));
  });

  it('a head: no weight on the future, each row sums to 1, out is [B, T, D]', async () => {
    const head = createHead(8, 4, new Rng(3));
    const { out, weights } = attentionHead(head, randn([2, 6, 8], { rng: new Rng(4) }));
    expect(out.shape).toEqual([2, 6, 4]);
    const w = await weights.data();
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 6; t++) {
        let row = 0;
        for (let s = 0; s < 6; s++) {
          const v = w[(b * 6 + t) * 6 + s];
          if (s > t) expect(v).toBe(0);
          row += v;
        }
        expect(row).toBeCloseTo(1, 5);
      }
    }
  });

  it('the one-head language model learns: val loss from about 4.6 to below 2.6 in 300 steps', async () => {
    const data = loadTextDataset(DATA_FILE);
    const start = await headLMValLoss(await trainHeadLM(data, 0, 1e-2), data, 10);
    expect(start).toBeGreaterThan(4);
    const m = await trainHeadLM(data, 300, 1e-2);
    expect(await headLMValLoss(m, data, 10)).toBeLessThan(2.6);
  });
});
