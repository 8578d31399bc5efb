// Realization: run the kernels a set of tensors depends on, in dependency order. Dependencies are
// the kernels' actual inputs (a matmul reading through a transpose does not realize the transpose).
import { runKernel } from './backend';
import { kernelFor, type KernelSpec } from './kernels';
import type { AnyTensor } from './tensor';

/** realize every tensor in `targets` (and what they need), once */
export async function realize(targets: readonly AnyTensor[]): Promise<void> {
  for (const t of schedule(targets)) await execute(t);
}

const specs = new WeakMap<AnyTensor, KernelSpec>();

function depsOf(t: AnyTensor): readonly AnyTensor[] {
  if (t.op === 'reshape') return t.inputs;
  let spec = specs.get(t);
  if (!spec) { spec = kernelFor(t); specs.set(t, spec); }
  return spec.inputs;
}

/** post-order of the unrealized tensors needed by targets (iterative: graphs can be deep) */
export function schedule(targets: readonly AnyTensor[]): AnyTensor[] {
  const order: AnyTensor[] = [];
  const seen = new Set<AnyTensor>();
  for (const root of targets) {
    if (root.buf || seen.has(root)) continue;
    const stack: [AnyTensor, number][] = [[root, 0]];
    seen.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const deps = depsOf(top[0]);
      if (top[1] < deps.length) {
        const d = deps[top[1]++];
        if (!d.buf && !seen.has(d)) { seen.add(d); stack.push([d, 0]); }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  }
  return order;
}

async function execute(t: AnyTensor): Promise<void> {
  if (t.buf) return;
  if (t.op === 'reshape') { t.buf = t.inputs[0].buf; return; }
  const spec = specs.get(t) ?? kernelFor(t);
  specs.delete(t);
  const args = spec.inputs.map((x) => {
    if (!x.buf) throw new Error(`runtime: input ${x} of ${t} was not realized`);
    return x.buf;
  });
  if (!profile) { t.buf = await runKernel(spec.src, spec.output ?? [Math.max(1, spec.size)], args); return; }
  const t0 = performance.now();
  t.buf = await runKernel(spec.src, spec.output ?? [Math.max(1, spec.size)], args);
  const key = `${t.op} [${t.dims.join(',')}]`;
  const e = profile.get(key) ?? { ms: 0, calls: 0 };
  e.ms += performance.now() - t0; e.calls++;
  profile.set(key, e);
}

/** per-kernel wall time, collected while enabled (op and output shape -> total ms, calls) */
let profile: Map<string, { ms: number; calls: number }> | null = null;
export function startProfile(): void { profile = new Map(); }
export function stopProfile(): [string, { ms: number; calls: number }][] {
  const out = [...(profile ?? new Map<string, { ms: number; calls: number }>()).entries()].sort((a, b) => b[1].ms - a[1].ms);
  profile = null;
  return out;
}
