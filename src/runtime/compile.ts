// Compiled execution: everything a set of tensors needs (a training step: forward, backward and the AdamW
// update of every parameter) runs as ONE gpu.js createPipeline plan instead of one kernel call per op.
// On webasm the plan is fused: one WebAssembly memory, intermediates never copied out between kernels,
// and the worker pool runs the whole plan with barriers between steps ('fused-threaded'). On webgpu it is
// one command encoder and one submit ('fused-encoder'). On cpu and headlessgl gpu.js walks the plan
// kernel by kernel ('generic'), intermediates staying in its own storage (textures on GL).
//
// A plan is cached under the graph's signature: every kernel's source and output size, how kernels are
// wired to each other and to the inputs, and the inputs' sizes. A changed shape (a shorter last batch, a
// different config) is a different signature and compiles a new plan; it never runs a wrong one.
// Graphs seen once run kernel by kernel (compiling a plan costs more than running it once); a signature
// seen a second time is compiled, so a training loop runs compiled from its second step.
import type { IPipelineRunShortcut } from 'gpu.js';
import { backendName, compiledKernel, currentGPU, flatten } from './backend';
import { dropSpec, schedule, specOf } from './schedule';
import { sizeOf } from './size';
import type { AnyTensor } from './tensor';

/** a value in a plan: an input (-1, -2, ...) or a step's output (0, 1, ...) */
type Ref = number;
const inputRef = (i: number): Ref => -1 - i;

interface Step { src: string; output: number[]; ins: Ref[]; inLengths: number[] }

/** a schedule lowered to kernel steps over numbered inputs: what a plan is built from */
export interface Lowered {
  signature: string;
  inputs: Float32Array[];
  steps: Step[];
  /** per target: the step whose output it is, or null when it aliases an input (a reshape of a realized tensor) */
  results: (Ref | null)[];
  /** the scheduled tensors (their kernel specs are dropped once the plan has run) */
  order: AnyTensor[];
}

// kernel sources are long; the signature names each by a small number
const sourceIds = new Map<string, number>();
const sourceId = (src: string): number => {
  let id = sourceIds.get(src);
  if (id === undefined) { id = sourceIds.size; sourceIds.set(src, id); }
  return id;
};

/** lower what `targets` need into steps over inputs (realized tensors become inputs) */
export function lower(targets: readonly AnyTensor[]): Lowered {
  const order = schedule(targets);
  const ref = new Map<AnyTensor, Ref>();
  const inputs: Float32Array[] = [];
  const steps: Step[] = [];
  const sizeOfRef = (r: Ref): number => (r < 0 ? inputs[-1 - r].length : sizeOf(steps[r].output));
  const refOf = (t: AnyTensor): Ref => {
    let r = ref.get(t);
    if (r !== undefined) return r;
    if (!t.buf) throw new Error(`runtime: input ${t} was not scheduled`);
    r = inputRef(inputs.length);
    inputs.push(t.buf);
    ref.set(t, r);
    return r;
  };
  const parts: string[] = [];
  for (const t of order) {
    if (t.op === 'reshape') { ref.set(t, refOf(t.inputs[0])); continue; }
    const spec = specOf(t);
    const ins = spec.inputs.map(refOf);
    const output = spec.output ?? [Math.max(1, spec.size)];
    ref.set(t, steps.length);
    steps.push({ src: spec.src, output, ins, inLengths: ins.map(sizeOfRef) });
    parts.push(`${sourceId(spec.src)}@${output.join('x')}(${ins.join(',')})`);
  }
  const results = targets.map((t) => (t.buf ? null : refOf(t))).map((r) => (r === null || r < 0 ? null : r));
  const signature = `${parts.join(';')}|${inputs.map((a) => a.length).join(',')}|${results.join(',')}`;
  return { signature, inputs, steps, results, order };
}

interface Plan {
  pipeline: IPipelineRunShortcut;
  /** calls not yet settled: an evicted plan is destroyed only once they have */
  busy: number;
  evicted: boolean;
}

/** release a plan's buffers now, or when its last pending call settles */
function retire(p: Plan): void {
  p.evicted = true;
  if (p.busy === 0) p.pipeline.destroy();
}

/** compiled plans of the current backend, most recently used last */
const plans = new Map<string, Plan>();
/** signatures seen once (not yet worth compiling), bounded */
const seenOnce = new Set<string>();
const MAX_PLANS = 8;
const MAX_SEEN = 64;
let plansGPU: unknown = null;

/** how plans were built and run so far (tests and the benchmark read this) */
export const planStats = { compiled: 0, runs: 0, evicted: 0, executor: '' as string, fallbackReason: null as string | null };

/** the compiled plan for a lowered graph, or null while its signature has been seen only once */
export function planFor(low: Lowered, compileNow = false): Plan | null {
  const gpu = currentGPU();
  if (plansGPU !== gpu) { clearPlans(); plansGPU = gpu; }
  const hit = plans.get(low.signature);
  if (hit) { plans.delete(low.signature); plans.set(low.signature, hit); return hit; }
  if (!compileNow && !seenOnce.has(low.signature)) {
    if (seenOnce.size >= MAX_SEEN) seenOnce.delete(seenOnce.values().next().value!);
    seenOnce.add(low.signature);
    return null;
  }
  seenOnce.delete(low.signature);
  const plan: Plan = { pipeline: build(low), busy: 0, evicted: false };
  plans.set(low.signature, plan);
  planStats.compiled++;
  if (plans.size > MAX_PLANS) {
    const [oldest, p] = plans.entries().next().value!;
    plans.delete(oldest);
    retire(p);
    planStats.evicted++;
  }
  return plan;
}

/** drop every cached plan (their buffers and kernel instances are released) */
export function clearPlans(): void {
  for (const p of plans.values()) retire(p);
  plans.clear();
  seenOnce.clear();
}

/** number of cached plans */
export function planCount(): number {
  return plans.size;
}

function build(low: Lowered): IPipelineRunShortcut {
  const name = backendName();
  const kernels = low.steps.map((s) => {
    // gpu.js's cpu backend hands a 2-D/3-D result to the next kernel as nested rows, while every kernel
    // indexes its inputs flat: on cpu, plan kernels compute over a flat output instead
    if (name === 'cpu' && s.output.length > 1) return compiledKernel(flatOutput(s.src, s.output), [sizeOf(s.output)], s.inLengths);
    // on GL a kernel is compiled for its arguments' kinds (an uploaded input, or another kernel's texture,
    // whose layout follows that kernel's output dims) and gives up after a few switches: one per combination
    const variant = name === 'headlessgl' ? `plan:${s.ins.map((r) => (r < 0 ? 'in' : low.steps[r].output.join('x'))).join(',')}|` : '';
    return compiledKernel(s.src, s.output, s.inLengths, variant);
  });
  const steps = low.steps, results = low.results;
  // traced once by gpu.js with opaque handles: only kernel calls are recorded
  const orchestrate = function (this: unknown, ...inputs: unknown[]): unknown[] {
    const outs: unknown[] = new Array(steps.length);
    const val = (r: Ref) => (r < 0 ? inputs[-1 - r] : outs[r]);
    for (let i = 0; i < steps.length; i++) outs[i] = kernels[i](...steps[i].ins.map(val));
    return results.filter((r): r is number => r !== null).map(val);
  };
  // gpu.js passes as many input handles as the orchestration function declares parameters
  Object.defineProperty(orchestrate, 'length', { value: low.inputs.length });
  return currentGPU().createPipeline(orchestrate as never);
}

/** a kernel over output [x, y(, z)] rewritten to compute the same cells over a flat output */
export function flatOutput(src: string, output: number[]): string {
  const [X, Y = 1] = output;
  const body = src.replace(/this\.thread\.([xyz])/g, (_, axis: string) =>
    axis === 'x' ? `(flat_ % ${X})` : axis === 'y' ? `(Math.floor(flat_ / ${X}) % ${Y})` : `Math.floor(flat_ / ${X * Y})`);
  return body.replace('{', '{\nconst flat_ = this.thread.x;');
}

/** run a lowered graph through its plan; false when the plan is not compiled (yet) and nothing ran */
export async function runPlan(low: Lowered, targets: readonly AnyTensor[], compileNow = false): Promise<boolean> {
  const plan = planFor(low, compileNow);
  if (!plan) return false;
  let out: unknown[];
  plan.busy++;
  try {
    out = (await plan.pipeline(...low.inputs)) as unknown[];
  } finally {
    if (--plan.busy === 0 && plan.evicted) plan.pipeline.destroy();
  }
  const p = plan.pipeline as unknown as { executorKind?: string; fallbackReason?: string | null };
  planStats.runs++;
  planStats.executor = p.executorKind ?? 'unknown';
  planStats.fallbackReason = p.fallbackReason ?? null;
  let k = 0;
  targets.forEach((t, i) => {
    const r = low.results[i];
    if (r === null) return;
    const flat = flatten(out[k++], t.size);
    if (!flat) throw new Error(`backend ${backendName()}: compiled plan returned ${Object.prototype.toString.call(out[k - 1])} for ${t}, expected ${t.size} float32 values`);
    t.buf = flat;
  });
  // reshapes of realized tensors share their input's values
  for (const t of low.order) if (t.op === 'reshape' && !t.buf && t.inputs[0].buf) t.buf = t.inputs[0].buf;
  for (const t of low.order) dropSpec(t);
  return true;
}
