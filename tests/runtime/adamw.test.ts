// AdamW against torch.optim.AdamW's algorithm written out in float64: decoupled weight decay, bias
// correction by each parameter's own step count (a step without its gradient skips it), a learning rate
// changed between steps, and the state round trip. Compiled and eager execution both.
import { afterAll, describe, expect, it } from 'vitest';
import { AdamW } from '../../src/runtime/adamw';
import { fromData } from '../../src/dsl';
import { setExecutionMode } from '../../src/runtime/realize';
import { expectClose } from '../helpers/check';
import { backends, useBackend } from '../helpers/backends';

afterAll(() => setExecutionMode('compiled'));

/** torch.optim.AdamW.step for one parameter, float64 (torch/optim/adamw.py, non-amsgrad) */
function torchStep(p: number[], g: number[], st: { step: number; m: number[]; v: number[] }, o: { lr: number; b1: number; b2: number; eps: number; wd: number }): void {
  st.step++;
  const bc1 = 1 - o.b1 ** st.step, bc2 = 1 - o.b2 ** st.step;
  for (let i = 0; i < p.length; i++) {
    p[i] *= 1 - o.lr * o.wd;
    st.m[i] = o.b1 * st.m[i] + (1 - o.b1) * g[i];
    st.v[i] = o.b2 * st.v[i] + (1 - o.b2) * g[i] * g[i];
    p[i] -= (o.lr / bc1) * st.m[i] / (Math.sqrt(st.v[i]) / Math.sqrt(bc2) + o.eps);
  }
}

describe.each(backends)('AdamW on %s', (name) => {
  useBackend(name);

  for (const mode of ['compiled', 'eager'] as const) {
    it(`follows torch: per-parameter step counts, lr changes, weight decay (${mode})`, async () => {
      setExecutionMode(mode);
      const w0 = [0.5, -1.25, 2, 0.75], b0 = [0.1, -0.3];
      const W = fromData(Float32Array.from(w0), [2, 2]).requireGrad();
      const b = fromData(Float32Array.from(b0), [2]).requireGrad();
      const o = { lr: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.1 };
      const opt = new AdamW([W, b], { lr: o.lr, weightDecay: o.wd });
      const ref = { W: [...w0], b: [...b0] };
      const sW = { step: 0, m: [0, 0, 0, 0], v: [0, 0, 0, 0] }, sB = { step: 0, m: [0, 0], v: [0, 0] };
      for (let k = 0; k < 8; k++) {
        if (k === 4) { opt.lr = 0.01; o.lr = 0.01; }
        const gW = [0.3 * k - 1, 0.5, -0.25 * k, 1 / (k + 1)], gB = [k % 3 - 1, 0.2 * k];
        W.grad = fromData(Float32Array.from(gW), [2, 2]);
        torchStep(ref.W, gW, sW, o);
        // b gets no gradient on steps 2 and 5: it is not updated, and its bias correction does not advance
        if (k !== 2 && k !== 5) { b.grad = fromData(Float32Array.from(gB), [2]); torchStep(ref.b, gB, sB, o); }
        await opt.step();
        expectClose(W.buf!, ref.W, { rtol: 2e-6, atol: 1e-6 }, `W after step ${k + 1}`);
        expectClose(b.buf!, ref.b, { rtol: 2e-6, atol: 1e-6 }, `b after step ${k + 1}`);
      }
      const st = await opt.state();
      expect(st.step).toBe(8);
      expect(st.steps).toEqual([8, 6]);
      expectClose(st.m[1], sB.m, { rtol: 1e-5, atol: 1e-7 }, 'first moment of b');
      expectClose(st.v[1], sB.v, { rtol: 1e-5, atol: 1e-9 }, 'second moment of b');
      // a restored optimizer continues exactly
      const again = new AdamW([W, b], { lr: o.lr, weightDecay: o.wd });
      again.loadState(st);
      expect((await again.state()).steps).toEqual([8, 6]);
      expect(() => again.loadState({ ...st, steps: [9, 6] })).toThrow(/per-parameter steps \[9, 6\] do not fit 2 parameters and 8 steps/);
    });
  }
});
