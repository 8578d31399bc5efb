// embedding(table [V, C], ids int32 [...S]) -> [...S, C], with REPEATED ids: the table's gradient adds up the
// rows of every position that used an id. Forward: exact copies (checked with rtol = atol = 1e-5); gradients vs
// float64 central differences: max error <= 1e-3 * max |grad|. An id outside [0, V) reads a NaN row (asserted).
import { describe, expect, it } from 'vitest';
import { embedding, ints, tensor, add } from '../../src/dsl';
import { backward } from '../../src/runtime/autograd';
import * as R from '../helpers/reference';
import { backends, useBackend } from '../helpers/backends';
import { checkOp, gradOf, leaf, total, values } from '../helpers/check';

describe.each(backends)('embedding on %s', (backend) => {
  useBackend(backend);

  it('hand-computed: rows are copied; repeated ids sum their gradients', async () => {
    const table = leaf([3, 2], [1, 2, 3, 4, 5, 6]);
    const ids = ints([2, 0, 2, 2], [4]);
    const y = embedding(table.t, ids);
    expect(y.dims).toEqual([4, 2]);
    expect(await values(y)).toEqual([5, 6, 1, 2, 5, 6, 5, 6]);
    backward(total(y));
    // id 2 used three times, id 0 once, id 1 never
    expect(await gradOf(table.t)).toEqual([1, 1, 0, 0, 3, 3]);
  });

  it('[B, T] ids with repeats vs reference, gradient of the table', async () => {
    const rng = new R.Prng(1);
    const table = leaf([5, 3], rng);
    const idv = [1, 1, 3, 1, 0, 3, 3, 4];
    const ids = ints(idv, [2, 4]);
    await checkOp(embedding(table.t, ids), [table], ([t]) => R.embedding(t, R.nd([2, 4], idv)));
  });

  it('token + position embeddings (the model pattern: [B, T, C] + [T, C])', async () => {
    const rng = new R.Prng(2);
    const tok = leaf([6, 4], rng), pos = leaf([3, 4], rng);
    const idv = [5, 0, 5, 2, 2, 2];
    const y = add(embedding(tok.t, ints(idv, [2, 3])), embedding(pos.t, ints([0, 1, 2], [3])));
    await checkOp(y, [tok, pos], ([t, p]) => R.add(R.embedding(t, R.nd([2, 3], idv)), R.embedding(p, R.nd([3], [0, 1, 2]))));
  });

  it('a scalar id (ids of shape []) and a 1-row table', async () => {
    const table = leaf([1, 3], [7, 8, 9]);
    const y = embedding(table.t, ints([0], []));
    expect(y.dims).toEqual([3]);
    expect(await values(y)).toEqual([7, 8, 9]);
  });

  it('an id outside [0, V) reads a NaN row (no error, no wrap-around); its gradient is dropped', async () => {
    const table = leaf([2, 2], [1, 2, 3, 4]);
    const y = embedding(table.t, ints([1, 2, -1], [3]));
    const v = await values(y);
    expect(v.slice(0, 2)).toEqual([3, 4]);
    expect(v.slice(2).every(Number.isNaN)).toBe(true);
    const t2 = tensor([[1, 2], [3, 4]]);
    expect(Array.from(await embedding(t2, ints([0, 5], [2])).data()).slice(2).every(Number.isNaN)).toBe(true);
  });
});
