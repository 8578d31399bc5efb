// Lesson 1: the perceptron rule learns AND and OR and never XOR; the sigmoid neuron learns AND and OR by
// gradient descent and settles at ln 2 on XOR (the best one line can do there).
import { describe, expect, it, beforeAll } from 'vitest';
import { fromData, setBackend } from '../../src/dsl';
import { Rng } from '../../src/runtime/rng';
import { gate } from '../../src/data/toy2d';
import { createNeuron, neuronProb, perceptronPredict, trainPerceptron, trainSigmoidNeuron } from '../../src/models/perceptron';

describe('lesson 1: one neuron', () => {
  beforeAll(() => { setBackend('auto'); });

  it('the perceptron rule reaches 100% on AND and OR (a pass with no mistake) and never on XOR in 20 passes', async () => {
    for (const g of ['AND', 'OR'] as const) {
      const d = gate(g), x = fromData(d.xy, [4, 2]), n = createNeuron(2);
      const mistakes = await trainPerceptron(n, x, d.labels, 20);
      expect(mistakes[mistakes.length - 1]).toBe(0);
      expect(await perceptronPredict(n, x)).toEqual(Array.from(d.labels));
    }
    const d = gate('XOR'), x = fromData(d.xy, [4, 2]), n = createNeuron(2);
    const mistakes = await trainPerceptron(n, x, d.labels, 20);
    expect(mistakes).toHaveLength(20);
    expect(Math.min(...mistakes)).toBeGreaterThan(0);
    const right = (await perceptronPredict(n, x)).filter((a, i) => a === d.labels[i]).length;
    expect(right).toBeLessThan(4);
  });

  it('the sigmoid neuron: AND and OR loss < 0.05 and 100% in 500 steps; XOR stays at ln 2 (within 1e-3)', async () => {
    for (const g of ['AND', 'OR', 'XOR'] as const) {
      const d = gate(g), x = fromData(d.xy, [4, 2]), y = fromData(Float32Array.from(d.labels), [4, 1]);
      const n = createNeuron(2, new Rng(4));
      const losses = await trainSigmoidNeuron(n, x, y, 500, 1);
      const last = losses[losses.length - 1];
      const p = await neuronProb(n, x).data();
      if (g === 'XOR') {
        expect(Math.abs(last - Math.LN2)).toBeLessThan(1e-3);
        for (const l of losses) expect(l).toBeGreaterThan(Math.LN2 - 1e-4);
      } else {
        expect(last).toBeLessThan(0.05);
        expect(Array.from(p, (v) => (v > 0.5 ? 1 : 0))).toEqual(Array.from(d.labels));
      }
    }
  });
});
