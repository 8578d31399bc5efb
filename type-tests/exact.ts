// Exact-type assertions for the dual-compiler type tests. A plain assignment `const r: Tensor<[B, T]> = op(...)`
// is already exact for literal and fixed-rank results (Tensor is invariant), but it only needs mutual
// assignability; `exact<E>()(value)` demands IDENTITY (the `<G>() => G extends X` trick), which also catches a
// result that stays a deferred conditional type under one compiler (TS 7 resolves fewer of them inline).
export type Equals<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false;

/** exact<Tensor<[B, T]>>()(op(x)) compiles only when op(x) is exactly Tensor<[B, T]> */
export function exact<E>(): <A>(actual: A, ...notExact: Equals<A, E> extends true ? [] : ['not exactly the expected type', A]) => void {
  return () => undefined;
}

/** a value of type T for argument positions (never called at run time: the type tests only type-check) */
export function given<T>(): T {
  throw new Error('type tests are not run');
}
