import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTextDataset } from '../src/data/text-dataset';
import { Rng } from '../src/runtime/rng';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-data-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function textFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'utf8');
  return file;
}

/** an rng that returns scripted offsets and records the bound it was asked for */
function scripted(offsets: number[]) {
  const bounds: number[] = [];
  let k = 0;
  return {
    bounds,
    int(n: number): number {
      bounds.push(n);
      return offsets[k++ % offsets.length];
    },
  };
}

describe('loadTextDataset', () => {
  it('encodes the file and splits it 90/10', () => {
    const text = 'abcdefghij'.repeat(10); // 100 characters
    const ds = loadTextDataset(textFile('t.txt', text));
    expect(ds.tokenizer.vocabSize).toBe(10);
    expect(ds.train.length).toBe(90);
    expect(ds.val.length).toBe(10);
    expect(ds.tokenizer.decode(ds.train) + ds.tokenizer.decode(ds.val)).toBe(text);
  });

  it('honours valFraction and floors the train length like int(0.9 * n)', () => {
    const file = textFile('t.txt', 'x'.repeat(7) + 'y'.repeat(6)); // 13 characters
    expect(loadTextDataset(file).train.length).toBe(11); // floor(11.7)
    const ds = loadTextDataset(file, { valFraction: 0.5 });
    expect([ds.train.length, ds.val.length]).toEqual([6, 7]);
    expect(loadTextDataset(file, { valFraction: 0 }).val.length).toBe(0);
    expect(() => loadTextDataset(file, { valFraction: 1 })).toThrow(`loadTextDataset ${file}: valFraction is 1, expected a number in [0, 1).`);
    expect(() => loadTextDataset(file, { valFraction: NaN })).toThrow(/valFraction is NaN/);
  });

  it('rejects a missing file, a directory and an empty file, naming the path', () => {
    const missing = path.join(dir, 'missing.txt');
    expect(() => loadTextDataset(missing)).toThrow(`loadTextDataset ${missing}: the file does not exist, expected a text file to train on.`);
    expect(() => loadTextDataset(dir)).toThrow(`loadTextDataset ${dir}: is a directory, expected a text file to train on.`);
    const empty = textFile('empty.txt', '');
    expect(() => loadTextDataset(empty)).toThrow(`loadTextDataset ${empty}: the file is empty, expected text to train on.`);
  });
});

describe('getBatch', () => {
  it('returns B blocks of T tokens with y shifted by one, offsets drawn as rng.int(len - T)', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(4); // 104 chars, train = 93
    const ds = loadTextDataset(textFile('t.txt', text));
    const rng = scripted([0, 5, 92 - 4]);
    const { x, y } = ds.getBatch('train', 3, 4, rng);
    expect(rng.bounds).toEqual([89, 89, 89]); // 93 - 4
    expect(x.length).toBe(12);
    expect(y.length).toBe(12);
    const dec = (a: Int32Array) => ds.tokenizer.decode(a);
    expect(dec(x)).toBe('abcd' + 'fghi' + text.slice(88, 92));
    expect(dec(y)).toBe('bcde' + 'ghij' + text.slice(89, 93)); // the last target is the last train token
  });

  it('samples the val split from the end of the text', () => {
    const text = 'a'.repeat(90) + 'bcdefghijk'; // val = "bcdefghijk"
    const ds = loadTextDataset(textFile('t.txt', text));
    const { x, y } = ds.getBatch('val', 2, 3, scripted([0, 6]));
    expect(ds.tokenizer.decode(x)).toBe('bcd' + 'hij');
    expect(ds.tokenizer.decode(y)).toBe('cde' + 'ijk');
  });

  it('is reproducible with a seeded Rng and stays in bounds', () => {
    const text = Array.from({ length: 500 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    const ds = loadTextDataset(textFile('t.txt', text));
    const a = ds.getBatch('train', 8, 16, new Rng(3));
    const b = ds.getBatch('train', 8, 16, new Rng(3));
    expect(a).toEqual(b);
    for (let r = 0; r < 8; r++) {
      for (let t = 0; t < 15; t++) expect(a.y[r * 16 + t]).toBe(a.x[r * 16 + t + 1]);
    }
    const rng = new Rng(9);
    for (let k = 0; k < 200; k++) ds.getBatch('val', 4, 49, rng); // val has 50 tokens: only offset 0 fits
    expect(ds.tokenizer.decode(ds.getBatch('val', 1, 49, rng).x)).toBe(ds.tokenizer.decode(ds.val.subarray(0, 49)));
  });

  it('rejects a block size that does not fit the split, naming the file, split length and block size', () => {
    const file = textFile('t.txt', 'abcdefghij'.repeat(10));
    const ds = loadTextDataset(file);
    expect(() => ds.getBatch('val', 2, 10, new Rng(1))).toThrow(
      `getBatch ${file}: the val split has 10 tokens but blockSize is 10, a config that does not fit the data (the split needs at least blockSize + 1 = 11 tokens).`,
    );
    expect(() => ds.getBatch('train', 2, 0, new Rng(1))).toThrow(`getBatch ${file}: blockSize is 0, expected a positive integer.`);
    expect(() => ds.getBatch('train', 1.5, 4, new Rng(1))).toThrow(`getBatch ${file}: batchSize is 1.5, expected a positive integer.`);
  });
});

describe('tiny Shakespeare', () => {
  const file = path.resolve(__dirname, '..', 'data', 'tinyshakespeare.txt');

  it('has the lecture vocabulary of 65 characters and a 1003854 / 111540 split', () => {
    const ds = loadTextDataset(file);
    expect(ds.tokenizer.vocabSize).toBe(65);
    expect(ds.tokenizer.vocab).toBe("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    expect(ds.train.length + ds.val.length).toBe(1115394);
    expect(ds.train.length).toBe(1003854);
    expect(ds.val.length).toBe(111540);
    expect(ds.tokenizer.decode(ds.train.subarray(0, 14))).toBe('First Citizen:');
    const { x, y } = ds.getBatch('train', 4, 8, new Rng(1337));
    expect(x.length).toBe(32);
    expect(y.length).toBe(32);
  });
});
