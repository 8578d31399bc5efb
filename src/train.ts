// `npm run train`: train the lecture's GPT on tiny Shakespeare with no flags; `--help` lists the options.
// Prints the backend it runs on, a progress bar (step, loss, tokens/s), train/val loss at intervals,
// saves a checkpoint (temporary file + rename: an interrupted save never destroys the last good one),
// and ends with a sample of generated text. Ctrl-C saves a checkpoint after the current step;
// `--resume PATH` continues a run exactly where it stopped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArgsError, parseArgs } from './cli/args';
import { ProgressBar } from './cli/progress';
import { loadTextDataset } from './data/text-dataset';
import { ints } from './dsl';
import { parameterCount } from './dsl/params';
import { BACKENDS, backendDescription, useBackend, type BackendName } from './runtime/backend';
import { executionMode, setExecutionMode, type ExecutionMode } from './runtime/realize';
import { Rng } from './runtime/rng';
import { PRESETS, PRESET_NAMES, type PresetName, type TrainPreset } from './models/configs';
import { createGPT, generate, gptConfig, type GPT, type GPTConfig } from './models/gpt';
import { LIBRARY_VERSION, loadGPTCheckpoint, saveGPTCheckpoint } from './models/gpt-checkpoint';
import { estimateLoss, makeOptimizer, trainStep } from './models/train-loop';

const OPTIONS = {
  steps: { type: 'int', default: 500, min: 0, description: 'train until this step (with --resume: the total, counting the steps already done)' },
  config: { type: 'enum', choices: PRESET_NAMES, description: 'model and batch configuration (default small; see the README)' },
  seed: { type: 'int', min: 0, description: 'random seed for init, batches and sampling (default 1337)' },
  backend: { type: 'enum', choices: ['auto', ...BACKENDS], default: 'auto', description: 'gpu.js backend (auto: $SHAPEGRAD_BACKEND, else the best that runs here)' },
  execution: { type: 'enum', choices: ['compiled', 'eager'], description: 'compiled: each training step runs as one cached gpu.js plan; eager: one kernel at a time, for debugging (default: $SHAPEGRAD_EXECUTION, else compiled)' },
  lr: { type: 'float', description: 'learning rate, greater than 0 (default: the config\'s)' },
  evalInterval: { type: 'int', default: 250, min: 1, description: 'evaluate train/val loss and save a checkpoint every this many steps' },
  evalIters: { type: 'int', default: 50, min: 1, description: 'batches per split in each evaluation' },
  data: { type: 'string', default: 'data/tinyshakespeare.txt', description: 'training text (UTF-8)' },
  out: { type: 'string', description: 'checkpoint path (default checkpoints/gpt.safetensors; with --resume: the resumed file)' },
  resume: { type: 'string', description: 'continue from this checkpoint (its config, seed and RNG state)' },
  sampleTokens: { type: 'int', default: 300, min: 0, description: 'characters to generate at the end' },
} as const;

async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(OPTIONS, argv, {
    program: 'npm run train --',
    description: 'Train the character-level GPT of "Let\'s build GPT" on a text file (default: tiny Shakespeare).',
  });
  if (parsed.help) { console.log(parsed.text); return; }
  const o = parsed.values;

  // a resumed run keeps writing to the checkpoint it continues; a fresh one to the default path
  const out = o.out ?? o.resume ?? 'checkpoints/gpt.safetensors';
  checkWritable(out);
  await useBackend(o.backend as BackendName | 'auto');
  if (o.execution !== undefined) setExecutionMode(o.execution as ExecutionMode);
  const backend = `${backendDescription()}, ${executionMode()}`;
  const data = loadTextDataset(o.data);

  let cfg: GPTConfig, model: GPT<number, number, number, number>, preset: string, seed: number, lr: number, B: number;
  let rng: Rng, evalRng: Rng, startStep = 0;
  const resumed = o.resume ? loadGPTCheckpoint(o.resume) : null;
  if (resumed) {
    if (resumed.meta.vocab !== data.tokenizer.vocab) {
      throw new Error(`--resume ${o.resume}: its vocabulary (${resumed.meta.vocab.length} characters) differs from ${o.data}'s (${data.tokenizer.vocabSize})`);
    }
    ({ cfg, model } = resumed);
    ({ preset, seed, lr, batchSize: B, step: startStep } = resumed.meta);
    if (o.config !== undefined && o.config !== preset) throw new ArgsError(`--config: a resumed run keeps its configuration ("${preset}" in ${o.resume}), got "${o.config}".`);
    if (o.seed !== undefined && o.seed !== seed) throw new ArgsError(`--seed: a resumed run keeps its seed (${seed} in ${o.resume}) and RNG state, got ${o.seed}.`);
    rng = new Rng(seed); rng.setState(resumed.meta.rng);
    evalRng = new Rng(seed); evalRng.setState(resumed.meta.evalRng);
  } else {
    // chosen at run time, so its dims are plain numbers here: the ops check them when the graph is built
    const p: TrainPreset = PRESETS[(o.config ?? 'small') as PresetName];
    cfg = gptConfig({ ...p.model, vocabSize: data.tokenizer.vocabSize });
    preset = o.config ?? 'small'; seed = o.seed ?? 1337; B = p.batchSize;
    lr = o.lr ?? p.lr;
    rng = new Rng(seed);
    evalRng = new Rng(seed + 1);
    model = createGPT(cfg, rng);
  }
  if (o.lr !== undefined) lr = o.lr;
  if (!(lr > 0)) throw new ArgsError(`--lr: expected a positive number, got ${lr}.`);
  const T = cfg.blockSize;
  for (const [split, tokens] of [['train', data.train], ['val', data.val]] as const) {
    if (tokens.length <= T) throw new Error(`${o.data}: the ${split} split has ${tokens.length} tokens, config ${preset} needs more than its block size ${T}.`);
  }
  const opt = makeOptimizer(model, lr);
  if (resumed) opt.loadState(resumed.optimizer);
  const state = { model, opt, rng, step: startStep };

  console.log(`shapegrad ${LIBRARY_VERSION}: GPT "${preset}" (${cfg.nLayer} layers, ${cfg.nHead} heads, n_embd ${cfg.nEmbd}, block ${T}, vocab ${cfg.vocabSize}), ` +
    `${(parameterCount(model.params) / 1e6).toFixed(3)}M parameters, batch ${B}, lr ${lr}, seed ${seed}, backend ${backend}`);
  console.log(`data ${o.data}: ${data.train.length} train / ${data.val.length} val tokens` + (resumed ? `; resumed from ${o.resume} at step ${startStep}` : ''));

  const evaluate = async (bar?: ProgressBar) => {
    const tr = await estimateLoss(model, data, 'train', o.evalIters, B, T, evalRng);
    const va = await estimateLoss(model, data, 'val', o.evalIters, B, T, evalRng);
    const line = `step ${state.step}: train loss ${tr.toFixed(4)}, val loss ${va.toFixed(4)}`;
    if (bar) bar.log(line); else console.log(line);
  };
  // a fresh run never overwrites a checkpoint it did not write: the old file is kept under a dated name
  let firstSave = !resumed || path.resolve(o.resume!) !== path.resolve(out);
  const save = async () => {
    if (firstSave && fs.existsSync(out)) {
      const stamp = fs.statSync(out).mtime.toISOString().replace(/[:.]/g, '-');
      const kept = out.replace(/(\.safetensors)?$/, `.${stamp}$1`);
      fs.renameSync(out, kept);
      console.log(`kept the existing ${out} as ${kept}`);
    }
    firstSave = false;
    await saveGPTCheckpoint(out, model, cfg, opt, {
      preset, seed, lr, batchSize: B, vocab: data.tokenizer.vocab, step: state.step, rng: rng.getState(), evalRng: evalRng.getState(),
    });
  };

  // Ctrl-C: stop after the current step and save (a second Ctrl-C exits at once; the last checkpoint is intact)
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stdout.write('\nstopping after this step to save a checkpoint (Ctrl-C again: quit without saving)\n');
  };
  process.on('SIGINT', onSigint);

  if (!resumed) await evaluate();
  const todo = Math.max(0, o.steps - startStep);
  const bar = todo > 0 ? new ProgressBar({ total: todo }) : undefined;
  const t0 = performance.now();
  let done = 0;
  while (state.step < o.steps && !interrupted) {
    const l = await trainStep(state, data, B, T);
    done++;
    if (!Number.isFinite(l)) throw new Error(`training diverged at step ${state.step}: loss is ${l} (try a smaller --lr)`);
    bar!.update({ step: done, loss: l, tokens: B * T });
    if (state.step % o.evalInterval === 0 || state.step === o.steps) {
      await evaluate(bar);
      await save();
    }
  }
  bar?.finish();
  if (interrupted) {
    await save();
    console.log(`interrupted at step ${state.step}: checkpoint saved to ${out}; continue with npm run train -- --resume ${out} --steps ${o.steps}`);
    process.exit(130);
  }
  process.off('SIGINT', onSigint);
  if (done > 0) {
    const sec = (performance.now() - t0) / 1000;
    console.log(`trained ${done} steps in ${sec.toFixed(1)} s (${Math.round((done * B * T) / sec).toLocaleString('en-US')} tokens/s including evaluation, backend ${backend}); checkpoint ${out}`);
  } else if (!resumed) {
    await save();
  }

  if (o.sampleTokens > 0) {
    // start from a newline, as the lecture starts from token 0 (which is '\n')
    const out = await generate(model, ints(data.tokenizer.encode('\n'), [1, 1]), o.sampleTokens, { rng: new Rng(seed + 2) });
    console.log('--- sample ---');
    console.log(data.tokenizer.decode(await out.data()));
  }
}

/**
 * Fail before training, not at the first save, when the checkpoint cannot be written: a directory, or a
 * folder that cannot be created or written to.
 */
function checkWritable(file: string): void {
  if (file.endsWith('/') || (fs.existsSync(file) && fs.statSync(file).isDirectory())) {
    throw new ArgsError(`--out ${file}: is a directory, expected a checkpoint file path such as ${path.join(file, 'gpt.safetensors')}.`);
  }
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new ArgsError(`--out ${file}: the directory ${dir} cannot be created or written to (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.SHAPEGRAD_DEBUG && e instanceof Error) console.error(e.stack);
  process.exit(1);
});
