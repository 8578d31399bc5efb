// Golden error messages: tests/types/fixtures/mistakes.ts holds typical shape mistakes, one per line marked
// `// MISTAKE <name>`. Both compilers must report exactly one diagnostic on each marked line, none elsewhere,
// with exactly this text:
//   TypeScript 5.9 (compiler API)  "Argument of type 'A' is not assignable to parameter of type 'ShapeError<...>'."
//                                  + the elaboration "Property '__shapeError' is missing ..." (TS2345)
//   TypeScript 7 (its tsc)         the elaboration alone (TS2741), DESIGN-NOTES section 8
// A literal mistake names the op, the two dims and the two shapes; a generic one names the verdict and the offending
// dims first. The runtime twin of each literal mistake (dims hidden behind `number`) throws the same words.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Tensor, ShapeError, zeros, ints, matmul, linear, reshape, rearrange, maskedFill, not, tril, crossEntropy, concat,
} from '../../src/dsl';
import { ROOT, diagnostics59, diagnostics7, type Diag } from './compilers';

const FILE = 'tests/types/fixtures/mistakes.ts';
const TSCONFIG = 'tests/types/fixtures/tsconfig.json';

interface Expected { ts59: { code: number; text: string }; ts7: { code: number; text: string } }
/** a parameter that became a ShapeError and an argument without `__shapeError` */
function missing(arg: string, shapeError: string): Expected {
  const elaboration = `Property '__shapeError' is missing in type '${arg}' but required in type '${shapeError}'.`;
  return {
    ts59: { code: 2345, text: `Argument of type '${arg}' is not assignable to parameter of type '${shapeError}'.\n  ${elaboration}` },
    ts7: { code: 2741, text: elaboration },
  };
}
/** a parameter type the argument is not assignable to, no elaboration (the same text in both compilers) */
function notAssignable(arg: string, param: string): Expected {
  const same = { code: 2345, text: `Argument of type '${arg}' is not assignable to parameter of type '${param}'.` };
  return { ts59: same, ts7: same };
}

const EXPECTED: Record<string, Expected> = {
  'wrong inner dim': missing('Tensor<[32, 10], "float32">', 'ShapeError<"matmul: inner dims differ (64 vs 32)", [32, 8, 64], [32, 10]>'),
  'wrong bias width': missing('Tensor<[64], "float32">', 'ShapeError<"linear: bias has 64 entries, weight has 256 outputs", [64, 256], [64]>'),
  'wrong reshape': missing('number[]', 'ShapeError<"reshape: 16384 elements cannot be viewed as 15360", [32, 8, 64], readonly [32, 8, 4, 15]>'),
  'wrong head split': missing('Tensor<[32, 8, 64], "float32">', 'ShapeError<"rearrange: dim 64 is not (h d) = 60", [32, 8, 64], [4, 15]>'),
  'mask of the wrong shape': missing('Tensor<[8, 8], "bool">', 'ShapeError<"maskedFill: cannot broadcast (dim 16 vs 8)", [4, 12, 16, 16], [8, 8]>'),
  'targets of the wrong length': missing('Tensor<[16, 31], "int32">', 'ShapeError<"crossEntropy: targets must be logits.shape[:-1]", [16, 32, 65], [16, 31]>'),
  'concat of mismatched dims': notAssignable('number', 'ShapeError<"concat: shapes differ outside axis -1 (dim 8 vs 7)", [2, 8, 64], [2, 7, 64]>'),
  'k not transposed (literal)': missing('Tensor<[2, 4, 8, 16], "float32">', 'ShapeError<"matmul: inner dims differ (16 vs 8)", [2, 4, 8, 16], [2, 4, 8, 16]>'),
  'k not transposed (generic)': notAssignable('Tensor<[B, H, T, D], "float32">',
    'Check<MatmulVerdict<D, T, [B, H, T, D], [B, H, T, D], [B, H], [B, H]>, Tensor<[B, H, T, D], "float32">>'),
  'wrong head split (generic)': missing('Tensor<[B, T, 64], "float32">', 'ShapeError<"splitLast: last dim 64 is not 4 * 15", [B, T, 64], unknown>'),
  'wrong head split (generic rearrange)': notAssignable('Tensor<[B, T, Mul<H, D>], "float32">',
    'Check<SplitVerdict<Mul<H, D>, [D, H], "h d", [B, T, Mul<H, D>]>, Tensor<[B, T, Mul<H, D>], "float32">>'),
  'targets of the wrong length (generic)': notAssignable('Tensor<[T, B], "int32">',
    'Check<SameShapeVerdict<[B, T], [T, B], "crossEntropy: targets must be logits.shape[:-1]", [B, T, V], [T, B]>, Tensor<[T, B], "int32">>'),
  'mask of the wrong shape (generic)': notAssignable('Tensor<[D, D], "bool">',
    'Check<MaskVerdict<[B, H, T, T], [D, D], "maskedFill", "mask", "x">, Tensor<[D, D], "bool">>'),
  'concat of mismatched dims (generic)': notAssignable('1', 'Check<ConcatPairVerdict<[B, C], [B, V], 1, [B, T, C], [B, T, V]>, 1>'),
};

/** marker name -> line number */
function markers(): Map<string, number> {
  const lines = readFileSync(path.join(ROOT, FILE), 'utf8').split('\n');
  const out = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = /;\s*\/\/ MISTAKE (.+)$/.exec(l);
    if (m) out.set(m[1].trim(), i + 1);
  });
  return out;
}

function check(diags: Diag[], which: 'ts59' | 'ts7'): void {
  const marks = markers();
  expect([...marks.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  const byLine = new Map<number, Diag[]>();
  for (const d of diags) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
  const unmarked = [...byLine.keys()].filter((l) => ![...marks.values()].includes(l));
  expect(unmarked, `diagnostics on lines without a MISTAKE marker: ${unmarked.join(', ')}`).toEqual([]);
  for (const [name, line] of marks) {
    const got = (byLine.get(line) ?? []).map(({ code, text }) => ({ code, text }));
    expect(got, `${which}: ${name} (line ${line})`).toEqual([EXPECTED[name][which]]);
  }
}

describe('golden error messages', () => {
  it('TypeScript 5.9 (compiler API)', () => {
    check(diagnostics59(TSCONFIG, FILE).diags, 'ts59');
  });

  it('TypeScript 7 (its tsc)', () => {
    const r = diagnostics7(TSCONFIG, FILE);
    expect(r.all.length, r.stdout).toBe(r.diags.length);                 // nothing outside the fixture
    check(r.diags, 'ts7');
  });

  it('the runtime says the same words when the dims are only known at run time', () => {
    type Wide<S extends readonly number[]> = { -readonly [K in keyof S]: number };
    const dyn = <const S extends readonly number[]>(s: S) => zeros(s) as unknown as Tensor<Wide<S>>;
    const runtime: Record<string, () => unknown> = {
      'wrong inner dim': () => matmul(dyn([32, 8, 64]), dyn([32, 10])),
      'wrong bias width': () => linear(dyn([32, 8, 64]), dyn([64, 256]), dyn([64])),
      'wrong reshape': () => reshape(dyn([32, 8, 64]), [32, 8, 4, 15]),
      'wrong head split': () => rearrange('b t (h d) -> b h t d', dyn([32, 8, 64]), { h: 4, d: 15 }),
      'mask of the wrong shape': () => maskedFill(dyn([4, 12, 16, 16]), not(tril(8)) as never, -Infinity),
      'targets of the wrong length': () => crossEntropy(dyn([16, 32, 65]), ints(new Array<number>(16 * 31).fill(0), [16, 31]) as never),
      'concat of mismatched dims': () => concat([dyn([2, 8, 64]), dyn([2, 7, 64])], -1),
      'k not transposed (literal)': () => matmul(dyn([2, 4, 8, 16]), dyn([2, 4, 8, 16])),
    };
    for (const [name, f] of Object.entries(runtime)) {
      const m = /ShapeError<"([^"]*)", (?:readonly )?(\[[^\]]*\]), (?:readonly )?(\[[^\]]*\]|unknown)>/.exec(EXPECTED[name].ts7.text);
      if (!m) throw new Error(`no ShapeError in the expectation of ${name}`);
      const words = m[3] === 'unknown' ? `${m[1]}: ${m[2]}` : `${m[1]}: ${m[2]} and ${m[3]}`;
      expect(f, name).toThrow(ShapeError);
      expect(f, name).toThrow(words);
    }
  });
});
