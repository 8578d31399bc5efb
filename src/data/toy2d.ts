// Tiny 2-D classification sets made in code, for lessons 1 and 2: the four corners of the unit square
// labelled by a logic gate (AND, OR, XOR), and "two moons", two interleaved half circles with noise
// (as scikit-learn's make_moons), which no straight line separates.
import type { Rng } from '../runtime/rng';

/** N points in the plane: xy is [N, 2] row-major, labels [N] are 0 or 1 */
export interface Points2D<N extends number> {
  n: N;
  xy: Float32Array;
  labels: Int32Array;
}

export type Gate = 'AND' | 'OR' | 'XOR';
export const GATES: readonly Gate[] = ['AND', 'OR', 'XOR'];

const TRUTH: Record<Gate, (a: number, b: number) => number> = {
  AND: (a, b) => a & b,
  OR: (a, b) => a | b,
  XOR: (a, b) => a ^ b,
};

/** the truth table of a gate: inputs (0,0) (0,1) (1,0) (1,1) and the gate's output as the label */
export function gate(name: Gate): Points2D<4> {
  const corners = [[0, 0], [0, 1], [1, 0], [1, 1]];
  return {
    n: 4,
    xy: Float32Array.from(corners.flat()),
    labels: Int32Array.from(corners, ([a, b]) => TRUTH[name](a, b)),
  };
}

/**
 * n points (n even): half on the upper moon (label 0: cos t, sin t), half on the lower one shifted right
 * and down (label 1: 1 - cos t, 0.5 - sin t), t uniform in [0, pi], plus N(0, noise^2) on each coordinate.
 */
export function twoMoons<const N extends number>(n: N, noise: number, rng: Rng): Points2D<N> {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new Error(`twoMoons: n must be an even integer >= 2, got ${n}`);
  const xy = new Float32Array(n * 2), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const t = rng.random() * Math.PI;
    const x = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    xy[2 * i] = x + noise * rng.normal();
    xy[2 * i + 1] = y + noise * rng.normal();
    labels[i] = label;
  }
  return { n, xy, labels };
}
