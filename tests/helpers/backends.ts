// Which backends the op tests run on, and the per-describe hook that selects one.
//
//   backends               cpu and webasm always; headlessgl / webgpu when unavailableReason(name) === null
//                          (the ones left out are printed with console.info)
//   useBackend(name)       in a describe block: beforeAll selects the backend and runs a trivial kernel on it;
//                          a backend whose trivial kernel fails is skipped (console.info) unless required
//   SHAPEGRAD_REQUIRE_BACKENDS=cpu,webasm,headlessgl,webgpu
//                          a required backend that is unavailable (or whose trivial kernel fails) FAILS the
//                          suite: importing this module throws, or the describe block's beforeAll throws.
// The probe of a listed backend is asynchronous (WebGPU kernels return promises) and test files are CommonJS
// (no top-level await), so "does a kernel run" is checked in beforeAll rather than at collection time.
import { beforeAll, beforeEach } from 'vitest';
import { BACKENDS, runKernel, setBackend, unavailableReason, type BackendName } from '../../src/runtime/backend';

const ALWAYS: readonly BackendName[] = ['cpu', 'webasm'];

/** backends named in SHAPEGRAD_REQUIRE_BACKENDS (unknown names are an error) */
export function requiredBackends(): BackendName[] {
  const env = process.env.SHAPEGRAD_REQUIRE_BACKENDS ?? '';
  const names = env.split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((n) => {
    const b = BACKENDS.find((x) => x === n);
    if (!b) throw new Error(`SHAPEGRAD_REQUIRE_BACKENDS: unknown backend "${n}" (expected some of ${BACKENDS.join(', ')})`);
    return b;
  });
}

function listBackends(): BackendName[] {
  const required = requiredBackends();
  const out: BackendName[] = [];
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    const why = ALWAYS.includes(name) ? null : unavailableReason(name);
    if (why === null) { out.push(name); continue; }
    if (required.includes(name)) throw new Error(`required backend ${name} (SHAPEGRAD_REQUIRE_BACKENDS) is unavailable: ${why}`);
    skipped.push(`${name} (${why})`);
  }
  if (skipped.length) console.info(`[shapegrad tests] skipped backends: ${skipped.join('; ')}`);
  return out;
}

/** the backends available here (evaluated when a test file imports this module) */
export const backends: readonly BackendName[] = listBackends();

/** cache of probe results per backend (per test file / worker) */
const probed = new Map<BackendName, string | null>();

/** run a trivial kernel on `name` (already selected); null when it works, else why not */
async function probe(name: BackendName): Promise<string | null> {
  const cached = probed.get(name);
  if (cached !== undefined) return cached;
  let why: string | null = null;
  try {
    const out = await runKernel('function(x) {\nreturn x[this.thread.x] + 1.0;\n}', 3, [Float32Array.from([1, 2, 3])]);
    if (out.length !== 3 || out[0] !== 2 || out[1] !== 3 || out[2] !== 4) why = `trivial kernel returned [${Array.from(out).join(', ')}], expected [2, 3, 4]`;
  } catch (e) {
    why = `trivial kernel failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  probed.set(name, why);
  return why;
}

/**
 * Call at the top of a `describe.each(backends)` block: selects `name` before the block's tests (and again
 * before each test, in case another block switched), and skips the block when its trivial kernel fails on an
 * optional backend. Always-available and required backends fail instead.
 */
export function useBackend(name: BackendName): void {
  let skip: string | null = null;
  beforeAll(async () => {
    setBackend(name);
    const why = await probe(name);
    if (why === null) return;
    if (ALWAYS.includes(name) || requiredBackends().includes(name)) throw new Error(`backend ${name} cannot run a kernel: ${why}`);
    skip = why;
    console.info(`[shapegrad tests] skipping backend ${name}: ${why}`);
  });
  beforeEach((ctx) => {
    if (skip !== null) { ctx.skip(); return; }
    setBackend(name);
  });
}
