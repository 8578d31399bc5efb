// Backend selection and the compiled-kernel cache. Every kernel is gpu.js source text with all sizes
// and strides baked in as literals (gpu.js fixes the output size at creation and caps loops with
// runtime bounds), so the source itself is the cache key.
import { GPU, type IKernelRunShortcut } from 'gpu.js';

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
    case 'headlessgl':
      if (!GPU.isHeadlessGLSupported) {
        return 'headless-gl is not usable: install the optional package "gl" (npm install-scripts approve gl; needs libxi-dev libglu1-mesa-dev libglew-dev pkg-config) and run under a display (xvfb-run -a)';
      }
      return null;
    case 'webgpu': {
      const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
      if (!nav?.gpu) return 'no WebGPU: call enableWebGPU() (needs the "webgpu" package and a Vulkan driver, e.g. Mesa lavapipe) before selecting it';
      return null;
    }
  }
}

/**
 * Pick a backend by name, or 'auto': the environment variable SHAPEGRAD_BACKEND when set, else the best
 * one that answers here (webasm, then cpu). A forced backend that cannot run is an error, never a fallback.
 */
export function setBackend(name: BackendName | 'auto' = 'auto'): BackendName {
  let chosen: BackendName;
  if (name === 'auto') {
    const env = process.env.SHAPEGRAD_BACKEND;
    if (env && env !== 'auto') {
      if (!(BACKENDS as readonly string[]).includes(env)) {
        throw new Error(`SHAPEGRAD_BACKEND: unknown backend "${env}", expected one of ${BACKENDS.join(', ')} or auto`);
      }
      return setBackend(env as BackendName);
    }
    chosen = unavailableReason('webasm') === null ? 'webasm' : 'cpu';
  } else {
    if (!(BACKENDS as readonly string[]).includes(name)) {
      throw new Error(`backend: unknown backend "${name}", expected one of ${BACKENDS.join(', ')} or auto`);
    }
    const why = unavailableReason(name);
    if (why) throw new Error(`backend ${name} is unavailable: ${why}`);
    chosen = name;
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

/** compile (once) and run a kernel over `output` ([x] or [x, y] or [x, y, z] cells, x fastest) */
export async function runKernel(src: string, output: number[], args: Float32Array[]): Promise<Float32Array> {
  const b = backend();
  // gpu.js also fixes the input sizes of a compiled kernel: two calls of the same source can differ there
  const key = `${output.join('x')}|${args.map((a) => a.length).join(',')}|${src}`;
  let k = b.kernels.get(key);
  if (!k) {
    // loops have literal bounds; the cap is raised so long reductions (4 * n_embd > 1000) are not cut
    k = b.gpu.createKernel(src, { output, tactic: 'precision' }).setLoopMaxIterations(1 << 24);
    b.kernels.set(key, k);
  }
  let out: unknown = k(...args);
  if (out instanceof Promise) out = await out;
  const size = output.reduce((a, d) => a * d, 1);
  const flat = flatten(out, size);
  if (!flat) throw new Error(`backend ${b.name}: kernel returned ${Object.prototype.toString.call(out)}, expected ${size} float32 values`);
  return flat;
}

/** a kernel result as one flat Float32Array: 2-D/3-D results are nested rows (views of one buffer on webasm) */
function flatten(out: unknown, size: number): Float32Array | null {
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

/** number of distinct compiled kernels on the current backend */
export function kernelCount(): number {
  return current?.kernels.size ?? 0;
}
