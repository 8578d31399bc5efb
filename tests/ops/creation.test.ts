// Creation: zeros / ones / full / randn (statistics and reproducibility with a seeded Rng) / arange /
// tensor = fromArray (nested literals) / fromData / ints. Values are exact; randn statistics on 40000 samples:
// |mean| < 0.02 and |std - 1| < 0.02 (standard errors 0.005 and 0.0035), scaled by the std option.
import { describe, expect, it } from 'vitest';
import { zeros, ones, full, randn, arange, tensor, fromArray, fromData, ints, Rng, manualSeed, ArgumentError } from '../../src/dsl';
import { backends, useBackend } from '../helpers/backends';
import { values } from '../helpers/check';

function stats(v: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i] - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length) };
}

describe.each(backends)('creation on %s', (backend) => {
  useBackend(backend);

  it('zeros / ones / full: shape, dtype, values (also after a kernel)', async () => {
    const z = zeros([2, 3]);
    expect(z.dims).toEqual([2, 3]);
    expect(z.dtype).toBe('float32');
    expect(await values(z)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await values(ones([4]))).toEqual([1, 1, 1, 1]);
    expect(await values(full([2, 2], -2.5))).toEqual([-2.5, -2.5, -2.5, -2.5]);
    expect(await values(full([1], Infinity))).toEqual([Infinity]);
    const s = zeros([]);
    expect(s.dims).toEqual([]);
    expect(await s.item()).toBe(0);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('randn: mean 0, std 1 (and std option), float32', async () => {
    const x = await randn([200, 200], { rng: new Rng(1) }).data();
    const a = stats(x);
    expect(Math.abs(a.mean)).toBeLessThan(0.02);
    expect(Math.abs(a.std - 1)).toBeLessThan(0.02);
    const y = await randn([40000], { std: 0.02, rng: new Rng(2) }).data();
    const b = stats(y);
    expect(Math.abs(b.mean)).toBeLessThan(0.02 * 0.02);
    expect(Math.abs(b.std - 0.02)).toBeLessThan(0.02 * 0.02);
    // roughly normal: about 68.3% within one std, 95.4% within two
    const within1 = Array.from(x).filter((v) => Math.abs(v) < 1).length / x.length;
    const within2 = Array.from(x).filter((v) => Math.abs(v) < 2).length / x.length;
    expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.01);
    expect(Math.abs(within2 - 0.9545)).toBeLessThan(0.006);
  });

  it('randn: reproducible for a seed, different across seeds, and manualSeed drives the default generator', async () => {
    const a = await values(randn([3, 5], { rng: new Rng(123) }));
    const b = await values(randn([3, 5], { rng: new Rng(123) }));
    const c = await values(randn([3, 5], { rng: new Rng(124) }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    manualSeed(5);
    const d = await values(randn([8]));
    manualSeed(5);
    const e = await values(randn([8]));
    expect(d).toEqual(e);
    // one generator advances: two draws differ
    const g = new Rng(9);
    expect(await values(randn([4], { rng: g }))).not.toEqual(await values(randn([4], { rng: g })));
    expect(() => randn([2], { std: -1 })).toThrow(ArgumentError);
  });

  it('arange: int32 0..n-1', async () => {
    const r = arange(5);
    expect(r.dtype).toBe('int32');
    expect(r.dims).toEqual([5]);
    const d = await r.data();
    expect(d).toBeInstanceOf(Int32Array);
    expect(Array.from(d)).toEqual([0, 1, 2, 3, 4]);
    expect(arange(0).size).toBe(0);
  });

  it('tensor / fromArray: nested literals give the shape; scalar; ragged arrays are errors', async () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.dims).toEqual([2, 3]);
    expect(await t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const f = fromArray([[[0.5], [1.5]]]);
    expect(f.dims).toEqual([1, 2, 1]);
    expect(await values(f)).toEqual([0.5, 1.5]);
    const s = tensor(7);
    expect(s.dims).toEqual([]);
    expect(await s.item()).toBe(7);
    expect(() => tensor([[1, 2], [3]])).toThrow(ArgumentError);
    expect(fromArray).toBe(tensor);
  });

  it('fromData / ints: flat row-major data; length and integer checks', async () => {
    const x = fromData([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(x.dims).toEqual([3, 2]);
    expect(await x.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(await values(fromData(Float32Array.from([0.25, -1]), [2]))).toEqual([0.25, -1]);
    expect(() => fromData([1, 2, 3], [2, 2])).toThrow(ArgumentError);
    const i = ints([3, 1, 4, 1, 5, 9], [2, 3]);
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([3, 1, 4, 1, 5, 9]);
    expect(() => ints([1.5], [1])).toThrow(ArgumentError);
    expect(() => ints([2 ** 25], [1])).toThrow(ArgumentError);
  });
});
