// What every lesson is: a numbered program that prints its commentary and results, writes its pictures,
// and reads a few `--name value` options (each lesson lists its own, with defaults).
import * as path from 'node:path';
import { IMG_DIR } from './plot';

export interface LessonOption {
  /** default value, as typed on the command line */
  default: string;
  help: string;
}

export interface LessonContext {
  /** print one line of commentary or results */
  say: (line?: string) => void;
  /** where pictures go (docs/img unless --img-dir) */
  imgDir: string;
  /** an option's value (numbers are parsed and checked) */
  num: (name: string) => number;
}

export interface Lesson {
  number: number;
  slug: string;
  title: string;
  /** the chapter that explains it, relative to the repository root */
  chapter: string;
  options: Record<string, LessonOption>;
  /** prints the lesson, writes its pictures, and returns its key numbers (the tests check them) */
  run: (ctx: LessonContext) => Promise<LessonResult>;
}

/** a lesson's key numbers by name, e.g. { valLoss: 2.49 } */
export type LessonResult = Record<string, number>;

/** `--steps 500 --img-dir out` -> context; an unknown option or a bad number is an error naming it */
export function makeContext(lesson: Lesson, argv: readonly string[], say: (line?: string) => void = (l = '') => console.log(l)): LessonContext {
  const values = new Map<string, string>(Object.entries(lesson.options).map(([k, o]) => [k, o.default]));
  let imgDir = IMG_DIR;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    const value = argv[i + 1];
    if (name !== 'img-dir' && !values.has(name)) {
      const known = ['img-dir', ...values.keys()].map((k) => `--${k}`).join(', ');
      throw new Error(`lesson ${lesson.number}: unknown option "${flag}" (known: ${known})`);
    }
    if (value === undefined) throw new Error(`lesson ${lesson.number}: option ${flag} needs a value`);
    if (name === 'img-dir') imgDir = path.resolve(value);
    else values.set(name, value);
    i++;
  }
  const num = (name: string): number => {
    const raw = values.get(name);
    if (raw === undefined) throw new Error(`lesson ${lesson.number}: no option --${name}`);
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`lesson ${lesson.number}: --${name} must be a positive number, got "${raw}"`);
    return v;
  };
  return { say, imgDir, num };
}

/** format a number for the commentary */
export const f4 = (x: number) => x.toFixed(4);
