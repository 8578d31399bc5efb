// `shapegrad check`: the golden shape errors print exactly as ./fixtures/shape-errors.expected.txt says
// (UPDATE_GOLDEN=1 rewrites it), other TypeScript errors pass through in tsc's format, a clean file exits 0,
// --json parses, bad usage exits 2. One ts-morph project is shared by the report tests (creating one is slow).
import { describe, expect, it, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectProblems, formatReport, loadCheckTarget, markShapes, underline, type CheckTarget, type Problem } from '../../src/tools/check';
import { main } from '../../src/cli/shapegrad';

const root = path.join(__dirname, '..', '..');
const FX = 'tests/tools/fixtures';
const GOLDEN = `${FX}/.does-not-compile/shape-errors.ts`;
const OTHER = `${FX}/.does-not-compile/other-errors.ts`;
const CLEAN = `${FX}/clean.ts`;
const EXPECTED = path.join(root, FX, 'shape-errors.expected.txt');

let target: CheckTarget;
beforeAll(() => { target = loadCheckTarget({ cwd: root, paths: [GOLDEN, OTHER, CLEAN] }); });

function problemsOf(file: string): Problem[] {
  return collectProblems(target, [target.project.getSourceFileOrThrow(path.join(root, file))]);
}

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = main(argv, { cwd: root, out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('shapegrad check: the golden shape errors', () => {
  it('prints every kind of shape error in the words of its op, exactly', () => {
    const text = formatReport(problemsOf(GOLDEN), 1);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(EXPECTED, text);
    expect(text).toBe(fs.readFileSync(EXPECTED, 'utf8'));
  });

  it('recognises each kind as a shape error with the op, both shapes and the marked dims', () => {
    const ps = problemsOf(GOLDEN);
    expect(ps.every((p) => p.kind === 'shape')).toBe(true);
    const brief = ps.map((p) => [p.line, p.op, p.message, p.marked]);
    expect(brief).toEqual([
      [13, 'matmul', 'matmul: inner dims differ (64 vs 32)', [[2], [0]]],                        // wrong inner dim
      [16, 'matmul', 'matmul: inner dims differ (16 vs 8)', [[3], [2]]],                          // k not transposed
      [18, 'linear', 'linear: bias has 64 entries, weight has 256 outputs', [[1], [0]]],          // bias width
      [20, 'linear', 'linear: x has 64 features, weight expects 32', [[2], [0]]],
      [22, 'reshape', 'reshape: 16384 elements cannot be viewed as 16640', [[], []]],             // reshape
      [24, 'splitLast', 'splitLast: last dim 64 is not 4 * 8', [[2]]],         // head split
      [26, 'maskedFill', 'maskedFill: cannot broadcast (dim 8 vs 7)', [[3], [1]]],                // mask shape
      [28, 'maskedFill', 'maskedFill: mask does not broadcast into x', [[], [0]]],
      [30, 'crossEntropy', 'crossEntropy: targets must be logits.shape[:-1]', [[1], [1]]],        // targets length
      [32, 'cat', 'cat: shapes differ outside axis 1', [[0], [0]]],                               // concat
      [34, 'layerNorm', 'layerNorm: gamma has 32 entries, x has 64 features', [[2], [0]]],
      [36, 'add', 'add: cannot broadcast (dim 64 vs 32)', [[2], [1]]],
      [38, 'transpose', 'transpose: result is [32, 64, 8], declared [32, 8, 64]', [[1, 2], [1, 2]]],
      [46, 'matmul', 'matmul: inner dims differ (D vs T)', [[3], [2]]],                           // k not transposed, generic
      [48, 'splitLast', 'splitLast: last dim ? is not D * H', [[2]]], // head split, generic
    ]);
    const generic = ps.find((p) => p.line === 46);
    expect(generic?.verdict).toBe('MatmulVerdict<D, T, [B, H, T, D], [B, H, T, D], [B, H], [B, H]>');
    expect(generic?.shapes).toEqual([['B', 'H', 'T', 'D'], ['B', 'H', 'T', 'D']]);
  });

  it('passes other TypeScript errors through in tsc\'s format', () => {
    const ps = problemsOf(OTHER);
    expect(ps.map((p) => p.kind)).toEqual(['typescript', 'typescript']);
    expect(formatReport(ps, 1)).toBe([
      `${OTHER}(4,14): error TS2322: Type 'string' is not assignable to type 'number'.`,
      '',
      `${OTHER}(7,37): error TS2345: Argument of type 'Tensor<[4, 8], "float32">' is not assignable to parameter of type 'Tensor<[4, 8], "int32">'.`,
      `  Types of property 'dtype' are incompatible.`,
      `    Type '"float32"' is not assignable to type '"int32"'.`,
      '',
      'shapegrad check: 2 errors (0 shape, 2 other) in 1 file.',
      '',
    ].join('\n'));
  });

  it('a clean file has no problems', () => {
    expect(problemsOf(CLEAN)).toEqual([]);
  });
});

describe('shapegrad check: the command line', () => {
  it('a clean file exits 0', () => {
    const r = run(['check', CLEAN]);
    expect(r.out).toBe('shapegrad check: no errors (1 file checked).\n');
    expect(r.code).toBe(0);
  });

  it('--json prints an array that parses, and errors exit 1', () => {
    const r = run(['check', '--json', OTHER]);
    expect(r.code).toBe(1);
    const parsed: unknown = JSON.parse(r.out);
    expect(parsed).toEqual([
      expect.objectContaining({ kind: 'typescript', file: OTHER, line: 4, column: 14, code: 2322, category: 'error' }),
      expect.objectContaining({ kind: 'typescript', file: OTHER, line: 7, column: 37, code: 2345 }),
    ]);
  });

  it('bad usage exits 2 with one sentence', () => {
    for (const [argv, msg] of [
      [['check', 'no/such/file.ts'], 'shapegrad: no/such/file.ts: no such file or directory\n'],
      [['check', '--project', 'nope.json'], 'shapegrad: nope.json: the tsconfig file does not exist\n'],
      [['check', '--fast'], 'shapegrad: unknown option --fast (see shapegrad --help)\n'],
      [['frobnicate'], 'shapegrad: unknown command "frobnicate" (expected check or summary; see shapegrad --help)\n'],
      [[], 'shapegrad: expected a command, check or summary (see shapegrad --help)\n'],
    ] as const) {
      const r = run([...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(msg);
      expect(r.out).toBe('');
    }
    let err = '';
    const code = main(['check'], { cwd: path.join(root, 'tests'), out: () => {}, err: (s) => { err += s; } });
    expect(code).toBe(2);
    expect(err).toBe(`shapegrad: no tsconfig.json in ${path.join(root, 'tests')} (run shapegrad in a TypeScript project, or pass --project PATH)\n`);
  });

  it('--help exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('shapegrad check [paths...]');
    expect(r.out).toContain('shapegrad summary MODEL.ts');
  });
});

describe('marking', () => {
  it('underlines the marked dims', () => {
    expect(underline(['32', '8', '64'], [2])).toEqual(['[32, 8, 64]', '        ^^']);
    expect(underline(['B', 'Mul<H, D>'], [1])).toEqual(['[B, Mul<H, D>]', '    ^^^^^^^^^']);
  });
  it('broadcasting marks the first mismatch from the right', () => {
    expect(markShapes('add', 'add: cannot broadcast (dim 3 vs 4)', ['2', '3'], ['2', '4']).marked).toEqual([[1], [1]]);
    expect(markShapes('mul', 'mul: cannot broadcast (dim 2 vs 4)', ['2', '1'], ['8', '4', '3']).marked).toEqual([[0], [1]]);
  });
});
