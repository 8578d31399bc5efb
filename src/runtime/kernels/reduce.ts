// Reductions: sum / mean / max along one axis, sumTo (the gradient of broadcasting), and expand
// (the gradient of a reduction: broadcast a reduced tensor back).
import type { AnyTensor } from '../tensor';
import { sizeOf } from '../size';
import { broadcastOffset, fn, int, stridesOf, unravel, type KernelSpec } from './codegen';

export function reduceKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const axis = t.attrs.axis as number;
  const n = x.dims[axis];
  const inner = sizeOf(x.dims.slice(axis + 1));
  const lines = ['const o = this.thread.x;'];
  // x viewed as [outer, n, inner]; output cell o = outer * inner + j
  if (inner === 1) lines.push(`const base = o * ${int(n)};`);
  else lines.push(`const outer = Math.floor(o / ${int(inner)});`, `const base = outer * ${int(n * inner)} + (o - outer * ${int(inner)});`);
  if (t.op === 'max') {
    // start at the first element (GPU backends turn an -Infinity literal into -FLT_MAX)
    lines.push('let acc = x[base];', `for (let k = 1; k < ${int(n)}; k++) {`, `  const v = x[base + k * ${int(inner)}];`,
      // NaN propagates like torch.amax: a NaN v fails v <= acc and is taken; a NaN acc (acc === acc false)
      // is kept. Written with comparisons only: GPU compilers fold v !== v to false
      '  if (acc === acc && !(v <= acc)) { acc = v; }', '}', 'return acc;');
  } else {
    lines.push('let acc = 0.0;', `for (let k = 0; k < ${int(n)}; k++) {`, `  acc += x[base + k * ${int(inner)}];`, '}');
    lines.push(t.op === 'mean' ? `return acc / ${int(n)}.0;` : 'return acc;');
  }
  return { src: fn(['x'], lines.join('\n')), inputs: [x], size: t.size };
}

/** out = x summed over the axes where `out` (right-aligned) has size 1 or is missing */
export function sumToKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const xs = x.dims, os = t.dims;
  const lead = xs.length - os.length;
  const xst = stridesOf(xs);
  const lines = ['const o = this.thread.x;', unravel(os, 'o', 'q')];
  // fixed part of the offset from the kept axes, loops over the reduced ones
  const fixed: string[] = [];
  const loops: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    const od = k - lead >= 0 ? os[k - lead] : 1;
    if (od === xs[k] && od !== 1) fixed.push(`q${k - lead} * ${int(xst[k])}`);
    else if (xs[k] !== 1) loops.push(k);
  }
  lines.push(`const base = ${fixed.length ? fixed.join(' + ') : '0'};`, 'let acc = 0.0;');
  let off = 'base';
  for (const k of loops) {
    lines.push(`for (let l${k} = 0; l${k} < ${int(xs[k])}; l${k}++) {`);
    off += ` + l${k} * ${int(xst[k])}`;
  }
  lines.push(`acc += x[${off}];`, '}'.repeat(loops.length), 'return acc;');
  return { src: fn(['x'], lines.join('\n')), inputs: [x], size: t.size };
}

/** broadcast x (right-aligned, size-1 or missing axes) up to t's shape */
export function expandKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const body = ['const i = this.thread.x;', unravel(t.dims, 'i', 'o'), `return x[${broadcastOffset(x.dims, t.rank, 'o')}];`].join('\n');
  return { src: fn(['x'], body), inputs: [x], size: t.size };
}
