// Elementwise kernels: unary math, binary ops with numpy broadcasting, where(), fused maps.
import type { AnyTensor } from '../tensor';
import { sameShape as sameDims } from '../size';
import { broadcastOffset, fn, lit, unravel, type KernelSpec } from './codegen';

/** statements computing erf(z) into `name`, Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): gpu.js has no Math.erf */
export function erfStatements(z: string, name: string): string {
  return [
    `const ${name}a = Math.abs(${z});`,
    `const ${name}t = 1.0 / (1.0 + 0.3275911 * ${name}a);`,
    `const ${name}y = 1.0 - ((((1.061405429 * ${name}t - 1.453152027) * ${name}t + 1.421413741) * ${name}t - 0.284496736) * ${name}t + 0.254829592) * ${name}t * Math.exp(-${name}a * ${name}a);`,
    `const ${name} = ${z} >= 0.0 ? ${name}y : -${name}y;`,
  ].join('\n');
}

/** expression of one unary op applied to the variable `v` */
export function unaryExpr(op: string, v: string): string {
  switch (op) {
    case 'neg': return `-${v}`;
    case 'exp': return `Math.exp(${v})`;
    case 'log': return `Math.log(${v})`;
    case 'tanh': return `Math.tanh(${v})`;
    // NaN stays NaN (both comparisons false), as torch.relu; GPU Math.max(NaN, 0) would give 0
    case 'relu': return `(${v} > 0.0 ? ${v} : (${v} <= 0.0 ? 0.0 : ${v}))`;
    case 'sqrt': return `Math.sqrt(${v})`;
    case 'abs': return `Math.abs(${v})`;
    case 'sign': return `Math.sign(${v})`;
    case 'sigmoid': return `(1.0 / (1.0 + Math.exp(-${v})))`;
    case 'step': return `(${v} > 0.0 ? 1.0 : 0.0)`;
    case 'not': return `(${v} === 0.0 ? 1.0 : 0.0)`;
    default: throw new Error(`kernel: unknown unary op ${op}`);
  }
}

export function binaryExpr(op: string, a: string, b: string): string {
  switch (op) {
    case 'add': return `${a} + ${b}`;
    case 'sub': return `${a} - ${b}`;
    case 'mul': return `${a} * ${b}`;
    case 'div': return `${a} / ${b}`;
    // GLSL/WGSL pow is undefined for a negative base: use |a|^b and the sign of an odd integer exponent
    // (torch: (-2)^3 = -8); a negative base with a fractional exponent stays NaN
    case 'pow': return `(${a} < 0.0 && Math.floor(${b}) === ${b} ? (Math.floor(${b} * 0.5) * 2.0 === ${b} ? 1.0 : -1.0) * Math.pow(-${a}, ${b}) : Math.pow(${a}, ${b}))`;
    // GPU max/min drop a NaN operand; torch.maximum propagates it. (a >= b || a < b) is false only for a
    // NaN, and unlike a !== a no backend's compiler folds it away
    case 'maximum': return `((${a} >= ${b} || ${a} < ${b}) ? Math.max(${a}, ${b}) : ${a} + ${b})`;
    case 'minimum': return `((${a} >= ${b} || ${a} < ${b}) ? Math.min(${a}, ${b}) : ${a} + ${b})`;
    case 'eq': return `(${a} === ${b} ? 1.0 : 0.0)`;
    case 'gt': return `(${a} > ${b} ? 1.0 : 0.0)`;
    case 'ge': return `(${a} >= ${b} ? 1.0 : 0.0)`;
    case 'lt': return `(${a} < ${b} ? 1.0 : 0.0)`;
    case 'le': return `(${a} <= ${b} ? 1.0 : 0.0)`;
    default: throw new Error(`kernel: unknown binary op ${op}`);
  }
}

export function unaryKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  if (t.op === 'gelu') {
    // exact (erf) GELU, as torch.nn.GELU() by default: x * Phi(x)
    const body = `const v = x[this.thread.x];\n${erfStatements('v * 0.7071067811865476', 'e')}\nreturn 0.5 * v * (1.0 + e);`;
    return { src: fn(['x'], body), inputs: [x], size: t.size };
  }
  return { src: fn(['x'], `const v = x[this.thread.x];\nreturn ${unaryExpr(t.op, 'v')};`), inputs: [x], size: t.size };
}

/** read of input `name` (shape inShape) at the current output cell (output index vars `o0..`) */
function readBroadcast(name: string, inShape: readonly number[], outShape: readonly number[]): string {
  if (sameDims(inShape, outShape)) return `${name}[i]`;
  if (inShape.every((d) => d === 1)) return `${name}[0]`;
  return `${name}[${broadcastOffset(inShape, outShape.length, 'o')}]`;
}

function needsUnravel(ins: readonly AnyTensor[], out: readonly number[]): boolean {
  return ins.some((x) => !sameDims(x.dims, out) && !x.dims.every((d) => d === 1));
}

/** g * d/dx[x Phi(x)] = g * (Phi(x) + x phi(x)) */
export function geluBwdKernel(t: AnyTensor): KernelSpec {
  const [x, g] = t.inputs;
  const body = `const i = this.thread.x;\nconst v = x[i];\n${erfStatements('v * 0.7071067811865476', 'e')}\n` +
    'return g[i] * (0.5 * (1.0 + e) + v * 0.3989422804014327 * Math.exp(-0.5 * v * v));';
  return { src: fn(['x', 'g'], body), inputs: [x, g], size: t.size };
}

export function binaryKernel(t: AnyTensor): KernelSpec {
  const [a, b] = t.inputs;
  const out = t.dims;
  const body = [
    'const i = this.thread.x;',
    needsUnravel([a, b], out) ? unravel(out, 'i', 'o') : '',
    `const va = ${readBroadcast('a', a.dims, out)};`,
    `const vb = ${readBroadcast('b', b.dims, out)};`,
    `return ${binaryExpr(t.op, 'va', 'vb')};`,
  ].join('\n');
  return { src: fn(['a', 'b'], body), inputs: [a, b], size: t.size };
}

export function whereKernel(t: AnyTensor): KernelSpec {
  const [c, a, b] = t.inputs;
  const out = t.dims;
  const body = [
    'const i = this.thread.x;',
    needsUnravel([c, a, b], out) ? unravel(out, 'i', 'o') : '',
    `const vc = ${readBroadcast('c', c.dims, out)};`,
    `const va = ${readBroadcast('a', a.dims, out)};`,
    `const vb = ${readBroadcast('b', b.dims, out)};`,
    'return vc !== 0.0 ? va : vb;',
  ].join('\n');
  return { src: fn(['c', 'a', 'b'], body), inputs: [c, a, b], size: t.size };
}

/**
 * A fused elementwise map over same-sized inputs: attrs.expr uses x0, x1, ... and numeric literals
 * (used by the optimizer and by gradient rules that would otherwise chain several kernels).
 */
export function mapKernel(t: AnyTensor): KernelSpec {
  const names = t.inputs.map((_, k) => `x${k}`);
  const reads = names.map((n, k) => `const ${n} = ${t.inputs[k].size === 1 ? `in${k}[0]` : `in${k}[i]`};`).join('\n');
  const params = names.map((_, k) => `in${k}`);
  return { src: fn(params, `const i = this.thread.x;\n${reads}\nreturn ${t.attrs.expr as string};`), inputs: [...t.inputs], size: t.size };
}

export { lit };
