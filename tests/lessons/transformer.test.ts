// Lesson 5: the lesson's GPT (SMALL) learns: run the lesson itself for 30 steps; its val loss falls from
// about ln 65 = 4.17 to below 3.3, and it draws its loss curve.
import { describe, expect, it, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setBackend } from '../../src/dsl';
import { makeContext } from '../../src/lessons/lesson';
import { lesson5 } from '../../src/lessons/lesson-5-transformer';

describe('lesson 5: the transformer', () => {
  beforeAll(() => { setBackend('auto'); });

  it('SMALL, 30 steps: val loss from about 4.17 to below 3.3; writes 05-loss-curve.svg', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapegrad-lesson-'));
    const lines: string[] = [];
    const argv = ['--steps', '30', '--eval-every', '30', '--eval-iters', '3', '--tokens', '3', '--img-dir', dir];
    const r = await lesson5.run(makeContext(lesson5, argv, (l = '') => lines.push(l)));
    expect(Math.abs(r.valStart - Math.log(65))).toBeLessThan(0.15);
    expect(r.valEnd).toBeLessThan(3.3);
    expect(r.bigramVal).toBeGreaterThan(2.45);
    expect(lines.some((l) => l.startsWith('## 3 generated characters'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, '05-loss-curve.svg'), 'utf8')).toMatch(/^<svg /);
    fs.rmSync(dir, { recursive: true });
  });
});
