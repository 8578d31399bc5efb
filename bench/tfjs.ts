// TensorFlow.js side of the benchmark: the same matmuls and the same GPT train step as shapegrad,
// on tfjs's 'cpu' (plain JS) and 'wasm' (XNNPACK, SIMD) backends. In Node the wasm backend finds its
// binaries itself (dist/*.wasm next to tf-backend-wasm.node.js); it runs single-threaded here, as
// Node does not satisfy tfjs-wasm's multithread check (WASM_HAS_MULTITHREAD_SUPPORT is false).
//
// Run: npx tsx bench/tfjs.ts            (all: matmul table + SMALL and LECTURE-CPU train steps)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';

// ---------------------------------------------------------------------------------------------------
// backends

const CANDIDATES = ['cpu', 'wasm'] as const;

/** which of 'cpu' and 'wasm' initialise here */
export async function tfjsBackends(): Promise<string[]> {
  const ok: string[] = [];
  for (const name of CANDIDATES) {
    if (await useBackend(name)) ok.push(name);
  }
  return ok;
}

let wasmPathsSet = false;

async function useBackend(name: string): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    if (await tf.setBackend(name)) { await tf.ready(); return true; }
  } catch { /* fall through */ }
  if (name === 'wasm' && !wasmPathsSet) {
    // fallback: point the loader at the package's dist folder explicitly (a file path works in Node)
    wasmPathsSet = true;
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    tfwasm.setWasmPaths(dist + path.sep);
    try {
      if (await tf.setBackend(name)) { await tf.ready(); return true; }
    } catch { /* not available */ }
  }
  return false;
}

async function requireBackend(name: string): Promise<void> {
  if (!(await useBackend(name))) throw new Error(`tfjs: backend '${name}' does not initialise here`);
}

// ---------------------------------------------------------------------------------------------------
// deterministic randomness (mulberry32 + Box-Muller): the same weights and batches on every backend

class Prng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** uniform in [0, 1) */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  normal(): number {
    const u = 1 - this.next(), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  normals(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

// ---------------------------------------------------------------------------------------------------
// matmul

export type MatmulForm = 'AB' | 'ABt' | 'AtB';

/**
 * GFLOP/s of an [m,k]x[k,n] product in the given form (ABt: B stored [n,k]; AtB: A stored [k,m]),
 * the median over samples taken for at least minMs after a warm-up. Each product's result is read
 * back (dataSync) inside the timed region, so the work is really done.
 */
export async function tfjsMatmul(backend: string, m: number, k: number, n: number, form: MatmulForm, minMs = 300): Promise<number> {
  await requireBackend(backend);
  const rng = new Prng(1234);
  const aShape: [number, number] = form === 'AtB' ? [k, m] : [m, k];
  const bShape: [number, number] = form === 'ABt' ? [n, k] : [k, n];
  const a = tf.tensor2d(rng.normals(m * k, 1), aShape);
  const b = tf.tensor2d(rng.normals(k * n, 1), bShape);
  const ta = form === 'AtB', tb = form === 'ABt';
  const once = (): void => {
    const c = tf.matMul(a, b, ta, tb);
    c.dataSync();
    c.dispose();
  };
  try {
    // warm-up, and calibrate how many products make one sample of >= ~2 ms (timer resolution, noise)
    once();
    let t0 = performance.now();
    let reps = 0;
    while (performance.now() - t0 < 20 || reps < 2) { once(); reps++; }
    const per = (performance.now() - t0) / reps;
    const inner = Math.max(1, Math.ceil(2 / per));
    const samples: number[] = [];
    const start = performance.now();
    while (samples.length < 3 || (performance.now() - start < minMs && samples.length < 200)) {
      t0 = performance.now();
      for (let i = 0; i < inner; i++) once();
      samples.push((performance.now() - t0) / inner);
    }
    return (2 * m * n * k) / (median(samples) * 1e6);
  } finally {
    a.dispose();
    b.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------
// the GPT of src/models/gpt.ts, in tfjs

export interface TfjsTrainConfig {
  vocabSize: number;
  blockSize: number;
  nEmbd: number;
  nHead: number;
  nLayer: number;
  batchSize: number;
  lr: number;
}

export interface TfjsTrainResult {
  tokensPerSec: number;
  msPerStep: number;
  /** process CPU time (user + system) per timed step: less sensitive than msPerStep to other processes on a shared machine */
  cpuMsPerStep: number;
  firstLoss: number;
  lastLoss: number;
}

interface Lin { w: tf.Variable; b?: tf.Variable }
interface Norm { g: tf.Variable; b: tf.Variable }
interface Block { ln1: Norm; q: Lin; k: Lin; v: Lin; proj: Lin; ln2: Norm; fc: Lin; fc2: Lin }
interface Model { tok: tf.Variable; pos: tf.Variable; blocks: Block[]; lnF: Norm; head: Lin; vars: tf.Variable[] }

function createModel(cfg: TfjsTrainConfig, rng: Prng): Model {
  const E = cfg.nEmbd, V = cfg.vocabSize, std = 0.02;
  const vars: tf.Variable[] = [];
  const v = (t: tf.Tensor): tf.Variable => { const x = tf.variable(t); t.dispose(); vars.push(x); return x; };
  const normal = (r: number, c: number) => v(tf.tensor2d(rng.normals(r * c, std), [r, c]));
  const lin = (i: number, o: number, bias: boolean): Lin => (bias ? { w: normal(i, o), b: v(tf.zeros([o])) } : { w: normal(i, o) });
  const norm = (): Norm => ({ g: v(tf.ones([E])), b: v(tf.zeros([E])) });
  const tok = normal(V, E);
  const pos = normal(cfg.blockSize, E);
  const blocks = Array.from({ length: cfg.nLayer }, (): Block => ({
    ln1: norm(), q: lin(E, E, false), k: lin(E, E, false), v: lin(E, E, false), proj: lin(E, E, true),
    ln2: norm(), fc: lin(E, 4 * E, true), fc2: lin(4 * E, E, true),
  }));
  const lnF = norm();
  const head = lin(E, V, true);
  return { tok, pos, blocks, lnF, head, vars };
}

/** x [N, I] -> [N, O] */
function linear(x: tf.Tensor2D, p: Lin): tf.Tensor2D {
  const y = tf.matMul<tf.Tensor2D>(x, p.w);
  return p.b ? tf.add<tf.Tensor2D>(y, p.b) : y;
}

/** LayerNorm over the last axis, eps 1e-5 (torch's default) */
function layerNorm(x: tf.Tensor2D, p: Norm): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), p.g), p.b);
}

/** mean cross-entropy of idx -> targets; idx and targets are [B*T] int32 */
function gptLoss(model: Model, cfg: TfjsTrainConfig, idx: tf.Tensor1D, targets: tf.Tensor1D, mask: tf.Tensor2D): tf.Scalar {
  const B = idx.shape[0] / cfg.blockSize, T = cfg.blockSize, E = cfg.nEmbd, H = cfg.nHead, D = E / H, V = cfg.vocabSize;
  // token embedding as a one-hot matmul (tfjs-wasm has no gradient for gather), plus positions
  const tokE = tf.matMul(tf.oneHot(idx, V), model.tok);                                      // [B*T, E]
  let x = tf.reshape<tf.Rank.R2>(tf.add(tf.reshape(tokE, [B, T, E]), model.pos), [B * T, E]);
  const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]); // [B, H, T, D]
  for (const blk of model.blocks) {
    const h = layerNorm(x, blk.ln1);
    const q = heads(linear(h, blk.q)), k = heads(linear(h, blk.k)), v = heads(linear(h, blk.v));
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D)), mask);       // [B, H, T, T]
    const y = tf.matMul(tf.softmax(scores, -1), v);                                           // [B, H, T, D]
    const merged = tf.reshape<tf.Rank.R2>(tf.transpose(y, [0, 2, 1, 3]), [B * T, E]);
    x = tf.add(x, linear(merged, blk.proj));
    x = tf.add(x, linear(tf.relu(linear(layerNorm(x, blk.ln2), blk.fc)), blk.fc2));
  }
  const logits = linear(layerNorm(x, model.lnF), model.head);                                // [B*T, V]
  const logp = tf.logSoftmax(logits, -1);
  return tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(logp, tf.oneHot(targets, V)), -1)));
}

/**
 * AdamW written by hand with tf ops, with torch.optim.AdamW's semantics (as src/runtime/adamw.ts):
 * decoupled weight decay 0.01 on every parameter, p <- p*(1 - lr*wd) - lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps),
 * betas (0.9, 0.999), eps 1e-8.
 */
class TfAdamW {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  constructor(private readonly vars: tf.Variable[], private readonly lr: number,
    private readonly wd = 0.01, private readonly b1 = 0.9, private readonly b2 = 0.999, private readonly eps = 1e-8) {
    const zeros = (p: tf.Variable): tf.Variable => { const z = tf.zerosLike(p); const v = tf.variable(z, false); z.dispose(); return v; };
    this.m = vars.map(zeros);
    this.v = vars.map(zeros);
  }
  step(grads: tf.NamedTensorMap): void {
    this.t++;
    const { b1, b2, eps, lr, wd } = this;
    const stepSize = lr / (1 - b1 ** this.t), invSqrtBc2 = 1 / Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      this.vars.forEach((p, i) => {
        const g = grads[p.name];
        if (!g) return;
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
        const upd = tf.div(m, tf.add(tf.mul(tf.sqrt(v), invSqrtBc2), eps));
        p.assign(tf.sub(tf.mul(p, 1 - lr * wd), tf.mul(upd, stepSize)));
        this.m[i].assign(m);
        this.v[i].assign(v);
      });
    });
  }
  dispose(): void { for (const t of [...this.m, ...this.v]) t.dispose(); }
}

let corpus: { ids: Int32Array; vocab: number } | undefined;

/** data/tinyshakespeare.txt encoded by its sorted unique characters (vocab 65) */
function loadCorpus(): { ids: Int32Array; vocab: number } {
  if (!corpus) {
    const text = fs.readFileSync(path.join(__dirname, '..', 'data', 'tinyshakespeare.txt'), 'utf8');
    const chars = [...new Set(text)].sort();
    const index = new Map(chars.map((c, i) => [c, i]));
    const ids = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) ids[i] = index.get(text[i])!;
    corpus = { ids, vocab: chars.length };
  }
  return corpus;
}

/**
 * Train steps of the GPT on random tiny-Shakespeare batches (fixed seed): 2 warm-up steps, then `steps`
 * timed steps (forward, backward, AdamW update, loss read back). msPerStep is the mean over the timed
 * steps. firstLoss is the loss of the very first step (~ln(vocab) at init), lastLoss of the last one.
 */
export async function tfjsTrainStep(backend: string, cfg: TfjsTrainConfig, steps = 10): Promise<TfjsTrainResult> {
  await requireBackend(backend);
  const data = loadCorpus();
  if (cfg.vocabSize < data.vocab) throw new Error(`tfjs: vocabSize ${cfg.vocabSize} < the corpus's ${data.vocab} characters`);
  if (cfg.nEmbd % cfg.nHead !== 0) throw new Error(`tfjs: nEmbd ${cfg.nEmbd} is not a multiple of nHead ${cfg.nHead}`);
  const rng = new Prng(1337);
  const model = createModel(cfg, rng);
  const opt = new TfAdamW(model.vars, cfg.lr);
  const T = cfg.blockSize, B = cfg.batchSize;
  // additive causal mask: 0 on and below the diagonal, -1e9 above it (exp underflows to 0 as with -inf)
  const maskData = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskData[i * T + j] = -1e9;
  const mask = tf.tensor2d(maskData, [T, T]);
  const batchRng = new Prng(42);
  const oneStep = async (): Promise<number> => {
    const xs = new Int32Array(B * T), ys = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const o = batchRng.int(data.ids.length - T - 1);
      xs.set(data.ids.subarray(o, o + T), b * T);
      ys.set(data.ids.subarray(o + 1, o + T + 1), b * T);
    }
    const idx = tf.tensor1d(xs, 'int32'), targets = tf.tensor1d(ys, 'int32');
    const { value, grads } = tf.variableGrads(() => gptLoss(model, cfg, idx, targets, mask), model.vars);
    opt.step(grads);
    const l = (await value.data())[0];
    tf.dispose([idx, targets, value, grads]);
    return l;
  };
  try {
    const firstLoss = await oneStep();
    await oneStep();
    let lastLoss = firstLoss;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) lastLoss = await oneStep();
    const msPerStep = (performance.now() - t0) / steps;
    const c = process.cpuUsage(c0);
    const cpuMsPerStep = (c.user + c.system) / 1000 / steps;
    return { tokensPerSec: (B * T) / msPerStep * 1000, msPerStep, cpuMsPerStep, firstLoss, lastLoss };
  } finally {
    opt.dispose();
    mask.dispose();
    tf.dispose(model.vars);
  }
}

// ---------------------------------------------------------------------------------------------------
// command line

const SMALL: TfjsTrainConfig = { vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, batchSize: 16, lr: 1e-3 };
const LECTURE_CPU: TfjsTrainConfig = { vocabSize: 65, blockSize: 64, nEmbd: 128, nHead: 4, nLayer: 4, batchSize: 32, lr: 3e-4 };

if (require.main === module) {
  (async () => {
    // optional arguments: the backends to run (default: every one that initialises)
    const wanted = process.argv.slice(2);
    const backends = (await tfjsBackends()).filter((b) => wanted.length === 0 || wanted.includes(b));
    console.log(`tfjs ${tf.version.tfjs}; backends here: ${backends.join(', ')}; wasm threads: ${backends.includes('wasm') ? tfwasm.getThreadsCount() : '-'}`);
    console.log('(2 shared cores: numbers are noisy)');
    const forms: MatmulForm[] = ['AB', 'ABt', 'AtB'];
    for (const be of backends) {
      console.log(`\n[${be}] matmul GFLOP/s (n x n times n x n)`);
      console.log(['n', ...forms].map((s) => s.padStart(8)).join(''));
      for (const n of [64, 128, 256, 512]) {
        const row = [String(n)];
        for (const f of forms) row.push((await tfjsMatmul(be, n, n, n, f, be === 'cpu' && n >= 512 ? 150 : 300)).toFixed(2));
        console.log(row.map((s) => s.padStart(8)).join(''));
      }
      for (const [name, cfg, steps] of [['SMALL', SMALL, 10], ['LECTURE-CPU', LECTURE_CPU, be === 'cpu' ? 2 : 5]] as const) {
        const r = await tfjsTrainStep(be, cfg, steps);
        const tokens = cfg.batchSize * cfg.blockSize;
        console.log(`[${be}] train ${name}: ${r.tokensPerSec.toFixed(0)} tokens/s, ${r.msPerStep.toFixed(1)} ms/step over ${steps} steps ` +
          `(CPU time ${r.cpuMsPerStep.toFixed(1)} ms/step = ${(tokens / r.cpuMsPerStep * 1000).toFixed(0)} tokens per CPU-second); ` +
          `first loss ${r.firstLoss.toFixed(4)} (ln 65 = ${Math.log(65).toFixed(4)}), last ${r.lastLoss.toFixed(4)}; tensors alive ${tf.memory().numTensors}`);
      }
    }
  })().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
}
