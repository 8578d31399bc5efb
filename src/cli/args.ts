// A small typed command-line parser (no dependency). Options are declared once, with a type, a
// default and a description; the declaration types the parsed values and builds the --help text.
//
//   const spec = { steps: { type: 'int', default: 500, min: 1, description: 'training steps' },
//                  device: { type: 'enum', choices: ['cpu', 'gpu'], default: 'gpu', description: '...' } };
//   const r = parseArgs(spec, process.argv.slice(2), { program: 'npm run train --' });
//   if (r.help) { console.log(r.text); process.exit(0); }
//   r.values.steps // number;  r.values.device // 'cpu' | 'gpu'
//
// The option for key `batchSize` is written `--batch-size` (camelCase keys become kebab-case). Both
// `--name value` and `--name=value` are accepted; `--help` / `-h` ask for the help text. Unknown
// options, missing values, bad numbers, repeated options and positional arguments are rejected with
// an ArgsError of one sentence, e.g. `--steps: expected a positive integer, got "abc".`

interface BaseSpec {
  description: string;
  /** when true, the option must be given (only meaningful without a default) */
  required?: boolean;
}

export interface IntSpec extends BaseSpec { type: 'int'; default?: number; min?: number; max?: number }
export interface FloatSpec extends BaseSpec { type: 'float'; default?: number; min?: number; max?: number }
export interface StringSpec extends BaseSpec { type: 'string'; default?: string }
export interface EnumSpec extends BaseSpec { type: 'enum'; choices: readonly string[]; default?: string }
/** a boolean switch that takes no value: false unless given */
export interface FlagSpec extends BaseSpec { type: 'flag' }

export type OptionSpec = IntSpec | FloatSpec | StringSpec | EnumSpec | FlagSpec;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<O> = O extends { type: 'int' | 'float' }
  ? number
  : O extends { type: 'string' }
    ? string
    : O extends { type: 'enum'; choices: readonly (infer C)[] }
      ? C
      : O extends { type: 'flag' }
        ? boolean
        : never;

type AlwaysSet<O> = O extends { default: unknown } ? true : O extends { required: true } ? true : O extends { type: 'flag' } ? true : false;

/** the parsed values: an option without a default (and not required) may be undefined */
export type ArgValues<S extends OptionSpecs> = {
  -readonly [K in keyof S]: AlwaysSet<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export type ParseResult<S extends OptionSpecs> = { help: true; text: string } | { help: false; values: ArgValues<S> };

export interface ParserInfo {
  /** how the program is invoked, for the usage line (default "train") */
  program?: string;
  /** a sentence or two shown under the usage line */
  description?: string;
}

/** a user error on the command line; the message is one sentence */
export class ArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgsError';
  }
}

export function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function typeLabel(spec: OptionSpec): string {
  switch (spec.type) {
    case 'int': return '<int>';
    case 'float': return '<float>';
    case 'string': return '<string>';
    case 'enum': return `<${spec.choices.join('|')}>`;
    case 'flag': return '';
  }
}

/** what a numeric option expects, as a phrase: "a positive integer", "a number in [0, 1]" */
function expectation(spec: IntSpec | FloatSpec): string {
  const { min, max } = spec;
  const noun = spec.type === 'int' ? 'integer' : 'number';
  if (min !== undefined && max !== undefined) return `${spec.type === 'int' ? 'an' : 'a'} ${noun} in [${min}, ${max}]`;
  if (spec.type === 'int' && min === 1 && max === undefined) return 'a positive integer';
  if (spec.type === 'int' && min === 0 && max === undefined) return 'a non-negative integer';
  if (min !== undefined) return `${spec.type === 'int' ? 'an' : 'a'} ${noun} >= ${min}`;
  if (max !== undefined) return `${spec.type === 'int' ? 'an' : 'a'} ${noun} <= ${max}`;
  return spec.type === 'int' ? 'an integer' : 'a finite number';
}

function parseValue(name: string, spec: OptionSpec, raw: string): string | number | boolean {
  switch (spec.type) {
    case 'string':
      return raw;
    case 'enum':
      if (!spec.choices.includes(raw)) {
        throw new ArgsError(`${name}: expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(raw)}.`);
      }
      return raw;
    case 'int':
    case 'float': {
      const n = NUMBER_RE.test(raw) ? Number(raw) : NaN;
      const ok =
        Number.isFinite(n) &&
        (spec.type === 'float' || Number.isSafeInteger(n)) &&
        (spec.min === undefined || n >= spec.min) &&
        (spec.max === undefined || n <= spec.max);
      if (!ok) throw new ArgsError(`${name}: expected ${expectation(spec)}, got ${JSON.stringify(raw)}.`);
      return n;
    }
    case 'flag':
      throw new ArgsError(`${name}: takes no value, got ${JSON.stringify(raw)}.`);
  }
}

/** checks the declarations themselves (a programming error, not a user error) */
function checkSpecs(specs: OptionSpecs): void {
  for (const [key, spec] of Object.entries(specs)) {
    const name = flagName(key);
    if (name === '--help') throw new Error(`parseArgs: the option name ${name} is reserved for the help text.`);
    if (spec.type === 'enum' && spec.choices.length === 0) throw new Error(`parseArgs: ${name} has no choices, expected at least one.`);
    if ('default' in spec && spec.default !== undefined) {
      try {
        parseValue(name, spec, String(spec.default));
      } catch (e) {
        throw new Error(`parseArgs: the default of ${name} is invalid (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
}

/** the help text built from the declarations */
export function helpText(specs: OptionSpecs, info: ParserInfo = {}): string {
  const rows: [string, string][] = Object.entries(specs).map(([key, spec]) => {
    const left = `${flagName(key)}${spec.type === 'flag' ? '' : ' ' + typeLabel(spec)}`;
    const notes: string[] = [];
    if (spec.type === 'int' || spec.type === 'float') {
      if (spec.min !== undefined || spec.max !== undefined) notes.push(expectation(spec));
    }
    if ('default' in spec && spec.default !== undefined) notes.push(`default: ${spec.type === 'string' ? JSON.stringify(spec.default) : spec.default}`);
    else if (spec.required) notes.push('required');
    return [left, notes.length > 0 ? `${spec.description} (${notes.join('; ')})` : spec.description];
  });
  rows.push(['--help, -h', 'show this help and exit']);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const lines = [`Usage: ${info.program ?? 'train'} [options]`];
  if (info.description) lines.push('', info.description);
  lines.push('', 'Options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`));
  return lines.join('\n');
}

/**
 * Parses `argv` (without the node and script paths) against the declarations. Returns the help text
 * when --help or -h is present, the typed values otherwise; throws an ArgsError on bad input.
 */
export function parseArgs<const S extends OptionSpecs>(specs: S, argv: readonly string[], info: ParserInfo = {}): ParseResult<S> {
  checkSpecs(specs);
  if (argv.includes('--help') || argv.includes('-h')) return { help: true, text: helpText(specs, info) };

  const byName = new Map<string, [string, OptionSpec]>();
  for (const [key, spec] of Object.entries(specs)) byName.set(flagName(key), [key, spec]);
  const values: Record<string, string | number | boolean | undefined> = {};
  const seen = new Set<string>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new ArgsError(`unexpected argument ${JSON.stringify(arg)}, expected options written as --name value or --name=value.`);
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const entry = byName.get(name);
    if (entry === undefined) {
      const known = [...byName.keys()].join(', ');
      throw new ArgsError(`${name}: unknown option, expected one of ${known === '' ? '(none)' : known} or --help.`);
    }
    const [key, spec] = entry;
    if (seen.has(key)) throw new ArgsError(`${name}: given more than once, expected it at most once.`);
    seen.add(key);
    if (spec.type === 'flag') {
      if (eq >= 0) parseValue(name, spec, arg.slice(eq + 1)); // throws: a flag takes no value
      values[key] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new ArgsError(`${name}: expected a value after it, got the end of the arguments.`);
      if (next.startsWith('--')) throw new ArgsError(`${name}: expected a value after it, got the option ${next}.`);
      raw = next;
      i++;
    }
    values[key] = parseValue(name, spec, raw);
  }

  for (const [key, spec] of Object.entries(specs)) {
    if (key in values) continue;
    if (spec.type === 'flag') values[key] = false;
    else if (spec.default !== undefined) values[key] = spec.default;
    else if (spec.required) throw new ArgsError(`${flagName(key)}: is required, expected ${spec.type === 'enum' ? `one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}` : spec.type === 'string' ? 'a string' : expectation(spec)}.`);
    else values[key] = undefined;
  }
  // the loop above sets exactly the keys of S with values of the declared types
  return { help: false, values: values as ArgValues<S> };
}
