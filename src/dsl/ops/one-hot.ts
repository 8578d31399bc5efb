// oneHot(ids [...S] int32, n) : float32 [...S, N] (torch.nn.functional.one_hot, as floats). Rank-polymorphic.
// Recorded as eq(ids[..., None], arange(n)) -> where(·, 1, 0); no gradient flows to ids. An id outside [0, n)
// gives a row of zeros.
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim } from '../shape';
import { typed, arg, intArg, dtypeCheck } from '../internal';

export function oneHot<S extends Shape, N extends Dim>(ids: Tensor<S, 'int32'>, n: N): Tensor<[...S, N]> {
  const ti = arg('oneHot', 'ids', ids);
  dtypeCheck('oneHot', 'ids', ti, 'int32');
  const k = intArg('oneHot', 'n', n, 1);
  const classes = rt.constant(Array.from({ length: k }, (_, i) => i), [k], 'int32');
  const hit = rt.binary('eq', rt.reshape(ti, [...ti.dims, 1]), classes);                       // bool [...S, N]
  return typed(rt.where(hit, rt.scalar(1), rt.scalar(0)));
}
