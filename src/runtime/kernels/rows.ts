// Row kernels over the last axis: softmax, log-softmax, layer norm, cross-entropy, and their
// gradients. One thread per output cell recomputes its row's statistics (max, sum, mean, var):
// O(L) extra reads per cell, no extra kernels or buffers, and stable (max subtracted before exp).
import type { AnyTensor } from '../tensor';
import { sizeOf } from '../size';
import { fn, int, lit, type KernelSpec } from './codegen';

function rowHead(L: number): string[] {
  return ['const i = this.thread.x;', `const row = Math.floor(i / ${int(L)});`, `const base = row * ${int(L)};`];
}

/** statements: m = max of row `x`, s = sum exp(x - m) */
function maxSumExp(L: number, x = 'x'): string[] {
  return [
    'let m = -Infinity;', `for (let k = 0; k < ${int(L)}; k++) { const v = ${x}[base + k]; if (v > m) { m = v; } }`,
    'let s = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { s += Math.exp(${x}[base + k] - m); }`,
  ];
}

export function softmaxKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const L = x.dims[x.rank - 1];
  const tail = t.op === 'softmax' ? 'return Math.exp(x[i] - m) / s;' : 'return x[i] - m - Math.log(s);';
  // a row of all -Infinity has m = -Infinity: x - m is NaN, as in torch
  return { src: fn(['x'], [...rowHead(L), ...maxSumExp(L), tail].join('\n')), inputs: [x], size: t.size };
}

/** softmax: dx = y * (g - sum(g * y));  log-softmax: dx = g - exp(y) * sum(g) */
export function softmaxBwdKernel(t: AnyTensor): KernelSpec {
  const [y, g] = t.inputs;
  const L = y.dims[y.rank - 1];
  const lines = rowHead(L);
  if (t.op === 'softmaxBwd') {
    lines.push('let d = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { d += g[base + k] * y[base + k]; }`, 'return y[i] * (g[i] - d);');
  } else {
    lines.push('let d = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { d += g[base + k]; }`, 'return g[i] - Math.exp(y[i]) * d;');
  }
  return { src: fn(['y', 'g'], lines.join('\n')), inputs: [y, g], size: t.size };
}

/** statements: mu, rstd of the row of x (biased variance, like torch.nn.LayerNorm) */
function rowStats(L: number, eps: number): string[] {
  return [
    'let mu = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { mu += x[base + k]; }`, `mu = mu / ${int(L)}.0;`,
    'let va = 0.0;', `for (let k = 0; k < ${int(L)}; k++) { const d = x[base + k] - mu; va += d * d; }`,
    `const rstd = 1.0 / Math.sqrt(va / ${int(L)}.0 + ${lit(eps)});`,
  ];
}

export function layerNormKernel(t: AnyTensor): KernelSpec {
  const [x, gamma, beta] = t.inputs;
  const L = x.dims[x.rank - 1];
  const lines = [...rowHead(L), ...rowStats(L, t.attrs.eps as number), 'const c = i - base;',
    'return (x[i] - mu) * rstd * gamma[c] + beta[c];'];
  return { src: fn(['x', 'gamma', 'beta'], lines.join('\n')), inputs: [x, gamma, beta], size: t.size };
}

/** dx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat)), gh = g * gamma */
export function layerNormBwdXKernel(t: AnyTensor): KernelSpec {
  const [x, gamma, g] = t.inputs;
  const L = x.dims[x.rank - 1];
  const lines = [...rowHead(L), ...rowStats(L, t.attrs.eps as number),
    'let s1 = 0.0;', 'let s2 = 0.0;',
    `for (let k = 0; k < ${int(L)}; k++) { const gh = g[base + k] * gamma[k]; s1 += gh; s2 += gh * (x[base + k] - mu) * rstd; }`,
    'const c = i - base;', 'const xh = (x[i] - mu) * rstd;',
    `return rstd * (g[i] * gamma[c] - s1 / ${int(L)}.0 - xh * s2 / ${int(L)}.0);`];
  return { src: fn(['x', 'gamma', 'g'], lines.join('\n')), inputs: [x, gamma, g], size: t.size };
}

/** dgamma[c] = sum over rows of g * xhat (each thread owns one feature and loops over rows) */
export function layerNormBwdGammaKernel(t: AnyTensor): KernelSpec {
  const [x, g] = t.inputs;
  const L = x.dims[x.rank - 1];
  const R = sizeOf(x.dims) / L;
  const eps = lit(t.attrs.eps as number);
  const lines = ['const c = this.thread.x;', 'let acc = 0.0;', `for (let r = 0; r < ${int(R)}; r++) {`,
    `  const base = r * ${int(L)};`,
    '  let mu = 0.0;', `  for (let k = 0; k < ${int(L)}; k++) { mu += x[base + k]; }`, `  mu = mu / ${int(L)}.0;`,
    '  let va = 0.0;', `  for (let k = 0; k < ${int(L)}; k++) { const d = x[base + k] - mu; va += d * d; }`,
    `  const rstd = 1.0 / Math.sqrt(va / ${int(L)}.0 + ${eps});`,
    '  acc += g[base + c] * (x[base + c] - mu) * rstd;', '}', 'return acc;'];
  return { src: fn(['x', 'g'], lines.join('\n')), inputs: [x, g], size: t.size };
}

/** per-row loss: logsumexp(row) - row[target]; a target outside [0, V) gives NaN */
export function crossEntropyRowsKernel(t: AnyTensor): KernelSpec {
  const [x, targets] = t.inputs;
  const V = x.dims[x.rank - 1];
  const lines = ['const row = this.thread.x;', `const base = row * ${int(V)};`, ...maxSumExp(V),
    'const tg = Math.floor(targets[row] + 0.5);',
    `if (tg < 0 || tg >= ${int(V)}) { return 0.0 / 0.0; }`,
    'return m + Math.log(s) - x[base + tg];'];
  return { src: fn(['x', 'targets'], lines.join('\n')), inputs: [x, targets], size: t.size };
}

/** d loss_row / d x = g[row] * (softmax(row) - onehot(target)) */
export function crossEntropyRowsBwdKernel(t: AnyTensor): KernelSpec {
  const [x, targets, g] = t.inputs;
  const V = x.dims[x.rank - 1];
  const lines = [...rowHead(V), ...maxSumExp(V), 'const c = i - base;',
    'const tg = Math.floor(targets[row] + 0.5);',
    'const p = Math.exp(x[i] - m) / s;',
    'return g[row] * (c === tg ? p - 1.0 : p);'];
  return { src: fn(['x', 'targets', 'g'], lines.join('\n')), inputs: [x, targets, g], size: t.size };
}
