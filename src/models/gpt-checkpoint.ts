// A GPT training checkpoint as one safetensors file: the parameters under their model names
// (`blocks.0.attn.query.weight`), the AdamW moments under `optimizer.m.*` / `optimizer.v.*`, and in the
// metadata the config, step, vocabulary, RNG states and library version. Loading validates everything
// (format, config, every name and shape) before a model is built, so a bad file never yields weights.
import { saveCheckpoint, loadCheckpoint } from '../runtime/checkpoint';
import type { CheckpointTensor } from '../runtime/checkpoint';
import { namedParameters, stateDict, loadStateDict } from '../dsl/params';
import { Rng, type RngState } from '../runtime/rng';
import type { AdamW } from '../runtime/adamw';
import { createGPT, gptConfig, type GPT, type GPTConfig } from './gpt';

export const LIBRARY_VERSION = '0.1.0';
const FORMAT = 'shapegrad-gpt/1';

export interface TrainMeta {
  /** preset name the run started from (informational) */
  preset: string;
  seed: number;
  lr: number;
  batchSize: number;
  vocab: string;
  step: number;
  /** training and evaluation RNG streams, so a resumed run continues them exactly */
  rng: { s: RngState; spare: number | null };
  evalRng: { s: RngState; spare: number | null };
}

export async function saveGPTCheckpoint(file: string, model: GPT<number, number, number, number>, cfg: GPTConfig, opt: AdamW, meta: TrainMeta): Promise<void> {
  const sd = await stateDict(model.params);
  const tensors: Record<string, CheckpointTensor> = {};
  for (const [name, v] of sd) tensors[name] = { dtype: 'F32', shape: v.shape, data: v.data };
  const os = await opt.state();
  [...sd.entries()].forEach(([name, v], i) => {
    tensors[`optimizer.m.${name}`] = { dtype: 'F32', shape: v.shape, data: os.m[i] };
    tensors[`optimizer.v.${name}`] = { dtype: 'F32', shape: v.shape, data: os.v[i] };
  });
  saveCheckpoint(file, tensors, {
    format: FORMAT,
    version: LIBRARY_VERSION,
    // fixed key order: the same config always writes the same bytes
    config: JSON.stringify({ vocabSize: cfg.vocabSize, blockSize: cfg.blockSize, nEmbd: cfg.nEmbd, nHead: cfg.nHead, nLayer: cfg.nLayer, dropout: cfg.dropout }),
    preset: meta.preset,
    seed: String(meta.seed),
    lr: String(meta.lr),
    batch_size: String(meta.batchSize),
    vocab: meta.vocab,
    step: String(meta.step),
    optimizer_step: String(os.step),
    // per-parameter update counts, only where a parameter missed a gradient (never in GPT training)
    ...(os.steps?.some((n) => n !== os.step) ? { optimizer_steps: JSON.stringify(os.steps) } : {}),
    rng: JSON.stringify(meta.rng),
    eval_rng: JSON.stringify(meta.evalRng),
  });
}

export interface LoadedGPT {
  cfg: GPTConfig;
  model: GPT<number, number, number, number>;
  meta: TrainMeta;
  /** AdamW moments in parameter order, and its step count */
  optimizer: { step: number; steps?: number[]; m: Float32Array[]; v: Float32Array[] };
}

function need(file: string, md: Record<string, string>, key: string): string {
  const v = md[key];
  if (v === undefined) throw new Error(`checkpoint ${file}: metadata "${key}" is missing; not a shapegrad GPT checkpoint`);
  return v;
}

function json(file: string, key: string, text: string): unknown {
  try { return JSON.parse(text); } catch { throw new Error(`checkpoint ${file}: metadata "${key}" is not valid JSON`); }
}

function num(file: string, key: string, text: string, integer: boolean): number {
  const v = Number(text);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new Error(`checkpoint ${file}: metadata "${key}" is ${JSON.stringify(text)}, expected ${integer ? 'an integer' : 'a number'}`);
  return v;
}

function rngState(file: string, key: string, text: string): { s: RngState; spare: number | null } {
  const v = json(file, key, text) as { s?: unknown; spare?: unknown };
  const ok = v && Array.isArray(v.s) && v.s.length === 4 && v.s.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) && (v.spare === null || typeof v.spare === 'number');
  if (!ok) throw new Error(`checkpoint ${file}: metadata "${key}" is not an RNG state`);
  return v as { s: RngState; spare: number | null };
}

/** read and validate a checkpoint written by saveGPTCheckpoint, and build its model */
export function loadGPTCheckpoint(file: string): LoadedGPT {
  const ck = loadCheckpoint(file);
  const md = ck.metadata;
  const format = need(file, md, 'format');
  if (format !== FORMAT) throw new Error(`checkpoint ${file}: format "${format}" is not ${FORMAT}`);
  const raw = json(file, 'config', need(file, md, 'config')) as Record<string, unknown>;
  const keys = ['vocabSize', 'blockSize', 'nEmbd', 'nHead', 'nLayer', 'dropout'] as const;
  for (const k of keys) if (typeof raw?.[k] !== 'number') throw new Error(`checkpoint ${file}: config field "${k}" is missing or not a number`);
  let cfg: GPTConfig;
  try {
    cfg = gptConfig({ vocabSize: raw.vocabSize as number, blockSize: raw.blockSize as number, nEmbd: raw.nEmbd as number, nHead: raw.nHead as number, nLayer: raw.nLayer as number, dropout: raw.dropout as number });
  } catch (e) {
    throw new Error(`checkpoint ${file}: ${(e as Error).message}`);
  }
  const vocab = need(file, md, 'vocab');
  if ([...vocab].length !== cfg.vocabSize) throw new Error(`checkpoint ${file}: vocabulary has ${[...vocab].length} characters, config says ${cfg.vocabSize}`);
  const meta: TrainMeta = {
    preset: md.preset ?? 'custom',
    seed: num(file, 'seed', need(file, md, 'seed'), true),
    lr: num(file, 'lr', need(file, md, 'lr'), false),
    batchSize: num(file, 'batch_size', need(file, md, 'batch_size'), true),
    vocab,
    step: num(file, 'step', need(file, md, 'step'), true),
    rng: rngState(file, 'rng', need(file, md, 'rng')),
    evalRng: rngState(file, 'eval_rng', need(file, md, 'eval_rng')),
  };
  // build a model of that config, then load by name (validates every name and shape first)
  const model = createGPT(cfg, new Rng(0));
  const params = new Map<string, { shape: number[]; data: Float32Array }>();
  const names = new Set(namedParameters(model.params).map(([n]) => n));
  const m: Float32Array[] = [], v: Float32Array[] = [];
  for (const [name, t] of Object.entries(ck.tensors)) {
    if (t.dtype !== 'F32') throw new Error(`checkpoint ${file}: tensor "${name}" has dtype ${t.dtype}, expected F32`);
    if (name.startsWith('optimizer.')) continue;
    params.set(name, { shape: t.shape, data: t.data as Float32Array });
  }
  loadStateDict(model.params, params, `checkpoint ${file}`);
  for (const [name] of namedParameters(model.params)) {
    const mt = ck.tensors[`optimizer.m.${name}`], vt = ck.tensors[`optimizer.v.${name}`];
    if (!mt || !vt) throw new Error(`checkpoint ${file}: optimizer state of "${name}" is missing`);
    const size = params.get(name)!.data.length;
    if (mt.data.length !== size || vt.data.length !== size) throw new Error(`checkpoint ${file}: optimizer state of "${name}" has the wrong size`);
    m.push(mt.data as Float32Array); v.push(vt.data as Float32Array);
  }
  for (const name of Object.keys(ck.tensors)) {
    const base = name.replace(/^optimizer\.[mv]\./, '');
    if (!names.has(base)) throw new Error(`checkpoint ${file}: unexpected tensor "${name}"`);
  }
  const optStep = num(file, 'optimizer_step', need(file, md, 'optimizer_step'), true);
  let steps: number[] | undefined;
  if (md.optimizer_steps !== undefined) {
    let parsed: unknown;
    try { parsed = JSON.parse(md.optimizer_steps); } catch { parsed = null; }
    if (!Array.isArray(parsed) || parsed.length !== m.length || parsed.some((n) => !Number.isInteger(n) || n < 0 || n > optStep)) {
      throw new Error(`checkpoint ${file}: metadata optimizer_steps is not a list of ${m.length} step counts up to ${optStep}`);
    }
    steps = parsed as number[];
  }
  return { cfg, model, meta, optimizer: { step: optStep, steps, m, v } };
}
