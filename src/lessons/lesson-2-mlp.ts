// Lesson 2: a deep network. An MLP learns XOR (which lesson 1's neuron could not) and the two moons, and
// we watch its decision boundary bend as it trains.
import { type Tensor, fromData, ints } from '../dsl';
import { Rng } from '../runtime/rng';
import { gate, twoMoons, type Points2D } from '../data/toy2d';
import { type MLP, createMLP, fitMLP, mlpAccuracy, mlpProbs } from '../models/mlp';
import { type Lesson, f4 } from './lesson';
import { boundarySpec, gridPoints, renderSvg, writeSvg, type BoundaryOptions, type BoundaryPanel } from './plot';

const GRID = 48;
/** the moons lesson's data: 200 points to learn from, 200 fresh ones to test on */
export const MOONS = { n: 200, noise: 0.15 } as const;

/** p(class 1) of every grid cell: the picture of what the network currently believes */
async function beliefs<H extends number>(m: MLP<2, H, 2>, extent: BoundaryOptions['extent']): Promise<Float32Array> {
  const grid: Tensor<[number, 2]> = fromData(gridPoints(GRID, extent), [GRID * GRID, 2]);
  const p = await mlpProbs(m, grid).data();   // [cells, 2]
  return Float32Array.from({ length: GRID * GRID }, (_, i) => p[2 * i + 1]);
}

function points<N extends number>(d: Points2D<N>) {
  return Array.from(d.labels, (label, i) => ({ x: d.xy[2 * i], y: d.xy[2 * i + 1], label }));
}

/** train and keep a picture at each snapshot step (step 0 = before training) */
async function trainWithSnapshots<N extends number, H extends number>(
  m: MLP<2, H, 2>, d: Points2D<N>, steps: number, lr: number, snapshots: number[], extent: BoundaryOptions['extent'],
): Promise<{ losses: number[]; panels: BoundaryPanel[] }> {
  const x = fromData(d.xy, [d.n, 2]), y = ints(d.labels, [d.n]);
  const panels: BoundaryPanel[] = [];
  if (snapshots.includes(0)) panels.push({ title: 'step 0 (random)', prob: await beliefs(m, extent), points: points(d) });
  const losses = await fitMLP(m, x, y, {
    steps, lr,
    onStep: async (s, loss) => {
      if (snapshots.includes(s)) panels.push({ title: `step ${s}, loss ${loss.toFixed(3)}`, prob: await beliefs(m, extent), points: points(d) });
    },
  });
  return { losses, panels };
}

export const lesson2: Lesson = {
  number: 2,
  slug: 'mlp',
  title: 'A deep network',
  chapter: 'docs/02-mlp.md',
  options: {
    'xor-steps': { default: '300', help: 'AdamW steps on XOR' },
    steps: { default: '500', help: 'AdamW steps on the two moons' },
    lr: { default: '0.03', help: 'AdamW learning rate (moons; XOR uses 0.05)' },
  },
  async run({ say, imgDir, num }) {
    const xorSteps = num('xor-steps'), steps = num('steps'), lr = num('lr');
    say('# Lesson 2: a deep network');
    say();
    say('Stack neurons in layers: x [N, 2] -> tanh(x W1 + b1) [N, H] -> tanh(h W2 + b2) [N, H] -> h W3 + b3 [N, 2].');
    say('The last layer gives a score per class; softmax turns the scores into probabilities and the loss is');
    say('the cross-entropy, -log p(true class). tanh bends each layer: without it the layers multiply out to');
    say('one linear map, one line again. Training: AdamW on all the data at once (full batch).');
    say();
    say(`## XOR: MLP 2 -> 8 -> 8 -> 2, ${xorSteps} steps, lr 0.05`);
    const xorData = gate('XOR');
    const xorExtent = { x0: -0.5, x1: 1.5, y0: -0.5, y1: 1.5 };
    const xorModel = createMLP(2, 8, 2, new Rng(1));
    const xor = await trainWithSnapshots(xorModel, xorData, xorSteps, 0.05, [0, Math.round(xorSteps / 30), Math.round(xorSteps / 10), xorSteps], xorExtent);
    const xorAcc = await mlpAccuracy(xorModel, fromData(xorData.xy, [4, 2]), xorData.labels);
    const pXor = await mlpProbs(xorModel, fromData(xorData.xy, [4, 2])).data();
    say(`  loss ${f4(xor.losses[0])} -> ${f4(xor.losses[xor.losses.length - 1])}; accuracy ${(xorAcc * 100).toFixed(0)}%`);
    say(`  p(1) at (0,0) (0,1) (1,0) (1,1): ${[1, 3, 5, 7].map((i) => pXor[i].toFixed(3)).join(' ')}`);
    say('  Two hidden neurons are enough in principle: one draws the line "x + y > 0.5", another "x + y > 1.5",');
    say('  and the next layer answers "the first but not the second".');
    say();
    say(`## Two moons: ${MOONS.n} points (noise ${MOONS.noise}), MLP 2 -> 16 -> 16 -> 2, ${steps} steps, lr ${lr}`);
    const rng = new Rng(2);
    const train = twoMoons(MOONS.n, MOONS.noise, rng), test = twoMoons(MOONS.n, MOONS.noise, rng);
    const moonExtent = { x0: -1.6, x1: 2.6, y0: -1.2, y1: 1.7 };
    const model = createMLP(2, 16, 2, new Rng(3));
    const snaps = [0, Math.round(steps / 25), Math.round(steps / 5), steps];
    const moons = await trainWithSnapshots(model, train, steps, lr, snaps, moonExtent);
    const trainAcc = await mlpAccuracy(model, fromData(train.xy, [MOONS.n, 2]), train.labels);
    const testAcc = await mlpAccuracy(model, fromData(test.xy, [MOONS.n, 2]), test.labels);
    say(`  loss ${f4(moons.losses[0])} -> ${f4(moons.losses[moons.losses.length - 1])}`);
    say(`  accuracy on the ${MOONS.n} training points ${(trainAcc * 100).toFixed(1)}%, on ${MOONS.n} fresh points ${(testAcc * 100).toFixed(1)}%`);
    say('  The fresh points were never trained on: doing well on them is what "it generalizes" means.');
    say();
    const files = [
      writeSvg('02-xor-boundary.svg', await renderSvg(boundarySpec({
        title: 'An MLP learns XOR: p(class 1) as it trains', panels: xor.panels, n: GRID, extent: xorExtent, size: 180,
      })), imgDir),
      writeSvg('02-moons-boundary.svg', await renderSvg(boundarySpec({
        title: 'An MLP learns the two moons: p(class 1) as it trains', panels: moons.panels, n: GRID, extent: moonExtent, size: 180,
      })), imgDir),
    ];
    say(`Pictures: ${files.join(', ')}`);
    return { xorLoss: xor.losses[xor.losses.length - 1], xorAccuracy: xorAcc, moonsLoss: moons.losses[moons.losses.length - 1], moonsTestAccuracy: testAcc };
  },
};
