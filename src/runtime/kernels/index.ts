// op name -> kernel. The one table a newcomer reads to find any op's kernel.
import type { AnyTensor } from '../tensor';
import type { KernelSpec } from './codegen';
import { binaryKernel, geluBwdKernel, mapKernel, unaryKernel, whereKernel } from './elementwise';
import { catKernel, gatherBwdKernel, gatherKernel, narrowKernel, padKernel, permuteKernel } from './layout';
import { matmulKernel } from './matmul';
import { expandKernel, reduceKernel, sumToKernel } from './reduce';
import {
  crossEntropyRowsBwdKernel, crossEntropyRowsKernel, layerNormBwdGammaKernel, layerNormBwdXKernel, layerNormKernel,
  rowStatsKernel, softmaxBwdKernel, softmaxKernel,
} from './rows';

export type { KernelSpec } from './codegen';

const UNARY = ['neg', 'exp', 'log', 'tanh', 'relu', 'gelu', 'sqrt', 'abs', 'sigmoid', 'step', 'not', 'sign'];
const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'gt', 'ge', 'lt', 'le'];

const TABLE: Record<string, (t: AnyTensor) => KernelSpec> = {
  ...Object.fromEntries(UNARY.map((op) => [op, unaryKernel])),
  ...Object.fromEntries(BINARY.map((op) => [op, binaryKernel])),
  where: whereKernel,
  map: mapKernel,
  geluBwd: geluBwdKernel,
  sum: reduceKernel,
  mean: reduceKernel,
  max: reduceKernel,
  sumTo: sumToKernel,
  expand: expandKernel,
  matmul: matmulKernel,
  permute: permuteKernel,
  narrow: narrowKernel,
  pad: padKernel,
  cat: catKernel,
  gather: gatherKernel,
  gatherBwd: gatherBwdKernel,
  softmax: softmaxKernel,
  logSoftmax: softmaxKernel,
  softmaxBwd: softmaxBwdKernel,
  logSoftmaxBwd: softmaxBwdKernel,
  layerNorm: layerNormKernel,
  layerNormBwdX: layerNormBwdXKernel,
  layerNormBwdGamma: layerNormBwdGammaKernel,
  crossEntropyRows: crossEntropyRowsKernel,
  crossEntropyRowsBwd: crossEntropyRowsBwdKernel,
  rowStats: rowStatsKernel,
};

export function kernelFor(t: AnyTensor): KernelSpec {
  const k = TABLE[t.op];
  if (!k) throw new Error(`runtime: no kernel for op "${t.op}"`);
  return k(t);
}
