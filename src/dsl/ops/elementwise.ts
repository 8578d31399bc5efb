// Elementwise binary ops. Two overloads (DESIGN-NOTES 2.2):
//  1. identical shapes, or a plain number (a scalar): cheap, and the only way for identical VARIADIC shapes;
//  2. numpy broadcasting: literal and fixed-rank generic shapes, [...P, C] with a known suffix ([C], [1]).
// Broadcasting is LAST because TS 7 prints only the last overload's error on a failed call.
// Generic code: put the broadcast operand on the RIGHT ([B,T,T] - [B,T,1] works, the reverse is undecidable
// when T is a type parameter); rsub/rdiv compute b - a / b / a with the same argument order.
import type { Tensor, AnyTensor } from '../../runtime/tensor';
import * as rt from '../../runtime/ops';
import type { Shape, Check, Broadcast, BroadcastVerdict } from '../shape';
import { ArgumentError } from '../shape-error';
import { typed, typedFn, arg, broadcastChecked } from '../internal';

export interface Binary<Op extends string> {
  <S extends Shape>(a: Tensor<S>, b: Tensor<NoInfer<S>> | number): Tensor<S>;
  <A extends Shape, B extends Shape>(a: Tensor<A>, b: Check<BroadcastVerdict<A, B, Op>, Tensor<B>>): Tensor<Broadcast<A, B, Op>>;
}

function operand(op: string, b: unknown): AnyTensor {
  if (typeof b === 'number') return rt.scalar(b);
  return arg(op, 'b', b);
}

/** runtime twin of Binary: checks broadcasting with the type rule's words, then records the node */
function binaryImpl<Op extends string>(op: Op, kernel: rt.BinaryOp, swap = false): Binary<Op> {
  return typedFn<Binary<Op>>((a: AnyTensor, b: AnyTensor | number): AnyTensor => {
    const ta = arg(op, 'a', a), tb = operand(op, b);
    broadcastChecked(op, ta.dims, tb.dims);
    return swap ? rt.binary(kernel, tb, ta) : rt.binary(kernel, ta, tb);
  });
}

/** a + b */
export const add: Binary<'add'> = binaryImpl('add', 'add');
/** a - b */
export const sub: Binary<'sub'> = binaryImpl('sub', 'sub');
/** a * b */
export const mul: Binary<'mul'> = binaryImpl('mul', 'mul');
/** a / b */
export const div: Binary<'div'> = binaryImpl('div', 'div');
/** a ** b */
export const pow: Binary<'pow'> = binaryImpl('pow', 'pow');
/** elementwise max(a, b) */
export const maximum: Binary<'maximum'> = binaryImpl('maximum', 'maximum');
/** b - a (reverse operands, broadcast operand still on the right: rsub(x, m) = m - x) */
export const rsub: Binary<'rsub'> = binaryImpl('rsub', 'sub', true);
/** b / a (rdiv(x, s) = s / x) */
export const rdiv: Binary<'rdiv'> = binaryImpl('rdiv', 'div', true);

/** x * s for a plain number s */
export function scale<S extends Shape>(x: Tensor<S>, s: number): Tensor<S> {
  if (typeof s !== 'number') throw new ArgumentError(`scale: s must be a number, got ${typeof s}`);
  return typed(rt.binary('mul', arg('scale', 'x', x), rt.scalar(s)));
}
