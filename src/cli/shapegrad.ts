// `npx shapegrad check|summary`: the command-line entry (bin/shapegrad.js runs it through tsx).
// Exit codes: 0 clean, 1 errors found (check) or a model that cannot be summarized, 2 bad usage.
import { runCheck, UsageError } from '../tools/check';
import { runSummary } from '../tools/summary';

export const HELP = `shapegrad: shape checks for TypeScript models written with shapegrad

usage:
  shapegrad check [paths...] [--project tsconfig.json] [--json]
      Type-check the project of ./tsconfig.json, or only the given files and directories (with that
      tsconfig's compiler options). Shape errors are printed in the words of the op, with both shapes,
      the dims that do not fit underlined with ^ and the source line; other TypeScript errors are
      printed as tsc prints them. --json prints an array of problems instead.
      Exit code: 0 no errors, 1 errors, 2 bad usage (unknown path, no tsconfig).

  shapegrad summary MODEL.ts [--config NAME] [--dims N=V,...] [--layers N] [--vocab N] [--project tsconfig.json] [--json]
      Without running the model, list the layers and tensors of the file's exported forward function in
      order (name, op, shape as the types say it and with the dims substituted) and the parameter counts
      per layer and in total, computed from the types of the parameters.
      --config NAME  a preset of configs.ts next to the model (shapegrad GPT convention: small,
                     lecture-cpu, lecture); --vocab sets its vocabulary size (default 65)
      --dims         bind forward's type parameters by name, e.g. --dims B=4,T=8,C=32
      --layers       how many times a parameter array (blocks) repeats (default: the config's nLayer, else 1)
      Exit code: 0 printed, 1 the file has no exported forward, 2 bad usage.

  shapegrad --help
`;

export interface Io {
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

const VALUED = new Set(['--project', '-p', '--config', '--dims', '--layers', '--vocab']);
const FLAGS = new Set(['--json', '--help', '-h']);

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [], options = new Map<string, string>(), flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUED.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      if (options.has(name)) throw new UsageError(`${name} is given twice`);
      options.set(name === '-p' ? '--project' : name, v);
    } else if (FLAGS.has(a)) flags.add(a === '-h' ? '--help' : a);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} (see shapegrad --help)`);
    else positional.push(a);
  }
  return { positional, options, flags };
}

function allow(p: Parsed, command: string, allowed: readonly string[]): void {
  for (const k of p.options.keys()) if (!allowed.includes(k)) throw new UsageError(`${k} is not an option of shapegrad ${command}`);
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name}: expected a non-negative integer, got "${v}"`);
  return Number(v);
}

/** runs one command line; returns the exit code */
export function main(argv: readonly string[], io: Io): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new UsageError('expected a command, check or summary (see shapegrad --help)');
    if (command === '--help' || command === '-h' || command === 'help') { io.out(HELP); return 0; }
    const p = parse(rest);
    if (p.flags.has('--help')) { io.out(HELP); return 0; }
    const json = p.flags.has('--json');
    if (command === 'check') {
      allow(p, 'check', ['--project']);
      const r = runCheck({ cwd: io.cwd, paths: p.positional, tsconfig: p.options.get('--project'), json });
      io.out(r.output);
      return r.code;
    }
    if (command === 'summary') {
      allow(p, 'summary', ['--project', '--config', '--dims', '--layers', '--vocab']);
      if (p.positional.length !== 1) throw new UsageError('summary takes exactly one model file, e.g. shapegrad summary src/models/gpt.ts');
      const r = runSummary({
        cwd: io.cwd, file: p.positional[0], tsconfig: p.options.get('--project'), config: p.options.get('--config'),
        dims: p.options.get('--dims'), layers: int('--layers', p.options.get('--layers')), vocab: int('--vocab', p.options.get('--vocab')), json,
      });
      io.out(r.output);
      return r.code;
    }
    throw new UsageError(`unknown command "${command}" (expected check or summary; see shapegrad --help)`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`shapegrad: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { cwd: process.cwd(), out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
}
