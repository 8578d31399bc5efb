// Masks (torch semantics): maskedFill fills where the mask is TRUE. Causal attention:
//   maskedFill(scores, not(tril(t)), -Infinity)     // scores [B, H, T, T], tril(t) [T, T] broadcasts into it
import type { Tensor, AnyTensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, MaskVerdict } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, arg, intArg, dtypeCheck, broadcastChecked, sameDims, shapeCheck } from '../internal';

/** bool [N, N]: true on and below the diagonal */
export function tril<N extends Dim>(n: N): Tensor<[N, N], 'bool'> {
  const k = intArg('tril', 'n', n);
  const data = new Float32Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) data[i * k + j] = 1;
  return typed(rt.constant(data, [k, k], 'bool'));
}

/** logical not of a bool tensor */
export function not<S extends Shape>(mask: Tensor<S, 'bool'>): Tensor<S, 'bool'> {
  const t = arg('not', 'mask', mask);
  dtypeCheck('not', 'mask', t, 'bool');
  return typed(rt.unary('not', t));
}

/** runtime twin of MaskVerdict: mask must broadcast INTO x's shape */
function checkMask(op: string, x: AnyTensor, m: AnyTensor): void {
  const b = broadcastChecked(op, x.dims, m.dims);
  shapeCheck(sameDims(b, x.dims), `${op}: mask does not broadcast into x`, x.dims, m.dims);
}

/** x with `value` where mask is TRUE (torch's masked_fill); the bool mask must broadcast into x */
export function maskedFill<S extends Shape, M extends Shape>(
  x: Tensor<S>, mask: Check<MaskVerdict<S, M, 'maskedFill'>, Tensor<M, 'bool'>>, value: number,
): Tensor<S> {
  const tx = arg('maskedFill', 'x', x), tm = arg('maskedFill', 'mask', mask);
  dtypeCheck('maskedFill', 'mask', tm, 'bool');
  if (typeof value !== 'number') throw new ArgumentError(`maskedFill: value must be a number, got ${typeof value}`);
  checkMask('maskedFill', tx, tm);
  return typed(rt.where(tm, rt.scalar(value), tx));
}

/** a where cond is true, else b; cond (bool) must broadcast into a's shape, b is the same shape or a number */
export function where<S extends Shape, C extends Shape>(
  cond: Check<MaskVerdict<S, C, 'where'>, Tensor<C, 'bool'>>, a: Tensor<S>, b: Tensor<NoInfer<S>> | number,
): Tensor<S> {
  const tc = arg('where', 'cond', cond), ta = arg('where', 'a', a);
  dtypeCheck('where', 'cond', tc, 'bool');
  checkMask('where', ta, tc);
  let tb: AnyTensor;
  if (typeof b === 'number') tb = rt.scalar(b);
  else {
    tb = arg('where', 'b', b);
    shapeCheck(sameDims(ta.dims, tb.dims), 'where: a and b differ', ta.dims, tb.dims);
  }
  return typed(rt.where(tc, ta, tb));
}
