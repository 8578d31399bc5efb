// The curriculum as a reader meets it: lessons 1-4 run (here with tiny settings) and write their
// pictures (lesson 5 runs in transformer.test.ts); every chapter exists, its links to the code point at
// lines that exist, its pictures exist, and the README links the chapters in order.
import { describe, expect, it, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setBackend } from '../../src/dsl';
import { makeContext } from '../../src/lessons/lesson';
import { LESSONS, findLesson } from '../../src/lessons/run';

const ROOT = path.join(__dirname, '../..');

/** tiny settings: each lesson in a few seconds */
const QUICK: Record<number, string[]> = {
  1: ['--steps', '20', '--epochs', '5'],
  2: ['--steps', '20', '--xor-steps', '10'],
  3: ['--steps', '20'],
  4: ['--steps', '5'],
};

const PICTURES: Record<number, string[]> = {
  1: ['01-perceptron.svg', '01-sigmoid-loss.svg'],
  2: ['02-xor-boundary.svg', '02-moons-boundary.svg'],
  3: ['03-bigram-counts.svg', '03-bigram-loss.svg'],
  4: ['04-averaging-weights.svg', '04-attention-weights.svg'],
  5: ['05-loss-curve.svg'],
};

describe('the lessons run and draw', () => {
  beforeAll(() => { setBackend('auto'); });

  it.each(LESSONS.filter((l) => QUICK[l.number]).map((l) => [l.number, l.slug] as const))('lesson %i (%s) runs with tiny settings and writes its SVGs', async (n) => {
    const lesson = findLesson(String(n))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-lesson-'));
    const lines: string[] = [];
    const result = await lesson.run(makeContext(lesson, [...QUICK[n], '--img-dir', dir], (l = '') => lines.push(l)));
    expect(lines[0]).toMatch(new RegExp(`^# Lesson ${n}: `));
    expect(Object.keys(result).length).toBeGreaterThan(0);
    for (const v of Object.values(result)) expect(Number.isFinite(v)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual([...PICTURES[n]].sort());
    for (const f of PICTURES[n]) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    fs.rmSync(dir, { recursive: true });
  });

  it('lessons are found by number or name; bad options are refused by name', () => {
    expect(findLesson('3')).toBe(findLesson('bigram'));
    expect(findLesson('6')).toBeUndefined();
    expect(() => makeContext(LESSONS[4], ['--stpes', '10'])).toThrow('lesson 5: unknown option "--stpes" (known: --img-dir, --steps,');
    expect(() => makeContext(LESSONS[4], ['--steps']).num('steps')).toThrow('lesson 5: option --steps needs a value');
    expect(() => makeContext(LESSONS[4], ['--steps', 'ten']).num('steps')).toThrow('lesson 5: --steps must be a positive number, got "ten"');
  });
});

describe('the chapters', () => {
  it('exist in order, and the README links them in that order', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const positions = LESSONS.map((l) => {
      expect(fs.existsSync(path.join(ROOT, l.chapter)), l.chapter).toBe(true);
      const at = readme.indexOf(`](${l.chapter})`);
      expect(at, `README links ${l.chapter}`).toBeGreaterThan(0);
      return at;
    });
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it.each(LESSONS.map((l) => l.chapter))('%s: every link and picture points at something that exists (line anchors in range)', (chapter) => {
    const file = path.join(ROOT, chapter);
    const text = fs.readFileSync(file, 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith('#'));
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) {
      const [rel, anchor] = link.split('#');
      const target = path.resolve(path.dirname(file), rel);
      expect(fs.existsSync(target), `${chapter}: ${link}`).toBe(true);
      if (!anchor) continue;
      const m = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
      expect(m, `${chapter}: ${link} anchor`).not.toBeNull();
      const lines = fs.readFileSync(target, 'utf8').split('\n').length;
      const from = Number(m![1]), to = Number(m![2] ?? m![1]);
      expect(from >= 1 && from <= to && to <= lines, `${chapter}: ${link} within ${lines} lines`).toBe(true);
    }
    const n = Number(path.basename(chapter).slice(0, 2));
    for (const pic of PICTURES[n]) expect(text, `${chapter} shows ${pic}`).toContain(`(img/${pic})`);
  });
});
