import { describe, expect, expectTypeOf, it } from 'vitest';
import { ArgsError, flagName, helpText, parseArgs, type ArgValues } from '../src/cli/args';

const spec = {
  steps: { type: 'int', default: 500, min: 1, description: 'number of training steps' },
  batchSize: { type: 'int', default: 16, min: 1, max: 512, description: 'sequences per batch' },
  lr: { type: 'float', default: 3e-4, min: 0, description: 'learning rate' },
  dropout: { type: 'float', default: 0, min: 0, max: 1, description: 'dropout probability' },
  device: { type: 'enum', choices: ['cpu', 'gpu'], default: 'gpu', description: 'where kernels run' },
  out: { type: 'string', default: 'checkpoints/gpt.safetensors', description: 'checkpoint path' },
  resume: { type: 'string', description: 'checkpoint to resume from' },
  seed: { type: 'int', description: 'random seed' },
  quiet: { type: 'flag', description: 'no progress bar' },
} as const;

function values(argv: string[]): ArgValues<typeof spec> {
  const r = parseArgs(spec, argv);
  if (r.help) throw new Error('unexpected help');
  return r.values;
}

function error(argv: string[]): string {
  try {
    parseArgs(spec, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(ArgsError);
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseArgs', () => {
  it('returns the defaults when nothing is given', () => {
    expect(values([])).toEqual({
      steps: 500, batchSize: 16, lr: 3e-4, dropout: 0, device: 'gpu',
      out: 'checkpoints/gpt.safetensors', resume: undefined, seed: undefined, quiet: false,
    });
  });

  it('accepts --name value and --name=value, kebab-case names and flags', () => {
    const v = values(['--steps', '1000', '--batch-size=32', '--lr', '1e-3', '--device=cpu', '--resume', 'a=b.st', '--seed', '-7', '--quiet', '--dropout', '.25']);
    expect(v).toEqual({
      steps: 1000, batchSize: 32, lr: 1e-3, dropout: 0.25, device: 'cpu',
      out: 'checkpoints/gpt.safetensors', resume: 'a=b.st', seed: -7, quiet: true,
    });
    expect(values(['--out=']).out).toBe('');
  });

  it('types the values from the declarations', () => {
    const v = values([]);
    expectTypeOf(v.steps).toEqualTypeOf<number>();
    expectTypeOf(v.device).toEqualTypeOf<'cpu' | 'gpu'>();
    expectTypeOf(v.out).toEqualTypeOf<string>();
    expectTypeOf(v.resume).toEqualTypeOf<string | undefined>();
    expectTypeOf(v.seed).toEqualTypeOf<number | undefined>();
    expectTypeOf(v.quiet).toEqualTypeOf<boolean>();
    // without `as const` the literal types are still inferred
    const r = parseArgs({ mode: { type: 'enum', choices: ['a', 'b'], default: 'a', description: 'm' } }, ['--mode', 'b']);
    if (!r.help) expectTypeOf(r.values.mode).toEqualTypeOf<'a' | 'b'>();
  });

  it('rejects bad integers with one sentence', () => {
    expect(error(['--steps', 'abc'])).toBe('--steps: expected a positive integer, got "abc".');
    expect(error(['--steps', '0'])).toBe('--steps: expected a positive integer, got "0".');
    expect(error(['--steps', '2.5'])).toBe('--steps: expected a positive integer, got "2.5".');
    expect(error(['--steps', 'Infinity'])).toBe('--steps: expected a positive integer, got "Infinity".');
    expect(error(['--steps', '1e400'])).toBe('--steps: expected a positive integer, got "1e400".');
    expect(error(['--steps', '0x10'])).toBe('--steps: expected a positive integer, got "0x10".');
    expect(error(['--steps', '99999999999999999999'])).toBe('--steps: expected a positive integer, got "99999999999999999999".');
    expect(error(['--batch-size=1000'])).toBe('--batch-size: expected an integer in [1, 512], got "1000".');
    expect(error(['--seed', ''])).toBe('--seed: expected an integer, got "".');
  });

  it('rejects bad floats with one sentence', () => {
    expect(error(['--lr', 'fast'])).toBe('--lr: expected a number >= 0, got "fast".');
    expect(error(['--lr', 'NaN'])).toBe('--lr: expected a number >= 0, got "NaN".');
    expect(error(['--lr', '-1'])).toBe('--lr: expected a number >= 0, got "-1".');
    expect(error(['--dropout', '1.5'])).toBe('--dropout: expected a number in [0, 1], got "1.5".');
  });

  it('rejects a value outside the choices of an enum', () => {
    expect(error(['--device', 'tpu'])).toBe('--device: expected one of "cpu", "gpu", got "tpu".');
  });

  it('rejects unknown options, missing values, repeats and positional arguments', () => {
    expect(error(['--stepz', '3'])).toBe(
      '--stepz: unknown option, expected one of --steps, --batch-size, --lr, --dropout, --device, --out, --resume, --seed, --quiet or --help.',
    );
    expect(error(['--batchSize', '3'])).toMatch(/^--batchSize: unknown option/);
    expect(error(['--steps'])).toBe('--steps: expected a value after it, got the end of the arguments.');
    expect(error(['--steps', '--lr', '1'])).toBe('--steps: expected a value after it, got the option --lr.');
    expect(error(['--steps', '1', '--steps', '2'])).toBe('--steps: given more than once, expected it at most once.');
    expect(error(['500'])).toBe('unexpected argument "500", expected options written as --name value or --name=value.');
    expect(error(['-s', '5'])).toBe('unexpected argument "-s", expected options written as --name value or --name=value.');
    expect(error(['--quiet=yes'])).toBe('--quiet: takes no value, got "yes".');
  });

  it('enforces required options', () => {
    const s = { data: { type: 'string', required: true, description: 'text file' } } as const;
    expect(() => parseArgs(s, [])).toThrow(new ArgsError('--data: is required, expected a string.'));
    const r = parseArgs(s, ['--data', 'x.txt']);
    expect(r.help ? null : r.values.data).toBe('x.txt');
    if (!r.help) expectTypeOf(r.values.data).toEqualTypeOf<string>();
  });

  it('rejects invalid declarations as programming errors', () => {
    expect(() => parseArgs({ n: { type: 'int', default: 0, min: 1, description: 'n' } }, [])).toThrow(
      'parseArgs: the default of --n is invalid (--n: expected a positive integer, got "0".)',
    );
    expect(() => parseArgs({ m: { type: 'enum', choices: ['a'], default: 'b', description: 'm' } }, [])).toThrow(/default of --m is invalid/);
    expect(() => parseArgs({ help: { type: 'flag', description: 'h' } }, [])).toThrow(/reserved/);
  });

  it('returns the help text for --help and -h, built from the declarations', () => {
    const r = parseArgs(spec, ['--steps', 'abc', '--help'], { program: 'npm run train --', description: 'Trains a character-level GPT.' });
    expect(r.help).toBe(true);
    const text = r.help ? r.text : '';
    expect(text).toBe(helpText(spec, { program: 'npm run train --', description: 'Trains a character-level GPT.' }));
    expect(text).toBe(
      [
        'Usage: npm run train -- [options]',
        '',
        'Trains a character-level GPT.',
        '',
        'Options:',
        '  --steps <int>       number of training steps (a positive integer; default: 500)',
        '  --batch-size <int>  sequences per batch (an integer in [1, 512]; default: 16)',
        '  --lr <float>        learning rate (a number >= 0; default: 0.0003)',
        '  --dropout <float>   dropout probability (a number in [0, 1]; default: 0)',
        '  --device <cpu|gpu>  where kernels run (default: gpu)',
        '  --out <string>      checkpoint path (default: "checkpoints/gpt.safetensors")',
        '  --resume <string>   checkpoint to resume from',
        '  --seed <int>        random seed',
        '  --quiet             no progress bar',
        '  --help, -h          show this help and exit',
      ].join('\n'),
    );
    expect(parseArgs(spec, ['-h']).help).toBe(true);
  });

  it('maps camelCase keys to kebab-case flags', () => {
    expect(flagName('batchSize')).toBe('--batch-size');
    expect(flagName('nEmbd')).toBe('--n-embd');
    expect(flagName('steps')).toBe('--steps');
  });
});
