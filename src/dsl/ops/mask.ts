// Masks (torch semantics): maskedFill fills where the mask is TRUE. Causal attention:
//   maskedFill(scores, not(tril(t)), -Infinity)     // scores [B, H, T, T], tril(t) [T, T] broadcasts into it
import type { Tensor, AnyTensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, MaskVerdict } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, typedFn, arg, intArg, dtypeCheck, broadcastChecked, sameDims, shapeCheck } from '../internal';

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

/** runtime twin of MaskVerdict: m must broadcast INTO x's shape */
function checkMask(op: string, x: AnyTensor, m: AnyTensor, what = 'mask', into = 'x'): void {
  const b = broadcastChecked(op, x.dims, m.dims);
  shapeCheck(sameDims(b, x.dims), `${op}: ${what} does not broadcast into ${into}`, x.dims, m.dims);
}

/** x with `value` where mask is TRUE (torch's masked_fill); the bool mask must broadcast into x. (A mask of x's
 *  own rank-polymorphic shape [...P, C] cannot be shown to broadcast: use where(mask, fill, x) there.) */
export function maskedFill<S extends Shape, M extends Shape>(
  x: Tensor<S>, mask: Check<MaskVerdict<S, M, 'maskedFill'>, Tensor<M, 'bool'>>, value: number,
): Tensor<S> {
  const tx = arg('maskedFill', 'x', x), tm = arg('maskedFill', 'mask', mask);
  dtypeCheck('maskedFill', 'mask', tm, 'bool');
  if (typeof value !== 'number') throw new ArgumentError(`maskedFill: value must be a number, got ${typeof value}`);
  checkMask('maskedFill', tx, tm);
  return typed(rt.where(tm, rt.scalar(value), tx));
}

export interface Where {
  /** b of a's own shape (also rank-polymorphic) or a number */
  <S extends Shape, C extends Shape>(
    cond: Tensor<NoInfer<S>, 'bool'> | Check<MaskVerdict<S, C, 'where'>, Tensor<C, 'bool'>>, a: Tensor<S>, b: Tensor<NoInfer<S>> | number): Tensor<S>;
  /** b broadcasting INTO a's shape (last: TS 7 reports the last overload's error) */
  <S extends Shape, C extends Shape, SB extends Shape>(
    cond: Tensor<NoInfer<S>, 'bool'> | Check<MaskVerdict<S, C, 'where'>, Tensor<C, 'bool'>>, a: Tensor<S>,
    b: Check<MaskVerdict<S, SB, 'where', 'b', 'a'>, Tensor<SB>> | number): Tensor<S>;
}

/** a where cond is true, else b. cond (bool) and b (a tensor or a number) must have a's shape or broadcast INTO it:
 *  where(tril(t), att [B, H, T, T], zeros([T, T])) : [B, H, T, T] */
export const where: Where = typedFn<Where>((cond: unknown, a: unknown, b: unknown): AnyTensor => {
  const tc = arg('where', 'cond', cond), ta = arg('where', 'a', a);
  dtypeCheck('where', 'cond', tc, 'bool');
  checkMask('where', ta, tc);
  let tb: AnyTensor;
  if (typeof b === 'number') tb = rt.scalar(b);
  else {
    tb = arg('where', 'b', b);
    checkMask('where', ta, tb, 'b', 'a');
  }
  return rt.where(tc, ta, tb);
});
