// Creation: `const` type parameters turn a shape literal into the tensor's shape: zeros([2, 3]) : Tensor<[2, 3]>,
// zeros([n, 3]) with n: number : Tensor<[number, 3]>. Shapes are taken as ShapeLike (readonly) and returned
// as mutable tuples [...S] (DESIGN-NOTES 1.1).
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import { sizeOf } from '../../runtime/tensor';
import type { Rng } from '../../runtime/rng';
import type { ShapeLike, Sym } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, checkShapeArg, intArg } from '../internal';

/** all zeros (float32) */
export function zeros<const S extends ShapeLike>(shape: S): Tensor<[...S]> {
  return typed(rt.full(checkShapeArg('zeros', shape), 0));
}
/** all ones (float32) */
export function ones<const S extends ShapeLike>(shape: S): Tensor<[...S]> {
  return typed(rt.full(checkShapeArg('ones', shape), 1));
}
/** filled with `value` (float32) */
export function full<const S extends ShapeLike>(shape: S, value: number): Tensor<[...S]> {
  if (typeof value !== 'number') throw new ArgumentError(`full: value must be a number, got ${typeof value}`);
  return typed(rt.full(checkShapeArg('full', shape), value));
}

export interface RandnOptions {
  /** standard deviation (default 1) */
  std?: number;
  /** generator (default: the library-wide one, see manualSeed) */
  rng?: Rng;
}
/** normal samples N(0, std^2) (float32) */
export function randn<const S extends ShapeLike>(shape: S, options: RandnOptions = {}): Tensor<[...S]> {
  const dims = checkShapeArg('randn', shape);
  const std = options.std ?? 1;
  if (typeof std !== 'number' || !Number.isFinite(std) || std < 0) throw new ArgumentError(`randn: std must be a finite number >= 0, got ${String(std)}`);
  return typed(rt.randn(dims, std, options.rng));
}

/** [0, 1, ..., n - 1] as int32 */
export function arange<const N extends number>(n: N): Tensor<[N], 'int32'> {
  const len = intArg('arange', 'n', n);
  return typed(rt.constant(Array.from({ length: len }, (_, i) => i), [len], 'int32'));
}

/** nested number arrays */
export type Nested = number | readonly Nested[];
/** shape of a nested array literal: [[1, 2, 3], [4, 5, 6]] -> [2, 3]; 5 -> [] */
export type ShapeOf<A> = A extends readonly [infer H, ...unknown[]] ? [A['length'], ...ShapeOf<H>] : A extends readonly unknown[] ? [A['length']] : [];

function flatten(op: string, a: Nested): { shape: number[]; flat: number[] } {
  const shape: number[] = [];
  let cur: Nested = a;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as Nested;
  }
  const flat: number[] = [];
  const walk = (v: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new ArgumentError(`${op}: ragged nested array (expected a number at depth ${depth})`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ArgumentError(`${op}: ragged nested array (expected ${shape[depth]} entries at depth ${depth})`);
    }
    for (const x of v) walk(x as Nested, depth + 1);
  };
  walk(a, 0);
  return { shape, flat };
}

/** from nested literals: tensor([[1, 2, 3], [4, 5, 6]]) : Tensor<[2, 3]> (float32) */
export function tensor<const A extends Nested>(data: A): Tensor<ShapeOf<A>> {
  const { shape, flat } = flatten('tensor', data);
  return typed(rt.constant(flat, shape));
}
/** alias of tensor() */
export const fromArray = tensor;

function fromFlat(op: string, data: ArrayLike<number>, shape: unknown, dtype: 'float32' | 'int32'): number[] {
  const dims = checkShapeArg(op, shape);
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') throw new ArgumentError(`${op}: data must be an array of numbers`);
  const n = sizeOf(dims);
  if (data.length !== n) throw new ArgumentError(`${op}: ${data.length} values cannot fill shape [${dims.join(', ')}] (${n} elements)`);
  if (dtype === 'int32') {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || Math.abs(v) > 16777216) throw new ArgumentError(`${op}: values must be integers with |v| <= 2^24, got ${v} at ${i}`);
    }
  }
  return dims;
}

/** float32 tensor from flat row-major data */
export function fromData<const S extends ShapeLike>(data: ArrayLike<number>, shape: S): Tensor<[...S]> {
  const dims = fromFlat('fromData', data, shape, 'float32');
  return typed(rt.constant(data, dims));
}
/** int32 tensor (token ids, targets) from flat row-major data */
export function ints<const S extends ShapeLike>(data: ArrayLike<number>, shape: S): Tensor<[...S], 'int32'> {
  const dims = fromFlat('ints', data, shape, 'int32');
  return typed(rt.constant(data, dims, 'int32'));
}

/** a branded runtime dim: known only at runtime, but Sym<'seq'> never matches Sym<'other'> or a literal */
export function sym<const Name extends string>(n: number, _name: Name): Sym<Name> {
  intArg('sym', 'n', n);
  return n as Sym<Name>;
}
