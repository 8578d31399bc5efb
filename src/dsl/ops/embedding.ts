// embedding lookup: table [V, C], ids int32 [...S] -> [...S, C]
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim } from '../shape';
import { typed, arg, shapeCheck, dtypeCheck } from '../internal';

export function embedding<V extends Dim, C extends Dim, S extends Shape>(table: Tensor<[V, C]>, ids: Tensor<S, 'int32'>): Tensor<[...S, C]> {
  const tt = arg('embedding', 'table', table), ti = arg('embedding', 'ids', ids);
  shapeCheck(tt.rank === 2, 'embedding: table must be [V, C]', tt.dims);
  dtypeCheck('embedding', 'ids', ti, 'int32');
  return typed(rt.gather(tt, ti));
}
