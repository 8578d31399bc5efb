// inverted dropout: identity when not training or p = 0
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Rng } from '../../runtime/rng';
import type { Shape } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg } from '../internal';

export interface DropoutOptions {
  /** apply dropout only while training (required: forgetting it is a classic eval bug) */
  training: boolean;
  /** generator (default: the library-wide one) */
  rng?: Rng;
}

/** zero each element with probability p (0 <= p < 1) and scale the rest by 1 / (1 - p) */
export function dropout<S extends Shape>(x: Tensor<S>, p: number, options: DropoutOptions): Tensor<S> {
  const t = arg('dropout', 'x', x);
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ArgumentError(`dropout: p must be in [0, 1), got ${String(p)}`);
  if (options === null || typeof options !== 'object' || typeof options.training !== 'boolean') {
    throw new ArgumentError('dropout: options.training must be a boolean');
  }
  if (!options.training || p === 0) return x;
  return typed(rt.dropout(t, p, options.rng));
}
