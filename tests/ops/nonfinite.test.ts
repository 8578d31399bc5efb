// NaN and +-Infinity propagation on every backend, through add / mul / exp / max / maximum / sum / softmax /
// logSoftmax and into gradients. Expected values follow IEEE arithmetic and torch: NaN in -> NaN out, a row of
// softmax with a NaN or +Inf is NaN, -Inf logits get probability 0. NaN matches NaN, +-Inf must match exactly;
// finite values: rtol = atol = 1e-5 (1e-6 for the softmax rows).
import { describe, expect, it } from 'vitest';
import { add, mul, exp, maximum, max, sum, softmax, logSoftmax, tensor } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import { backends, useBackend } from '../helpers/backends';
import { expectClose, gradOf, leaf, values } from '../helpers/check';

const NaN_ = Number.NaN, Inf = Infinity;

describe.each(backends)('NaN and +-Infinity on %s', (backend) => {
  useBackend(backend);

  it('add / mul follow IEEE rules (Inf - Inf = NaN, 0 * Inf = NaN)', async () => {
    expectClose(await values(add(tensor([1, NaN_, Inf, -Inf, Inf]), tensor([2, 1, 1, 1, -Inf]))), [3, NaN_, Inf, -Inf, NaN_]);
    expectClose(await values(mul(tensor([Inf, 0, NaN_, -Inf, 2]), tensor([2, Inf, 1, -1, -Inf]))), [Inf, NaN_, NaN_, Inf, -Inf]);
    // a NaN in a broadcast bias poisons exactly its column
    expectClose(await values(add(tensor([[1, 2], [3, 4]]), tensor([NaN_, 0]))), [NaN_, 2, NaN_, 4]);
  });

  it('exp: NaN -> NaN, Inf -> Inf, -Inf -> 0, overflow (100) -> Inf', async () => {
    expectClose(await values(exp(tensor([NaN_, Inf, -Inf, 100, 0]))), [NaN_, Inf, 0, Inf, 1]);
  });

  it('max (reduction): Inf wins, all -Inf stays -Inf', async () => {
    expectClose(await values(max(tensor([[1, Inf, 3], [-Inf, -Inf, -Inf], [-Inf, -5, -Inf]]), 1)), [Inf, -Inf, -5]);
  });

  it('max (reduction) propagates a NaN wherever it is in the row (like torch.amax)', async () => {
    expectClose(await values(max(tensor([[1, NaN_, 3], [NaN_, 5, 7], [4, 5, NaN_], [1, 2, 3]]), 1)), [NaN_, NaN_, NaN_, 3]);
  });

  it('maximum (elementwise) propagates NaN from either side (like torch.maximum)', async () => {
    expectClose(await values(maximum(tensor([NaN_, 1, -Inf, 2]), tensor([1, NaN_, -5, Inf]))), [NaN_, NaN_, -5, Inf]);
  });

  it('sum: NaN and Inf - Inf give NaN, Inf stays Inf', async () => {
    expectClose(await values(sum(tensor([[1, NaN_, 3], [1, Inf, 3], [-Inf, -Inf, 0]]), 1)), [NaN_, Inf, -Inf]);
    expectClose(await values(sum(tensor([Inf, -Inf]), 0)), [NaN_]);
  });

  it('softmax: a NaN or +Inf in a row makes the row NaN (like torch); -Inf entries get 0; other rows are unaffected', async () => {
    const x = tensor([[0, NaN_, 1], [0, Inf, 1], [0, -Inf, Math.log(3)], [1, 1, 1]]);
    const p = await values(softmax(x, -1));
    expect(p.slice(0, 3).every(Number.isNaN), `row 0 [${p.slice(0, 3).join(', ')}]`).toBe(true);
    expect(p.slice(3, 6).every(Number.isNaN), `row 1 [${p.slice(3, 6).join(', ')}]`).toBe(true);
    expectClose(p.slice(6), [0.25, 0, 0.75, 1 / 3, 1 / 3, 1 / 3], { rtol: 1e-6, atol: 1e-7 });
    const lp = await values(logSoftmax(x, -1));
    expectClose(lp.slice(6), [Math.log(0.25), -Inf, Math.log(0.75), -Math.log(3), -Math.log(3), -Math.log(3)], { rtol: 1e-6, atol: 1e-6 });
  });

  it('a NaN in the forward pass reaches the gradient of the leaf it came from', async () => {
    const x = leaf([3], [1, NaN_, 2]);
    backward(sum(exp(x.t), 0));
    expectClose(await gradOf(x.t), [Math.E, NaN_, Math.exp(2)], { rtol: 1e-6 });
  });
});
