// Which backends the op tests run on, and the per-describe hook that selects one.
//
//   backends               cpu and webasm always; headlessgl when unavailableReason('headlessgl') === null;
//                          webgpu when it is already enabled or the "webgpu" package is installed (it is enabled
//                          asynchronously in beforeAll, see below). Left-out backends are printed with console.info.
//   useBackend(name)       in a describe block: beforeAll selects the backend (enabling WebGPU first), requires
//                          unavailableReason(name) === null, and runs a trivial kernel (add(tensor, 1)) on it;
//                          an optional backend that fails either check is skipped (console.info), an always-
//                          available or required one FAILS the block.
//   SHAPEGRAD_TEST_BACKENDS=cpu,webgpu (optional) restricts the list to these names (e.g. to run headlessgl
//                          alone under xvfb-run: its shader compiles make a full 4-backend run take minutes)
//   SHAPEGRAD_REQUIRE_BACKENDS=cpu,webasm,headlessgl,webgpu
//                          a required backend that is unavailable FAILS the suite: importing this module throws
//                          when it is not even listed, or the describe block's beforeAll throws.
// Test files are CommonJS (no top-level await) and WebGPU only answers asynchronously, so "does a kernel run" is
// checked in beforeAll rather than at collection time.
import { createRequire } from 'node:module';
import { beforeAll, beforeEach } from 'vitest';
import { add, tensor } from '../../src/dsl';
import { BACKENDS, enableWebGPU, setBackend, unavailableReason, type BackendName } from '../../src/runtime/backend';

const ALWAYS: readonly BackendName[] = ['cpu', 'webasm'];
const TAG = '[shapegrad tests]';

/** backend names in an environment variable (comma-separated; unknown names are an error) */
function namesIn(variable: string): BackendName[] {
  const env = process.env[variable] ?? '';
  return env.split(',').map((s) => s.trim()).filter(Boolean).map((n) => {
    const b = BACKENDS.find((x) => x === n);
    if (!b) throw new Error(`${variable}: unknown backend "${n}" (expected some of ${BACKENDS.join(', ')})`);
    return b;
  });
}

/** backends named in SHAPEGRAD_REQUIRE_BACKENDS */
export function requiredBackends(): BackendName[] {
  return namesIn('SHAPEGRAD_REQUIRE_BACKENDS');
}

function webgpuPackageInstalled(): boolean {
  try {
    createRequire(`${process.cwd()}/`).resolve('webgpu');
    return true;
  } catch {
    return false;
  }
}

/** why `name` is not even worth trying here (null: list it) */
function notListed(name: BackendName): string | null {
  if (ALWAYS.includes(name)) return null;
  const why = unavailableReason(name);
  if (why === null) return null;
  if (name === 'webgpu' && webgpuPackageInstalled()) return null;   // decided after enableWebGPU() in beforeAll
  return why;
}

function listBackends(): BackendName[] {
  const required = requiredBackends();
  const only = namesIn('SHAPEGRAD_TEST_BACKENDS');
  const out: BackendName[] = [];
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    if (only.length && !only.includes(name) && !required.includes(name)) { skipped.push(`${name} (not in SHAPEGRAD_TEST_BACKENDS)`); continue; }
    const why = notListed(name);
    if (why === null) { out.push(name); continue; }
    if (required.includes(name)) throw new Error(`required backend ${name} (SHAPEGRAD_REQUIRE_BACKENDS) is unavailable: ${why}`);
    skipped.push(`${name} (${why})`);
  }
  if (skipped.length) console.info(`${TAG} skipped backends: ${skipped.join('; ')}`);
  return out;
}

/** the backends to run on here (evaluated when a test file imports this module) */
export const backends: readonly BackendName[] = listBackends();

/** null when `name` is usable (selected, and a trivial kernel gives the right answer), else why not */
async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const why = await enableWebGPU();
      if (why) return why;
    }
    const why = unavailableReason(name);
    if (why) return why;
    setBackend(name);
    const out = Array.from(await add(tensor([1, 2, 3]), 1).data());
    if (out.join() !== '2,3,4') return `a trivial kernel returned [${out.join(', ')}], expected [2, 3, 4]`;
    return null;
  } catch (e) {
    return `a trivial kernel failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Call at the top of a `describe.each(backends)` block. Selects `name` before the block's tests (and again
 * before each test, in case another block switched); skips the block when an optional backend cannot run.
 */
export function useBackend(name: BackendName): void {
  let skip: string | null = null;
  beforeAll(async () => {
    const why = await tryBackend(name);
    if (why === null) return;
    if (ALWAYS.includes(name) || requiredBackends().includes(name)) throw new Error(`backend ${name} cannot run: ${why}`);
    skip = why;
    console.info(`${TAG} skipping backend ${name}: ${why}`);
  });
  beforeEach((ctx) => {
    if (skip !== null) { ctx.skip(); return; }
    setBackend(name);
  });
}
