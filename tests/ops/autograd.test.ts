// Autograd across ops: fan-out (a tensor used several times: its gradients are summed), gradient accumulation
// over two backward() calls, a tensor that only some branches use, and a composite loss (a 2-layer MLP with
// GELU and cross-entropy). Forward vs the float64 reference: rtol = atol = 1e-5; gradients vs float64 central
// differences: max error <= 1e-3 * max |grad|. (GELU, not ReLU, in the residual block: a ReLU kink inside the
// finite-difference step spoils the reference; ReLU's own gradient is checked in unary.test.ts.)
import { describe, expect, it } from 'vitest';
import { add, mul, exp, tanh, linear, gelu, crossEntropy, layerNorm, ints, sum, mean, tensor } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, expectClose, gradOf, leaf, total } from '../helpers/check';

describe.each(backends)('autograd on %s', (backend) => {
  useBackend(backend);

  it('hand-computed fan-out: d/dx sum(x * x + x) = 2x + 1', async () => {
    const x = leaf([3], [1, -2, 0.5]);
    backward(total(add(mul(x.t, x.t), x.t)));
    expect(await gradOf(x.t)).toEqual([3, -3, 2]);
  });

  it('fan-out through different ops and shapes: x feeds exp, tanh, a reduction and a broadcast', async () => {
    const rng = new R.Prng(1);
    const x = leaf([3, 4], rng), b = leaf([4], rng);
    const y = add(mul(exp(x.t), tanh(x.t)), add(sum(x.t, 1, true), mul(x.t, b.t)));
    const ref = ([x, b]: R.Nd[]): R.Nd => R.add(R.mul(R.exp(x), R.tanh(x)), R.add(R.sum(x, 1, true), R.mul(x, b)));
    await checkOp(y, [x, b], ref);
  });

  it('a bias used by two layers gets the sum of both contributions', async () => {
    const rng = new R.Prng(2);
    const x = leaf([2, 5], rng), w = leaf([5, 5], rng), b = leaf([5], rng);
    const y = linear(tanh(linear(x.t, w.t, b.t)), w.t, b.t);
    await checkOp(y, [x, w, b], ([x, w, b]) => R.linear(R.tanh(R.linear(x, w, b)), w, b));
  });

  it('two backward() calls accumulate into .grad', async () => {
    const x = leaf([2], [1, 2]);
    backward(total(mul(x.t, 3)));
    backward(total(mul(x.t, x.t)));
    expect(await gradOf(x.t)).toEqual([3 + 2, 3 + 4]);
  });

  it('leaves that do not require grad get none; backward of a graph without grads is an error', async () => {
    const x = leaf([2], [1, 2]);
    const c = tensor([5, 6]);
    backward(total(mul(x.t, c)));
    expect(c.grad).toBeNull();
    expect(await gradOf(x.t)).toEqual([5, 6]);
    expect(() => backward(total(c))).toThrow(/requires grad/);
  });

  it('composite: 2-layer MLP (linear, GELU, linear, cross-entropy), gradients of every parameter', async () => {
    const rng = new R.Prng(3);
    const N = 5, I = 6, H = 7, O = 4;
    const x = leaf([N, I], rng), w1 = leaf([I, H], rng), b1 = leaf([H], rng), w2 = leaf([H, O], rng), b2 = leaf([O], rng);
    const tv = [3, 0, 1, 3, 2];
    const loss = crossEntropy(linear(gelu(linear(x.t, w1.t, b1.t)), w2.t, b2.t), ints(tv, [N]));
    const ref = ([x, w1, b1, w2, b2]: R.Nd[]): R.Nd => R.nd([], [R.crossEntropy(R.linear(R.gelu(R.linear(x, w1, b1)), w2, b2), R.nd([N], tv))]);
    await checkOp(loss, [x, w1, b1, w2, b2], ref);
  });

  it('composite: pre-norm residual block x + gelu(layerNorm(x) W) with a mean-squared loss', async () => {
    const rng = new R.Prng(4);
    const x = leaf([2, 3, 6], rng), g = leaf([6], rng, { lo: 0.5, hi: 1.5 }), be = leaf([6], rng), w = leaf([6, 6], rng, { lo: -0.5, hi: 0.5 });
    const h = add(x.t, gelu(linear(layerNorm(x.t, g.t, be.t), w.t)));
    const loss = mean(mean(mean(mul(h, h), -1), -1), 0);
    const ref = ([x, g, be, w]: R.Nd[]): R.Nd => {
      const h = R.add(x, R.gelu(R.linear(R.layerNorm(x, g, be), w)));
      return R.mean(R.mean(R.mean(R.mul(h, h), -1), -1), 0);
    };
    await checkOp(loss, [x, g, be, w], ref);
    expectClose([await loss.item()], [ref([x.nd, g.nd, be.nd, w.nd]).data[0]]);
  });
});
