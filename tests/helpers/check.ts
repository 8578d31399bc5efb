// Assertions and the forward + gradient harness shared by tests/ops/*.test.ts.
//
// Tolerances (float32 kernels vs the float64 reference in ./reference.ts):
//   forward    |actual - expected| <= atol + rtol * |expected|, rtol = atol = 1e-5 by default (FWD);
//              looser where a test says so (exp/log chains 1e-4, long reductions scaled by sum |terms|)
//   gradient   max |actual - fd| <= 1e-3 * max |fd|   (GRAD_TOL; fd = central differences, eps = 1e-3, float64;
//              inputs with more than 256 elements are compared on 256 seeded sample positions incl. first/last)
//   NaN matches NaN and +-Infinity matches the same infinity exactly.
import { expect } from 'vitest';
import { assertShape, fromData, mul, reshape, sum, type AnyTensor, type Tensor } from '../../src/dsl';
import type { Shape, ShapeLike } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import { backendName } from '../../src/runtime/backend';
import { realizeCompiled, realizeEager } from '../../src/runtime/realize';
import { fd, Nd, Prng, randNd, samplePositions, weighting, type RandOptions } from './reference';

export interface Tol {
  rtol?: number;
  atol?: number;
}
export const FWD: Required<Tol> = { rtol: 1e-5, atol: 1e-5 };
export const GRAD_TOL = 1e-3;

function same(a: number, e: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return false;
}

/**
 * Elementwise closeness. `scale` (optional, per element) widens the absolute tolerance to
 * rtol * scale[i] (e.g. the sum of |terms| of a long reduction or matmul).
 */
export function expectClose(actual: ArrayLike<number>, expected: Nd | ArrayLike<number>, tol: Tol = {}, what = 'values', scale?: ArrayLike<number>): void {
  const exp = expected instanceof Nd ? expected.data : expected;
  const rtol = tol.rtol ?? FWD.rtol, atol = tol.atol ?? FWD.atol;
  expect(actual.length, `${what}: length`).toBe(exp.length);
  const bad: string[] = [];
  let nbad = 0;
  for (let i = 0; i < exp.length; i++) {
    const a = actual[i], e = exp[i];
    const ok = Number.isFinite(e) ? Number.isFinite(a) && Math.abs(a - e) <= atol + rtol * Math.max(Math.abs(e), scale ? Math.abs(scale[i]) : 0) : same(a, e);
    if (!ok) { nbad++; if (bad.length < 8) bad.push(`[${i}] got ${a}, expected ${e}`); }
  }
  if (nbad) expect.fail(`${what}: ${nbad} of ${exp.length} elements differ (rtol ${rtol}, atol ${atol}):\n  ${bad.join('\n  ')}`);
}

/** max |actual - expected| <= tol * max |expected| (floor 1e-5) */
export function expectGradClose(actual: ArrayLike<number>, expected: Nd, tol = GRAD_TOL, what = 'grad'): void {
  expect(actual.length, `${what}: length`).toBe(expected.size);
  let maxAbs = 0, maxErr = 0, at = -1;
  for (let i = 0; i < expected.size; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(expected.data[i]));
    const err = Math.abs(actual[i] - expected.data[i]);
    if (!(err <= maxErr)) { maxErr = err; at = i; }   // NaN counts as the worst
  }
  const bound = tol * Math.max(maxAbs, 1e-5);
  if (!(maxErr <= bound)) {
    expect.fail(`${what}: max error ${maxErr} at [${at}] (got ${actual[at]}, expected ${expected.data[at]}) exceeds ${bound} = ${tol} * max|grad| ${maxAbs}`);
  }
}

/** a trainable tensor and the same values (exactly: float32-rounded) as a reference array */
export interface Leaf<S> {
  t: Tensor<S>;
  nd: Nd;
}

/** a leaf with requireGrad from random data (uniform, see RandOptions) or from given values */
export function leaf<const S extends ShapeLike>(shape: S, src: Prng | ArrayLike<number>, opts: RandOptions = {}): Leaf<[...S]> {
  const values = src instanceof Prng ? randNd(shape, src, opts) : new Nd(shape, Float32Array.from(src));
  const t = fromData(Float32Array.from(values.data), shape).requireGrad();
  return { t, nd: values };
}

/** a constant (no grad) float tensor with its reference */
export function constant<const S extends ShapeLike>(shape: S, src: Prng | ArrayLike<number>, opts: RandOptions = {}): Leaf<[...S]> {
  const values = src instanceof Prng ? randNd(shape, src, opts) : new Nd(shape, Float32Array.from(src));
  return { t: fromData(Float32Array.from(values.data), shape), nd: values };
}

export async function values(t: AnyTensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** the gradient of a leaf after backward() (fails the test when there is none) */
export async function gradOf(t: AnyTensor): Promise<number[]> {
  const g = t.grad;
  if (!g) return expect.fail(`${t} has no gradient`);
  return Array.from(await g.data());
}

/** sum of all elements as a scalar tensor (typed ops: reshape to [n], sum over axis 0) */
export function total<S extends Shape>(y: Tensor<S>): Tensor<[]> {
  const flat: Tensor<number[]> = assertShape(y, [...y.dims]);
  return sum(reshape(flat, [y.size]), 0);
}

export interface CheckOptions {
  /** forward tolerance (default FWD) */
  fwd?: Tol;
  /** gradient tolerance relative to max |grad| (default GRAD_TOL) */
  grad?: number;
  /** finite-difference step (default 1e-3) */
  eps?: number;
  /** skip the gradient check (forward only) */
  noGrad?: boolean;
  /** inputs with more elements than this are finite-differenced on a sample of this many positions (default 256) */
  sample?: number;
}

/** the scalar loss sum(y * R) built from the typed ops, R = weighting(y's shape) */
export function weightedLoss<S extends Shape>(y: Tensor<S>): { loss: Tensor<[]>; R: Nd } {
  const R = weighting(y.dims);
  const flat: Tensor<number[]> = assertShape(y, [...y.dims]);
  return { loss: total(mul(flat, fromData(Float32Array.from(R.data), [...y.dims]))), R };
}

/**
 * Realize `targets` as one compiled plan (compile.ts) and again one kernel at a time, and require the same
 * values: every op checked here is then checked on both execution paths. (On headlessgl, whose plans run
 * kernel by kernel anyway, a plan per test would only add shader compiles: the compiled GPT step tests
 * cover it.)
 */
async function realizeBothWays(targets: readonly AnyTensor[]): Promise<void> {
  if (backendName() === 'headlessgl') return realizeEager(targets);
  await realizeCompiled(targets);
  const planned = targets.map((t) => Float32Array.from(t.buf!));
  for (const t of targets) if (t.op !== 'const') t.buf = null;
  await realizeEager(targets);
  targets.forEach((t, i) => expectClose(t.buf!, planned[i], { rtol: 1e-6, atol: 0 }, `compiled plan vs one kernel at a time, ${t}`));
}

/**
 * Check an op end to end: the forward values of `y` against `ref(leaves)` and, through the loss
 * L = sum(y * R), the gradients of every leaf against float64 central differences of `ref`.
 */
export async function checkOp<S extends Shape>(y: Tensor<S>, leaves: readonly Leaf<Shape>[] | readonly { t: AnyTensor; nd: Nd }[], ref: (xs: Nd[]) => Nd, opts: CheckOptions = {}): Promise<void> {
  const xs = leaves.map((l) => l.nd);
  const expected = ref(xs);
  expect([...y.dims], 'output shape').toEqual([...expected.shape]);
  if (opts.noGrad) {
    await realizeBothWays([y]);
    expectClose(await y.data(), expected, opts.fwd, 'forward');
    return;
  }
  const { loss, R } = weightedLoss(y);
  backward(loss);
  const grads = leaves.map((l) => {
    const g = l.t.grad;
    if (!g) throw new Error(`checkOp: leaf ${l.t} got no gradient`);
    return g;
  });
  await realizeBothWays([y, loss, ...grads]);
  expectClose(await y.data(), expected, opts.fwd, 'forward');
  const limit = opts.sample ?? 256;
  const only = xs.map((x, k) => (x.size > limit ? samplePositions(x.size, limit, 1000 + k) : null));
  const want = fd(ref, xs, opts.eps ?? 1e-3, R, only);
  for (let i = 0; i < leaves.length; i++) {
    expect([...grads[i].dims], `grad ${i} shape`).toEqual([...leaves[i].nd.shape]);
    const got = await grads[i].data();
    const pos = only[i];
    if (pos) {
      expectGradClose(pos.map((p) => got[p]), new Nd([pos.length], pos.map((p) => want[i].data[p])), opts.grad ?? GRAD_TOL, `grad of input ${i} (${pos.length} sampled positions)`);
    } else {
      expectGradClose(got, want[i], opts.grad ?? GRAD_TOL, `grad of input ${i}`);
    }
  }
}
