// Dims that are not literals: branded runtime dims Dim<'seq'> (distinct from each other and from literals),
// `number` (runtime-only), assertShape (runtime-checked narrowing) and dynamic (explicit widening).
import { type Tensor, type Dim, type Sym, zeros, ints, sym, add, matmul, linear, assertShape, dynamic, concat } from '../src/dsl';
import { exact } from './exact';

export function branded() {
  const seq = sym(17, 'seq');
  const other = sym(23, 'other');
  exact<Dim<'seq'>>()(seq);
  exact<Sym<'seq'>>()(seq);
  const x = zeros([4, seq, 64]);
  exact<Tensor<[4, Dim<'seq'>, 64]>>()(linear(x, zeros([64, 64])));
  exact<Tensor<[4, Dim<'seq'>, Dim<'seq'>]>>()(matmul(x, zeros([4, 64, seq])));
  exact<Tensor<[4, number, 64]>>()(concat([x, x], 1));                                // arithmetic on a brand is a runtime dim
  // @ts-expect-error  matmul: inner dims differ (64 vs Dim<'other'>)
  matmul(x, zeros([4, other, 64]));
  // @ts-expect-error  add: Dim<'seq'> vs Dim<'other'>
  add(x, zeros([4, other, 64]));
  // @ts-expect-error  Dim<'seq'> vs 17: a literal is not a runtime dim of that name
  add(x, zeros([4, 17, 64]));
  // @ts-expect-error  the names are part of the type
  const d: Dim<'other'> = seq;
  void d;
}

export function runtimeDims(n: number, rows: Tensor<any, 'int32'>) {
  const x = zeros([n, 8, 64]);
  exact<Tensor<[32, 8, 64]>>()(assertShape(x, [32, 8, 64]));                          // checked when called
  exact<Tensor<[2, 4], 'int32'>>()(assertShape(rows, [2, 4]));                         // data read from a file
  exact<Tensor<[32, number, 64]>>()(dynamic(assertShape(x, [32, 8, 64]), 1));
  exact<Tensor<[number, 8, 64]>>()(add(x, x));
  // @ts-expect-error  invariance: no implicit widening of a literal dim to `number` (use dynamic)
  const w: Tensor<[number, 8, 64]> = zeros([32, 8, 64]);
  // @ts-expect-error  dynamic: axis 3 out of range
  dynamic(x, 3);
  void [w, ints];
}

export function generic<B extends number, T extends number>(x: Tensor<[B, T]>, loaded: Tensor<number[]>, b: B, t: T) {
  exact<Tensor<[B, T]>>()(assertShape(loaded, [b, t]));
  exact<Tensor<[B, number]>>()(dynamic(x, -1));
  // @ts-expect-error  a generic dim does not widen implicitly either
  const w: Tensor<[B, number]> = x;
  void w;
}
