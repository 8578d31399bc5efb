// `npm run bench`: matmul GFLOP/s (square 64..1024 and the GPT's shapes, each as A·B, A·Bᵀ and Aᵀ·B, the
// forms the backward pass uses) and full training-step tokens/s (SMALL, LECTURE-CPU) for every shapegrad
// backend that runs here, side by side with TensorFlow.js (cpu and wasm) measured in the same run, plus a
// per-kernel profile of one SMALL step. Speed lives here, never in timed unit tests.
// Options: --quick (smaller sizes, fewer repetitions), --backends cpu,webasm (a subset).
import { spawnSync } from 'node:child_process';
import { useBackend, backendDescription, BACKENDS, type BackendName } from '../src/runtime/backend';
import * as R from '../src/runtime/ops';
import { realize, setExecutionMode, startProfile, stopProfile, type ExecutionMode } from '../src/runtime/realize';
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

interface StepResult { tps: number; ms: number; rssMb: number; executor: string; profile?: [string, { ms: number; calls: number }][] }

async function trainTokensPerSec(preset: 'small' | 'lecture-cpu', steps: number, mode: ExecutionMode, withProfile = false): Promise<StepResult> {
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
  let profile;
  if (withProfile) {
    startProfile();   // profiling runs kernel by kernel
    await trainStep(s, data, p.batchSize, p.model.blockSize);
    profile = stopProfile();
  }
  setExecutionMode('compiled');
  return { tps: (p.batchSize * p.model.blockSize) / ms * 1000, ms, profile, rssMb: rss / 2 ** 20, executor };
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

  // compiled is the default execution; eager (one kernel at a time) is measured on the CPU backends
  const eagerOn = backends.filter((b) => b === 'cpu' || b === 'webasm');
  const stepCols = [...backends.map((b) => `shapegrad ${b}`), ...eagerOn.map((b) => `${b} eager`), ...tfBackends.map((b) => `tfjs ${b}`)];
  console.log('\n## training step (forward, backward, AdamW), tokens/s (median)\n');
  console.log('shapegrad columns run the compiled step (one gpu.js plan per step; executor in the notes below); "eager" runs one kernel at a time.\n');
  console.log(`| model | ${stepCols.join(' | ')} | best shapegrad / tfjs wasm | matmul-bound ceiling |`);
  console.log(`|---|${stepCols.map(() => '---').join('|')}|---|---|`);
  let profile: [string, { ms: number; calls: number }][] | undefined;
  let profileBackend = '';
  let compiledSmallMs = 0;
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
      if (r.tps > bestTps) { bestTps = r.tps; bestBackend = b; if (preset === 'small') compiledSmallMs = r.ms; }
    }
    for (const b of eagerOn) {
      await useBackend(b);
      const r = await trainTokensPerSec(preset, n, 'eager', preset === 'small' && b === bestBackend);
      row.push(r.tps);
      notes.push(`${preset} ${b} eager: ${r.ms.toFixed(0)} ms/step, peak RSS ${r.rssMb.toFixed(0)} MiB`);
      if (r.profile) { profile = r.profile; profileBackend = b; }
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

  if (profile) {
    const total = profile.reduce((a, [, e]) => a + e.ms, 0);
    console.log(`\n## where a SMALL step's time goes (${profileBackend}, one step run kernel by kernel: ${total.toFixed(0)} ms in kernels; the compiled step took ${compiledSmallMs.toFixed(0)} ms)\n`);
    console.log('| kernel [output shape] | ms | calls | share |');
    console.log('|---|---|---|---|');
    for (const [k, e] of profile.slice(0, 15)) console.log(`| ${k} | ${e.ms.toFixed(1)} | ${e.calls} | ${(100 * e.ms / total).toFixed(0)}% |`);
    const mm = profile.filter(([k]) => k.startsWith('matmul')).reduce((a, [, e]) => a + e.ms, 0);
    const calls = profile.reduce((a, [, e]) => a + e.calls, 0);
    console.log(`\nmatmul kernels: ${(100 * mm / total).toFixed(0)}% of kernel time; ${calls} kernel calls per step.`);
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
