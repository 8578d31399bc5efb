// Data movement: permute, narrow / pad, cat, gather (embedding) and its scatter-add gradient.
import type { AnyTensor } from '../tensor';
import { sizeOf } from '../size';
import { fn, int, nanFrom, stridesOf, unravel, type KernelSpec } from './codegen';

export function permuteKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const perm = t.attrs.perm as number[];
  const xst = stridesOf(x.dims);
  const terms = perm.map((p, k) => (t.dims[k] === 1 ? '' : `o${k} * ${int(xst[p])}`)).filter(Boolean);
  const body = ['const i = this.thread.x;', unravel(t.dims, 'i', 'o'), `return x[${terms.join(' + ') || '0'}];`].join('\n');
  return { src: fn(['x'], body), inputs: [x], size: t.size };
}

/** offset in a contiguous tensor of shape `shape` from index vars o0.. with axis `axis` shifted by `shift` */
function offsetWithShift(shape: readonly number[], axis: number, shift: string): string {
  const st = stridesOf(shape);
  return shape.map((d, k) => (k === axis ? `(o${k} ${shift}) * ${int(st[k])}` : d === 1 ? '' : `o${k} * ${int(st[k])}`)).filter(Boolean).join(' + ') || '0';
}

export function narrowKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const axis = t.attrs.axis as number, start = t.attrs.start as number;
  const body = ['const i = this.thread.x;', unravel(t.dims, 'i', 'o'), `return x[${offsetWithShift(x.dims, axis, `+ ${int(start)}`)}];`].join('\n');
  return { src: fn(['x'], body), inputs: [x], size: t.size };
}

export function padKernel(t: AnyTensor): KernelSpec {
  const [x] = t.inputs;
  const axis = t.attrs.axis as number, start = t.attrs.start as number, len = x.dims[axis];
  const body = ['const i = this.thread.x;', unravel(t.dims, 'i', 'o'),
    `if (o${axis} < ${int(start)} || o${axis} >= ${int(start + len)}) { return 0.0; }`,
    `return x[${offsetWithShift(x.dims, axis, `- ${int(start)}`)}];`].join('\n');
  return { src: fn(['x'], body), inputs: [x], size: t.size };
}

export function catKernel(t: AnyTensor): KernelSpec {
  const [a, b] = t.inputs;
  const axis = t.attrs.axis as number, na = a.dims[axis];
  const body = ['const i = this.thread.x;', unravel(t.dims, 'i', 'o'),
    `if (o${axis} < ${int(na)}) { return a[${offsetWithShift(a.dims, axis, '+ 0')}]; }`,
    `return b[${offsetWithShift(b.dims, axis, `- ${int(na)}`)}];`].join('\n');
  return { src: fn(['a', 'b'], body), inputs: [a, b], size: t.size };
}

/** table [V, C], ids [...S] -> [...S, C]; an id outside [0, V) reads NaN rather than another row */
export function gatherKernel(t: AnyTensor): KernelSpec {
  const [table, ids] = t.inputs;
  const [V, C] = table.dims;
  const body = ['const i = this.thread.x;', `const r = Math.floor(i / ${int(C)});`, `const c = i - r * ${int(C)};`,
    'const id = Math.floor(ids[r] + 0.5);',
    `if (id < 0 || id >= ${int(V)}) { return ${nanFrom('table[0]')}; }`,
    `return table[id * ${int(C)} + c];`].join('\n');
  return { src: fn(['table', 'ids'], body), inputs: [table, ids], size: t.size };
}

/** gradient of gather: out [V, C] = sum over positions r with ids[r] == v of g[r, c] (repeats add up) */
export function gatherBwdKernel(t: AnyTensor): KernelSpec {
  const [ids, g] = t.inputs;
  const [, C] = t.dims;
  const R = sizeOf(ids.dims);
  const body = ['const i = this.thread.x;', `const v = Math.floor(i / ${int(C)});`, `const c = i - v * ${int(C)};`,
    'let acc = 0.0;', `for (let r = 0; r < ${int(R)}; r++) {`,
    `  if (Math.floor(ids[r] + 0.5) === v) { acc += g[r * ${int(C)} + c]; }`, '}', 'return acc;'].join('\n');
  return { src: fn(['ids', 'g'], body), inputs: [ids, g], size: t.size };
}
