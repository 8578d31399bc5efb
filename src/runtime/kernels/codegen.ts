// Helpers that write gpu.js kernel source. Kernels are one output cell per thread over a flat 1-D
// output; multi-dimensional indices are recovered with Math.floor divisions by literal strides.
import type { AnyTensor } from '../tensor';

/** what a kernel needs: its source, its inputs (realized before it runs) and its output size */
export interface KernelSpec {
  src: string;
  inputs: AnyTensor[];
  size: number;
  /**
   * gpu.js output dims [x, y, z] when not the flat [size]. On webasm thread.y and thread.z are uniform
   * across a SIMD quad, so reads indexed by them are scalar loads instead of 4-lane gathers.
   */
  output?: number[];
}

/** a float literal gpu.js types as a float on every backend */
export function lit(x: number): string {
  // GPU backends turn Infinity literals into FLT_MAX and WGSL rejects a constant NaN: pass them as inputs
  if (!Number.isFinite(x)) throw new Error(`kernel literal: ${x} cannot be written into a kernel; pass it as an input`);
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * A NaN computed at run time from a value read by the kernel: WGSL rejects the constant 0.0 / 0.0 and
 * GL compilers may fold it, while (v * 0) / (v * 0) is NaN for every v on every backend.
 */
export function nanFrom(v: string): string {
  return `((${v}) * 0.0) / ((${v}) * 0.0)`;
}

/** an integer literal (sizes, strides) */
export function int(x: number): string {
  return String(x);
}

export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
  return st;
}

/**
 * Code that splits flat index `flat` of `shape` into per-axis variables `${p}0..${p}{n-1}`.
 * Axes of size 1 get the constant 0.
 */
export function unravel(shape: readonly number[], flat: string, p: string): string {
  const st = stridesOf(shape);
  const lines: string[] = [];
  let rest = flat;
  for (let k = 0; k < shape.length; k++) {
    if (shape[k] === 1) { lines.push(`const ${p}${k} = 0;`); continue; }
    if (k === shape.length - 1 || st[k] === 1) { lines.push(`const ${p}${k} = ${rest};`); continue; }
    const q = `${p}${k}`;
    lines.push(`const ${q} = Math.floor(${rest} / ${int(st[k])});`);
    lines.push(`const ${p}r${k} = ${rest} - ${q} * ${int(st[k])};`);
    rest = `${p}r${k}`;
  }
  return lines.join('\n');
}

/**
 * Offset into a contiguous input of shape `inShape` broadcast (right-aligned) to an output whose
 * per-axis index variables are `${p}k` for an output of rank `outRank`.
 */
export function broadcastOffset(inShape: readonly number[], outRank: number, p: string): string {
  const st = stridesOf(inShape);
  const lead = outRank - inShape.length;
  const terms: string[] = [];
  for (let k = 0; k < inShape.length; k++) {
    if (inShape[k] === 1) continue;
    terms.push(st[k] === 1 ? `${p}${k + lead}` : `${p}${k + lead} * ${int(st[k])}`);
  }
  return terms.length ? terms.join(' + ') : '0';
}


export function fn(params: string[], body: string): string {
  return `function(${params.join(', ')}) {\n${body}\n}`;
}
