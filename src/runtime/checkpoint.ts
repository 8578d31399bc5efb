// Checkpoints in the safetensors format (https://github.com/huggingface/safetensors):
//
//   [8 bytes]  N, the header length, an unsigned 64-bit little-endian integer
//   [N bytes]  a UTF-8 JSON object, padded with spaces to a multiple of 8 bytes:
//                { "__metadata__": { string: string },
//                  "<name>": { "dtype": "F32" | "I32", "shape": [...], "data_offsets": [begin, end] }, ... }
//   [rest]     the data section: raw little-endian tensor bytes, packed contiguously in header order;
//              offsets are relative to the start of the data section.
//
// This module deals in plain typed arrays and must not import the tensor runtime. Saving is atomic
// (temporary file, fsync, rename, fsync of the directory); loading validates the whole file before
// returning anything, since a checkpoint may be truncated, corrupted or hostile.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export type CheckpointDType = 'F32' | 'I32';

export interface CheckpointTensor {
  dtype: CheckpointDType;
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface Checkpoint {
  tensors: Record<string, CheckpointTensor>;
  metadata: Record<string, string>;
}

/** refuse headers larger than this (a hostile file could otherwise make us allocate gigabytes) */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const ITEM_SIZE: Record<CheckpointDType, number> = { F32: 4, I32: 4 };
const METADATA_KEY = '__metadata__';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isDType(value: unknown): value is CheckpointDType {
  return value === 'F32' || value === 'I32';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return /^[AEIOU]/.test(tag) ? `an ${tag}` : `a ${tag}`;
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
}

function product(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** the bytes of a typed array in little-endian order (a view when the platform is little-endian) */
function littleEndianBytes(data: Float32Array | Int32Array): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN) return view;
  const out = new Uint8Array(data.byteLength);
  for (let i = 0; i < out.length; i += 4) {
    out[i] = view[i + 3]; out[i + 1] = view[i + 2]; out[i + 2] = view[i + 1]; out[i + 3] = view[i];
  }
  return out;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  // large tensors are written in chunks; writeSync may write less than asked
  const CHUNK = 16 * 1024 * 1024;
  let off = 0;
  while (off < bytes.length) {
    const n = fs.writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off));
    off += n;
  }
}

/** the exact bytes of the header (length prefix included) for tensors laid out in the given order */
function buildHeader(file: string, tensors: Record<string, CheckpointTensor>, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  // like the reference implementation: "__metadata__" first (omitted when empty), then the tensors
  if (!isPlainObject(metadata)) throw new Error(`checkpoint ${file}: metadata must be an object of strings, got ${describe(metadata)}.`);
  const metaEntries = Object.entries(metadata);
  for (const [k, v] of metaEntries) {
    if (typeof v !== 'string') throw new Error(`checkpoint ${file}: metadata value for "${k}" must be a string, got ${describe(v)}.`);
  }
  if (metaEntries.length > 0) header[METADATA_KEY] = { ...metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === METADATA_KEY) throw new Error(`checkpoint ${file}: the tensor name "${METADATA_KEY}" is reserved for metadata.`);
    if (!isPlainObject(t)) throw new Error(`checkpoint ${file}: tensor "${name}" must be an object with dtype, shape and data, got ${describe(t)}.`);
    if (!isDType(t.dtype)) throw new Error(`checkpoint ${file}: tensor "${name}" has dtype ${describe(t.dtype)}, expected "F32" or "I32".`);
    if (!isShape(t.shape)) throw new Error(`checkpoint ${file}: tensor "${name}" has shape ${describe(t.shape)}, expected an array of non-negative integers.`);
    const expectedCtor = t.dtype === 'F32' ? Float32Array : Int32Array;
    if (!(t.data instanceof expectedCtor)) {
      throw new Error(`checkpoint ${file}: tensor "${name}" has dtype ${t.dtype} but its data is ${kindOf(t.data)}, expected a ${expectedCtor.name}.`);
    }
    const count = product(t.shape);
    if (t.data.length !== count) {
      throw new Error(`checkpoint ${file}: tensor "${name}" has shape [${t.shape.join(', ')}] (${count} elements) but ${t.data.length} data elements, expected them to match.`);
    }
    const size = count * ITEM_SIZE[t.dtype];
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length);
  return out;
}

function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (e) {
    // some platforms (Windows) cannot open a directory; the rename is then as durable as it gets
    if (isErrno(e) && (e.code === 'EISDIR' || e.code === 'EPERM' || e.code === 'EACCES')) return;
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    if (!(isErrno(e) && (e.code === 'EINVAL' || e.code === 'ENOTSUP' || e.code === 'EPERM' || e.code === 'EBADF'))) throw e;
  } finally {
    fs.closeSync(fd);
  }
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes tensors and string metadata to `file` in the safetensors format, atomically: the bytes go to
 * a uniquely named temporary file in the same directory, which is fsynced and renamed over the
 * target, and the directory is then fsynced. On failure the temporary file is removed, the error is
 * thrown and a previous checkpoint at `file` is left intact. Creates the directory when missing.
 */
export function saveCheckpoint(
  file: string,
  tensors: Record<string, CheckpointTensor>,
  metadata: Record<string, string> = {},
): void {
  const header = buildHeader(file, tensors, metadata); // validates before touching the disk
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`checkpoint ${file}: cannot create the directory ${dir} (${errorText(e)}).`);
  }
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    writeAll(fd, header);
    for (const t of Object.values(tensors)) writeAll(fd, littleEndianBytes(t.data));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try { fs.closeSync(fd); } catch { /* already failing */ }
    }
    try { fs.rmSync(tmp, { force: true }); } catch { /* already failing */ }
    throw new Error(`checkpoint ${file}: saving failed and the previous file was left untouched (${errorText(e)}).`);
  }
  try {
    fsyncDirectory(dir);
  } catch (e) {
    throw new Error(`checkpoint ${file}: the file was written but the directory ${dir} could not be synced (${errorText(e)}).`);
  }
}

/**
 * Reads and fully validates a safetensors checkpoint holding F32 and I32 tensors. Every tensor's data
 * is copied into a fresh (hence aligned) typed array. Throws `checkpoint <file>: <problem>.` when the
 * file is missing, truncated, malformed or inconsistent.
 */
export function loadCheckpoint(file: string): Checkpoint {
  const fail = (problem: string): never => {
    throw new Error(`checkpoint ${file}: ${problem}.`);
  };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (isErrno(e) && e.code === 'ENOENT') return fail('the file does not exist');
    if (isErrno(e) && e.code === 'EISDIR') return fail('is a directory, expected a checkpoint file');
    return fail(`the file cannot be read (${errorText(e)})`);
  }
  if (bytes.length < 8) return fail(`the file is ${bytes.length} bytes long, expected at least 8 bytes for the header length`);
  const headerLen = bytes.readBigUInt64LE(0);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) {
    return fail(`the header length ${headerLen} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  const n = Number(headerLen);
  if (8 + n > bytes.length) {
    return fail(`the header length ${n} is larger than the ${bytes.length - 8} bytes that follow it`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail('the header is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${errorText(e)})`);
  }
  if (!isPlainObject(parsed)) return fail(`the header is ${describe(parsed)}, expected a JSON object`);

  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: CheckpointDType; shape: number[]; begin: number; end: number }[] = [];

  for (const [name, info] of Object.entries(parsed)) {
    if (name === METADATA_KEY) {
      if (!isPlainObject(info)) return fail(`"${METADATA_KEY}" is ${describe(info)}, expected an object of strings`);
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== 'string') return fail(`metadata value for "${k}" is ${describe(v)}, expected a string`);
        metadata[k] = v;
      }
      continue;
    }
    if (!isPlainObject(info)) return fail(`tensor "${name}" is described by ${describe(info)}, expected an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (!isDType(dtype)) return fail(`tensor "${name}" has dtype ${describe(dtype)}, expected "F32" or "I32"`);
    if (!isShape(shape)) return fail(`tensor "${name}" has shape ${describe(shape)}, expected an array of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o))) {
      return fail(`tensor "${name}" has data_offsets ${describe(offsets)}, expected [begin, end] integers`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin < 0 || end < begin || end > dataLen) {
      return fail(`tensor "${name}" has data_offsets [${begin}, ${end}], expected 0 <= begin <= end <= ${dataLen} (the data section length)`);
    }
    const expected = product(shape) * ITEM_SIZE[dtype];
    if (end - begin !== expected) {
      return fail(`tensor "${name}" spans ${end - begin} bytes, expected ${expected} bytes for dtype ${dtype} and shape [${shape.join(', ')}]`);
    }
    entries.push({ name, dtype, shape: [...shape], begin, end });
  }

  // the tensors must tile the data section exactly: no overlaps, no gaps, nothing after the last one
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev: string | undefined;
  for (const e of sorted) {
    if (e.begin < cursor) return fail(`tensor "${e.name}" (bytes ${e.begin}..${e.end}) overlaps tensor "${prev}", expected disjoint data`);
    if (e.begin > cursor) return fail(`bytes ${cursor}..${e.begin} of the data section belong to no tensor, expected the tensors to cover it fully`);
    cursor = e.end;
    prev = e.name;
  }
  if (cursor !== dataLen) {
    return fail(`bytes ${cursor}..${dataLen} of the data section belong to no tensor, expected the tensors to cover it fully`);
  }

  const tensors: Record<string, CheckpointTensor> = {};
  for (const e of entries) {
    const count = (e.end - e.begin) / ITEM_SIZE[e.dtype];
    const data = e.dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
    const dst = new Uint8Array(data.buffer);
    dst.set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < dst.length; i += 4) {
        const a = dst[i], b = dst[i + 1];
        dst[i] = dst[i + 3]; dst[i + 1] = dst[i + 2]; dst[i + 2] = b; dst[i + 3] = a;
      }
    }
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data };
  }
  return { tensors, metadata };
}
