// `npm run bench`: matmul GFLOP/s (square 64..1024 and the GPT's shapes, each as A·B, A·Bᵀ and Aᵀ·B, the
// forms the backward pass uses) and full training-step tokens/s (SMALL, LECTURE-CPU) for every shapegrad
// backend that runs here, compiled (the default: one gpu.js plan per step) and eager (one kernel at a time,
// on the CPU backends), side by side with TensorFlow.js (cpu and wasm) measured in the same run; per step
// the executor that ran, the peak RSS, and the ceiling that matmul alone sets; and a per-kernel profile of
// one compiled SMALL step. Speed lives here, never in timed unit tests.
// Options: --quick (smaller sizes, fewer repetitions), --backends=cpu,webasm (a subset),
// --sections=matmul,step,profile (a subset of the tables).
import { spawnSync } from 'node:child_process';
import { useBackend, backendDescription, compiledKernel, currentGPU, BACKENDS, type BackendName } from '../src/runtime/backend';
import * as R from '../src/runtime/ops';
import { realize, setExecutionMode, type ExecutionMode } from '../src/runtime/realize';
import { lower, planStats } from '../src/runtime/compile';
import { backward } from '../src/runtime/autograd';
import { ints } from '../src/dsl';
import { gptParameters, loss as gptLoss } from '../src/models/gpt';
import { Rng } from '../src/runtime/rng';
import { loadTextDataset } from '../src/data/text-dataset';
import { createGPT, gptConfig } from '../src/models/gpt';
import { makeOptimizer, trainStep } from '../src/models/train-loop';
import { PRESETS } from '../src/models/configs';
import * as tfjs from './tfjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--backends='))?.slice('--backends='.length).split(',');
const SECTIONS = ['matmul', 'step', 'profile'] as const;
const sections = argv.find((a) => a.startsWith('--sections='))?.slice('--sections='.length).split(',') ?? [...SECTIONS];
for (const x of sections) if (!(SECTIONS as readonly string[]).includes(x)) throw new Error(`--sections: unknown section "${x}", expected some of ${SECTIONS.join(', ')}`);

// headless GL needs a display: re-run under xvfb-run when there is none and it is installed
if (!process.env.DISPLAY && !process.env.SHAPEGRAD_BENCH_CHILD && spawnSync('which', ['xvfb-run']).status === 0) {
  const r = spawnSync('xvfb-run', ['-a', process.execPath, '--import', 'tsx', __filename, ...argv], { stdio: 'inherit', env: { ...process.env, SHAPEGRAD_BENCH_CHILD: '1' } });
  process.exit(r.status ?? 1);
}

type Form = 'AB' | 'ABt' | 'AtB';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** time fn until minMs has passed (at least `min` runs), median per run in ms */
async function timeIt(fn: () => Promise<void>, minMs: number, min = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < min || performance.now() - t0 < minMs) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    if (times.length >= 50) break;
  }
  return median(times);
}

async function matmulGflops(m: number, k: number, n: number, form: Form): Promise<number> {
  const rng = new Rng(1);
  const a = form === 'AtB' ? R.randn([k, m], 1, rng) : R.randn([m, k], 1, rng);
  const b = form === 'ABt' ? R.randn([n, k], 1, rng) : R.randn([k, n], 1, rng);
  const A = form === 'AtB' ? R.transpose(a, 0, 1) : a;
  const B = form === 'ABt' ? R.transpose(b, 0, 1) : b;
  const ms = await timeIt(async () => { await realize([R.matmul(A, B)]); }, quick ? 150 : 400, quick || m * n * k > 1e8 ? 1 : 3);
  return (2 * m * n * k) / ms / 1e6;
}

/** GFLOP/s of `count` independent [m,k]x[k,n] products run as one compiled plan (no per-call overhead) */
async function planMatmulGflops(m: number, k: number, n: number, count = 16): Promise<number> {
  const rng = new Rng(1);
  const a = R.randn([m, k], 1, rng), b = R.randn([k, n], 1, rng);
  const run = async () => { await realize(Array.from({ length: count }, () => R.matmul(a, b))); };
  await run();   // a signature is compiled the second time it is seen
  const ms = await timeIt(run, quick ? 150 : 400);
  return (2 * m * n * k * count) / ms / 1e6;
}

/** matmul FLOPs of one training step (forward, backward), counted from its graph */
function stepMatmulFlops(preset: 'small' | 'lecture-cpu'): number {
  const p = PRESETS[preset];
  const model = createGPT(gptConfig({ ...p.model, vocabSize: 65 }), new Rng(1));
  const x = ints(new Array(p.batchSize * p.model.blockSize).fill(0), [p.batchSize, p.model.blockSize]);
  const l = gptLoss(model, x, x);
  backward(l);
  const grads = gptParameters(model).map((t) => t.grad!).filter(Boolean);
  let flops = 0;
  for (const t of lower([l, ...grads]).order) if (t.op === 'matmul') flops += 2 * t.size * t.inputs[0].dims[t.inputs[0].dims.length - 1];
  return flops;
}

/**
 * Where a compiled step's time goes: every distinct kernel of the SMALL step (forward, backward, AdamW) timed
 * on its own inside a plan (10 runs per call, so no per-call cost is counted), summed per op over the step.
 */
const BIG = 16384;
async function planProfile(preset: 'small' | 'lecture-cpu'): Promise<{ rows: [string, number, number][]; total: number }> {
  const p = PRESETS[preset];
  const model = createGPT(gptConfig({ ...p.model, vocabSize: 65 }), new Rng(1));
  const x = ints(new Array(p.batchSize * p.model.blockSize).fill(1), [p.batchSize, p.model.blockSize]);
  const l = gptLoss(model, x, x);
  backward(l);
  const news = makeOptimizer(model, p.lr).updates().flatMap((n) => [n.p, n.m, n.v]);
  const low = lower([l, ...news]);
  const ops = low.order.filter((t) => t.op !== 'reshape');
  const cache = new Map<string, number>();
  const per = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < low.steps.length; i++) {
    const st = low.steps[i];
    const key = `${st.output.join('x')}|${st.inLengths.join(',')}|${st.src}`;
    let ms = cache.get(key);
    if (ms === undefined) {
      const args = [...st.inLengths.map((n) => new Float32Array(n).fill(0.01)), new Float32Array(BIG)];
      const k = compiledKernel(st.src, st.output, st.inLengths);
      // one large copy in the plan makes webasm run it threaded, as the step's plan runs every kernel
      // (a plan of small kernels alone would run on one thread)
      const big = compiledKernel('function(a) {\nreturn a[this.thread.x];\n}', [BIG], [BIG]);
      const orchestrate = function (...a: unknown[]) {
        let last = big(a[a.length - 1]);
        for (let r = 0; r < 10; r++) last = k(...a.slice(0, -1));
        return last;
      };
      Object.defineProperty(orchestrate, 'length', { value: args.length });
      const pl = currentGPU().createPipeline(orchestrate as never);
      ms = (await timeIt(async () => { await pl(...args); }, quick ? 30 : 100, 3)) / 10;
      pl.destroy();
      cache.set(key, ms);
    }
    const name = `${ops[i].op} [${ops[i].dims.join(',')}]`;
    const e = per.get(name) ?? [0, 0];
    per.set(name, [e[0] + ms, e[1] + 1]);
    total += ms;
  }
  const rows = [...per.entries()].map(([k, [ms, n]]): [string, number, number] => [k, ms, n]).sort((a, b) => b[1] - a[1]);
  return { rows, total };
}

interface StepResult { tps: number; ms: number; rssMb: number; executor: string }

async function trainTokensPerSec(preset: 'small' | 'lecture-cpu', steps: number, mode: ExecutionMode): Promise<StepResult> {
  setExecutionMode(mode);
  const p = PRESETS[preset];
  const data = loadTextDataset('data/tinyshakespeare.txt');
  const cfg = gptConfig({ ...p.model, vocabSize: 65 });
  const rng = new Rng(1337);
  const model = createGPT(cfg, rng);
  const s = { model, opt: makeOptimizer(model, p.lr), rng, step: 0 };
  // warm-up: kernels compile on the first step, the plan on the second
  for (let i = 0; i < 2; i++) await trainStep(s, data, p.batchSize, p.model.blockSize);
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await trainStep(s, data, p.batchSize, p.model.blockSize);
    times.push(performance.now() - t);
    rss = Math.max(rss, process.memoryUsage().rss);
  }
  const executor = mode === 'eager' ? 'eager' : planStats.executor;
  const ms = median(times);
  setExecutionMode('compiled');
  return { tps: (p.batchSize * p.model.blockSize) / ms * 1000, ms, rssMb: rss / 2 ** 20, executor };
}

async function main() {
  console.log(`# shapegrad benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${require('node:os').cpus().length} cores (${require('node:os').cpus()[0]?.model ?? '?'})`);
  console.log(`gpu.js ${require('gpu.js/package.json').version}${quick ? ', --quick' : ''}; shared machines are noisy: compare ratios within one run\n`);
  const backends: BackendName[] = [];
  for (const b of BACKENDS) {
    if (only && !only.includes(b)) continue;
    try { await useBackend(b); backends.push(b); console.log(`backend ${b}: ${backendDescription()}`); }
    catch (e) { console.log(`backend ${b}: skipped (${(e as Error).message})`); }
  }
  let tf: typeof tfjs | null = null;
  let tfBackends: string[] = [];
  try { tf = tfjs; tfBackends = await tf.tfjsBackends(); console.log(`tfjs backends: ${tfBackends.join(', ')}`); }
  catch (e) { console.log(`tfjs: skipped (${(e as Error).message.split('\n')[0]})`); }

  const cols = [...backends.map((b) => `shapegrad ${b}`), ...tfBackends.map((b) => `tfjs ${b}`)];
  const sizes = quick ? [64, 128, 256] : [64, 128, 256, 512, 1024];
  const shapes: [string, number, number, number][] = [
    ...sizes.map((n): [string, number, number, number] => [`${n}²`, n, n, n]),
    ['SMALL qkv [512,64]x[64,64]', 512, 64, 64], ['SMALL mlp [512,64]x[64,256]', 512, 64, 256],
    ['LECTURE-CPU mlp [2048,128]x[128,512]', 2048, 128, 512],
  ];
  if (sections.includes('matmul')) {
    console.log('\n## matmul, GFLOP/s (median)\n');
    console.log(`| shape | form | ${cols.join(' | ')} | best shapegrad / tfjs wasm |`);
    console.log(`|---|---|${cols.map(() => '---').join('|')}|---|`);
    for (const [name, m, k, n] of shapes) {
      for (const form of ['AB', 'ABt', 'AtB'] as Form[]) {
        if (quick && m * k * n > 2 ** 24) continue;
        const row: number[] = [];
        for (const b of backends) {
          // the cpu backend needs seconds per 1024³ product: one form is enough to place it
          if (b === 'cpu' && m * k * n >= 2 ** 30 && form !== 'AB') { row.push(NaN); continue; }
          await useBackend(b);
          row.push(await matmulGflops(m, k, n, form));
        }
        for (const b of tfBackends) row.push(await tf!.tfjsMatmul(b, m, k, n, form, quick ? 150 : 400));
        const best = Math.max(...row.slice(0, backends.length).filter((x) => !Number.isNaN(x)));
        const wasm = tfBackends.includes('wasm') ? row[backends.length + tfBackends.indexOf('wasm')] : NaN;
        console.log(`| ${name} | ${form} | ${row.map((x) => (Number.isNaN(x) ? '-' : x.toFixed(2))).join(' | ')} | ${Number.isNaN(wasm) ? '-' : (best / wasm).toFixed(2) + '×'} |`);
      }
    }
  }

  if (sections.includes('step')) {
    // compiled is the default execution; eager (one kernel at a time) is measured on the CPU backends
    const eagerOn = backends.filter((b) => b === 'cpu' || b === 'webasm');
    const stepCols = [...backends.map((b) => `shapegrad ${b}`), ...eagerOn.map((b) => `${b} eager`), ...tfBackends.map((b) => `tfjs ${b}`)];
    console.log('\n## training step (forward, backward, AdamW), tokens/s (median)\n');
    console.log('shapegrad columns run the compiled step (one gpu.js plan per step; executor in the notes below); "eager" runs one kernel at a time.\n');
    console.log(`| model | ${stepCols.join(' | ')} | best shapegrad / tfjs wasm | matmul-bound ceiling |`);
    console.log(`|---|${stepCols.map(() => '---').join('|')}|---|---|`);
    const notes: string[] = [];
    for (const preset of ['small', 'lecture-cpu'] as const) {
      const p = PRESETS[preset];
      const row: number[] = [];
      let bestTps = 0, bestBackend: BackendName = backends[0];
      const n = preset === 'small' ? (quick ? 3 : 8) : (quick ? 1 : 3);
      for (const b of backends) {
        await useBackend(b);
        const r = await trainTokensPerSec(preset, n, 'compiled');
        row.push(r.tps);
        notes.push(`${preset} ${b} compiled (${r.executor}): ${r.ms.toFixed(0)} ms/step, peak RSS ${r.rssMb.toFixed(0)} MiB`);
        if (r.tps > bestTps) { bestTps = r.tps; bestBackend = b; }
      }
      for (const b of eagerOn) {
        await useBackend(b);
        const r = await trainTokensPerSec(preset, n, 'eager');
        row.push(r.tps);
        notes.push(`${preset} ${b} eager: ${r.ms.toFixed(0)} ms/step, peak RSS ${r.rssMb.toFixed(0)} MiB`);
      }
      for (const b of tfBackends) {
        // tfjs cpu needs over a minute per LECTURE-CPU step here: one timed step places it
        const steps = preset === 'small' ? (quick ? 3 : 8) : b === 'cpu' || quick ? 1 : 3;
        const r = await tf!.tfjsTrainStep(b, { ...p.model, vocabSize: 65, batchSize: p.batchSize, lr: p.lr }, steps);
        row.push(r.tokensPerSec);
      }
      // the ceiling: the step's matmul FLOPs alone, at the best backend's in-plan matmul speed
      await useBackend(bestBackend);
      const flops = stepMatmulFlops(preset);
      const [m, k, nn] = preset === 'small' ? [512, 64, 256] : [2048, 128, 512];
      const gf = await planMatmulGflops(m, k, nn);
      const ceiling = (p.batchSize * p.model.blockSize) / (flops / gf / 1e6) * 1000;
      notes.push(`${preset}: ${(flops / 1e6).toFixed(0)} MFLOP of matmul per step; ${bestBackend} runs [${m},${k}]x[${k},${nn}] at ${gf.toFixed(2)} GFLOP/s inside a plan, so matmul alone caps a step at ${Math.round(ceiling).toLocaleString('en-US')} tokens/s`);
      const wasm = tfBackends.includes('wasm') ? row[backends.length + eagerOn.length + tfBackends.indexOf('wasm')] : NaN;
      const ratio = (x: number) => (Number.isNaN(wasm) ? '-' : (x / wasm).toFixed(2) + '×');
      console.log(`| ${preset.toUpperCase()} | ${row.map((x) => Math.round(x).toLocaleString('en-US')).join(' | ')} | ${ratio(bestTps)} (${bestBackend}) | ${Math.round(ceiling).toLocaleString('en-US')} (${ratio(ceiling)}) |`);
    }
    console.log('\n' + notes.map((l) => `- ${l}`).join('\n'));
  }

  if (sections.includes('profile')) {
    // on the best CPU backend: webasm where it runs
    const pb: BackendName = backends.includes('webasm') ? 'webasm' : backends[0];
    await useBackend(pb);
    const { rows, total } = await planProfile('small');
    console.log(`\n## where a compiled SMALL step's time goes (${pb}: each kernel timed inside a plan; ${total.toFixed(0)} ms for the step's ${rows.reduce((a, r) => a + r[2], 0)} kernels)\n`);
    console.log('| kernel [output shape] | ms | calls | share |');
    console.log('|---|---|---|---|');
    for (const [k, ms, n] of rows.slice(0, 15)) console.log(`| ${k} | ${ms.toFixed(1)} | ${n} | ${(100 * ms / total).toFixed(0)}% |`);
    const byOp = new Map<string, number>();
    for (const [k, ms] of rows) { const op = k.split(' ')[0]; byOp.set(op, (byOp.get(op) ?? 0) + ms); }
    console.log(`\nper op: ${[...byOp.entries()].sort((a, b) => b[1] - a[1]).map(([op, ms]) => `${op} ${(100 * ms / total).toFixed(0)}%`).join(', ')}.`);
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
