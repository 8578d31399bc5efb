// Row kernels over the last axis: softmax, log-softmax, layer norm, cross-entropy, and their gradients.
// Each first computes per-row statistics once (an internal 'rowStats' node: log-sum-exp, mean/rstd,
// or a dot product, O(L) per row), then the elementwise kernel reads them. Stable: the row max is
// subtracted before exp, so large logits never overflow.
import { Tensor, type AnyTensor } from '../tensor';
import { sizeOf } from '../size';
import { fn, int, lit, nanFrom, type KernelSpec } from './codegen';

type Stat = 'maxSum' | 'moments' | 'dot' | 'lnDot';

/**
 * Per-row statistics of x (viewed as [rows, L]); all but 'dot' give two numbers per row. The single-input
 * ones are shared per tensor: layer norm's forward and both backward kernels read one 'moments' node of x,
 * cross-entropy's loss and gradient one 'maxSum' node, so each is computed once per step.
 */
function rowStats(stat: Stat, inputs: AnyTensor[], L: number, eps = 0): AnyTensor {
  const key = `${stat}|${eps}`;
  const shared = inputs.length === 1 ? statsOf.get(inputs[0]) : undefined;
  const hit = shared?.get(key);
  if (hit) return hit;
  const rows = sizeOf(inputs[0].dims) / L;
  const width = stat === 'dot' ? 1 : 2;
  const t = new Tensor([rows * width], 'float32', 'rowStats', inputs, { stat, L, eps });
  if (inputs.length === 1) {
    if (shared) shared.set(key, t); else statsOf.set(inputs[0], new Map([[key, t]]));
  }
  return t;
}
const statsOf = new WeakMap<AnyTensor, Map<string, AnyTensor>>();

export function rowStatsKernel(t: AnyTensor): KernelSpec {
  const { stat, L, eps } = t.attrs as { stat: Stat; L: number; eps: number };
  const lines: string[] = [];
  let params: string[];
  if (stat === 'maxSum') {
    // [2r] = row max m, [2r + 1] = sum exp(x - m). Kept apart (not m + log s) so that x - m stays exact
    // for large logits: softmax = exp(x - m) / s is then as precise at 1000 as at 0, like torch
    params = ['x'];
    lines.push('const row = Math.floor(this.thread.x / 2);', 'const which = this.thread.x - row * 2;', `const base = row * ${int(L)};`,
      // the max starts at the first element: GPU backends turn an -Infinity literal into -FLT_MAX
      'let m = x[base];', `for (let k = 1; k < ${int(L)}; k++) { const v = x[base + k]; if (v > m) { m = v; } }`,
      'if (which === 0) { return m; }',
      // a row of all -Infinity has m = -Infinity: x - m is NaN downstream, as in torch
      'let s = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { s += Math.exp(x[base + k] - m); }`,
      'return s;');
  } else if (stat === 'dot') {
    params = ['a', 'b'];
    lines.push(`const base = this.thread.x * ${int(L)};`, 'let s = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { s += a[base + k] * b[base + k]; }`, 'return s;');
  } else if (stat === 'moments') {
    // [2r] = mean, [2r + 1] = 1 / sqrt(biased variance + eps)
    params = ['x'];
    lines.push('const row = Math.floor(this.thread.x / 2);', 'const which = this.thread.x - row * 2;', `const base = row * ${int(L)};`,
      'let mu = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { mu += x[base + k]; }`, `mu = mu / ${int(L)}.0;`,
      'if (which === 0) { return mu; }',
      'let va = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { const d = x[base + k] - mu; va += d * d; }`,
      `return 1.0 / Math.sqrt(va / ${int(L)}.0 + ${lit(eps)});`);
  } else {
    // layer norm backward: [2r] = sum g*gamma, [2r + 1] = sum g*gamma*xhat
    params = ['x', 'gamma', 'g', 'st'];
    lines.push('const row = Math.floor(this.thread.x / 2);', 'const which = this.thread.x - row * 2;', `const base = row * ${int(L)};`,
      'const mu = st[row * 2];', 'const rstd = st[row * 2 + 1];', 'let s = 0.0;',
      `for (let k = 0; k < ${int(L)}; k++) { const gh = g[base + k] * gamma[k]; s += which === 0 ? gh : gh * (x[base + k] - mu) * rstd; }`,
      'return s;');
  }
  return { src: fn(params, lines.join('\n')), inputs: [...t.inputs], size: t.size };
}

function rowHead(L: number): string[] {
  return ['const i = this.thread.x;', `const row = Math.floor(i / ${int(L)});`];
}

export function softmaxKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const L = x.dims[x.rank - 1];
  const st = rowStats('maxSum', [x], L);
  const tail = t.op === 'softmax' ? 'return Math.exp(x[i] - st[row * 2]) / st[row * 2 + 1];' : 'return (x[i] - st[row * 2]) - Math.log(st[row * 2 + 1]);';
  return { src: fn(['x', 'st'], [...rowHead(L), tail].join('\n')), inputs: [x, st], size: t.size };
}

/** softmax: dx = y * (g - sum(g * y));  log-softmax: dx = g - exp(y) * sum(g) */
export function softmaxBwdKernel(t: AnyTensor): KernelSpec {
  const [y, g] = t.inputs;
  const L = y.dims[y.rank - 1];
  if (t.op === 'softmaxBwd') {
    const d = rowStats('dot', [g, y], L);
    return { src: fn(['y', 'g', 'd'], [...rowHead(L), 'return y[i] * (g[i] - d[row]);'].join('\n')), inputs: [y, g, d], size: t.size };
  }
  const lines = [...rowHead(L), `const base = row * ${int(L)};`, 'let d = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { d += g[base + k]; }`, 'return g[i] - Math.exp(y[i]) * d;'];
  return { src: fn(['y', 'g'], lines.join('\n')), inputs: [y, g], size: t.size };
}

export function layerNormKernel(t: AnyTensor): KernelSpec {
  const [x, gamma, beta] = t.inputs;
  const L = x.dims[x.rank - 1];
  const st = rowStats('moments', [x], L, t.attrs.eps as number);
  const lines = [...rowHead(L), `const c = i - row * ${int(L)};`, 'return (x[i] - st[row * 2]) * st[row * 2 + 1] * gamma[c] + beta[c];'];
  return { src: fn(['x', 'gamma', 'beta', 'st'], lines.join('\n')), inputs: [x, gamma, beta, st], size: t.size };
}

/** dx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat)), gh = g * gamma */
export function layerNormBwdXKernel(t: AnyTensor): KernelSpec {
  const [x, gamma, g] = t.inputs;
  const L = x.dims[x.rank - 1];
  const st = rowStats('moments', [x], L, t.attrs.eps as number);
  const sums = rowStats('lnDot', [x, gamma, g, st], L);
  const lines = [...rowHead(L), `const c = i - row * ${int(L)};`, 'const rstd = st[row * 2 + 1];', 'const xh = (x[i] - st[row * 2]) * rstd;',
    `return rstd * (g[i] * gamma[c] - sums[row * 2] / ${int(L)}.0 - xh * sums[row * 2 + 1] / ${int(L)}.0);`];
  return { src: fn(['x', 'gamma', 'g', 'st', 'sums'], lines.join('\n')), inputs: [x, gamma, g, st, sums], size: t.size };
}

/** dgamma[c] = sum over rows of g * xhat (each thread owns one feature and loops over rows) */
export function layerNormBwdGammaKernel(t: AnyTensor): KernelSpec {
  const [x, g] = t.inputs;
  const L = x.dims[x.rank - 1];
  const R = sizeOf(x.dims) / L;
  const st = rowStats('moments', [x], L, t.attrs.eps as number);
  const lines = ['const c = this.thread.x;', 'let acc = 0.0;', `for (let r = 0; r < ${int(R)}; r++) {`,
    `  const k = r * ${int(L)} + c;`, '  acc += g[k] * (x[k] - st[r * 2]) * st[r * 2 + 1];', '}', 'return acc;'];
  return { src: fn(['x', 'g', 'st'], lines.join('\n')), inputs: [x, g, st], size: t.size };
}

/** per-row loss: logsumexp(row) - row[target]; a target outside [0, V) gives NaN */
export function crossEntropyRowsKernel(t: AnyTensor): KernelSpec {
  const [x, targets] = t.inputs;
  const V = x.dims[x.rank - 1];
  const st = rowStats('maxSum', [x], V);
  const lines = ['const row = this.thread.x;', 'const tg = Math.floor(targets[row] + 0.5);',
    `if (tg < 0 || tg >= ${int(V)}) { return ${nanFrom('st[row * 2]')}; }`, `return (st[row * 2] - x[row * ${int(V)} + tg]) + Math.log(st[row * 2 + 1]);`];
  return { src: fn(['x', 'targets', 'st'], lines.join('\n')), inputs: [x, targets, st], size: t.size };
}

/** d loss_row / d x = g[row] * (softmax(row) - onehot(target)); NaN for a target outside [0, V), like the loss */
export function crossEntropyRowsBwdKernel(t: AnyTensor): KernelSpec {
  const [x, targets, g] = t.inputs;
  const V = x.dims[x.rank - 1];
  const st = rowStats('maxSum', [x], V);
  const lines = [...rowHead(V), `const c = i - row * ${int(V)};`, 'const tg = Math.floor(targets[row] + 0.5);',
    `if (tg < 0 || tg >= ${int(V)}) { return ${nanFrom('st[row * 2]')}; }`,
    'const p = Math.exp(x[i] - st[row * 2]) / st[row * 2 + 1];', 'return g[row] * (c === tg ? p - 1.0 : p);'];
  return { src: fn(['x', 'targets', 'g', 'st'], lines.join('\n')), inputs: [x, targets, g, st], size: t.size };
}
