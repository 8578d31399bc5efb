// A training progress line:  [=====>      ] 120/500  loss 2.4312  1,234 tok/s  eta 1m05s
//
// renderProgress is a pure function of the numbers; ProgressBar keeps the timing (smoothed tokens per
// second and seconds per step) and writes the line in place with '\r' on a terminal, or as a plain
// line every N steps when the output is a pipe or a CI log.

export interface ProgressInfo {
  /** steps done, an integer in [0, total] */
  step: number;
  /** total steps, a positive integer */
  total: number;
  /** latest training loss (omitted: not shown) */
  loss?: number;
  /** throughput (omitted: not shown) */
  tokensPerSec?: number;
  /** estimated seconds to go (omitted or not finite: "eta --"; not shown at all once step === total) */
  etaSec?: number;
  /** cells between the brackets of the bar (default 30) */
  width?: number;
}

/** 1234567.8 -> "1,234,568" (locale-independent) */
export function formatThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = Math.round(Math.abs(n)).toString();
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && Math.round(Math.abs(n)) !== 0 ? `-${grouped}` : grouped;
}

/** seconds as "45s", "1m05s", "2h03m" */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '--';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** the progress line for the given numbers (no trailing newline) */
export function renderProgress(info: ProgressInfo): string {
  const { step, total } = info;
  const width = info.width ?? 30;
  if (!Number.isInteger(total) || total <= 0) throw new Error(`renderProgress: total is ${total}, expected a positive integer.`);
  if (!Number.isInteger(step) || step < 0 || step > total) {
    throw new Error(`renderProgress: step is ${step}, expected an integer in [0, ${total}].`);
  }
  if (!Number.isInteger(width) || width < 1) throw new Error(`renderProgress: width is ${width}, expected a positive integer.`);

  const filled = Math.floor((width * step) / total);
  const bar = step === total ? '='.repeat(width) : '='.repeat(filled) + '>' + ' '.repeat(width - filled - 1);
  const parts = [`[${bar}] ${String(step).padStart(String(total).length)}/${total}`];
  if (info.loss !== undefined) parts.push(`loss ${info.loss.toFixed(4)}`);
  if (info.tokensPerSec !== undefined) parts.push(`${formatThousands(info.tokensPerSec)} tok/s`);
  if (step < total) parts.push(`eta ${info.etaSec === undefined ? '--' : formatDuration(info.etaSec)}`);
  return parts.join('  ');
}

/** where the bar writes: process.stdout, or anything with write() (isTTY decides the mode) */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBarOptions {
  total: number;
  /** default process.stdout */
  stream?: ProgressStream;
  /** bar cells (default 30) */
  width?: number;
  /** when not a TTY, print a line every this many steps (default: about 20 lines per run) */
  logEvery?: number;
  /** on a TTY, redraw at most this often, in milliseconds (default 100; the last step is always drawn) */
  redrawMs?: number;
  /** clock in milliseconds (default performance.now), injectable for tests */
  now?: () => number;
}

/** smoothing factor of the exponential moving averages of speed */
const EMA = 0.1;

export class ProgressBar {
  readonly total: number;
  readonly isTTY: boolean;
  private readonly stream: ProgressStream;
  private readonly width: number;
  private readonly logEvery: number;
  private readonly redrawMs: number;
  private readonly now: () => number;
  private lastStep = 0;
  private lastTime: number;
  private lastDraw = -Infinity;
  private tokensPerSec: number | undefined;
  private secPerStep: number | undefined;
  private drawn = false; // a bar is on the current terminal line

  constructor(options: ProgressBarOptions) {
    const { total } = options;
    if (!Number.isInteger(total) || total <= 0) throw new Error(`ProgressBar: total is ${total}, expected a positive integer.`);
    this.total = total;
    this.stream = options.stream ?? process.stdout;
    this.isTTY = this.stream.isTTY === true;
    this.width = options.width ?? 30;
    this.logEvery = options.logEvery ?? Math.max(1, Math.round(total / 20));
    if (!Number.isInteger(this.logEvery) || this.logEvery < 1) {
      throw new Error(`ProgressBar: logEvery is ${options.logEvery}, expected a positive integer.`);
    }
    this.redrawMs = options.redrawMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.lastTime = this.now();
  }

  /**
   * Records that training reached `step` (steps are counted from 1 to total), with the latest loss and
   * the number of tokens processed since the previous update, and shows the line when due.
   */
  update({ step, loss, tokens }: { step: number; loss?: number; tokens?: number }): void {
    if (!Number.isInteger(step) || step < this.lastStep || step > this.total) {
      throw new Error(`ProgressBar.update: step is ${step}, expected an integer in [${this.lastStep}, ${this.total}].`);
    }
    const t = this.now();
    const dt = (t - this.lastTime) / 1000;
    const dSteps = step - this.lastStep;
    if (dSteps > 0 && dt > 0) {
      const sps = dt / dSteps;
      this.secPerStep = this.secPerStep === undefined ? sps : this.secPerStep + EMA * (sps - this.secPerStep);
      if (tokens !== undefined) {
        const tps = tokens / dt;
        this.tokensPerSec = this.tokensPerSec === undefined ? tps : this.tokensPerSec + EMA * (tps - this.tokensPerSec);
      }
    }
    if (dSteps > 0) {
      this.lastStep = step;
      this.lastTime = t;
    }

    const line = renderProgress({
      step,
      total: this.total,
      loss,
      tokensPerSec: this.tokensPerSec,
      etaSec: this.secPerStep === undefined ? undefined : this.secPerStep * (this.total - step),
      width: this.width,
    });
    const last = step === this.total;
    if (this.isTTY) {
      if (!last && t - this.lastDraw < this.redrawMs) return;
      this.lastDraw = t;
      this.stream.write(`\r${line}\x1b[K`);
      this.drawn = true;
      if (last) this.finish();
    } else if (last || step % this.logEvery === 0) {
      this.stream.write(`${line}\n`);
    }
  }

  /** prints a message on its own line (e.g. an evaluation result) without garbling the bar */
  log(message: string): void {
    if (this.isTTY && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
    this.lastDraw = -Infinity; // redraw the bar at the next update
    this.stream.write(`${message}\n`);
  }

  /** ends the bar's line on a terminal (called automatically at the last step) */
  finish(): void {
    if (this.isTTY && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
