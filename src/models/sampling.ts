// Drawing the next token from a row of logits: temperature, optional top-k, then inverse-CDF sampling
// in float64. The draw can never return an index outside the vocabulary, even when the cumulative
// sum ends just below the uniform draw (rounding): it falls back to the last token with p > 0.
import type { Rng } from '../runtime/rng';

export interface SampleOptions {
  /** divide logits by this before softmax (> 0; 1 = unchanged) */
  temperature?: number;
  /** keep only the k most likely tokens (undefined = all) */
  topK?: number;
  rng: Pick<Rng, 'random'>;
}

export function sampleFromLogits(logits: ArrayLike<number>, opts: SampleOptions): number {
  const V = logits.length;
  const temperature = opts.temperature ?? 1;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`sample: temperature must be a positive number, got ${temperature}`);
  if (opts.topK !== undefined && (!Number.isInteger(opts.topK) || opts.topK < 1)) throw new Error(`sample: topK must be a positive integer, got ${opts.topK}`);
  let cutoff = -Infinity;
  if (opts.topK !== undefined && opts.topK < V) {
    const sorted = Array.from(logits).sort((a, b) => b - a);
    cutoff = sorted[opts.topK - 1];
  }
  let m = -Infinity;
  for (let i = 0; i < V; i++) if (logits[i] >= cutoff && logits[i] > m) m = logits[i];
  if (!Number.isFinite(m)) throw new Error('sample: logits contain no finite value (NaN or all -Infinity)');
  const p = new Float64Array(V);
  let total = 0;
  for (let i = 0; i < V; i++) {
    const v = logits[i];
    p[i] = v >= cutoff && Number.isFinite(v) ? Math.exp((v - m) / temperature) : 0;
    total += p[i];
  }
  const u = opts.rng.random() * total;
  let acc = 0, last = -1;
  for (let i = 0; i < V; i++) {
    if (p[i] === 0) continue;
    acc += p[i];
    last = i;
    if (u < acc) return i;
  }
  return last;
}
