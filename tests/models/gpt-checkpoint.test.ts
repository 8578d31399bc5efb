// Loading a GPT checkpoint validates everything before a model is built: format, config, vocabulary,
// every tensor's name, dtype and shape, optimizer state. Each problem is one sentence naming the file.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../../src/runtime/checkpoint';
import { Rng } from '../../src/runtime/rng';
import { setBackend } from '../../src/runtime/backend';
import { createGPT, gptConfig, type GPTConfig } from '../../src/models/gpt';
import { loadGPTCheckpoint, saveGPTCheckpoint } from '../../src/models/gpt-checkpoint';
import { makeOptimizer } from '../../src/models/train-loop';

const VOCAB = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
let dir = '', good = '';

beforeAll(async () => {
  setBackend('cpu');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-ckpt-'));
  good = path.join(dir, 'good.safetensors');
  // widened to plain numbers, as the CLIs hold a config read at run time
  const cfg: GPTConfig = gptConfig({ vocabSize: 65, blockSize: 8, nEmbd: 16, nHead: 2, nLayer: 1, dropout: 0 });
  const model = createGPT(cfg, new Rng(1));
  const r = new Rng(2);
  await saveGPTCheckpoint(good, model, cfg, makeOptimizer(model, 1e-3), {
    preset: 'test', seed: 1, lr: 1e-3, batchSize: 4, vocab: VOCAB, step: 3, rng: r.getState(), evalRng: r.getState(),
  });
});
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

/** rewrite the good checkpoint with one change */
function variant(name: string, edit: (c: ReturnType<typeof loadCheckpoint>) => void): string {
  const c = loadCheckpoint(good);
  edit(c);
  const f = path.join(dir, name);
  saveCheckpoint(f, c.tensors, c.metadata);
  return f;
}

describe('loadGPTCheckpoint', () => {
  it('round-trips config, step, vocabulary and RNG state', () => {
    const l = loadGPTCheckpoint(good);
    expect(l.cfg).toEqual({ vocabSize: 65, blockSize: 8, nEmbd: 16, nHead: 2, nLayer: 1, dropout: 0 });
    expect(l.meta.step).toBe(3);
    expect(l.meta.vocab).toBe(VOCAB);
    expect(l.optimizer.m).toHaveLength(l.optimizer.v.length);
  });

  it('refuses a config that cannot be (nEmbd not a multiple of nHead)', () => {
    const f = variant('bad-config.safetensors', (c) => { c.metadata.config = JSON.stringify({ vocabSize: 65, blockSize: 8, nEmbd: 16, nHead: 3, nLayer: 1, dropout: 0 }); });
    expect(() => loadGPTCheckpoint(f)).toThrow(`checkpoint ${f}: config: nEmbd 16 is not a multiple of nHead 3`);
  });

  it('refuses an unknown format and missing metadata', () => {
    const f = variant('format.safetensors', (c) => { c.metadata.format = 'other'; });
    expect(() => loadGPTCheckpoint(f)).toThrow(`checkpoint ${f}: format "other" is not shapegrad-gpt/1`);
    const g = variant('no-vocab.safetensors', (c) => { delete c.metadata.vocab; });
    expect(() => loadGPTCheckpoint(g)).toThrow(`checkpoint ${g}: metadata "vocab" is missing`);
  });

  it('refuses a tensor whose shape does not match the config', () => {
    const f = variant('shape.safetensors', (c) => {
      c.tensors['lnF.weight'] = { dtype: 'F32', shape: [17], data: new Float32Array(17) };
    });
    expect(() => loadGPTCheckpoint(f)).toThrow(`checkpoint ${f}: parameter "lnF.weight" has shape [17], the model expects [16]`);
  });

  it('refuses a wrong dtype, a missing parameter, an unexpected tensor, missing optimizer state', () => {
    const a = variant('dtype.safetensors', (c) => { c.tensors['lnF.bias'] = { dtype: 'I32', shape: [16], data: new Int32Array(16) }; });
    expect(() => loadGPTCheckpoint(a)).toThrow(`checkpoint ${a}: tensor "lnF.bias" has dtype I32, expected F32`);
    const b = variant('missing.safetensors', (c) => { delete c.tensors['lmHead.bias']; });
    expect(() => loadGPTCheckpoint(b)).toThrow(`checkpoint ${b}: parameter "lmHead.bias" is missing`);
    const d = variant('extra.safetensors', (c) => { c.tensors['blocks.1.ln1.weight'] = { dtype: 'F32', shape: [16], data: new Float32Array(16) }; });
    expect(() => loadGPTCheckpoint(d)).toThrow(`checkpoint ${d}: unexpected parameter "blocks.1.ln1.weight"`);
    const e = variant('no-moments.safetensors', (c) => { delete c.tensors['optimizer.m.lnF.weight']; });
    expect(() => loadGPTCheckpoint(e)).toThrow(`checkpoint ${e}: optimizer state of "lnF.weight" is missing`);
  });

  it('refuses a vocabulary that does not match the config', () => {
    const f = variant('vocab.safetensors', (c) => { c.metadata.vocab = 'abc'; });
    expect(() => loadGPTCheckpoint(f)).toThrow(`checkpoint ${f}: vocabulary has 3 characters, config says 65`);
  });
});
