// A generic nanoGPT forward pass written with the typed surface (checked once for all sizes), and its
// broken twins: each typical model bug must not compile (under TS 5.9 and TS 7).
import {
  type Tensor, type Mul, type Shape, type AtMost,
  add, gelu, scale, maskedFill, not, tril, softmax, matmul, linear, mT, transpose, splitLast, mergeLast, narrow,
  embedding, layerNorm, crossEntropy, dropout, ints,
} from '../src/dsl';

// `in out`: without it TS measures these interfaces as covariant in H (H only occurs inside Mul<H, D>).
type C<H extends number, D extends number> = Mul<H, D>;
export interface Attn<in out H extends number, in out D extends number> {
  wq: Tensor<[C<H, D>, C<H, D>]>; wk: Tensor<[C<H, D>, C<H, D>]>; wv: Tensor<[C<H, D>, C<H, D>]>;
  wo: Tensor<[C<H, D>, C<H, D>]>; bo: Tensor<[C<H, D>]>;
}
export interface Mlp<in out E extends number> { w1: Tensor<[E, Mul<4, E>]>; b1: Tensor<[Mul<4, E>]>; w2: Tensor<[Mul<4, E>, E]>; b2: Tensor<[E]> }
export interface Block<in out H extends number, in out D extends number> {
  ln1g: Tensor<[C<H, D>]>; ln1b: Tensor<[C<H, D>]>; attn: Attn<H, D>;
  ln2g: Tensor<[C<H, D>]>; ln2b: Tensor<[C<H, D>]>; mlp: Mlp<C<H, D>>;
}
export interface GPT<in out V extends number, in out Blk extends number, in out H extends number, in out D extends number> {
  wte: Tensor<[V, C<H, D>]>; wpe: Tensor<[Blk, C<H, D>]>; blocks: Block<H, D>[];
  lnfg: Tensor<[C<H, D>]>; lnfb: Tensor<[C<H, D>]>; lmHead: Tensor<[C<H, D>, V]>;
}

export function causalSelfAttention<B extends number, T extends number, H extends number, D extends number>(
  p: Attn<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D, training: boolean,
): Tensor<[B, T, C<H, D>]> {
  const q: Tensor<[B, H, T, D]> = transpose(splitLast(linear(x, p.wq), h, d), 1, 2);
  const k = transpose(splitLast(linear(x, p.wk), h, d), 1, 2);
  const v = transpose(splitLast(linear(x, p.wv), h, d), 1, 2);
  const t: T = x.shape[1];
  const scores: Tensor<[B, H, T, T]> = scale(matmul(q, mT(k)), 1 / Math.sqrt(d));
  const att = dropout(softmax(maskedFill(scores, not(tril(t)), -Infinity), -1), 0.1, { training });
  const y: Tensor<[B, H, T, D]> = matmul(att, v);
  const merged: Tensor<[B, T, C<H, D>]> = mergeLast(transpose(y, 1, 2));
  return linear(merged, p.wo, p.bo);
}

export function mlp<P extends Shape, E extends number>(p: Mlp<E>, x: Tensor<[...P, E]>): Tensor<[...P, E]> {
  return linear(gelu(linear(x, p.w1, p.b1)), p.w2, p.b2);
}

export function block<B extends number, T extends number, H extends number, D extends number>(
  p: Block<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D, training: boolean,
): Tensor<[B, T, C<H, D>]> {
  const a = add(x, causalSelfAttention(p.attn, layerNorm(x, p.ln1g, p.ln1b), h, d, training));
  return add(a, mlp(p.mlp, layerNorm(a, p.ln2g, p.ln2b)));
}

/** T extends AtMost<Blk>: a literal sequence length above the block size does not compile (a hyper-parameter
 *  constraint as a type); generic callers state the same bound on their own T */
export function forward<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends AtMost<Blk>>(
  p: GPT<V, Blk, H, D>, h: H, d: D, idx: Tensor<[B, T], 'int32'>, targets: Tensor<[B, T], 'int32'>,
): { logits: Tensor<[B, T, V]>; loss: Tensor<[]> } {
  const t: T = idx.shape[1];
  const tok: Tensor<[B, T, C<H, D>]> = embedding(p.wte, idx);
  const pos: Tensor<[T, C<H, D>]> = narrow(p.wpe, 0, 0, t);
  let x = add(tok, pos);
  for (const b of p.blocks) x = block(b, x, h, d, true);
  const logits = linear(layerNorm(x, p.lnfg, p.lnfb), p.lmHead);
  return { logits, loss: crossEntropy(logits, targets) };
}

// ---- broken twins ----
export function forgotToTransposeK<B extends number, T extends number, H extends number, D extends number>(
  p: Attn<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D) {
  const q = transpose(splitLast(linear(x, p.wq), h, d), 1, 2);
  const k = transpose(splitLast(linear(x, p.wk), h, d), 1, 2);
  // @ts-expect-error  matmul: inner dims differ (D vs T)
  matmul(q, k);
}
export function biasOfTheWrongWidth<P extends Shape, E extends number>(p: Mlp<E>, x: Tensor<[...P, E]>) {
  // @ts-expect-error  linear: bias has E entries, weight has Mul<4, E> outputs
  linear(x, p.w1, p.b2);
}
export function wrongHeadSplit<B extends number, T extends number, H extends number, D extends number>(
  p: Attn<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D) {
  // @ts-expect-error  split into (D, H) instead of (H, D): Mul<D, H> is not Mul<H, D>
  splitLast(linear(x, p.wq), d, h);
  const y = transpose(splitLast(linear(x, p.wq), h, d), 1, 2);      // [B, H, T, D]
  // @ts-expect-error  merged heads without transposing back: [B, H, Mul<T, D>] is not [B, T, Mul<H, D>]
  const merged: Tensor<[B, T, C<H, D>]> = mergeLast(y);
  void merged;
}
export function targetsOfTheWrongLength<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends AtMost<Blk>, T2 extends number>(
  p: GPT<V, Blk, H, D>, h: H, d: D, idx: Tensor<[B, T], 'int32'>, targets: Tensor<[B, T2], 'int32'>) {
  const logits: Tensor<[B, T, V]> = linear(embedding(p.wte, idx), p.lmHead);
  // @ts-expect-error  crossEntropy: targets must be logits.shape[:-1] (T vs T2)
  crossEntropy(logits, targets);
  // @ts-expect-error  forward's invariant Tensor: T is inferred from both idx and targets and cannot be T | T2
  forward(p, h, d, idx, targets);
}
export function positionTableNotSliced<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends number>(
  p: GPT<V, Blk, H, D>, idx: Tensor<[B, T], 'int32'>) {
  const tok = embedding(p.wte, idx);
  // @ts-expect-error  position table is [Blk, C], not [T, C]
  add(tok, p.wpe);
}

// ---- hyper-parameter constraints at a call site with literal dims (block size 32)
declare const small: GPT<65, 32, 4, 16>;
export function literalCalls() {
  const ok = forward(small, 4, 16, ints(new Array<number>(64).fill(0), [2, 32]), ints(new Array<number>(64).fill(0), [2, 32]));
  const logits: Tensor<[2, 32, 65]> = ok.logits;
  // @ts-expect-error  a sequence of 33 tokens does not fit the block size 32 (T extends AtMost<32>)
  forward(small, 4, 16, ints(new Array<number>(66).fill(0), [2, 33]), ints(new Array<number>(66).fill(0), [2, 33]));
  // @ts-expect-error  the head count is part of the model type: 8 heads are not 4
  forward(small, 8, 8, ints([0], [1, 1]), ints([0], [1, 1]));
  void logits;
}
export function genericCaller<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends AtMost<Blk>, U extends number>(
  p: GPT<V, Blk, H, D>, h: H, d: D, idx: Tensor<[B, T], 'int32'>, free: Tensor<[B, U], 'int32'>) {
  const { logits } = forward(p, h, d, idx, idx);            // the bound propagates like any other
  // @ts-expect-error  U extends number says nothing about the block size
  forward(p, h, d, free, free);
  return logits;
}
