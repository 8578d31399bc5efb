// A tiny float64 reference implementation of shapegrad's ops, for tests. It is deliberately independent
// of src/ (no imports from it): plain JS loops over row-major Float64Arrays with explicit shapes.
//
//   Nd                 an n-d array: shape + row-major Float64Array
//   nd / fromNested    constructors;  toNested for messages
//   the ops            add ... crossEntropy, with numpy broadcasting where shapegrad broadcasts
//   fd(f, inputs)      central finite differences in float64 of L = sum(f(inputs) * R) for a fixed random
//                      weighting R (weighting(shape)), i.e. the expected gradient of every input
//   Prng               a small seeded generator (mulberry32) for test data

export class Nd {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  constructor(shape: readonly number[], data?: ArrayLike<number>) {
    const n = size(shape);
    if (data && data.length !== n) throw new Error(`Nd: ${data.length} values for shape [${shape.join(', ')}]`);
    this.shape = [...shape];
    this.data = data ? Float64Array.from(data) : new Float64Array(n);
  }
  get size(): number { return this.data.length; }
  get rank(): number { return this.shape.length; }
  /** element at a multi-index */
  at(...idx: number[]): number { return this.data[offset(this.shape, idx)]; }
}

export function nd(shape: readonly number[], data?: ArrayLike<number>): Nd { return new Nd(shape, data); }

export type NestedNumbers = number | readonly NestedNumbers[];
export function fromNested(a: NestedNumbers): Nd {
  const shape: number[] = [];
  let cur: NestedNumbers = a;
  while (Array.isArray(cur)) { shape.push(cur.length); cur = (cur as readonly NestedNumbers[])[0]; }
  const flat: number[] = [];
  const walk = (v: NestedNumbers): void => { if (typeof v === 'number') flat.push(v); else v.forEach(walk); };
  walk(a);
  return nd(shape, flat);
}

export function size(shape: readonly number[]): number { return shape.reduce((a, b) => a * b, 1); }

export function strides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
  return st;
}

function offset(shape: readonly number[], idx: readonly number[]): number {
  const st = strides(shape);
  let o = 0;
  for (let k = 0; k < shape.length; k++) o += idx[k] * st[k];
  return o;
}

/** multi-index of flat position i */
export function unravel(shape: readonly number[], i: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) { idx[k] = i % shape[k]; i = Math.floor(i / shape[k]); }
  return idx;
}

// ---------------------------------------------------------------------------------------------
// elementwise with numpy broadcasting

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: cannot broadcast [${a.join(', ')}] with [${b.join(', ')}]`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** value of x (broadcast) at the multi-index `idx` of a larger output */
function readBroadcast(x: Nd, idx: readonly number[]): number {
  const lead = idx.length - x.rank;
  let o = 0, s = 1;
  for (let k = x.rank - 1; k >= 0; k--) {
    if (x.shape[k] !== 1) o += idx[k + lead] * s;
    s *= x.shape[k];
  }
  return x.data[o];
}

/** broadcast x to `shape` (a copy) */
export function expandTo(x: Nd, shape: readonly number[]): Nd {
  const out = nd(shape);
  for (let i = 0; i < out.size; i++) out.data[i] = readBroadcast(x, unravel(shape, i));
  return out;
}

export type NdOrNumber = Nd | number;
const asNd = (x: NdOrNumber): Nd => (typeof x === 'number' ? nd([], [x]) : x);

export function zip(a: NdOrNumber, b: NdOrNumber, f: (x: number, y: number) => number): Nd {
  const A = asNd(a), B = asNd(b);
  const shape = broadcastShape(A.shape, B.shape);
  const out = nd(shape);
  // fast paths (the finite differences call these many times): same size, or one side a single value
  if (A.size === out.size && B.size === out.size) {
    for (let i = 0; i < out.size; i++) out.data[i] = f(A.data[i], B.data[i]);
    return out;
  }
  if (A.size === out.size && B.size === 1) {
    for (let i = 0; i < out.size; i++) out.data[i] = f(A.data[i], B.data[0]);
    return out;
  }
  if (A.size === 1 && B.size === out.size) {
    for (let i = 0; i < out.size; i++) out.data[i] = f(A.data[0], B.data[i]);
    return out;
  }
  for (let i = 0; i < out.size; i++) {
    const idx = unravel(shape, i);
    out.data[i] = f(readBroadcast(A, idx), readBroadcast(B, idx));
  }
  return out;
}

export function map(x: Nd, f: (v: number) => number): Nd {
  const out = nd(x.shape);
  for (let i = 0; i < x.size; i++) out.data[i] = f(x.data[i]);
  return out;
}

export const add = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => x + y);
export const sub = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => x - y);
export const mul = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => x * y);
export const div = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => x / y);
export const pow = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => Math.pow(x, y));
export const maximum = (a: NdOrNumber, b: NdOrNumber): Nd => zip(a, b, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)));

/** erf in float64: Taylor series for |x| <= 4 (|error| ~1e-11), asymptotic erfc beyond */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let r: number;
  if (a <= 4) {
    // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
    let term = a, s = a;
    for (let n = 1; n < 200; n++) {
      term *= -a * a / n;
      const t = term / (2 * n + 1);
      s += t;
      if (Math.abs(t) < 1e-17 * Math.abs(s)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    // erfc(x) ~ exp(-x^2) / (x sqrt(pi)) * (1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 ...)
    const z = 1 / (2 * a * a);
    let term = 1, s = 1;
    for (let n = 1; n < 8; n++) { term *= -(2 * n - 1) * z; s += term; }
    r = 1 - (Math.exp(-a * a) / (a * Math.sqrt(Math.PI))) * s;
  }
  return x < 0 ? -r : r;
}

export const exp = (x: Nd): Nd => map(x, Math.exp);
export const log = (x: Nd): Nd => map(x, Math.log);
export const tanh = (x: Nd): Nd => map(x, Math.tanh);
export const relu = (x: Nd): Nd => map(x, (v) => (Number.isNaN(v) ? NaN : Math.max(v, 0)));
/** exact GELU, x * Phi(x), like torch.nn.GELU() */
export const gelu = (x: Nd): Nd => map(x, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
export const neg = (x: Nd): Nd => map(x, (v) => -v);
export const sqrt = (x: Nd): Nd => map(x, Math.sqrt);
export const abs = (x: Nd): Nd => map(x, Math.abs);
export const sigmoid = (x: Nd): Nd => map(x, (v) => 1 / (1 + Math.exp(-v)));

// ---------------------------------------------------------------------------------------------
// reductions along one axis (negative axes count from the end)

const norm = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function reduceAxis(x: Nd, axis: number, keepdim: boolean, init: number, f: (acc: number, v: number) => number, fin: (acc: number, n: number) => number = (a) => a): Nd {
  const ax = norm(axis, x.rank);
  const outer = size(x.shape.slice(0, ax)), n = x.shape[ax], inner = size(x.shape.slice(ax + 1));
  const shape = x.shape.slice();
  if (keepdim) shape[ax] = 1; else shape.splice(ax, 1);
  const out = nd(shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let acc = init;
      for (let k = 0; k < n; k++) acc = f(acc, x.data[(o * n + k) * inner + j]);
      out.data[o * inner + j] = fin(acc, n);
    }
  }
  return out;
}

export const sum = (x: Nd, axis: number, keepdim = false): Nd => reduceAxis(x, axis, keepdim, 0, (a, v) => a + v);
export const mean = (x: Nd, axis: number, keepdim = false): Nd => reduceAxis(x, axis, keepdim, 0, (a, v) => a + v, (a, n) => a / n);
export const max = (x: Nd, axis: number, keepdim = false): Nd =>
  reduceAxis(x, axis, keepdim, -Infinity, (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? NaN : Math.max(a, v)));
/** sum of all elements */
export const sumAll = (x: Nd): number => x.data.reduce((a, b) => a + b, 0);

/** softmax along an axis, max-subtracted (stable) */
export function softmax(x: Nd, axis: number): Nd {
  const ax = norm(axis, x.rank);
  const m = max(x, ax, true);
  const e = exp(sub(x, m));
  return div(e, sum(e, ax, true));
}
export function logSoftmax(x: Nd, axis: number): Nd {
  const ax = norm(axis, x.rank);
  const m = max(x, ax, true);
  const lse = add(m, log(sum(exp(sub(x, m)), ax, true)));
  return sub(x, lse);
}

// ---------------------------------------------------------------------------------------------
// linear algebra and layout

/** a [...PA, M, K] @ b [...PB, K, N] with broadcast batch dims */
export function matmul(a: Nd, b: Nd): Nd {
  const [M, K] = a.shape.slice(-2), [K2, N] = b.shape.slice(-2);
  if (K !== K2) throw new Error(`reference matmul: inner dims ${K} vs ${K2}`);
  const pa = a.shape.slice(0, -2), pb = b.shape.slice(0, -2);
  const batch = broadcastShape(pa, pb);
  const out = nd([...batch, M, N]);
  const nb = size(batch);
  for (let z = 0; z < nb; z++) {
    const bidx = unravel(batch, z);
    const oa = batchOffset(pa, bidx) * M * K, ob = batchOffset(pb, bidx) * K * N;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a.data[oa + m * K + k] * b.data[ob + k * N + n];
        out.data[(z * M + m) * N + n] = s;
      }
    }
  }
  return out;
}

/** index of the batch matrix of an operand with batch dims `p`, broadcast to the output batch index */
function batchOffset(p: readonly number[], bidx: readonly number[]): number {
  const lead = bidx.length - p.length;
  let o = 0, s = 1;
  for (let k = p.length - 1; k >= 0; k--) {
    if (p[k] !== 1) o += bidx[k + lead] * s;
    s *= p[k];
  }
  return o;
}

/** x [...P, I] @ w [I, O] (+ b [O]) */
export function linear(x: Nd, w: Nd, b?: Nd): Nd {
  const y = x.rank === 1 ? reshape(matmul(reshape(x, [1, x.shape[0]]), w), [w.shape[1]]) : matmul(x, w);
  return b ? add(y, b) : y;
}

export function permute(x: Nd, perm: readonly number[]): Nd {
  const shape = perm.map((p) => x.shape[p]);
  const st = strides(x.shape);
  const out = nd(shape);
  for (let i = 0; i < out.size; i++) {
    const idx = unravel(shape, i);
    let o = 0;
    for (let k = 0; k < perm.length; k++) o += idx[k] * st[perm[k]];
    out.data[i] = x.data[o];
  }
  return out;
}

export function transpose(x: Nd, i: number, j: number): Nd {
  const perm = x.shape.map((_, k) => k);
  const a = norm(i, x.rank), b = norm(j, x.rank);
  perm[a] = b; perm[b] = a;
  return permute(x, perm);
}

export function reshape(x: Nd, shape: readonly number[]): Nd {
  if (size(shape) !== x.size) throw new Error('reference reshape: sizes differ');
  return nd(shape, x.data);
}

export function narrow(x: Nd, axis: number, start: number, length: number): Nd {
  const ax = norm(axis, x.rank);
  const shape = x.shape.slice();
  shape[ax] = length;
  const out = nd(shape);
  for (let i = 0; i < out.size; i++) {
    const idx = unravel(shape, i);
    idx[ax] += start;
    out.data[i] = x.data[offset(x.shape, idx)];
  }
  return out;
}

/** x[..., index, ...] (drops the axis) */
export function select(x: Nd, axis: number, index: number): Nd {
  const ax = norm(axis, x.rank);
  const i = index < 0 ? index + x.shape[ax] : index;
  const y = narrow(x, ax, i, 1);
  return reshape(y, x.shape.filter((_, k) => k !== ax));
}

export function cat(a: Nd, b: Nd, axis: number): Nd {
  const ax = norm(axis, a.rank);
  const shape = a.shape.slice();
  shape[ax] = a.shape[ax] + b.shape[ax];
  const out = nd(shape);
  for (let i = 0; i < out.size; i++) {
    const idx = unravel(shape, i);
    if (idx[ax] < a.shape[ax]) out.data[i] = a.data[offset(a.shape, idx)];
    else { idx[ax] -= a.shape[ax]; out.data[i] = b.data[offset(b.shape, idx)]; }
  }
  return out;
}

/** table [V, C], integer ids [...S] -> [...S, C] */
export function embedding(table: Nd, ids: Nd): Nd {
  const [V, C] = table.shape;
  const out = nd([...ids.shape, C]);
  for (let r = 0; r < ids.size; r++) {
    const id = ids.data[r];
    for (let c = 0; c < C; c++) out.data[r * C + c] = id >= 0 && id < V ? table.data[id * C + c] : NaN;
  }
  return out;
}

/** bool (0/1) lower-triangular [n, n] */
export function tril(n: number): Nd {
  const out = nd([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out.data[i * n + j] = 1;
  return out;
}
export const not = (m: Nd): Nd => map(m, (v) => (v === 0 ? 1 : 0));

/** x with value where the (broadcast) mask is non-zero */
export function maskedFill(x: Nd, mask: Nd, value: number): Nd {
  return zip(x, mask, (v, m) => (m !== 0 ? value : v));
}

/** (x - mean) / sqrt(biased var + eps) * gamma + beta over the last axis */
export function layerNorm(x: Nd, gamma: Nd, beta: Nd, eps = 1e-5): Nd {
  const L = x.shape[x.rank - 1], rows = x.size / L;
  const out = nd(x.shape);
  for (let r = 0; r < rows; r++) {
    let mu = 0;
    for (let k = 0; k < L; k++) mu += x.data[r * L + k];
    mu /= L;
    let va = 0;
    for (let k = 0; k < L; k++) { const d = x.data[r * L + k] - mu; va += d * d; }
    const rstd = 1 / Math.sqrt(va / L + eps);
    for (let k = 0; k < L; k++) out.data[r * L + k] = (x.data[r * L + k] - mu) * rstd * gamma.data[k] + beta.data[k];
  }
  return out;
}

/** mean over rows of -log softmax(logits)[target]; logits [...P, V], targets [...P] (NaN for out-of-range) */
export function crossEntropy(logits: Nd, targets: Nd): number {
  const V = logits.shape[logits.rank - 1], rows = logits.size / V;
  const ls = logSoftmax(reshape(logits, [rows, V]), -1);
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const t = targets.data[r];
    s += t >= 0 && t < V ? -ls.data[r * V + t] : NaN;
  }
  return s / rows;
}

// ---------------------------------------------------------------------------------------------
// data and finite differences

/** mulberry32: a small seeded generator for test data (independent of shapegrad's Rng) */
export class Prng {
  private a: number;
  constructor(seed: number) { this.a = seed >>> 0; }
  /** uniform in [0, 1) */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  int(n: number): number { return Math.floor(this.next() * n); }
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

export interface RandOptions {
  lo?: number;
  hi?: number;
  /** keep |v| >= this (away from kinks of relu/abs, and from 0 for log/div) */
  awayFromZero?: number;
}

/** uniform values rounded to float32 (so that the float64 reference sees exactly the tensor's inputs) */
export function randNd(shape: readonly number[], rng: Prng, opts: RandOptions = {}): Nd {
  const lo = opts.lo ?? -1, hi = opts.hi ?? 1, away = opts.awayFromZero ?? 0;
  const out = nd(shape);
  for (let i = 0; i < out.size; i++) {
    let v = rng.uniform(lo, hi);
    let guard = 0;
    while (Math.abs(v) < away && guard++ < 1000) v = rng.uniform(lo, hi);
    out.data[i] = Math.fround(v);
  }
  return out;
}

/** the fixed random weighting R of a loss L = sum(y * R): values in [-1, -0.25] U [0.25, 1], seeded by the shape */
export function weighting(shape: readonly number[], seed = 12345): Nd {
  const rng = new Prng(seed + 7919 * shape.reduce((a, d) => a * 31 + d, shape.length));
  return randNd(shape, rng, { awayFromZero: 0.25 });
}

/**
 * Central finite-difference gradient, in float64, of L = sum(f(inputs) * R) with respect to every input,
 * R = weighting(output shape) unless given. Returns one gradient per input (same shapes as the inputs).
 * `only[k]`, when given, lists the flat positions of input k to differentiate (the others stay NaN): large
 * inputs are checked on a sample.
 */
export function fd(f: (xs: Nd[]) => Nd, inputs: readonly Nd[], eps = 1e-3, weights?: Nd, only?: readonly (readonly number[] | null)[]): Nd[] {
  const R = weights ?? weighting(f([...inputs]).shape);
  const loss = (xs: Nd[]): number => {
    const y = f(xs);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * R.data[i];
    return s;
  };
  return inputs.map((x, which) => {
    const g = nd(x.shape);
    const positions = only?.[which] ?? null;
    if (positions) g.data.fill(NaN);
    const xp = nd(x.shape, x.data), xm = nd(x.shape, x.data);
    const plus = inputs.map((v, k) => (k === which ? xp : v));
    const minus = inputs.map((v, k) => (k === which ? xm : v));
    const at = positions ?? Array.from({ length: x.size }, (_, i) => i);
    for (const i of at) {
      xp.data[i] = x.data[i] + eps;
      xm.data[i] = x.data[i] - eps;
      g.data[i] = (loss(plus) - loss(minus)) / (2 * eps);
      xp.data[i] = x.data[i];
      xm.data[i] = x.data[i];
    }
    return g;
  });
}

/** `count` distinct positions in [0, n) (seeded), always including the first and the last */
export function samplePositions(n: number, count: number, seed = 1): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const rng = new Prng(seed);
  const set = new Set<number>([0, n - 1]);
  while (set.size < count) set.add(rng.int(n));
  return [...set].sort((a, b) => a - b);
}

const memoTable = new Map<string, unknown>();
/** compute once per test file (the same seeded reference is checked on every backend) */
export function memo<T>(key: string, f: () => T): T {
  if (!memoTable.has(key)) memoTable.set(key, f());
  return memoTable.get(key) as T;
}
