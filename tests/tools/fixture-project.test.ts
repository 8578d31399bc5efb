// shapegrad on a user's own project: a temp directory whose node_modules/shapegrad links to this package
// (as `npm install` would place it, bin link included) and whose files import 'shapegrad'. Runs the real
// `npx shapegrad` there.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
let dir = '';

const MODEL = `import { type Tensor, linear, relu } from 'shapegrad';

export interface MlpParams<in out I extends number, in out H extends number, in out O extends number> {
  hidden: { weight: Tensor<[I, H]>; bias: Tensor<[H]> };
  out: { weight: Tensor<[H, O]>; bias: Tensor<[O]> };
}

export function forward<B extends number, I extends number, H extends number, O extends number>(
  p: MlpParams<I, H, O>, x: Tensor<[B, I]>,
): Tensor<[B, O]> {
  const h = relu(linear(x, p.hidden.weight, p.hidden.bias));
  return linear(h, p.out.weight, p.out.bias);
}
`;

const BROKEN = `import { zeros, matmul } from 'shapegrad';

export const y = matmul(zeros([4, 8]), zeros([4, 8]));
`;

function npx(args: string[]) {
  const r = spawnSync('npx', ['--no', 'shapegrad', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-user-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'shapegrad'), 'dir');
  fs.symlinkSync('../shapegrad/bin/shapegrad.js', path.join(dir, 'node_modules', '.bin', 'shapegrad'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my-model', private: true, dependencies: { shapegrad: '*' } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true },
    include: ['src'],
  }));
  fs.writeFileSync(path.join(dir, 'src', 'model.ts'), MODEL);
  fs.writeFileSync(path.join(dir, 'src', 'broken.ts'), BROKEN);
});
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('a user project that imports shapegrad', () => {
  it('npx shapegrad check: the project of ./tsconfig.json, a shape error in the words of matmul', () => {
    const r = npx(['check']);
    expect(r.err).toBe('');
    expect(r.out).toBe([
      'src/broken.ts:3:40 - shape error in matmul (TS2345)',
      '  matmul: inner dims differ (8 vs 4)',
      '    a  [4, 8]',
      '           ^',
      '    b  [4, 8]',
      '        ^',
      '  3 | export const y = matmul(zeros([4, 8]), zeros([4, 8]));',
      '    |                                        ^~~~~~~~~~~~~',
      '',
      'shapegrad check: 1 error (1 shape, 0 other) in 1 file.',
      '',
    ].join('\n'));
    expect(r.code).toBe(1);
  });

  it('npx shapegrad summary: a model of the user\'s own, with --dims', () => {
    const r = npx(['summary', 'src/model.ts', '--dims', 'B=4,I=8,H=16,O=3']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('src/model.ts: forward (B = 4, I = 8, H = 16, O = 3; parameter arrays x1)');
    expect(r.out).toMatch(/^return +linear +out +\[B, O\] +\[4, 3\] +51$/m);
    expect(r.out).toContain('total parameters: 195');
  });
});
