// Parameters of a model are plain objects (and arrays) of tensors, typed by interfaces whose dims are
// `in out` type parameters. These helpers walk such a tree: dotted names for checkpoints
// (`blocks.0.attn.query.weight`), the flat list for an optimizer, and loading values back by name.
import { Tensor, type AnyTensor } from '../runtime/tensor';
import * as rt from '../runtime/ops';
import type { Rng } from '../runtime/rng';
import { realize } from '../runtime/realize';
import type { ShapeLike } from './shape';
import { typed } from './internal';

/** a trainable tensor drawn from N(0, std^2) (PyTorch's init of Linear/Embedding weights in the lecture uses std 0.02) */
export function normalParam<const S extends ShapeLike>(shape: S, std: number, rng: Rng): Tensor<[...S]> {
  return typed<Tensor<[...S]>>(rt.randn(shape, std, rng).requireGrad());
}

/** a trainable tensor filled with one value (zeros for biases, ones for LayerNorm gains) */
export function constParam<const S extends ShapeLike>(shape: S, value: number): Tensor<[...S]> {
  return typed<Tensor<[...S]>>(rt.full(shape, value).requireGrad());
}

/** every tensor in a parameter tree with its dotted path, in a stable (declaration) order */
export function namedParameters(tree: unknown, prefix = ''): [string, AnyTensor][] {
  const out: [string, AnyTensor][] = [];
  const walk = (node: unknown, path: string) => {
    if (node instanceof Tensor) { out.push([path, node]); return; }
    if (Array.isArray(node)) { node.forEach((v, i) => walk(v, path ? `${path}.${i}` : String(i))); return; }
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(tree, prefix);
  return out;
}

export function parameters(tree: unknown): AnyTensor[] {
  return namedParameters(tree).map(([, t]) => t);
}

export function parameterCount(tree: unknown): number {
  return parameters(tree).reduce((n, t) => n + t.size, 0);
}

/** values of every parameter by name (realized copies), e.g. for a checkpoint */
export async function stateDict(tree: unknown): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const named = namedParameters(tree);
  await realize(named.map(([, t]) => t));
  return new Map(named.map(([name, t]) => [name, { shape: [...t.dims], data: Float32Array.from(t.buf!) }]));
}

/**
 * Overwrite every parameter from `values`. Validates everything first (no partial load): a missing or
 * unexpected name, or a shape that differs, is an error naming the tensor and the `source` (file).
 */
export function loadStateDict(tree: unknown, values: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>, source: string): void {
  const named = namedParameters(tree);
  const expected = new Set(named.map(([n]) => n));
  for (const [name, t] of named) {
    const v = values.get(name);
    if (!v) throw new Error(`${source}: parameter "${name}" is missing (expected shape [${t.dims.join(', ')}])`);
    if (v.shape.length !== t.rank || v.shape.some((d, i) => d !== t.dims[i])) {
      throw new Error(`${source}: parameter "${name}" has shape [${v.shape.join(', ')}], the model expects [${t.dims.join(', ')}]`);
    }
    if (v.data.length !== t.size) throw new Error(`${source}: parameter "${name}" has ${v.data.length} values, expected ${t.size}`);
  }
  for (const name of values.keys()) {
    if (!expected.has(name)) throw new Error(`${source}: unexpected parameter "${name}" (not in this model)`);
  }
  for (const [name, t] of named) t.assign(Float32Array.from(values.get(name)!.data));
}
