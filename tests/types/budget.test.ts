// Type-check budgets, measured in the test suite (DESIGN-NOTES 4.3: one badly built error message made a single
// wrong generic call cost 25-66 s, while the instantiation counts stayed tiny, so the budget is wall-clock):
//   - tests/types/fixtures/generic-mistakes.ts (generated, ranks 2..5, every op) type-checks within BUDGET_MS under
//     each compiler, with exactly one diagnostic per mistake and no TS2589 / TS2799;
//   - the whole project has no TS2589 / TS2799 under either compiler (`npm test` type-checks it first anyway);
//   - the GPT model file stays under an instantiation budget (exact counts: README "Type-check cost").
// Budgets are generous: 2 shared cores, other test files running beside this one.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, diagnostics59, diagnostics7, allCodes59, type Diag } from './compilers';
import { genericMistakesSource, GENERIC_MISTAKES_PER_RANK, GENERIC_MISTAKE_RANKS } from './generic-mistakes';

const BUDGET_MS = 20_000;
const FILE = 'tests/types/fixtures/generic-mistakes.ts';
const TSCONFIG = 'tests/types/fixtures/tsconfig.generic-mistakes.json';
const DEPTH_ERRORS = [2589, 2799];
/** the ways a mistake may be reported: a parameter that became a ShapeError / a Check<Verdict, ...> (2345, 2741),
 *  no overload matching (2769: elementwise ops, expand, where) */
const MISTAKE_CODES = [2345, 2741, 2769];

function mistakeLines(): number[] {
  return readFileSync(path.join(ROOT, FILE), 'utf8').split('\n').flatMap((l, i) => (/;\s*\/\/ MISTAKE$/.test(l) ? [i + 1] : []));
}
function expectOnePerMistake(diags: Diag[]): void {
  const lines = mistakeLines();
  expect(lines.length).toBe(GENERIC_MISTAKES_PER_RANK * GENERIC_MISTAKE_RANKS.length);
  expect(diags.filter((d) => DEPTH_ERRORS.includes(d.code))).toEqual([]);
  expect(diags.map((d) => d.line).sort((a, b) => a - b)).toEqual(lines);
  for (const d of diags) expect(MISTAKE_CODES, `line ${d.line}: TS${d.code} ${d.text}`).toContain(d.code);
}

describe('type-check budgets', () => {
  it('the generated file of generic mistakes is up to date', () => {
    expect(readFileSync(path.join(ROOT, FILE), 'utf8')).toBe(genericMistakesSource());
  });

  it(`generic mistakes, ranks 2-5: TypeScript 5.9 within ${BUDGET_MS / 1000} s`, () => {
    const { diags, ms } = diagnostics59(TSCONFIG, FILE);
    expectOnePerMistake(diags);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it(`generic mistakes, ranks 2-5: TypeScript 7 within ${BUDGET_MS / 1000} s`, () => {
    const { diags, all, ms } = diagnostics7(TSCONFIG, FILE);
    expect(all.length).toBe(diags.length);
    expectOnePerMistake(diags);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('no TS2589 / TS2799 anywhere in the project (TypeScript 5.9 and 7)', () => {
    expect(allCodes59('tsconfig.json').filter((c) => DEPTH_ERRORS.includes(c))).toEqual([]);
    expect(diagnostics7('tsconfig.json', 'tsconfig.json').all.filter((d) => DEPTH_ERRORS.includes(d.code))).toEqual([]);
  });

  it('the GPT model file stays within its instantiation budget (both compilers)', () => {
    const count = (args: string[]) => {
      const r = spawnSync(process.execPath, [...args, '-p', path.join(ROOT, 'tests/types/fixtures/tsconfig.gpt.json'), '--noEmit', '--extendedDiagnostics'], { cwd: ROOT, encoding: 'utf8' });
      const m = /Instantiations:\s+(\d+)/.exec(r.stdout);
      if (!m) throw new Error(r.stdout + r.stderr);
      return Number(m[1]);
    };
    // README: about 60 k (TS 5.9) and 72 k (TS 7) with the library checked as source
    expect(count([path.join(ROOT, 'node_modules/typescript/bin/tsc')])).toBeLessThan(100_000);
    expect(count([path.join(ROOT, 'node_modules/typescript7/bin/tsc')])).toBeLessThan(120_000);
  });
});
