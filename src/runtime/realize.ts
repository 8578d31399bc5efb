// Realization: run the kernels a set of tensors depends on. Two executors share one schedule
// (schedule.ts):
// - compiled (the default): the whole graph is one cached gpu.js plan (compile.ts), so a training step is
//   one call with no per-op launch, upload or readback;
// - eager: one kernel at a time, every intermediate realized into host memory as it is computed: for
//   debugging (each intermediate's values are kept) and for the per-kernel profile.
// Both give the same values within float32 tolerance (tests/runtime/execution-modes.test.ts).
import { runKernel } from './backend';
import { lower, runPlan } from './compile';
import { dropSpec, schedule, specOf } from './schedule';
import type { AnyTensor } from './tensor';

export { schedule } from './schedule';

export type ExecutionMode = 'compiled' | 'eager';
export const EXECUTION_MODES: readonly ExecutionMode[] = ['compiled', 'eager'];

/** null until first asked: a bad $SHAPEGRAD_EXECUTION is then reported by the caller, not at import */
let mode: ExecutionMode | null = null;

function modeFromEnv(): ExecutionMode {
  const env = process.env.SHAPEGRAD_EXECUTION;
  if (env === undefined || env === '') return 'compiled';
  if (!(EXECUTION_MODES as readonly string[]).includes(env)) {
    throw new Error(`SHAPEGRAD_EXECUTION: unknown execution mode "${env}", expected compiled or eager`);
  }
  return env as ExecutionMode;
}

/** select how realize() runs kernels: 'compiled' (one cached plan per graph) or 'eager' (one at a time) */
export function setExecutionMode(m: ExecutionMode): void {
  if (!(EXECUTION_MODES as readonly string[]).includes(m)) throw new Error(`setExecutionMode: unknown mode "${m}", expected compiled or eager`);
  mode = m;
}

/** the current execution mode: as set, else $SHAPEGRAD_EXECUTION, else compiled */
export function executionMode(): ExecutionMode {
  return (mode ??= modeFromEnv());
}

/** realize every tensor in `targets` (and what they need), once */
export async function realize(targets: readonly AnyTensor[]): Promise<void> {
  if (executionMode() === 'compiled' && !profile) {
    const low = lower(targets);
    if (low.steps.length > 1 && await runPlan(low, targets)) return;
    // a graph seen once (or of one kernel) runs kernel by kernel, and keeps what a plan keeps: the targets
    await runEager(low.order);
    const keep = new Set(targets);
    for (const t of low.order) if (!keep.has(t)) t.buf = null;
    return;
  }
  return runEager(schedule(targets));
}

/**
 * Realize `targets` through a compiled plan now, even for a graph seen once (tests use it to check each op
 * on the compiled path; realize() waits for a signature's second appearance before compiling).
 */
export async function realizeCompiled(targets: readonly AnyTensor[]): Promise<void> {
  const low = lower(targets);
  if (low.steps.length === 0) return runEager(low.order);
  await runPlan(low, targets, true);
}

/** realize `targets` one kernel at a time, every intermediate kept (whatever the execution mode) */
export async function realizeEager(targets: readonly AnyTensor[]): Promise<void> {
  return runEager(schedule(targets));
}

async function runEager(order: readonly AnyTensor[]): Promise<void> {
  // the values already realized, as they are now: an optimizer step that replaces a parameter while this
  // runs (an opt.step() not awaited) cannot change them half-way through (a compiled plan copies its
  // inputs when called, for the same reason)
  const frozen = new Map<AnyTensor, Float32Array>();
  for (const t of order) {
    for (const x of t.op === 'reshape' ? t.inputs : specOf(t).inputs) if (x.buf && !frozen.has(x)) frozen.set(x, x.buf);
  }
  for (const t of order) await execute(t, frozen);
}

async function execute(t: AnyTensor, frozen: ReadonlyMap<AnyTensor, Float32Array>): Promise<void> {
  if (t.buf) return;
  const valueOf = (x: AnyTensor): Float32Array => {
    const v = frozen.get(x) ?? x.buf;
    if (!v) throw new Error(`runtime: input ${x} of ${t} was not realized`);
    return v;
  };
  if (t.op === 'reshape') { t.buf = valueOf(t.inputs[0]); return; }
  const spec = specOf(t);
  dropSpec(t);
  const args = spec.inputs.map(valueOf);
  if (!profile) { t.buf = await runKernel(spec.src, spec.output ?? [Math.max(1, spec.size)], args); return; }
  const t0 = performance.now();
  t.buf = await runKernel(spec.src, spec.output ?? [Math.max(1, spec.size)], args);
  const key = `${t.op} [${t.dims.join(',')}]`;
  const e = profile.get(key) ?? { ms: 0, calls: 0 };
  e.ms += performance.now() - t0; e.calls++;
  profile.set(key, e);
}

/** per-kernel wall time, collected while enabled (op and output shape -> total ms, calls); runs eager */
let profile: Map<string, { ms: number; calls: number }> | null = null;
export function startProfile(): void { profile = new Map(); }
export function stopProfile(): [string, { ms: number; calls: number }][] {
  const out = [...(profile ?? new Map<string, { ms: number; calls: number }>()).entries()].sort((a, b) => b[1].ms - a[1].ms);
  profile = null;
  return out;
}
