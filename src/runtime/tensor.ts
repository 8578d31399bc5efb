// The runtime tensor: a node of the lazy graph. An op only records (op, inputs, attrs, shape); values
// exist once the node is realized (see realize.ts), which happens at the edges: data(), item(), backward().
// Its type parameters are the typed surface's (src/dsl): S is the shape as a type, D the dtype.
// Storage is always a Float32Array: int32 and bool values are stored as exact floats (ids < 2^24).

import { realize } from './realize';
import { sizeOf } from './size';

export type DType = 'float32' | 'int32' | 'bool';

let nextId = 1;
let live = 0;
/** counts leaf updates (assign); a node remembers the count at its creation to detect stale inputs */
let updates = 0;

/** what data() resolves to for a dtype */
export type ArrayOf<D extends DType> = D extends 'float32' ? Float32Array : Int32Array;

/**
 * Invariant in its shape (`in out S`): a dim that appears in two parameters of a generic function can
 * never be inferred as a union (T = 255 | 256) and slip a mismatch through. See DESIGN-NOTES 1.2.
 * S is deliberately unconstrained so that a result poisoned by a ShapeError stays representable.
 */
export class Tensor<in out S = number[], out D extends DType = 'float32'> {
  readonly shape: S;
  readonly dtype: D;
  /** graph node: the op that produces this tensor ('const' for data), its inputs and attributes */
  readonly op: string;
  readonly inputs: readonly AnyTensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly id: number;
  /** realized values (row-major, contiguous); null until realized */
  buf: Float32Array | null;
  /** leaf tensors with requiresGrad receive .grad from backward(); ops propagate the flag */
  requiresGrad: boolean;
  grad: Tensor<S, 'float32'> | null = null;
  /** the update count when this node was created */
  readonly epoch: number = updates;
  /** for leaves: the update count of their last assign() (0: never updated) */
  updatedAt = 0;

  constructor(shape: readonly number[], dtype: D, op: string, inputs: readonly AnyTensor[], attrs: Record<string, unknown> = {}, buf: Float32Array | null = null) {
    this.shape = Object.freeze([...shape]) as unknown as S;
    this.dtype = dtype;
    this.op = op;
    this.inputs = inputs;
    this.attrs = attrs;
    this.buf = buf;
    this.id = nextId++;
    this.requiresGrad = inputs.some((t) => t.requiresGrad);
    live++;
    registry?.register(this, null);
  }

  /** the shape as a plain array (the typed `shape` is the same object) */
  get dims(): readonly number[] { return this.shape as unknown as readonly number[]; }
  get rank(): number { return this.dims.length; }
  get size(): number { return sizeOf(this.dims); }

  /** realize this tensor and copy its values out (int32/bool tensors come back as Int32Array) */
  async data(): Promise<ArrayOf<D>> {
    await realize([this]);
    const buf = this.buf!;
    return (this.dtype === 'float32' ? Float32Array.from(buf) : Int32Array.from(buf)) as ArrayOf<D>;
  }

  /** the single value of a one-element tensor */
  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`item: tensor of shape [${this.dims.join(', ')}] has ${this.size} elements, expected 1`);
    return (await this.data())[0];
  }

  /** nested JS arrays (for printing and tests) */
  async toArray(): Promise<unknown> {
    const flat = Array.from(await this.data());
    return nest(flat, this.dims);
  }

  /** mark as a trainable leaf (returns this) */
  requireGrad(flag = true): this {
    if (this.op !== 'const') throw new Error('requireGrad: only leaf tensors (created from data) can require gradients');
    this.requiresGrad = flag;
    return this;
  }

  /**
   * Replace a leaf's values (an optimizer step, a state-dict load). Nodes built from the old values and not
   * yet realized can no longer be computed: realizing one is an error (see schedule.ts), never a silent mix
   * of old and new weights.
   */
  assign(values: Float32Array): void {
    if (this.op !== 'const') throw new Error(`assign: ${this} is not a leaf tensor`);
    if (!(values instanceof Float32Array)) throw new Error(`assign: expected a Float32Array for ${this}, got ${Object.prototype.toString.call(values)}`);
    if (values.length !== this.size) throw new Error(`assign: ${values.length} values for ${this} (${this.size} elements)`);
    this.buf = values;
    this.updatedAt = ++updates;
  }

  toString(): string { return `Tensor<[${this.dims.join(', ')}], ${this.dtype}>(${this.op})`; }
}

/** any tensor, of any shape and dtype (heterogeneous lists, runtime code) */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTensor = Tensor<any, DType>;

export { sizeOf };

function nest(flat: number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [d, ...rest] = shape;
  const step = sizeOf(rest);
  return Array.from({ length: d }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

/** live tensor objects (created minus garbage-collected): a coarse leak counter for tests */
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<null>(() => { live--; }) : null;
export function memory(): { liveTensors: number } {
  return { liveTensors: live };
}
