// `shapegrad summary`: the GPT's layers and tensors read from its types, and parameter counts that equal
// what the runtime allocates (SMALL and LECTURE-CPU). One ts-morph project is shared by all tests.
import { describe, expect, it, beforeAll } from 'vitest';
import * as path from 'node:path';
import { formatSummary, loadSummaryTarget, summarize, type SummaryTarget } from '../../src/tools/summary';
import { createGPT, gptConfig } from '../../src/models/gpt';
import { PRESETS } from '../../src/models/configs';
import { namedParameters, parameterCount } from '../../src/dsl/params';
import { Rng } from '../../src/runtime/rng';
import { main } from '../../src/cli/shapegrad';

const root = path.join(__dirname, '..', '..');
let target: SummaryTarget;
beforeAll(() => { target = loadSummaryTarget({ cwd: root, file: 'src/models/gpt.ts' }); });

describe('shapegrad summary src/models/gpt.ts', () => {
  for (const name of ['small', 'lecture-cpu'] as const) {
    it(`${name}: the parameter total from the types equals the runtime's allocation`, () => {
      const s = summarize(target, { config: name });
      const model = createGPT(gptConfig({ vocabSize: 65, ...PRESETS[name].model }), new Rng(1));
      expect(s.total).toBe(parameterCount(model.params));
      // tensor by tensor: blocks.0.attn.query.weight is blocks.i.attn.query.weight, once per layer
      const runtime = new Map<string, { size: number; copies: number }>();
      for (const [n, t] of namedParameters(model.params)) {
        const key = n.replace(/^blocks\.\d+\./, 'blocks.i.');
        const e = runtime.get(key) ?? { size: t.size, copies: 0 };
        runtime.set(key, { size: t.size, copies: e.copies + 1 });
      }
      expect(new Map(s.parameters.map((p) => [p.name, { size: p.count, copies: p.repeat }]))).toEqual(runtime);
      expect(s.unused).toEqual([]);
    });
  }

  it('lists the tensors in order, as the types say them and with the config substituted', () => {
    const s = summarize(target, { config: 'small' });
    expect(s.dims).toEqual([
      { name: 'V', value: 65 }, { name: 'Blk', value: 32 }, { name: 'H', value: 4 }, { name: 'D', value: 16 }, { name: 'B', value: 16 }, { name: 'T', value: 32 },
    ]);
    const row = (name: string) => s.rows.find((r) => r.name.trim() === name);
    expect(row('idx')).toMatchObject({ kind: 'input', types: '[B, T]', shape: '[16, 32]', dtype: 'int32' });
    expect(row('tok')).toMatchObject({ op: 'embedding', layer: 'tokenEmbedding', types: '[B, T, Mul<H, D>]', shape: '[16, 32, 64]', params: 4160 });
    expect(row('scores')).toMatchObject({ op: 'scale', types: '[B, H, T, T]', shape: '[16, 4, 32, 32]' });
    expect(s.rows.find((r) => r.layer === 'blocks.i.mlp.fc')).toMatchObject({ types: '[B, T, Mul<4, E>]', shape: '[16, 32, 256]', params: 16640 });
    expect(s.rows.find((r) => r.layer === 'lmHead')).toMatchObject({ name: 'return', types: '[B, T, V]', shape: '[16, 32, 65]', params: 4225 });
    expect(s.rows.find((r) => r.kind === 'loop')).toMatchObject({ name: 'blocks', repeat: 2 });
    const ops = s.rows.filter((r) => r.kind === 'op').map((r) => r.op);
    expect(ops.slice(0, 8)).toEqual(['embedding', 'narrow', 'add', 'layerNorm', 'linear', 'splitLast', 'transpose', 'linear']);
    const text = formatSummary(s);
    expect(text).toContain('total parameters: 110,145');
    expect(text).toContain('repeated parameters: 49,792 per copy, x2 = 99,584');
  });

  it('--dims overrides a dim; an unknown config or dim is bad usage', () => {
    const s = summarize(target, { config: 'small', dims: 'B=1' });
    expect(s.rows.find((r) => r.name === 'idx')?.shape).toBe('[1, 32]');
    expect(() => summarize(target, { config: 'huge' })).toThrow('--config: unknown config "huge", expected one of small, lecture-cpu, lecture');
    expect(() => summarize(target, { dims: 'Q=3' })).toThrow('--dims: forward has no type parameter Q (it has V, Blk, H, D, B, T)');
    let err = '';
    const code = main(['summary', 'src/models/nope.ts'], { cwd: root, out: () => {}, err: (x) => { err += x; } });
    expect(code).toBe(2);
    expect(err).toBe('shapegrad: src/models/nope.ts: no such file\n');
  });
});
