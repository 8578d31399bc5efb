import { describe, expect, it } from 'vitest';
import { formatDuration, formatThousands, ProgressBar, renderProgress } from '../src/cli/progress';

describe('renderProgress', () => {
  it('renders the bar, step, loss, throughput and eta', () => {
    expect(renderProgress({ step: 120, total: 500, loss: 2.43117, tokensPerSec: 1234.4, etaSec: 65, width: 12 })).toBe(
      '[==>         ] 120/500  loss 2.4312  1,234 tok/s  eta 1m05s',
    );
    expect(renderProgress({ step: 250, total: 500, loss: 1.5, tokensPerSec: 98765.6, etaSec: 3725, width: 10 })).toBe(
      '[=====>    ] 250/500  loss 1.5000  98,766 tok/s  eta 1h02m',
    );
  });

  it('starts empty, pads the step to the width of the total and ends full without an eta', () => {
    expect(renderProgress({ step: 0, total: 1000, width: 8 })).toBe('[>       ]    0/1000  eta --');
    expect(renderProgress({ step: 7, total: 1000, etaSec: 12.4, width: 8 })).toBe('[>       ]    7/1000  eta 12s');
    expect(renderProgress({ step: 999, total: 1000, width: 8 })).toBe('[=======>]  999/1000  eta --');
    expect(renderProgress({ step: 1000, total: 1000, loss: 1.23456, tokensPerSec: 5e6, width: 8 })).toBe(
      '[========] 1000/1000  loss 1.2346  5,000,000 tok/s',
    );
    expect(renderProgress({ step: 3, total: 5 })).toMatch(/^\[={18}> {11}\] 3\/5  eta --$/); // default width 30
  });

  it('shows a diverged loss as it is', () => {
    expect(renderProgress({ step: 1, total: 2, loss: NaN, width: 2 })).toBe('[=>] 1/2  loss NaN  eta --');
    expect(renderProgress({ step: 1, total: 2, loss: Infinity, width: 2 })).toBe('[=>] 1/2  loss Infinity  eta --');
  });

  it('rejects impossible numbers with one sentence', () => {
    expect(() => renderProgress({ step: 600, total: 500 })).toThrow('renderProgress: step is 600, expected an integer in [0, 500].');
    expect(() => renderProgress({ step: 1.5, total: 500 })).toThrow('renderProgress: step is 1.5, expected an integer in [0, 500].');
    expect(() => renderProgress({ step: 0, total: 0 })).toThrow('renderProgress: total is 0, expected a positive integer.');
    expect(() => renderProgress({ step: 0, total: 5, width: 0 })).toThrow('renderProgress: width is 0, expected a positive integer.');
  });
});

describe('formatting helpers', () => {
  it('groups thousands', () => {
    expect([0, 7, 999, 1000, 1234.4, 1234.5, 1234567, -4321].map(formatThousands)).toEqual(
      ['0', '7', '999', '1,000', '1,234', '1,235', '1,234,567', '-4,321'],
    );
    expect(formatThousands(NaN)).toBe('NaN');
  });

  it('formats durations', () => {
    expect([0, 4.6, 59.4, 60, 65, 3599, 3600, 3725, 86400 + 60].map(formatDuration)).toEqual(
      ['0s', '5s', '59s', '1m00s', '1m05s', '59m59s', '1h00m', '1h02m', '24h01m'],
    );
    expect(formatDuration(NaN)).toBe('--');
    expect(formatDuration(-1)).toBe('--');
  });
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (s: string) => { writes.push(s); return true; } };
}

describe('ProgressBar', () => {
  it('prints a plain line every N steps when the output is not a terminal', () => {
    const stream = fakeStream(false);
    let t = 0;
    const bar = new ProgressBar({ total: 10, stream, width: 10, logEvery: 4, now: () => t });
    for (let step = 1; step <= 10; step++) {
      t += 500; // 0.5 s per step of 1000 tokens
      bar.update({ step, loss: 3 - step / 10, tokens: 1000 });
    }
    expect(stream.writes).toEqual([
      '[====>     ]  4/10  loss 2.6000  2,000 tok/s  eta 3s\n',
      '[========> ]  8/10  loss 2.2000  2,000 tok/s  eta 1s\n',
      '[==========] 10/10  loss 2.0000  2,000 tok/s\n',
    ]);
    expect(bar.isTTY).toBe(false);
  });

  it('redraws in place with \\r on a terminal, throttled, and ends the line at the last step', () => {
    const stream = fakeStream(true);
    let t = 0;
    const bar = new ProgressBar({ total: 4, stream, width: 4, redrawMs: 100, now: () => t });
    t = 1000; bar.update({ step: 1, loss: 4, tokens: 64 });
    t = 1050; bar.update({ step: 2, loss: 3, tokens: 64 }); // within 100 ms: not drawn
    bar.log('val loss 3.1000');
    t = 1060; bar.update({ step: 3, loss: 2, tokens: 64 }); // drawn again after a log line
    t = 1070; bar.update({ step: 4, loss: 1, tokens: 64 }); // the last step is always drawn
    expect(stream.writes[0]).toBe('\r[=>  ] 1/4  loss 4.0000  64 tok/s  eta 3s\x1b[K');
    expect(stream.writes[1]).toBe('\r\x1b[K');
    expect(stream.writes[2]).toBe('val loss 3.1000\n');
    expect(stream.writes[3]).toMatch(/^\r\[===>\] 3\/4  loss 2\.0000  [\d,]+ tok\/s  eta \d+s\x1b\[K$/);
    expect(stream.writes[4]).toMatch(/^\r\[====\] 4\/4  loss 1\.0000  [\d,]+ tok\/s\x1b\[K$/);
    expect(stream.writes[5]).toBe('\n');
    expect(stream.writes).toHaveLength(6);
  });

  it('smooths speed with a moving average and rejects steps going backwards', () => {
    const stream = fakeStream(false);
    let t = 0;
    const bar = new ProgressBar({ total: 100, stream, logEvery: 1, width: 4, now: () => t });
    t = 1000; bar.update({ step: 1, tokens: 1000 }); // 1000 tok/s, 1 s/step
    t = 1500; bar.update({ step: 2, tokens: 1000 }); // 2000 tok/s -> EMA 1100; 0.5 s/step -> EMA 0.95
    expect(stream.writes[1]).toBe('[>   ]   2/100  1,100 tok/s  eta 1m33s\n');
    expect(() => bar.update({ step: 1 })).toThrow('ProgressBar.update: step is 1, expected an integer in [2, 100].');
    expect(() => new ProgressBar({ total: 0, stream })).toThrow('ProgressBar: total is 0, expected a positive integer.');
  });
});
