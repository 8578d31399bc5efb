import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { loadCheckpoint, saveCheckpoint, MAX_HEADER_BYTES, type CheckpointTensor } from '../src/runtime/checkpoint';
import { matchesPattern, patternTensors } from './fixtures/checkpoint-pattern';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-ckpt-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function bitsOf(data: Float32Array | Int32Array): number[] {
  return Array.from(new Int32Array(data.buffer, data.byteOffset, data.length));
}

/** a file assembled by hand: u64 LE header length, header text as given (no padding added), data bytes */
function writeRaw(name: string, header: string | object, data: number[] = [], lengthOverride?: bigint): string {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const h = Buffer.from(text, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(lengthOverride ?? BigInt(h.length));
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat([len, h, Buffer.from(data)]));
  return file;
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips F32 and I32 tensors bit for bit, including NaN, -0 and infinities', () => {
    const special = new Float32Array([NaN, -0, 0, Infinity, -Infinity, 1.5, -3.25e-39, 3.4028234663852886e38]);
    const payloadNaN = new Float32Array(2);
    new Int32Array(payloadNaN.buffer).set([0x7fc12345, 0xff800001 | 0]); // NaNs with payloads
    const ints = new Int32Array([0, -1, 2147483647, -2147483648, 42, 7]);
    const tensors: Record<string, CheckpointTensor> = {
      'special': { dtype: 'F32', shape: [2, 4], data: special },
      'nan.payload': { dtype: 'F32', shape: [2], data: payloadNaN },
      'ids': { dtype: 'I32', shape: [3, 2], data: ints },
      'scalar': { dtype: 'F32', shape: [], data: new Float32Array([0.1]) },
      'empty': { dtype: 'I32', shape: [0, 5], data: new Int32Array(0) },
    };
    const file = path.join(dir, 'nested', 'deeper', 'model.safetensors'); // directory created on save
    saveCheckpoint(file, tensors, { step: '120', config: '{"nLayer":4}', 'ünïcode': 'ok ✓' });
    const loaded = loadCheckpoint(file);
    expect(loaded.metadata).toEqual({ step: '120', config: '{"nLayer":4}', 'ünïcode': 'ok ✓' });
    expect(Object.keys(loaded.tensors)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      const l = loaded.tensors[name];
      expect(l.dtype).toBe(t.dtype);
      expect(l.shape).toEqual(t.shape);
      expect(l.data).toBeInstanceOf(t.dtype === 'F32' ? Float32Array : Int32Array);
      expect(bitsOf(l.data)).toEqual(bitsOf(t.data));
      expect(l.data.byteOffset).toBe(0); // fresh, aligned copies
    }
    expect(Object.is(loaded.tensors.special.data[1], -0)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['model.safetensors']); // no temporary left behind
  });

  it('writes exactly the bytes the safetensors format dictates for a small case', () => {
    const file = path.join(dir, 'small.safetensors');
    saveCheckpoint(
      file,
      {
        a: { dtype: 'F32', shape: [2], data: new Float32Array([1, -2]) },
        b: { dtype: 'I32', shape: [], data: new Int32Array([7]) },
      },
      { format: 'pt' },
    );
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"b":{"dtype":"I32","shape":[],"data_offsets":[8,12]}}';
    expect(header.length).toBe(138); // padded with 6 spaces to 144, a multiple of 8
    const expected = Buffer.concat([
      Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0]), // 144, u64 little-endian
      Buffer.from(header + '      ', 'ascii'),
      Buffer.from([0x00, 0x00, 0x80, 0x3f]), // 1.0f
      Buffer.from([0x00, 0x00, 0x00, 0xc0]), // -2.0f
      Buffer.from([0x07, 0x00, 0x00, 0x00]), // 7
    ]);
    expect(expected.length).toBe(8 + 144 + 12);
    expect(fs.readFileSync(file).equals(expected)).toBe(true);
  });

  it('omits empty metadata and pads the header with spaces to a multiple of 8', () => {
    const file = path.join(dir, 'nometa.safetensors');
    saveCheckpoint(file, { x: { dtype: 'F32', shape: [1], data: new Float32Array([3]) } }, {});
    const bytes = fs.readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const text = bytes.subarray(8, 8 + n).toString('utf8');
    expect(text.trimEnd()).toBe('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    expect(loadCheckpoint(file).metadata).toEqual({});
  });

  it('overwrites an existing checkpoint and leaves no temporary files', () => {
    const file = path.join(dir, 'm.safetensors');
    saveCheckpoint(file, { x: { dtype: 'I32', shape: [1], data: new Int32Array([1]) } }, {});
    saveCheckpoint(file, { x: { dtype: 'I32', shape: [2], data: new Int32Array([5, 6]) } }, { v: '2' });
    const l = loadCheckpoint(file);
    expect(Array.from(l.tensors.x.data)).toEqual([5, 6]);
    expect(l.metadata).toEqual({ v: '2' });
    expect(fs.readdirSync(dir)).toEqual(['m.safetensors']);
  });

  it('rejects bad input on save without touching the previous checkpoint', () => {
    const file = path.join(dir, 'm.safetensors');
    saveCheckpoint(file, { x: { dtype: 'I32', shape: [1], data: new Int32Array([9]) } }, {});
    const before = fs.readFileSync(file);
    expect(() => saveCheckpoint(file, { x: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }, {})).toThrow(
      `checkpoint ${file}: tensor "x" has shape [3] (3 elements) but 2 data elements, expected them to match.`,
    );
    expect(() => saveCheckpoint(file, { x: { dtype: 'F32', shape: [2], data: new Int32Array(2) } }, {})).toThrow(
      /tensor "x" has dtype F32 but its data is an Int32Array, expected a Float32Array/,
    );
    expect(() => saveCheckpoint(file, { x: { dtype: 'F32', shape: [-1], data: new Float32Array(0) } }, {})).toThrow(
      /tensor "x" has shape \[-1\], expected an array of non-negative integers/,
    );
    expect(() => saveCheckpoint(file, { __metadata__: { dtype: 'F32', shape: [0], data: new Float32Array(0) } }, {})).toThrow(/reserved/);
    const badMeta: Record<string, string> = JSON.parse('{"k": 3}');
    expect(() => saveCheckpoint(file, {}, badMeta)).toThrow(`checkpoint ${file}: metadata value for "k" must be a string, got 3.`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['m.safetensors']);
  });

  it('removes its temporary file and keeps the old checkpoint when the rename fails', () => {
    const target = path.join(dir, 'is-a-dir');
    fs.mkdirSync(path.join(target, 'occupied'), { recursive: true }); // renaming a file over a non-empty directory fails
    expect(() => saveCheckpoint(target, { x: { dtype: 'I32', shape: [1], data: new Int32Array([1]) } }, {})).toThrow(
      /^checkpoint .*is-a-dir: saving failed and the previous file was left untouched \(/,
    );
    expect(fs.readdirSync(dir)).toEqual(['is-a-dir']);
  });
});

describe('loadCheckpoint validation', () => {
  const ok = { a: f32([2], 0, 8) };
  const eight = [0, 0, 128, 63, 0, 0, 0, 64];

  it('accepts a minimal hand-written file', () => {
    const l = loadCheckpoint(writeRaw('ok.st', ok, eight));
    expect(Array.from(l.tensors.a.data)).toEqual([1, 2]);
  });

  it('rejects a missing file', () => {
    const file = path.join(dir, 'nope.safetensors');
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the file does not exist.`);
  });

  it('rejects a directory', () => {
    expect(() => loadCheckpoint(dir)).toThrow(`checkpoint ${dir}: is a directory, expected a checkpoint file.`);
  });

  it('rejects a file shorter than 8 bytes', () => {
    const file = path.join(dir, 'short.st');
    fs.writeFileSync(file, Buffer.from([1, 2, 3]));
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the file is 3 bytes long, expected at least 8 bytes for the header length.`);
  });

  it('rejects a header length larger than the file', () => {
    const file = writeRaw('long.st', ok, eight, 1000n);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the header length 1000 is larger than the 62 bytes that follow it.`);
  });

  it('rejects a header length above the 100 MB limit without allocating it', () => {
    const file = writeRaw('huge.st', ok, eight, BigInt(MAX_HEADER_BYTES) + 1n);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the header length 104857601 exceeds the limit of 104857600 bytes.`);
    const file2 = writeRaw('huge2.st', ok, eight, 0xffff_ffff_ffff_ffffn);
    expect(() => loadCheckpoint(file2)).toThrow(/the header length 18446744073709551615 exceeds the limit/);
  });

  it('rejects a header that is not valid UTF-8', () => {
    const file = path.join(dir, 'utf8.st');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(4n);
    fs.writeFileSync(file, Buffer.concat([len, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]));
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the header is not valid UTF-8.`);
  });

  it('rejects a header that is not JSON', () => {
    const file = writeRaw('json.st', '{"a": ');
    expect(() => loadCheckpoint(file)).toThrow(new RegExp(`^checkpoint ${escape(file)}: the header is not valid JSON \\(`));
  });

  it('rejects a header that is not an object', () => {
    for (const [name, h] of [['arr.st', '[1,2]'], ['null.st', 'null'], ['num.st', '42  ']] as const) {
      const file = writeRaw(name, h);
      expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: the header is ${h.trim()}, expected a JSON object.`);
    }
  });

  it('rejects an unknown dtype', () => {
    const file = writeRaw('dtype.st', { a: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }, eight);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: tensor "a" has dtype "F16", expected "F32" or "I32".`);
  });

  it('rejects a tensor entry that is not an object', () => {
    const file = writeRaw('entry.st', { a: 5 }, []);
    expect(() => loadCheckpoint(file)).toThrow(/tensor "a" is described by 5, expected an object with dtype, shape and data_offsets/);
  });

  it('rejects a shape that is not an array of non-negative integers', () => {
    for (const shape of [[2, -1], [1.5], '2', ['2'], null]) {
      const file = writeRaw('shape.st', { a: { dtype: 'F32', shape, data_offsets: [0, 8] } }, eight);
      expect(() => loadCheckpoint(file)).toThrow(
        `checkpoint ${file}: tensor "a" has shape ${JSON.stringify(shape)}, expected an array of non-negative integers.`,
      );
    }
  });

  it('rejects data_offsets that are not two integers', () => {
    for (const offs of [[0], [0, 8, 9], [0, 8.5], ['0', '8'], 'x']) {
      const file = writeRaw('offs.st', { a: { dtype: 'F32', shape: [2], data_offsets: offs } }, eight);
      expect(() => loadCheckpoint(file)).toThrow(
        `checkpoint ${file}: tensor "a" has data_offsets ${JSON.stringify(offs)}, expected [begin, end] integers.`,
      );
    }
  });

  it('rejects data_offsets outside the data section', () => {
    const cases: [number, number][] = [[-4, 4], [8, 0], [4, 12]];
    for (const [b, e] of cases) {
      const file = writeRaw('range.st', { a: f32([2], b, e) }, eight);
      expect(() => loadCheckpoint(file)).toThrow(
        `checkpoint ${file}: tensor "a" has data_offsets [${b}, ${e}], expected 0 <= begin <= end <= 8 (the data section length).`,
      );
    }
  });

  it('rejects a byte span that does not match the shape and dtype', () => {
    const file = writeRaw('span.st', { a: f32([3], 0, 8) }, eight);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: tensor "a" spans 8 bytes, expected 12 bytes for dtype F32 and shape [3].`);
  });

  it('rejects overlapping tensors', () => {
    const file = writeRaw('overlap.st', { a: f32([2], 0, 8), b: f32([1], 4, 8) }, eight);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: tensor "b" (bytes 4..8) overlaps tensor "a", expected disjoint data.`);
  });

  it('rejects a data section with a gap or trailing bytes', () => {
    const gap = writeRaw('gap.st', { a: f32([1], 0, 4), b: f32([1], 8, 12) }, [...eight, 0, 0, 0, 0]);
    expect(() => loadCheckpoint(gap)).toThrow(
      `checkpoint ${gap}: bytes 4..8 of the data section belong to no tensor, expected the tensors to cover it fully.`,
    );
    const tail = writeRaw('tail.st', { a: f32([1], 0, 4) }, eight);
    expect(() => loadCheckpoint(tail)).toThrow(
      `checkpoint ${tail}: bytes 4..8 of the data section belong to no tensor, expected the tensors to cover it fully.`,
    );
  });

  it('rejects metadata that is not an object of strings', () => {
    const file = writeRaw('meta.st', { __metadata__: { step: 5 }, ...ok }, eight);
    expect(() => loadCheckpoint(file)).toThrow(`checkpoint ${file}: metadata value for "step" is 5, expected a string.`);
    const file2 = writeRaw('meta2.st', { __metadata__: ['x'], ...ok }, eight);
    expect(() => loadCheckpoint(file2)).toThrow(`checkpoint ${file2}: "__metadata__" is ["x"], expected an object of strings.`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------
// Crash safety: a child process saving a large checkpoint is SIGKILLed at random moments; whatever the
// moment, the target must load and hold exactly either the previous checkpoint or the complete new one.

const REPO_ROOT = path.resolve(__dirname, '..');
const WRITER = path.join(__dirname, 'fixtures', 'checkpoint-writer.ts');

interface ChildRun {
  completed: boolean;
}

function runAndKill(file: string, count: number, seed: number, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(count), String(seed)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.includes('saving\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: string) => { err += chunk; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve({ completed: out.includes('saved\n') });
      if (code === 0 && out.includes('saved\n')) return resolve({ completed: true });
      reject(new Error(`checkpoint writer exited with code ${code} and signal ${signal}: ${err}`));
    });
  });
}

describe('crash safety', () => {
  it('a save killed at any moment never replaces the previous checkpoint with a partial file', async () => {
    const COUNT = 8 * 1024 * 1024; // 32 MiB of F32
    const file = path.join(dir, 'model.safetensors');
    // the previous checkpoint, and a timing of how long one save of this size takes here
    const initial = patternTensors(COUNT, 0);
    saveCheckpoint(file, initial, { seed: '0' });
    const t0 = performance.now();
    saveCheckpoint(file, initial, { seed: '0' });
    const saveMs = Math.max(5, performance.now() - t0);

    let previous = 0;
    let midSaveKills = 0;
    let rounds = 0;
    while (rounds < 6 || (midSaveKills < 3 && rounds < 24)) {
      rounds++;
      const seed = rounds;
      const delay = Math.random() * saveMs * 1.5;
      const run = await runAndKill(file, COUNT, seed, delay);
      const leftovers = fs.readdirSync(dir).filter((f) => f !== 'model.safetensors');
      const loaded = loadCheckpoint(file); // must always load: never partial
      const got = Number(loaded.metadata.seed);
      if (leftovers.length > 0) {
        // killed between creating the temporary file and renaming it: the target is untouched
        midSaveKills++;
        expect(got).toBe(previous);
        for (const f of leftovers) fs.rmSync(path.join(dir, f));
      } else {
        expect([previous, seed]).toContain(got);
      }
      if (run.completed) expect(got).toBe(seed);
      expect(matchesPattern(loaded.tensors, COUNT, got)).toBe(true);
      previous = got;
    }
    expect(midSaveKills).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
