// Elementwise unary ops: same shape in, float32 out (int32/bool inputs are promoted by the runtime).
import type { Tensor, DType } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape } from '../shape';
import { typed, arg } from '../internal';

export type Unary = <S extends Shape>(x: Tensor<S, DType>) => Tensor<S>;

function unaryImpl(op: rt.UnaryOp): Unary {
  return <S extends Shape>(x: Tensor<S, DType>): Tensor<S> => typed(rt.unary(op, arg(op, 'x', x)));
}

export const exp: Unary = unaryImpl('exp');
export const log: Unary = unaryImpl('log');
export const tanh: Unary = unaryImpl('tanh');
export const relu: Unary = unaryImpl('relu');
/** exact GELU, x * Phi(x) with erf (torch.nn.GELU()'s default; erf to 1.5e-7 since gpu.js has no Math.erf) */
export const gelu: Unary = unaryImpl('gelu');
export const neg: Unary = unaryImpl('neg');
export const sqrt: Unary = unaryImpl('sqrt');
export const abs: Unary = unaryImpl('abs');
export const sigmoid: Unary = unaryImpl('sigmoid');
