// mean cross-entropy: logits [...P, V] (float32), targets int32 [...P] -> scalar Tensor<[]>
import type { Tensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Dim, Check, SameShapeVerdict } from '../shape';
import { typed, arg, shapeCheck, dtypeCheck, sameDims } from '../internal';

/** true or ShapeError<"crossEntropy: targets must be logits.shape[:-1]", logitsShape, targetsShape> */
export type CrossEntropyVerdict<P extends Shape, V extends Dim, P2 extends Shape> =
  SameShapeVerdict<P, P2, 'crossEntropy: targets must be logits.shape[:-1]', [...P, V], P2>;

export function crossEntropy<P extends Shape, V extends Dim, P2 extends Shape>(
  logits: Tensor<[...P, V]>,
  targets: Check<CrossEntropyVerdict<P, V, P2>, Tensor<P2, 'int32'>>,
): Tensor<[]> {
  const tl = arg('crossEntropy', 'logits', logits), tt = arg('crossEntropy', 'targets', targets);
  shapeCheck(tl.rank >= 1, 'crossEntropy: logits must have rank >= 1', tl.dims);
  dtypeCheck('crossEntropy', 'targets', tt, 'int32');
  shapeCheck(sameDims(tl.dims.slice(0, -1), tt.dims), 'crossEntropy: targets must be logits.shape[:-1]', tl.dims, tt.dims);
  return typed(rt.crossEntropy(tl, tt));
}
