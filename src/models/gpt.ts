// The transformer of the lecture (Karpathy, "Let's build GPT"): token + position embeddings, nLayer
// blocks of pre-LayerNorm multi-head causal self-attention and a ReLU feed-forward layer, each with a
// residual connection, a final LayerNorm and a linear LM head. Written generically over its dims:
// every function below is type-checked once, for all batch sizes, sequence lengths and widths.
// C (= nEmbd) is never a free type parameter: it is Mul<H, D>, so a head split always fits.
import {
  type Tensor, type Mul, type Div, type ShapeError,
  add, linear, transpose, mT, matmul, scale, splitLast, mergeLast, maskedFill, tril, not, softmax, relu,
  dropout, layerNorm, embedding, narrow, crossEntropy, takeLast, select, ints,
} from '../dsl';
import { constParam, normalParam, parameters } from '../dsl/params';
import { Rng } from '../runtime/rng';
import { sampleFromLogits, type SampleOptions } from './sampling';

// ---------------------------------------------------------------------------------------------------
// configuration

export interface GPTConfig<in out V extends number = number, in out Blk extends number = number, in out E extends number = number, in out H extends number = number> {
  vocabSize: V;
  blockSize: Blk;
  nEmbd: E;
  nHead: H;
  nLayer: number;
  dropout: number;
}

/** nEmbd must split into nHead heads: otherwise the config's nHead becomes this error */
type HeadsCheck<C extends GPTConfig> = [Div<C['nEmbd'], C['nHead']>] extends [never]
  ? { nHead: ShapeError<`config: nEmbd ${C['nEmbd']} is not a multiple of nHead ${C['nHead']}`, [C['nEmbd']], [C['nHead']]> }
  : unknown;

/** a typed config: `gptConfig({ ..., nEmbd: 64, nHead: 5 })` does not compile; values are checked at run time too */
export function gptConfig<const C extends GPTConfig>(c: C & HeadsCheck<C>): C {
  const ints: [string, number, number][] = [['vocabSize', c.vocabSize, 1], ['blockSize', c.blockSize, 1], ['nEmbd', c.nEmbd, 1], ['nHead', c.nHead, 1], ['nLayer', c.nLayer, 0]];
  for (const [k, v, min] of ints) {
    if (!Number.isInteger(v) || v < min) throw new Error(`config: ${k} must be an integer >= ${min}, got ${v}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`config: nEmbd ${c.nEmbd} is not a multiple of nHead ${c.nHead}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`config: dropout must be in [0, 1), got ${c.dropout}`);
  return c;
}

/** head size of a config, as a type */
export type HeadSize<C extends GPTConfig> = Div<C['nEmbd'], C['nHead']>;

// ---------------------------------------------------------------------------------------------------
// parameters. `in out` on every dim: without it TS measures these interfaces as covariant in H (H only
// occurs inside Mul<H, D>) and a model built for 6 heads would accept a config with 8 (DESIGN-NOTES 1.3).

type C<H extends number, D extends number> = Mul<H, D>;

export interface LinearParams<in out I extends number, in out O extends number> { weight: Tensor<[I, O]>; bias: Tensor<[O]> }
export interface ProjParams<in out I extends number, in out O extends number> { weight: Tensor<[I, O]> }
export interface NormParams<in out E extends number> { weight: Tensor<[E]>; bias: Tensor<[E]> }

export interface AttentionParams<in out H extends number, in out D extends number> {
  query: ProjParams<C<H, D>, C<H, D>>;
  key: ProjParams<C<H, D>, C<H, D>>;
  value: ProjParams<C<H, D>, C<H, D>>;
  proj: LinearParams<C<H, D>, C<H, D>>;
}
export interface MlpParams<in out E extends number> { fc: LinearParams<E, Mul<4, E>>; proj: LinearParams<Mul<4, E>, E> }
export interface BlockParams<in out H extends number, in out D extends number> {
  ln1: NormParams<C<H, D>>;
  attn: AttentionParams<H, D>;
  ln2: NormParams<C<H, D>>;
  mlp: MlpParams<C<H, D>>;
}
export interface GPTParams<in out V extends number, in out Blk extends number, in out H extends number, in out D extends number> {
  tokenEmbedding: { weight: Tensor<[V, C<H, D>]> };
  positionEmbedding: { weight: Tensor<[Blk, C<H, D>]> };
  blocks: BlockParams<H, D>[];
  lnF: NormParams<C<H, D>>;
  lmHead: LinearParams<C<H, D>, V>;
}

/** what the functions need besides the weights: the dims as values (the types carry them too) */
export interface GPTDims<in out V extends number, in out Blk extends number, in out H extends number, in out D extends number> {
  vocabSize: V;
  blockSize: Blk;
  nHead: H;
  headSize: D;
  dropout: number;
}

export interface GPT<in out V extends number, in out Blk extends number, in out H extends number, in out D extends number> {
  dims: GPTDims<V, Blk, H, D>;
  params: GPTParams<V, Blk, H, D>;
}

/** the model type of a config */
export type GPTOf<Cfg extends GPTConfig> = GPT<Cfg['vocabSize'], Cfg['blockSize'], Cfg['nHead'], HeadSize<Cfg>>;

/** init as the lecture: Linear/Embedding weights N(0, 0.02), biases 0, LayerNorm gain 1 and bias 0 */
export function createGPT<const Cfg extends GPTConfig>(cfg: Cfg, rng: Rng): GPTOf<Cfg> {
  const E = cfg.nEmbd, V = cfg.vocabSize;
  const std = 0.02;
  const lin = (i: number, o: number) => ({ weight: normalParam([i, o], std, rng), bias: constParam([o], 0) });
  const norm = () => ({ weight: constParam([E], 1), bias: constParam([E], 0) });
  const params = {
    tokenEmbedding: { weight: normalParam([V, E], std, rng) },
    positionEmbedding: { weight: normalParam([cfg.blockSize, E], std, rng) },
    blocks: Array.from({ length: cfg.nLayer }, () => ({
      ln1: norm(),
      attn: { query: { weight: normalParam([E, E], std, rng) }, key: { weight: normalParam([E, E], std, rng) }, value: { weight: normalParam([E, E], std, rng) }, proj: lin(E, E) },
      ln2: norm(),
      mlp: { fc: lin(E, 4 * E), proj: lin(4 * E, E) },
    })),
    lnF: norm(),
    lmHead: lin(E, V),
  };
  const dims = { vocabSize: cfg.vocabSize, blockSize: cfg.blockSize, nHead: cfg.nHead, headSize: cfg.nEmbd / cfg.nHead, dropout: cfg.dropout };
  // the runtime shapes above are exactly the ones GPTParams names; the literal dims are the config's
  return { dims, params } as unknown as GPTOf<Cfg>;
}

// ---------------------------------------------------------------------------------------------------
// the forward pass, generic over every dim

export interface RunOptions {
  /** dropout active (training) or not (evaluation, generation) */
  training: boolean;
  rng?: Rng;
}

function causalSelfAttention<B extends number, T extends number, H extends number, D extends number>(
  p: AttentionParams<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D, drop: number, run: RunOptions,
): Tensor<[B, T, C<H, D>]> {
  // project, then split the channels into heads: [B, T, H*D] -> [B, T, H, D] -> [B, H, T, D]
  const q = transpose(splitLast(linear(x, p.query.weight), h, d), 1, 2);
  const k = transpose(splitLast(linear(x, p.key.weight), h, d), 1, 2);
  const v = transpose(splitLast(linear(x, p.value.weight), h, d), 1, 2);
  const t: T = x.shape[1];
  // affinities, scaled by 1/sqrt(head size) so softmax starts diffuse, not one-hot
  const scores: Tensor<[B, H, T, T]> = scale(matmul(q, mT(k)), 1 / Math.sqrt(d));
  // a token may only look at the past: the future (above the diagonal) becomes -inf before softmax
  const att = dropout(softmax(maskedFill(scores, not(tril(t)), -Infinity), -1), drop, run);
  const y: Tensor<[B, H, T, D]> = matmul(att, v);
  // heads back side by side: [B, H, T, D] -> [B, T, H, D] -> [B, T, H*D]
  const merged: Tensor<[B, T, C<H, D>]> = mergeLast(transpose(y, 1, 2));
  return dropout(linear(merged, p.proj.weight, p.proj.bias), drop, run);
}

function feedForward<B extends number, T extends number, E extends number>(
  p: MlpParams<E>, x: Tensor<[B, T, E]>, drop: number, run: RunOptions,
): Tensor<[B, T, E]> {
  return dropout(linear(relu(linear(x, p.fc.weight, p.fc.bias)), p.proj.weight, p.proj.bias), drop, run);
}

function block<B extends number, T extends number, H extends number, D extends number>(
  p: BlockParams<H, D>, x: Tensor<[B, T, C<H, D>]>, h: H, d: D, drop: number, run: RunOptions,
): Tensor<[B, T, C<H, D>]> {
  // pre-LayerNorm residual blocks: x + attend(norm(x)), then x + think(norm(x))
  const a = add(x, causalSelfAttention(p.attn, layerNorm(x, p.ln1.weight, p.ln1.bias), h, d, drop, run));
  return add(a, feedForward(p.mlp, layerNorm(a, p.ln2.weight, p.ln2.bias), drop, run));
}

/** logits for every position: idx [B, T] (T <= blockSize) -> [B, T, V] */
export function forward<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends number>(
  model: GPT<V, Blk, H, D>, idx: Tensor<[B, T], 'int32'>, run: RunOptions = { training: false },
): Tensor<[B, T, V]> {
  const { params: p, dims } = model;
  const t: T = idx.shape[1];
  if (t > dims.blockSize) throw new Error(`gpt: sequence length ${t} exceeds the block size ${dims.blockSize}`);
  const tok: Tensor<[B, T, C<H, D>]> = embedding(p.tokenEmbedding.weight, idx);
  const pos: Tensor<[T, C<H, D>]> = narrow(p.positionEmbedding.weight, 0, 0, t);
  let x = add(tok, pos); // [B, T, C] + [T, C]
  for (const b of p.blocks) x = block(b, x, dims.nHead, dims.headSize, dims.dropout, run);
  return linear(layerNorm(x, p.lnF.weight, p.lnF.bias), p.lmHead.weight, p.lmHead.bias);
}

/** mean cross-entropy of the next-token predictions */
export function loss<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends number>(
  model: GPT<V, Blk, H, D>, idx: Tensor<[B, T], 'int32'>, targets: Tensor<[B, T], 'int32'>, run: RunOptions = { training: false },
): Tensor<[]> {
  return crossEntropy(forward(model, idx, run), targets);
}

/**
 * Extend each row of idx by maxNewTokens sampled tokens. The context fed to the model is cropped to
 * the last blockSize tokens (the position table has no rows beyond it).
 */
export async function generate<V extends number, Blk extends number, H extends number, D extends number, B extends number, T extends number>(
  model: GPT<V, Blk, H, D>, idx: Tensor<[B, T], 'int32'>, maxNewTokens: number, opts: Partial<SampleOptions> = {},
): Promise<Tensor<[B, number], 'int32'>> {
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error(`generate: maxNewTokens must be a non-negative integer, got ${maxNewTokens}`);
  const rng = opts.rng ?? new Rng(0);
  const b: B = idx.shape[0];
  const rows: number[][] = [];
  const start = await idx.data();
  for (let r = 0; r < b; r++) rows.push(Array.from(start.subarray(r * idx.shape[1], (r + 1) * idx.shape[1])));
  for (let i = 0; i < maxNewTokens; i++) {
    const n = rows[0].length;
    const all = ints(rows.flat(), [b, n]);
    const cond = takeLast(all, 1, model.dims.blockSize);             // [B, min(n, blockSize)]
    const last = select(forward(model, cond), 1, -1);                 // [B, V]: logits of the last position
    const logits = await last.data();
    const V = model.dims.vocabSize;
    for (let r = 0; r < b; r++) rows[r].push(sampleFromLogits(logits.subarray(r * V, (r + 1) * V), { ...opts, rng }));
  }
  return ints(rows.flat(), [b, rows[0].length]);
}

/** every trainable tensor, in a stable order */
export function gptParameters<V extends number, Blk extends number, H extends number, D extends number>(model: GPT<V, Blk, H, D>) {
  return parameters(model.params);
}
