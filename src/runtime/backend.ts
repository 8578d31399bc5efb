// Backend selection and the compiled-kernel cache. Every kernel is gpu.js source text with all sizes
// and strides baked in as literals (gpu.js fixes the output size at creation and caps loops with
// runtime bounds), so the source itself is the cache key.
import { GPU, type IKernelRunShortcut } from 'gpu.js';
import { sizeOf } from './size';

export type BackendName = 'cpu' | 'webasm' | 'headlessgl' | 'webgpu';
export const BACKENDS: readonly BackendName[] = ['cpu', 'webasm', 'headlessgl', 'webgpu'];

interface Backend {
  name: BackendName;
  gpu: GPU;
  kernels: Map<string, IKernelRunShortcut>;
}

let current: Backend | null = null;

/** why a backend cannot run here, or null when it can (checked without compiling a kernel) */
export function unavailableReason(name: BackendName): string | null {
  switch (name) {
    case 'cpu':
      return null;
    case 'webasm':
      return GPU.isWebAssemblySupported ? null : 'this Node.js has no WebAssembly SIMD support';
    case 'headlessgl': {
      if (GPU.isHeadlessGLSupported) return null;
      let hasGl = true;
      try { require.resolve('gl'); } catch { hasGl = false; }
      if (!hasGl) {
        return 'the optional package "gl" is not installed or did not build (npm install-scripts approve gl; it needs apt packages libxi-dev libglu1-mesa-dev libglew-dev pkg-config)';
      }
      return process.env.DISPLAY
        ? `headless-gl could not create a GL context on display ${process.env.DISPLAY} (is Mesa installed?)`
        : 'headless-gl needs an X display: run under xvfb-run -a (apt package xvfb)';
    }
    case 'webgpu': {
      const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
      if (!nav?.gpu) return webgpuProblem ?? 'WebGPU is not enabled: call await enableWebGPU() or useBackend(\'webgpu\') first';
      return webgpuProblem;
    }
  }
}

let webgpuProblem: string | null = null;
/** the WebGPU adapter found by enableWebGPU, with whether it is a CPU software renderer (lavapipe) */
let webgpuAdapter: { description: string; software: boolean } | null = null;

/**
 * Install a navigator.gpu from the `webgpu` package (Dawn) and ask it for an adapter. Returns null when an
 * adapter answered, else why not (package missing, no Vulkan driver). Without a GPU, Mesa's lavapipe
 * (apt: mesa-vulkan-drivers from bookworm-backports) provides a software adapter.
 */
export async function enableWebGPU(): Promise<string | null> {
  if (webgpuAdapter) return null;
  process.env.XDG_RUNTIME_DIR ??= require('node:os').tmpdir();
  const g = globalThis as { navigator?: { gpu?: GPUish } };
  if (!g.navigator?.gpu) {
    let mod: { create: (flags: string[]) => GPUish; globals: object };
    try {
      mod = (await import('webgpu')) as unknown as typeof mod;
    } catch (e) {
      webgpuProblem = `the "webgpu" package could not be loaded (${(e as Error).message.split('\n')[0]})`;
      return webgpuProblem;
    }
    Object.assign(globalThis, mod.globals);
    g.navigator = { ...(g.navigator ?? {}), gpu: mod.create([]) };
  }
  const adapter = await g.navigator!.gpu!.requestAdapter();
  if (!adapter) {
    webgpuProblem = 'no WebGPU adapter answered: no Vulkan driver found (install a GPU driver, or Mesa\'s lavapipe: apt-get install -t bookworm-backports mesa-vulkan-drivers)';
    return webgpuProblem;
  }
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  webgpuAdapter = { description, software: /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(description) || info.vendor === 'mesa' && !info.architecture };
  webgpuProblem = null;
  return null;
}

interface GPUish {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; device?: string; description?: string } } | null>;
}

/** what auto chose and why (printed by the CLIs) */
export function backendDescription(): string {
  const b = backend();
  if (b.name === 'webgpu' && webgpuAdapter) return `webgpu (${webgpuAdapter.description}${webgpuAdapter.software ? ', software' : ''})`;
  return b.name;
}

/**
 * Select a backend by name, or 'auto': $SHAPEGRAD_BACKEND when set, else the best that actually answers.
 * auto prefers a WebGPU adapter on real hardware, then headless GL, webasm, cpu; a software adapter
 * (lavapipe, llvmpipe: the CPU pretending to be a GPU) ranks below webasm, which is faster on the same CPU.
 * A named backend that cannot run is an error naming what is missing, never a silent fallback.
 */
export async function useBackend(name: BackendName | 'auto' = 'auto'): Promise<BackendName> {
  const env = process.env.SHAPEGRAD_BACKEND;
  if (name === 'auto' && env && env !== 'auto') name = checkName(env, 'SHAPEGRAD_BACKEND');
  if (name === 'auto') {
    // without a GPU device node every adapter would be the CPU in disguise: skip the probe (and Dawn's
    // start-up and stderr warnings) entirely
    if (!hasGpuDevice()) return setBackend('auto');
    if ((await enableWebGPU()) === null && !webgpuAdapter!.software) return setBackend('webgpu');
    if (unavailableReason('headlessgl') === null) return setBackend('headlessgl');
    return setBackend('auto');
  }
  checkName(name, 'backend');
  if (name === 'webgpu') {
    const why = await enableWebGPU();
    if (why) throw new Error(`backend webgpu is unavailable: ${why}`);
  }
  return setBackend(name);
}

/**
 * Whether this machine has a GPU device node (/dev/dri/renderD* or /dev/nvidia0). headless-gl reports only
 * "ANGLE" as its renderer, so without one, GL would be Mesa's llvmpipe on the CPU.
 */
function hasGpuDevice(): boolean {
  const fs = require('node:fs') as typeof import('node:fs');
  if (fs.existsSync('/dev/nvidia0')) return true;
  try { return fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD')); } catch { return false; }
}

function checkName(name: string, what: string): BackendName {
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`${what}: unknown backend "${name}", expected one of ${BACKENDS.join(', ')} or auto`);
  }
  return name as BackendName;
}

/**
 * Synchronous selection (no WebGPU probing): a name, or 'auto' = $SHAPEGRAD_BACKEND when set, else
 * webasm when supported, else cpu. useBackend() is the full version.
 */
export function setBackend(name: BackendName | 'auto' = 'auto'): BackendName {
  let chosen: BackendName;
  if (name === 'auto') {
    const env = process.env.SHAPEGRAD_BACKEND;
    if (env && env !== 'auto') return setBackend(checkName(env, 'SHAPEGRAD_BACKEND'));
    chosen = unavailableReason('webasm') === null ? 'webasm' : 'cpu';
  } else {
    chosen = checkName(name, 'backend');
    const why = unavailableReason(chosen);
    if (why) throw new Error(`backend ${chosen} is unavailable: ${why}`);
  }
  if (current?.name === chosen) return chosen;
  current?.gpu.destroy();
  current = { name: chosen, gpu: new GPU({ mode: chosen }), kernels: new Map() };
  return chosen;
}

export function backendName(): BackendName {
  return (current ?? (setBackend('auto'), current!)).name;
}

function backend(): Backend {
  if (!current) setBackend('auto');
  return current!;
}

/**
 * The compiled kernel for a source, output size and input lengths (gpu.js fixes all three at creation),
 * from the current backend's cache. Shared by one-at-a-time execution and compiled plans (compile.ts).
 */
export function compiledKernel(src: string, output: number[], argLengths: readonly number[], variant = ''): IKernelRunShortcut {
  const b = backend();
  const key = `${variant}${output.join('x')}|${argLengths.join(',')}|${src}`;
  let k = b.kernels.get(key);
  if (!k) {
    // loops have literal bounds; the cap is raised so long reductions (4 * n_embd > 1000) are not cut
    // asyncMode on webasm: kernels of >= 4096 cells split across a worker pool (one per core)
    k = b.gpu.createKernel(src, { output, tactic: 'precision', asyncMode: b.name === 'webasm' }).setLoopMaxIterations(1 << 24);
    b.kernels.set(key, k);
  }
  return k;
}

/** the current backend's gpu.js instance (compiled plans are built on it) */
export function currentGPU(): GPU {
  return backend().gpu;
}

/** compile (once) and run a kernel over `output` ([x] or [x, y] or [x, y, z] cells, x fastest) */
export async function runKernel(src: string, output: number[], args: Float32Array[]): Promise<Float32Array> {
  const k = compiledKernel(src, output, args.map((a) => a.length));
  let out: unknown = k(...args);
  if (out instanceof Promise) out = await out;
  const size = sizeOf(output);
  const flat = flatten(out, size);
  if (!flat) throw new Error(`backend ${backendName()}: kernel returned ${Object.prototype.toString.call(out)}, expected ${size} float32 values`);
  return flat;
}

/** a kernel result as one flat Float32Array: 2-D/3-D results are nested rows (views of one buffer on webasm) */
export function flatten(out: unknown, size: number): Float32Array | null {
  if (out instanceof Float32Array) return out.length === size ? out : null;
  if (!Array.isArray(out)) return null;
  const rows: Float32Array[] = [];
  const walk = (v: unknown): boolean => {
    if (v instanceof Float32Array) { rows.push(v); return true; }
    return Array.isArray(v) && v.every(walk);
  };
  if (!walk(out) || rows.length === 0) return null;
  const first = rows[0], buf = first.buffer;
  const contiguous = rows.every((r, i) => r.buffer === buf && r.byteOffset === first.byteOffset + i * r.length * 4 && r.length === first.length);
  if (contiguous && first.length * rows.length === size) return new Float32Array(buf, first.byteOffset, size);
  const flat = new Float32Array(size);
  let o = 0;
  for (const r of rows) { flat.set(r, o); o += r.length; }
  return o === size ? flat : null;
}

/**
 * Kernels that did not run on the selected backend (gpu.js degrades a kernel it cannot build to its cpu
 * backend with a warning): [source head, actual mode, reason]. Empty means every kernel ran where asked.
 */
export function degradedKernels(): { src: string; ranOn: string; reason: string }[] {
  const b = current;
  if (!b) return [];
  const out: { src: string; ranOn: string; reason: string }[] = [];
  for (const [key, k] of b.kernels) {
    const inner = (k as unknown as { kernel?: { constructor: { mode?: string; name: string }; fallbackReason?: string | null } }).kernel;
    if (!inner) continue;
    const mode = inner.constructor.mode ?? inner.constructor.name;
    const expected = b.name === 'headlessgl' ? /headlessgl|HeadlessGL/i : b.name === 'webasm' ? /webasm|WebAssembly/i : b.name === 'webgpu' ? /webgpu|WebGPU/i : /cpu|CPU/i;
    if (!expected.test(mode)) out.push({ src: key.slice(0, 200), ranOn: mode, reason: inner.fallbackReason ?? 'unknown' });
  }
  return out;
}

/** number of distinct compiled kernels on the current backend */
export function kernelCount(): number {
  return current?.kernels.size ?? 0;
}
