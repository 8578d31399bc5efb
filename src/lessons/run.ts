// `npm run lesson -- N [--option value ...]`: run lesson N (1..5, or its name). With no lesson, list them.
import { backendName } from '../dsl';
import { makeContext, type Lesson } from './lesson';
import { lesson1 } from './lesson-1-perceptron';
import { lesson2 } from './lesson-2-mlp';
import { lesson3 } from './lesson-3-bigram';
import { lesson4 } from './lesson-4-attention';
import { lesson5 } from './lesson-5-transformer';

export const LESSONS: readonly Lesson[] = [lesson1, lesson2, lesson3, lesson4, lesson5];

function usage(): string {
  const lines = ['usage: npm run lesson -- N [--option value ...]', '', 'lessons, in order:'];
  for (const l of LESSONS) {
    lines.push(`  ${l.number}  ${l.slug.padEnd(12)} ${l.title}  (chapter: ${l.chapter})`);
    for (const [name, o] of Object.entries(l.options)) lines.push(`       ${`--${name} ${o.default}`.padEnd(20)} ${o.help}`);
  }
  lines.push('', 'every lesson also takes --img-dir DIR (default docs/img)');
  return lines.join('\n');
}

export function findLesson(key: string): Lesson | undefined {
  return LESSONS.find((l) => String(l.number) === key || l.slug === key);
}

async function main(argv: string[]): Promise<number> {
  const [key, ...rest] = argv;
  if (key === undefined || key === '--help' || key === '-h') {
    console.log(usage());
    return 0;
  }
  const lesson = findLesson(key);
  if (!lesson) {
    console.error(`unknown lesson "${key}"\n\n${usage()}`);
    return 1;
  }
  const ctx = makeContext(lesson, rest);
  const t0 = Date.now();
  console.log(`(backend: ${backendName()})\n`);
  await lesson.run(ctx);
  console.log(`\nLesson ${lesson.number} took ${((Date.now() - t0) / 1000).toFixed(1)} s. Its chapter: ${lesson.chapter}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
