// The command lines as a user meets them: --help, and bad input stopping with one clear sentence
// that names the file or value and what was expected (exit code 1), never a stack trace.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
let dir = '';

function run(script: 'train' | 'sample', args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', `${script}.ts`), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-cli-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('npm run train', () => {
  it('--help lists the options', () => {
    const r = run('train', ['--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--steps', '--config', '--seed', '--backend', '--lr', '--eval-interval', '--out', '--resume']) expect(r.out).toContain(opt);
  });

  it('a missing data file', () => {
    const r = run('train', ['--data', path.join(dir, 'nope.txt')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.txt: the file does not exist/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('an empty data file', () => {
    const f = path.join(dir, 'empty.txt');
    fs.writeFileSync(f, '');
    const r = run('train', ['--data', f]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/empty\.txt: the file is empty/);
  });

  it('a config that does not fit the data', () => {
    const f = path.join(dir, 'tiny.txt');
    fs.writeFileSync(f, 'To be, or not to be: that is the question.');
    const r = run('train', ['--data', f, '--steps', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tiny\.txt: .*block size 32/);
  });

  it('an unknown backend, by flag and by environment', () => {
    const a = run('train', ['--backend', 'tpu']);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/--backend/);
    expect(a.err).toMatch(/tpu/);
    const b = run('train', ['--steps', '1'], { SHAPEGRAD_BACKEND: 'tpu' });
    expect(b.code).toBe(1);
    expect(b.err).toContain('SHAPEGRAD_BACKEND: unknown backend "tpu", expected one of cpu, webasm, headlessgl, webgpu or auto');
  });

  it('an unknown execution mode, by flag and by environment (one line, no stack trace)', () => {
    const a = run('train', ['--execution', 'lazy']);
    expect(a.code).toBe(1);
    expect(a.err).toContain('--execution: expected one of "compiled", "eager", got "lazy"');
    const b = run('train', ['--steps', '1'], { SHAPEGRAD_EXECUTION: 'lazy' });
    expect(b.code).toBe(1);
    expect(b.err.trim()).toBe('error: SHAPEGRAD_EXECUTION: unknown execution mode "lazy", expected compiled or eager');
  });

  it('a bad number', () => {
    const r = run('train', ['--steps', 'many']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--steps: .*"many"/);
  });

  it('an --out that cannot be written is refused before training, not at the first save', () => {
    const r = run('train', ['--out', dir + '/', '--steps', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`--out ${dir}/: is a directory, expected a checkpoint file path`);
    expect(r.out).not.toContain('step 0:');
    const f = path.join(dir, 'a-file');
    fs.writeFileSync(f, 'x');
    const s = run('train', ['--out', path.join(f, 'gpt.safetensors'), '--steps', '1']);
    expect(s.code).toBe(1);
    expect(s.err).toContain('cannot be created or written to');
    expect(s.out).not.toContain('step 0:');
  });

  it('resuming from a file that is not a checkpoint', () => {
    const f = path.join(dir, 'junk.safetensors');
    fs.writeFileSync(f, 'not a checkpoint at all');
    const r = run('train', ['--resume', f]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`checkpoint ${f}:`);
  });
});

describe('saved work is never lost', () => {
  it('a fresh run keeps an existing checkpoint under a dated name instead of overwriting it', () => {
    const out = path.join(dir, 'keep', 'gpt.safetensors');
    const args = ['--backend', 'cpu', '--steps', '0', '--eval-iters', '1', '--sample-tokens', '0', '--out', out];
    expect(run('train', args).code).toBe(0);
    const first = fs.readFileSync(out);
    const r = run('train', [...args, '--seed', '7']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/kept the existing .*gpt\.safetensors as .*gpt\.\d{4}-.*\.safetensors/);
    const kept = fs.readdirSync(path.dirname(out)).filter((f) => f !== 'gpt.safetensors');
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(out), kept[0])).equals(first)).toBe(true);
  });
});

describe('train, resume, sample', () => {
  it('N steps + resume + M steps equals N+M steps bit for bit (cpu), and sampling is reproducible', () => {
    const common = ['--backend', 'cpu', '--eval-iters', '1', '--eval-interval', '2', '--sample-tokens', '0'];
    const full = path.join(dir, 'full.safetensors'), half = path.join(dir, 'half.safetensors'), resumed = path.join(dir, 'resumed.safetensors');
    const first = run('train', [...common, '--steps', '4', '--out', full]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('backend cpu, compiled');
    expect(run('train', [...common, '--steps', '2', '--out', half]).code).toBe(0);
    // a resumed run may not change its configuration or seed
    const clash = run('train', [...common, '--steps', '4', '--resume', half, '--config', 'lecture-cpu']);
    expect(clash.code).toBe(1);
    expect(clash.err).toContain('--config: a resumed run keeps its configuration ("small"');
    fs.copyFileSync(half, resumed);
    // without --out, a resumed run keeps writing to the checkpoint it continues
    const r = run('train', [...common, '--steps', '4', '--resume', resumed]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('resumed from');
    expect(fs.readFileSync(resumed).equals(fs.readFileSync(full))).toBe(true);
    // the default compiled step and eager execution ($SHAPEGRAD_EXECUTION, as --execution) train the same
    // weights, bit for bit on cpu
    const eager = path.join(dir, 'eager.safetensors');
    const e = run('train', [...common, '--steps', '4', '--out', eager], { SHAPEGRAD_EXECUTION: 'eager' });
    expect(e.code).toBe(0);
    expect(e.out).toContain('backend cpu, eager');
    expect(fs.readFileSync(eager).equals(fs.readFileSync(full))).toBe(true);

    const s1 = run('sample', ['--checkpoint', full, '--prompt', 'ROMEO:', '--tokens', '30', '--seed', '3', '--backend', 'cpu']);
    const s2 = run('sample', ['--checkpoint', full, '--prompt', 'ROMEO:', '--tokens', '30', '--seed', '3', '--backend', 'cpu']);
    expect(s1.code).toBe(0);
    expect(s1.out).toBe(s2.out);
    expect(s1.out.startsWith('ROMEO:')).toBe(true);
    expect(s1.out.trimEnd().length).toBeGreaterThanOrEqual(30);

    const bad = run('sample', ['--checkpoint', full, '--prompt', 'Hello 😀 ~', '--backend', 'cpu']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('😀');
    expect(bad.err).toContain('~');
  });
});
