// Unary ops: exp / log / tanh / relu / gelu (exact erf GELU, like torch.nn.GELU()) / neg / sqrt / abs / sigmoid.
// Forward vs the float64 reference: rtol = atol = 1e-5 (exp/log chains: 1e-4). Gradients vs float64 central
// differences: max error <= 1e-3 * max |grad|; inputs are kept away from kinks (relu, abs at 0) and from the
// domain edges (log, sqrt at 0). Hand-computed values: Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208.
import { describe, expect, it } from 'vitest';
import { exp, log, tanh, relu, gelu, neg, sqrt, abs, sigmoid, tensor, type Unary } from '../../src/dsl';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, leaf, values } from '../helpers/check';

const CASES: { name: string; op: Unary; ref: (x: R.Nd) => R.Nd; opts?: R.RandOptions }[] = [
  { name: 'exp', op: exp, ref: R.exp, opts: { lo: -3, hi: 3 } },
  { name: 'log', op: log, ref: R.log, opts: { lo: 0.1, hi: 5 } },
  { name: 'tanh', op: tanh, ref: R.tanh, opts: { lo: -3, hi: 3 } },
  { name: 'relu', op: relu, ref: R.relu, opts: { lo: -2, hi: 2, awayFromZero: 0.01 } },
  { name: 'gelu', op: gelu, ref: R.gelu, opts: { lo: -4, hi: 4 } },
  { name: 'neg', op: neg, ref: R.neg },
  { name: 'sqrt', op: sqrt, ref: R.sqrt, opts: { lo: 0.1, hi: 4 } },
  { name: 'abs', op: abs, ref: R.abs, opts: { lo: -2, hi: 2, awayFromZero: 0.01 } },
  { name: 'sigmoid', op: sigmoid, ref: R.sigmoid, opts: { lo: -6, hi: 6 } },
];

describe.each(backends)('unary ops on %s', (backend) => {
  useBackend(backend);

  describe('hand-computed', () => {
    it('exp / log / neg / sqrt / abs / relu / sigmoid / tanh at simple points', async () => {
      expectClose(await values(exp(tensor([0, 1, -1]))), [1, Math.E, 1 / Math.E], { rtol: 1e-6, atol: 0 });
      expectClose(await values(log(tensor([1, 100, 0.5]))), [0, 4.605170185988092, -0.6931471805599453]);
      expect(await values(neg(tensor([1, -2, 0])))).toEqual([-1, 2, -0]);
      expect(await values(sqrt(tensor([4, 0.25, 0])))).toEqual([2, 0.5, 0]);
      expect(await values(abs(tensor([-3, 2, -0.5])))).toEqual([3, 2, 0.5]);
      expect(await values(relu(tensor([-1, 0, 2.5])))).toEqual([0, 0, 2.5]);
      expectClose(await values(sigmoid(tensor([0, 2, -2]))), [0.5, 0.8807970779778823, 0.11920292202211755]);
      expectClose(await values(tanh(tensor([0, 1, -20]))), [0, 0.7615941559557649, -1]);
    });
    it('gelu is the exact erf form x * Phi(x), not the tanh approximation', async () => {
      const got = await values(gelu(tensor([0, 1, -1, 2, 10, -10])));
      // x Phi(x): Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208 (tanh approximation at 1: 0.8411919906082768)
      expectClose(got, [0, 0.8413447460685429, -0.15865525393145707, 1.9544997361036416, 10, 0], { rtol: 1e-6, atol: 1e-6 });
      expect(Math.abs(got[1] - 0.8411919906082768)).toBeGreaterThan(1e-4);
    });
  });

  describe.each(CASES)('$name vs reference', ({ name, op, ref, opts }) => {
    it(`${name}: forward and gradient on [3, 7]`, async () => {
      const x = leaf([3, 7], new R.Prng(name.length * 101 + 7), opts);
      await checkOp(op(x.t), [x], ([x]) => ref(x));
    });
    it(`${name}: forward on 1000 points across the range`, async () => {
      const lo = opts?.lo ?? -1, hi = opts?.hi ?? 1;
      const pts = Array.from({ length: 1000 }, (_, i) => Math.fround(lo + ((hi - lo) * i) / 999));
      const x = leaf([1000], pts);
      expectClose(await op(x.t).data(), ref(x.nd), name === 'exp' ? { rtol: 1e-5, atol: 1e-5 } : {});
    });
  });

  it('chains: log(exp(x)) and exp(log(x)) (rtol 1e-4), sigmoid(x) = 1 / (1 + exp(-x))', async () => {
    const rng = new R.Prng(77);
    const x = leaf([4, 5], rng, { lo: -4, hi: 4 });
    await checkOp(log(exp(x.t)), [x], ([x]) => R.log(R.exp(x)), { fwd: { rtol: 1e-4, atol: 1e-4 } });
    const y = leaf([4, 5], rng, { lo: 0.1, hi: 8 });
    await checkOp(exp(log(y.t)), [y], ([y]) => R.exp(R.log(y)), { fwd: { rtol: 1e-4, atol: 1e-4 } });
    const z = leaf([4, 5], rng, { lo: -4, hi: 4 });
    await checkOp(tanh(gelu(sigmoid(z.t))), [z], ([z]) => R.tanh(R.gelu(R.sigmoid(z))));
  });
});
