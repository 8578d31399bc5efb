// AdamW with PyTorch's semantics (torch.optim.AdamW): decoupled weight decay p -= lr*wd*p, then the
// bias-corrected Adam step p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps). Defaults as torch:
// betas (0.9, 0.999), eps 1e-8, weight_decay 0.01. As torch, each parameter counts its own steps for the
// bias correction (a step without its gradient skips it). Three fused kernels per parameter; the
// step-dependent scalars are inputs, not literals, so the kernels compile once.
import { realize } from './realize';
import * as R from './ops';
import type { AnyTensor } from './tensor';

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export interface AdamWState {
  /** step() calls so far */
  step: number;
  /** per parameter, the updates it received (torch counts per parameter; a step without its gradient skips it); default: all `step` */
  steps?: number[];
  m: Float32Array[];
  v: Float32Array[];
}

export class AdamW {
  readonly params: AnyTensor[];
  lr: number;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private t = 0;
  /** per parameter: updates received so far (torch's state['step'], for its bias correction) */
  private steps: number[];
  private m: AnyTensor[];
  private v: AnyTensor[];

  constructor(params: readonly AnyTensor[], opts: AdamWOptions = {}) {
    this.params = [...params];
    this.lr = opts.lr ?? 1e-3;
    this.betas = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0.01;
    if (!(this.lr > 0) || !Number.isFinite(this.lr)) throw new Error(`AdamW: lr must be a positive number, got ${this.lr}`);
    const [b1, b2] = this.betas;
    if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new Error(`AdamW: betas must be in [0, 1), got [${b1}, ${b2}]`);
    if (!(this.eps >= 0)) throw new Error(`AdamW: eps must be >= 0, got ${this.eps}`);
    if (!(this.weightDecay >= 0)) throw new Error(`AdamW: weightDecay must be >= 0, got ${this.weightDecay}`);
    for (const p of this.params) {
      if (p.op !== 'const' || !p.requiresGrad) throw new Error(`AdamW: ${p} is not a leaf tensor that requires grad`);
    }
    this.steps = this.params.map(() => 0);
    this.m = this.params.map((p) => R.full(p.dims, 0));
    this.v = this.params.map((p) => R.full(p.dims, 0));
  }

  get stepCount(): number { return this.t; }

  /**
   * Apply one update from the parameters' .grad (lazy gradient graphs are realized here, together with
   * `alsoRealize`, e.g. the loss), then clear the gradients.
   */
  async step(alsoRealize: readonly AnyTensor[] = []): Promise<void> {
    const news = this.updates();
    await realize([...alsoRealize, ...news.flatMap((n) => [n.p, n.m, n.v])]);
    for (const n of news) {
      this.steps[n.index]++;
      this.params[n.index].assign(n.p.buf!);
      this.m[n.index] = R.constant(n.m.buf!, n.p.dims);
      this.v[n.index] = R.constant(n.v.buf!, n.p.dims);
    }
    this.t++;
    this.zeroGrad();
  }

  /**
   * The next update's graph, not realized: new values, first and second moments of each parameter that has a
   * gradient (three fused kernels each). step() realizes and commits it; the benchmark profiles it.
   */
  updates(): { index: number; p: AnyTensor; m: AnyTensor; v: AnyTensor }[] {
    const [b1, b2] = this.betas;
    const decay = R.scalar(1 - this.lr * this.weightDecay);
    const news: { index: number; p: AnyTensor; m: AnyTensor; v: AnyTensor }[] = [];
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i], g = p.grad;
      if (!g) continue;
      const t = this.steps[i] + 1;
      const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
      const m = R.map(`${b1} * x0 + ${1 - b1} * x1`, [this.m[i], g]);
      const v = R.map(`${b2} * x0 + ${1 - b2} * x1 * x1`, [this.v[i], g]);
      const np = R.map(`x0 * x3 - x4 * x1 / (Math.sqrt(x2) * x5 + ${this.eps})`, [p, m, v, decay, R.scalar(this.lr / bc1), R.scalar(1 / Math.sqrt(bc2))]);
      news.push({ index: i, p: np, m, v });
    }
    return news;
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** moments and step count (for checkpoints) */
  async state(): Promise<AdamWState> {
    await realize([...this.m, ...this.v]);
    return { step: this.t, steps: [...this.steps], m: this.m.map((x) => Float32Array.from(x.buf!)), v: this.v.map((x) => Float32Array.from(x.buf!)) };
  }

  loadState(s: AdamWState): void {
    if (s.m.length !== this.params.length || s.v.length !== this.params.length) {
      throw new Error(`AdamW.loadState: state has ${s.m.length} moments for ${this.params.length} parameters`);
    }
    this.params.forEach((p, i) => {
      if (s.m[i].length !== p.size || s.v[i].length !== p.size) throw new Error(`AdamW.loadState: moment ${i} has ${s.m[i].length} values, parameter ${p} has ${p.size}`);
    });
    if (s.steps && (s.steps.length !== this.params.length || s.steps.some((n) => !Number.isInteger(n) || n < 0 || n > s.step))) {
      throw new Error(`AdamW.loadState: per-parameter steps [${s.steps.join(', ')}] do not fit ${this.params.length} parameters and ${s.step} steps`);
    }
    this.t = s.step;
    this.steps = s.steps ? [...s.steps] : this.params.map(() => s.step);
    this.m = s.m.map((x, i) => R.constant(Float32Array.from(x), this.params[i].dims));
    this.v = s.v.map((x, i) => R.constant(Float32Array.from(x), this.params[i].dims));
  }
}
