// A character-level text dataset, as in Karpathy's "Let's build GPT": read the file, build the
// character vocabulary, encode everything, take the first 90% for training and the last 10% for
// validation, and sample random (x, y) blocks where y is x shifted by one token.

import * as fs from 'node:fs';
import type { Rng } from '../runtime/rng';
import { CharTokenizer } from './char-tokenizer';

export type Split = 'train' | 'val';

export interface TextDatasetOptions {
  /** the fraction of tokens, taken from the end, held out for validation (default 0.1) */
  valFraction?: number;
}

export interface Batch {
  /** [batchSize * blockSize] input token ids, row-major (batch, time) */
  x: Int32Array;
  /** [batchSize * blockSize] targets: y[b, t] = x[b, t + 1], the next token */
  y: Int32Array;
}

export interface TextDataset {
  readonly path: string;
  readonly tokenizer: CharTokenizer;
  readonly train: Int32Array;
  readonly val: Int32Array;
  /** B random blocks of T tokens from a split, start offsets drawn as rng.int(length - blockSize) */
  getBatch(split: Split, batchSize: number, blockSize: number, rng: Pick<Rng, 'int'>): Batch;
}

/** reads a text file and splits its encoding into train (first part) and val (last valFraction) */
export function loadTextDataset(path: string, options: TextDatasetOptions = {}): TextDataset {
  const valFraction = options.valFraction ?? 0.1;
  if (typeof valFraction !== 'number' || !(valFraction >= 0 && valFraction < 1)) {
    throw new Error(`loadTextDataset ${path}: valFraction is ${String(valFraction)}, expected a number in [0, 1).`);
  }
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT') throw new Error(`loadTextDataset ${path}: the file does not exist, expected a text file to train on.`);
    if (code === 'EISDIR') throw new Error(`loadTextDataset ${path}: is a directory, expected a text file to train on.`);
    throw new Error(`loadTextDataset ${path}: the file cannot be read (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (text.length === 0) throw new Error(`loadTextDataset ${path}: the file is empty, expected text to train on.`);

  const tokenizer = CharTokenizer.fromText(text);
  const data = tokenizer.encode(text);
  // n = int(0.9 * len(data)) in the lecture
  const n = Math.floor((1 - valFraction) * data.length);
  const train = data.subarray(0, n);
  const val = data.subarray(n);

  const getBatch = (split: Split, batchSize: number, blockSize: number, rng: Pick<Rng, 'int'>): Batch => {
    if (split !== 'train' && split !== 'val') {
      throw new Error(`getBatch ${path}: split is ${JSON.stringify(split)}, expected "train" or "val".`);
    }
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`getBatch ${path}: batchSize is ${batchSize}, expected a positive integer.`);
    }
    if (!Number.isInteger(blockSize) || blockSize <= 0) {
      throw new Error(`getBatch ${path}: blockSize is ${blockSize}, expected a positive integer.`);
    }
    const tokens = split === 'train' ? train : val;
    if (tokens.length <= blockSize) {
      throw new Error(
        `getBatch ${path}: the ${split} split has ${tokens.length} tokens but blockSize is ${blockSize}, a config that does not fit the data (the split needs at least blockSize + 1 = ${blockSize + 1} tokens).`,
      );
    }
    const x = new Int32Array(batchSize * blockSize);
    const y = new Int32Array(batchSize * blockSize);
    const range = tokens.length - blockSize;
    for (let b = 0; b < batchSize; b++) {
      const i = rng.int(range);
      x.set(tokens.subarray(i, i + blockSize), b * blockSize);
      y.set(tokens.subarray(i + 1, i + 1 + blockSize), b * blockSize);
    }
    return { x, y };
  };

  return { path, tokenizer, train, val, getBatch };
}
