// Every gradient rule in one table (reverse mode). A rule gets the node, its output gradient g, and
// returns one gradient per input (null: no gradient flows there, e.g. integer ids or masks).
// Rules build lazy graph nodes, so the backward pass is realized together with the forward pass.
import * as R from './ops';
import type { AnyTensor } from './tensor';
import { sizeOf } from './size';

type Rule = (t: AnyTensor, g: AnyTensor) => (AnyTensor | null)[];

const neg = (x: AnyTensor) => R.unary('neg', x);
const mul = (a: AnyTensor, b: AnyTensor) => R.binary('mul', a, b);
const div = (a: AnyTensor, b: AnyTensor) => R.binary('div', a, b);
/** sum a broadcast gradient back to the input's shape */
const unbroadcast = (g: AnyTensor, x: AnyTensor) => R.sumTo(g, x.dims);
/** shape of a reduction's output with the reduced axis kept as 1 */
const keptShape = (t: AnyTensor) => {
  const x = t.inputs[0], s = x.dims.slice();
  s[t.attrs.axis as number] = 1;
  return s;
};

export const GRADIENTS: Record<string, Rule> = {
  // elementwise, broadcasting
  add: (t, g) => [unbroadcast(g, t.inputs[0]), unbroadcast(g, t.inputs[1])],
  sub: (t, g) => [unbroadcast(g, t.inputs[0]), unbroadcast(neg(g), t.inputs[1])],
  mul: (t, g) => [unbroadcast(mul(g, t.inputs[1]), t.inputs[0]), unbroadcast(mul(g, t.inputs[0]), t.inputs[1])],
  div: (t, g) => {
    const [a, b] = t.inputs;
    // d/da = g / b ; d/db = -g * a / b^2 = -g * out / b
    return [unbroadcast(div(g, b), a), b.requiresGrad ? unbroadcast(neg(div(mul(g, t), b)), b) : null];
  },
  pow: (t, g) => {
    const [a, b] = t.inputs;
    // d/da = g * b * a^(b-1) ; d/db = g * out * log(a)
    const da = mul(g, mul(b, R.binary('pow', a, R.binary('sub', b, R.scalar(1)))));
    return [unbroadcast(da, a), b.requiresGrad ? unbroadcast(mul(g, mul(t, R.unary('log', a))), b) : null];
  },
  maximum: (t, g) => {
    const [a, b] = t.inputs, pick = R.binary('ge', a, b);
    return [unbroadcast(R.where(pick, g, R.scalar(0)), a), unbroadcast(R.where(pick, R.scalar(0), g), b)];
  },
  minimum: (t, g) => {
    const [a, b] = t.inputs, pick = R.binary('le', a, b);
    return [unbroadcast(R.where(pick, g, R.scalar(0)), a), unbroadcast(R.where(pick, R.scalar(0), g), b)];
  },
  where: (t, g) => {
    const [c, a, b] = t.inputs;
    return [null, unbroadcast(R.where(c, g, R.scalar(0)), a), unbroadcast(R.where(c, R.scalar(0), g), b)];
  },
  // unary
  neg: (_t, g) => [neg(g)],
  exp: (t, g) => [mul(g, t)],
  log: (t, g) => [div(g, t.inputs[0])],
  tanh: (t, g) => [R.map('x1 * (1.0 - x0 * x0)', [t, g])],
  sigmoid: (t, g) => [R.map('x1 * x0 * (1.0 - x0)', [t, g])],
  relu: (t, g) => [R.map('x0 > 0.0 ? x1 : 0.0', [t.inputs[0], g])],
  gelu: (t, g) => [R.node('geluBwd', t.dims, [t.inputs[0], g])],
  sqrt: (t, g) => [R.map('x1 * 0.5 / x0', [t, g])],
  abs: (t, g) => [R.map('x1 * Math.sign(x0)', [t.inputs[0], g])],
  map: () => { throw new Error('autograd: fused map nodes are not differentiable'); },
  // reductions
  sum: (t, g) => [R.expand(R.reshape(g, keptShape(t)), t.inputs[0].dims)],
  mean: (t, g) => [R.expand(R.reshape(R.binary('div', g, R.scalar(t.inputs[0].dims[t.attrs.axis as number])), keptShape(t)), t.inputs[0].dims)],
  max: (t, g) => {
    // the gradient is split evenly among the positions equal to the max (ties share it, like torch.amax)
    const x = t.inputs[0], m = R.expand(R.reshape(t, keptShape(t)), x.dims);
    const hit = R.binary('eq', x, m);
    const share = R.binary('div', R.reshape(g, keptShape(t)), R.reduce('sum', hit, t.attrs.axis as number, true));
    return [R.where(hit, R.expand(share, x.dims), R.scalar(0))];
  },
  sumTo: (t, g) => [R.expand(g, t.inputs[0].dims)],
  expand: (t, g) => [R.sumTo(g, t.inputs[0].dims)],
  // linear algebra and layout
  matmul: (t, g) => {
    const [a, b] = t.inputs;
    // dA = g @ B^T, dB = A^T @ g, each summed over broadcast batch dims
    const da = a.requiresGrad ? R.sumTo(R.matmul(g, R.transpose(b, b.rank - 2, b.rank - 1)), a.dims) : null;
    let db: AnyTensor | null = null;
    if (b.requiresGrad && a.rank > 2 && sizeOf(b.dims.slice(0, -2)) === 1) {
      // a weight shared by every batch row (a linear layer): one [K, rows] @ [rows, N] product instead of a
      // batch of them and a sum over the batch (same FLOPs, no [batch, K, N] intermediate)
      const K = a.dims[a.rank - 1], N = g.dims[g.rank - 1], rows = sizeOf(a.dims) / K;
      db = R.reshape(R.matmul(R.transpose(R.reshape(a, [rows, K]), 0, 1), R.reshape(g, [rows, N])), b.dims);
    } else if (b.requiresGrad) {
      db = R.sumTo(R.matmul(R.transpose(a, a.rank - 2, a.rank - 1), g), b.dims);
    }
    return [da, db];
  },
  permute: (t, g) => {
    const perm = t.attrs.perm as number[], inv = new Array<number>(perm.length);
    perm.forEach((p, i) => { inv[p] = i; });
    return [R.permute(g, inv)];
  },
  reshape: (t, g) => [R.reshape(g, t.inputs[0].dims)],
  narrow: (t, g) => [R.pad(g, t.attrs.axis as number, t.attrs.start as number, t.inputs[0].dims[t.attrs.axis as number])],
  pad: (t, g) => [R.narrow(g, t.attrs.axis as number, t.attrs.start as number, t.inputs[0].dims[t.attrs.axis as number])],
  cat: (t, g) => {
    const [a, b] = t.inputs, ax = t.attrs.axis as number;
    return [R.narrow(g, ax, 0, a.dims[ax]), R.narrow(g, ax, a.dims[ax], b.dims[ax])];
  },
  gather: (t, g) => {
    const [table, ids] = t.inputs;
    return [R.node('gatherBwd', table.dims, [ids, g]), null];
  },
  // fused row ops
  softmax: (t, g) => [R.node('softmaxBwd', t.dims, [t, g])],
  logSoftmax: (t, g) => [R.node('logSoftmaxBwd', t.dims, [t, g])],
  layerNorm: (t, g) => {
    const [x, gamma, beta] = t.inputs, eps = t.attrs.eps;
    return [
      x.requiresGrad ? R.node('layerNormBwdX', x.dims, [x, gamma, g], { eps }) : null,
      gamma.requiresGrad ? R.node('layerNormBwdGamma', gamma.dims, [x, g], { eps }) : null,
      beta.requiresGrad ? R.sumTo(g, beta.dims) : null,
    ];
  },
  crossEntropyRows: (t, g) => {
    const [x, targets] = t.inputs;
    return [R.node('crossEntropyRowsBwd', x.dims, [x, targets, g]), null];
  },
};
