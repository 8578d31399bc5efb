// Drawing the next token: temperature, top-k, reproducibility, and never an index outside the vocabulary.
import { describe, expect, it } from 'vitest';
import { sampleFromLogits } from '../../src/models/sampling';
import { Rng } from '../../src/runtime/rng';

const fixed = (u: number) => ({ random: () => u });

describe('sampleFromLogits', () => {
  it('inverts the CDF: p = [0.1, 0.2, 0.7] (hand-computed)', () => {
    const logits = [Math.log(0.1), Math.log(0.2), Math.log(0.7)];
    expect(sampleFromLogits(logits, { rng: fixed(0.05) })).toBe(0);
    expect(sampleFromLogits(logits, { rng: fixed(0.15) })).toBe(1);
    expect(sampleFromLogits(logits, { rng: fixed(0.31) })).toBe(2);
  });

  it('a draw at the very top of [0, 1) still returns a valid index (rounding of the cumulative sum)', () => {
    const logits = Float32Array.from({ length: 65 }, (_, i) => Math.sin(i) * 3);
    expect(sampleFromLogits(logits, { rng: fixed(1 - 2 ** -53) })).toBe(64);
    // the last tokens impossible: the fallback is the last token with p > 0, never beyond
    const masked = Float32Array.from(logits);
    masked[63] = -Infinity; masked[64] = -Infinity;
    expect(sampleFromLogits(masked, { rng: fixed(1 - 2 ** -53) })).toBe(62);
  });

  it('top-k keeps only the k most likely tokens', () => {
    const logits = [0, 5, 1, 4, 2];
    const seen = new Set<number>();
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) seen.add(sampleFromLogits(logits, { rng, topK: 2 }));
    expect([...seen].sort()).toEqual([1, 3]);
  });

  it('temperature sharpens: near 0 it is argmax, and frequencies follow softmax(logits / T)', () => {
    const logits = [1, 2, 0.5];
    const rng = new Rng(2);
    for (let i = 0; i < 50; i++) expect(sampleFromLogits(logits, { rng, temperature: 1e-3 })).toBe(1);
    const counts = [0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleFromLogits(logits, { rng, temperature: 2 })]++;
    const z = logits.map((l) => Math.exp(l / 2)), sum = z.reduce((a, b) => a + b);
    counts.forEach((c, i) => expect(Math.abs(c / n - z[i] / sum)).toBeLessThan(0.015));
  });

  it('is reproducible for a seed', () => {
    const logits = [0.3, 0.1, 0.9, 0.2];
    const a = Array.from({ length: 20 }, ((r) => () => sampleFromLogits(logits, { rng: r }))(new Rng(7)));
    const b = Array.from({ length: 20 }, ((r) => () => sampleFromLogits(logits, { rng: r }))(new Rng(7)));
    expect(a).toEqual(b);
  });

  it('refuses bad options and unusable logits', () => {
    expect(() => sampleFromLogits([1, 2], { rng: fixed(0.5), temperature: 0 })).toThrow('sample: temperature must be a positive number, got 0');
    expect(() => sampleFromLogits([1, 2], { rng: fixed(0.5), topK: 0 })).toThrow('sample: topK must be a positive integer, got 0');
    expect(() => sampleFromLogits([NaN, NaN], { rng: fixed(0.5) })).toThrow('sample: logits contain no finite value');
  });
});
