// Batched matmul a [...PA, M, K] @ b [...PB, K, N] with numpy-broadcast batch dims.
// A transpose of the last two dims feeding a matmul is folded into the strides (the backward
// pass's A·Bᵀ and Aᵀ·B then cost no copy). Inner loop unrolled with independent accumulators.
import type { AnyTensor } from '../tensor';
import { sizeOf } from '../size';
import { fn, int, stridesOf, unravel, type KernelSpec } from './codegen';

interface Operand {
  src: AnyTensor;        // the tensor actually read
  rowStride: number;     // stride of the second-to-last logical dim
  colStride: number;     // stride of the last logical dim
  batch: number[];       // logical batch dims
  batchStride: number;   // elements per batch matrix in src
}

/** see through a permute that only swaps the last two axes */
function operand(t: AnyTensor): Operand {
  const d = t.dims;
  const r = d.length;
  const perm = t.op === 'permute' ? (t.attrs.perm as number[]) : null;
  const swapsLastTwo = perm !== null && r >= 2 && perm[r - 2] === r - 1 && perm[r - 1] === r - 2 && perm.slice(0, r - 2).every((p, i) => p === i);
  if (swapsLastTwo) {
    const src = t.inputs[0];
    // src is [..., C, R] contiguous; logical [..., R, C]: row stride 1, col stride R
    return { src, rowStride: 1, colStride: d[r - 2], batch: d.slice(0, -2), batchStride: d[r - 2] * d[r - 1] };
  }
  return { src: t, rowStride: d[r - 1], colStride: 1, batch: d.slice(0, -2), batchStride: d[r - 2] * d[r - 1] };
}

/** offset of the batch matrix of an operand given the output batch index variables z0.. */
function batchOffset(op: Operand, outBatch: readonly number[]): string {
  if (op.batch.length === 0 || sizeOf(op.batch) === 1) return '0';
  const lead = outBatch.length - op.batch.length;
  const st = stridesOf(op.batch);
  const terms: string[] = [];
  op.batch.forEach((d, k) => { if (d !== 1) terms.push(`z${k + lead} * ${int(st[k] * op.batchStride)}`); });
  return terms.join(' + ') || '0';
}

export function matmulKernel(t: AnyTensor): KernelSpec {
  const A = operand(t.inputs[0]), B = operand(t.inputs[1]);
  let [M, K] = t.inputs[0].dims.slice(-2);
  const N = t.dims[t.rank - 1];
  let outBatch = t.dims.slice(0, -2);
  // [..., M, K] @ [K, N] with a contiguous A is one [(...)*M, K] @ [K, N] (a linear layer): fold the batch into M
  if (sizeOf(B.batch) === 1 && A.colStride === 1 && A.batch.length > 0 && sizeOf(A.batch) === sizeOf(outBatch)) {
    M *= sizeOf(outBatch);
    outBatch = [];
    A.batch = [];
  }
  const nb = sizeOf(outBatch);
  // output cells laid out [x = n, y = m, z = batch]: on webasm thread.y/z are uniform across a SIMD quad,
  // so A's reads (indexed by m and the batch) are scalar loads shared by 4 columns
  const lines = ['const n = this.thread.x;', 'const m = this.thread.y;'];
  if (nb > 1) lines.push('const bi = this.thread.z;', unravel(outBatch, 'bi', 'z'));
  lines.push(`const pa = ${batchOffset(A, outBatch)} + m * ${int(A.rowStride)};`);
  lines.push(`const pb = ${batchOffset(B, outBatch)} + n * ${int(B.colStride)};`);
  const ak = A.colStride, bk = B.rowStride;
  // the k loop unrolled by U with U independent accumulators: on webasm, where each read of b is a 4-lane
  // gather, 8 made a SMALL step ~10% faster than 4, and 16 slower again
  const U = K >= 32 ? 8 : 4;
  const KU = Math.floor(K / U);
  const acc = Array.from({ length: U }, (_, i) => `s${i}`);
  lines.push(...acc.map((v) => `let ${v} = 0.0;`));
  if (KU > 0) {
    lines.push(`for (let k = 0; k < ${int(KU)}; k++) {`,
      `  const ia = pa + k * ${int(U * ak)};`, `  const ib = pb + k * ${int(U * bk)};`,
      ...acc.map((v, i) => `  ${v} += a[ia${i ? ` + ${int(i * ak)}` : ''}] * b[ib${i ? ` + ${int(i * bk)}` : ''}];`),
      '}');
  }
  for (let k = KU * U; k < K; k++) lines.push(`s0 += a[pa + ${int(k * ak)}] * b[pb + ${int(k * bk)}];`);
  // pairwise sum of the accumulators
  let sums = acc;
  while (sums.length > 1) sums = sums.reduce<string[]>((o, v, i) => (i % 2 ? (o[o.length - 1] = `(${o[o.length - 1]} + ${v})`, o) : [...o, v]), []);
  lines.push(`return ${sums[0]};`);
  const output = nb > 1 ? [N, M, nb] : M > 1 ? [N, M] : [N];
  return { src: fn(['a', 'b'], lines.join('\n')), inputs: [A.src, B.src], size: t.size, output };
}
