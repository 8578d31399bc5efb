// `npm run train`: train the lecture's GPT on tiny Shakespeare with no flags; `--help` lists the options.
// Prints the backend it runs on, a progress bar (step, loss, tokens/s), train/val loss at intervals,
// saves a checkpoint (temporary file + rename: an interrupted save never destroys the last good one),
// and ends with a sample of generated text.
import { ArgsError, parseArgs } from './cli/args';
import { ProgressBar } from './cli/progress';
import { loadTextDataset } from './data/text-dataset';
import { ints } from './dsl';
import { namedParameters } from './dsl/params';
import { BACKENDS, setBackend, type BackendName } from './runtime/backend';
import { saveCheckpoint, type CheckpointTensor } from './runtime/checkpoint';
import { realize } from './runtime/realize';
import { Rng } from './runtime/rng';
import { PRESETS, PRESET_NAMES, type PresetName, type TrainPreset } from './models/configs';
import { createGPT, generate, gptConfig } from './models/gpt';
import { estimateLoss, makeOptimizer, trainStep, type TrainState } from './models/train-loop';

const VERSION = '0.1.0';

const OPTIONS = {
  steps: { type: 'int', default: 500, min: 0, description: 'optimizer steps' },
  config: { type: 'enum', choices: PRESET_NAMES, default: 'small', description: 'model and batch configuration' },
  seed: { type: 'int', default: 1337, min: 0, description: 'random seed (init, batches, sampling)' },
  backend: { type: 'enum', choices: ['auto', ...BACKENDS], default: 'auto', description: 'gpu.js backend (auto: SHAPEGRAD_BACKEND, else the best that runs here)' },
  lr: { type: 'float', min: 0, description: 'learning rate (default: the config\'s)' },
  evalInterval: { type: 'int', default: 250, min: 1, description: 'evaluate train/val loss every this many steps' },
  evalIters: { type: 'int', default: 50, min: 1, description: 'batches per split in each evaluation' },
  data: { type: 'string', default: 'data/tinyshakespeare.txt', description: 'training text (UTF-8)' },
  out: { type: 'string', default: 'checkpoints/gpt.safetensors', description: 'checkpoint path' },
  sampleTokens: { type: 'int', default: 300, min: 0, description: 'characters to generate at the end' },
} as const;

async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(OPTIONS, argv, {
    program: 'npm run train --',
    description: 'Train the character-level GPT of "Let\'s build GPT" on a text file (default: tiny Shakespeare).',
  });
  if (parsed.help) { console.log(parsed.text); return; }
  const o = parsed.values;
  // chosen at run time, so its dims are plain numbers here: the ops check them when the graph is built
  const preset: TrainPreset = PRESETS[o.config as PresetName];
  const lr = o.lr ?? preset.lr;
  if (!(lr > 0)) throw new ArgsError(`--lr: expected a positive number, got ${lr}.`);

  const backend = setBackend(o.backend as BackendName | 'auto');
  const data = loadTextDataset(o.data);
  const cfg = gptConfig({ ...preset.model, vocabSize: data.tokenizer.vocabSize });
  for (const [split, tokens] of [['train', data.train], ['val', data.val]] as const) {
    if (tokens.length <= cfg.blockSize) {
      throw new Error(`${o.data}: the ${split} split has ${tokens.length} tokens, config ${o.config} needs more than its block size ${cfg.blockSize}.`);
    }
  }
  const B = preset.batchSize, T = cfg.blockSize;
  const rng = new Rng(o.seed);
  const model = createGPT(cfg, rng);
  const state: TrainState<number, number, number, number> = { model, opt: makeOptimizer(model, lr), rng, step: 0 };
  const nParams = namedParameters(model.params).reduce((n, [, t]) => n + t.size, 0);
  console.log(`shapegrad ${VERSION}: GPT "${o.config}" (${cfg.nLayer} layers, ${cfg.nHead} heads, n_embd ${cfg.nEmbd}, block ${T}, vocab ${cfg.vocabSize}), ` +
    `${(nParams / 1e6).toFixed(3)}M parameters, batch ${B}, lr ${lr}, seed ${o.seed}, backend ${backend}`);
  console.log(`data ${o.data}: ${data.train.length} train / ${data.val.length} val tokens`);

  const evalRng = new Rng(o.seed + 1);
  const evaluate = async (bar?: ProgressBar) => {
    const tr = await estimateLoss(model, data, 'train', o.evalIters, B, T, evalRng);
    const va = await estimateLoss(model, data, 'val', o.evalIters, B, T, evalRng);
    const line = `step ${state.step}: train loss ${tr.toFixed(4)}, val loss ${va.toFixed(4)}`;
    if (bar) bar.log(line); else console.log(line);
    return { train: tr, val: va };
  };

  await evaluate();
  const bar = o.steps > 0 ? new ProgressBar({ total: o.steps }) : undefined;
  const t0 = performance.now();
  for (let i = 0; i < o.steps; i++) {
    const l = await trainStep(state, data, B, T);
    if (!Number.isFinite(l)) throw new Error(`training diverged at step ${state.step}: loss is ${l} (try a smaller --lr)`);
    bar!.update({ step: state.step, loss: l, tokens: B * T });
    if (state.step % o.evalInterval === 0 || state.step === o.steps) {
      await evaluate(bar);
      await save(o.out, state, { config: o.config, seed: o.seed, lr, vocab: data.tokenizer.vocab, cfg });
    }
  }
  bar?.finish();
  if (o.steps > 0) {
    const sec = (performance.now() - t0) / 1000;
    console.log(`trained ${o.steps} steps in ${sec.toFixed(1)} s (${Math.round((o.steps * B * T) / sec).toLocaleString('en-US')} tokens/s including evaluation, backend ${backend}); checkpoint ${o.out}`);
  }

  if (o.sampleTokens > 0) {
    // start from a newline (token of '\n'), as the lecture starts from index 0
    const start = data.tokenizer.encode('\n');
    const out = await generate(model, ints(start, [1, 1]), o.sampleTokens, { rng: new Rng(o.seed + 2) });
    console.log('--- sample ---');
    console.log(data.tokenizer.decode(await out.data()));
  }
}

async function save(file: string, s: TrainState<number, number, number, number>, meta: { config: string; seed: number; lr: number; vocab: string; cfg: object }): Promise<void> {
  const named = namedParameters(s.model.params);
  await realize(named.map(([, t]) => t));
  const tensors: Record<string, CheckpointTensor> = {};
  for (const [name, t] of named) tensors[name] = { dtype: 'F32', shape: [...t.dims], data: t.buf! };
  const opt = await s.opt.state();
  named.forEach(([name, t], i) => {
    tensors[`optimizer.m.${name}`] = { dtype: 'F32', shape: [...t.dims], data: opt.m[i] };
    tensors[`optimizer.v.${name}`] = { dtype: 'F32', shape: [...t.dims], data: opt.v[i] };
  });
  saveCheckpoint(file, tensors, {
    format: 'shapegrad-gpt',
    version: VERSION,
    model: JSON.stringify(meta.cfg),
    config: meta.config,
    step: String(s.step),
    optimizer_step: String(opt.step),
    lr: String(meta.lr),
    seed: String(meta.seed),
    rng: JSON.stringify(s.rng.getState()),
    vocab: meta.vocab,
  });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`error: ${msg}`);
  if (process.env.SHAPEGRAD_DEBUG && e instanceof Error) console.error(e.stack);
  process.exit(1);
});
