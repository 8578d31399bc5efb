// shapegrad's typed surface: tensors carry their shape in their type (Tensor<[B, T, C]>), every op checks
// shapes at compile time (ShapeError<"msg", lhs, rhs> parameter types) and again at graph-build time
// (runtime ShapeError with the same words). Design notes: ../shared/design/types/DESIGN-NOTES.md beside the project.

// the tensor class itself (user-facing type) and runtime helpers
export { Tensor, memory, sizeOf } from '../runtime/tensor';
export type { AnyTensor, DType, ArrayOf } from '../runtime/tensor';
export { Rng, manualSeed, defaultRng } from '../runtime/rng';
// training: reverse-mode autograd, the optimizer, realization and backend choice
export { backward } from '../runtime/autograd';
export { AdamW } from '../runtime/adamw';
export type { AdamWOptions, AdamWState } from '../runtime/adamw';
export { realize, realizeEager, setExecutionMode, executionMode } from '../runtime/realize';
export type { ExecutionMode } from '../runtime/realize';
export { setBackend, useBackend, enableWebGPU, backendName, BACKENDS } from '../runtime/backend';
export type { BackendName } from '../runtime/backend';

// types
export type {
  Dim, Shape, ShapeLike, Sym, Check, Ok, DimEq, BDim, Broadcast, BroadcastVerdict, NormAxis, AxisVerdict, Ix,
  SetAt, RemoveAt, InsertAt, Swap, AllEq, SameDims, Ident, Fits, SameShapeVerdict, MaskVerdict, Tup, Scalar,
  AxisParts, AxisDim, SetAxis, SpliceAxis, DropAxis, ReduceAxis, InsertAxis, InsertAxisVerdict, SplitEnd,
  Add, Sub, Mul, Div, Min, Prod, Lt, IsLit,
} from './shape';
export type { AtMost, AtMostVerdict, DivisibleVerdict, SameDimVerdict } from './constraints';

// errors. `ShapeError` is two things under one name: as a TYPE the type-level error a mismatching parameter
// becomes (ShapeError<"msg", lhs, rhs>), as a VALUE the runtime class thrown with the same words
// (`e instanceof ShapeError`, `expect(f).toThrow(ShapeError)`). The class's instance type is RuntimeShapeError.
import { ShapeError as RuntimeShapeErrorClass } from './shape-error';
import type { ShapeError as ShapeErrorT } from './shape';
export const ShapeError = RuntimeShapeErrorClass;
export type ShapeError<Msg extends string, A = unknown, B = unknown> = ShapeErrorT<Msg, A, B>;
export { ShapeError as RuntimeShapeError, ArgumentError, formatShape } from './shape-error';

// ops
export { zeros, ones, full, randn, arange, tensor, fromArray, fromData, ints, sym } from './ops/creation';
export type { RandnOptions, Nested, ShapeOf } from './ops/creation';
export { add, sub, mul, div, pow, maximum, rsub, rdiv, scale } from './ops/elementwise';
export type { Binary } from './ops/elementwise';
export { exp, log, tanh, relu, gelu, neg, sqrt, abs, sigmoid } from './ops/unary';
export type { Unary } from './ops/unary';
export { sum, mean, max } from './ops/reduce';
export type { Reducer, Reduced } from './ops/reduce';
export { softmax, logSoftmax, softmaxLast, logSoftmaxLast } from './ops/softmax';
export { matmul } from './ops/matmul';
export type { MatmulVerdict, BatchOf } from './ops/matmul';
export { linear } from './ops/linear';
export type { LinearVerdict, BiasVerdict } from './ops/linear';
export { transpose, mT, permute } from './ops/transpose';
export type { PermVerdict, Transposed } from './ops/transpose';
export { reshape, view, splitLast, mergeLast } from './ops/reshape';
export type { ReshapeR, SplitLastVerdict } from './ops/reshape';
export { flatten, unflatten } from './ops/flatten';
export type { FoldMul, Flattened, FlattenVerdict, UnflattenVerdict } from './ops/flatten';
export { squeeze, unsqueeze } from './ops/squeeze';
export type { SqueezeVerdict } from './ops/squeeze';
export { expand } from './ops/expand';
export type { Expand, ExpandTarget, ExpandVerdict } from './ops/expand';
export { embedding } from './ops/embedding';
export { tril, not, maskedFill, where } from './ops/mask';
export type { Where } from './ops/mask';
export { layerNorm } from './ops/layer-norm';
export type { NormParamVerdict } from './ops/layer-norm';
export { dropout } from './ops/dropout';
export type { DropoutOptions } from './ops/dropout';
export { crossEntropy } from './ops/cross-entropy';
export type { CrossEntropyVerdict } from './ops/cross-entropy';
export { narrow, takeLast, select, slice } from './ops/slice';
export type { SliceVerdict } from './ops/slice';
export { cat } from './ops/cat';
export type { CatVerdict } from './ops/cat';
export { concat, stack } from './ops/concat';
export type { ShapesOf, DTypeOf, ConcatVerdict, ConcatPairVerdict, Concatenated, StackVerdict, StackPairVerdict } from './ops/concat';
export { indexSelect, gather } from './ops/gather';
export type { GatherVerdict } from './ops/gather';
export { oneHot } from './ops/one-hot';
export { argmax } from './ops/argmax';
export { einsum } from './ops/einsum';
export type { Einsum, EinsumVerdict, EinsumShape } from './ops/einsum';
export { rearrange } from './ops/rearrange';
export type { RearrangeVerdict, Rearranged, SplitVerdict } from './ops/rearrange';
export { assertShape, dynamic } from './ops/assert';
