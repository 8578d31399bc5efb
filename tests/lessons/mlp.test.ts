// Lesson 2: an MLP learns XOR (loss < 0.05) and the two moons (> 95% on points it never saw).
import { describe, expect, it, beforeAll } from 'vitest';
import { fromData, ints, setBackend } from '../../src/dsl';
import { Rng } from '../../src/runtime/rng';
import { gate, twoMoons } from '../../src/data/toy2d';
import { createMLP, fitMLP, mlpAccuracy } from '../../src/models/mlp';
import { MOONS } from '../../src/lessons/lesson-2-mlp';

describe('lesson 2: a deep network', () => {
  beforeAll(() => { setBackend('auto'); });

  it('learns XOR: loss < 0.05 within 300 AdamW steps, 4/4 right', async () => {
    const d = gate('XOR'), x = fromData(d.xy, [4, 2]);
    const m = createMLP(2, 8, 2, new Rng(1));
    const losses = await fitMLP(m, x, ints(d.labels, [4]), { steps: 300, lr: 0.05 });
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(losses[losses.length - 1]).toBeLessThan(0.05);
    expect(await mlpAccuracy(m, x, d.labels)).toBe(1);
  });

  it('learns the two moons: > 95% accuracy on 200 fresh points after 500 steps', async () => {
    const rng = new Rng(2);
    const train = twoMoons(MOONS.n, MOONS.noise, rng), test = twoMoons(MOONS.n, MOONS.noise, rng);
    const m = createMLP(2, 16, 2, new Rng(3));
    const losses = await fitMLP(m, fromData(train.xy, [MOONS.n, 2]), ints(train.labels, [MOONS.n]), { steps: 500, lr: 0.03 });
    expect(losses[losses.length - 1]).toBeLessThan(0.1);
    expect(await mlpAccuracy(m, fromData(test.xy, [MOONS.n, 2]), test.labels)).toBeGreaterThan(0.95);
  });

  it('two moons: n must be even, the classes are balanced', () => {
    const d = twoMoons(10, 0.1, new Rng(1));
    expect(Array.from(d.labels).filter((l) => l === 1)).toHaveLength(5);
    expect(() => twoMoons(7, 0.1, new Rng(1))).toThrow('twoMoons: n must be an even integer >= 2, got 7');
  });
});
