// Lesson 1: one neuron. The perceptron learns AND and OR by its rule and never XOR; the sigmoid neuron
// learns AND and OR by gradient descent and, on XOR, settles at the loss of a coin flip (ln 2).
import { fromData } from '../dsl';
import { Rng } from '../runtime/rng';
import { GATES, gate, type Gate } from '../data/toy2d';
import { createNeuron, neuronProb, perceptronPredict, trainPerceptron, trainSigmoidNeuron } from '../models/perceptron';
import { type Lesson, type LessonResult, f4 } from './lesson';
import { boundarySpec, gridPoints, lineChartSpec, renderSvg, writeSvg, type BoundaryPanel, type Series } from './plot';

const EXTENT = { x0: -0.5, x1: 1.5, y0: -0.5, y1: 1.5 };
const GRID = 80;

function points(g: Gate) {
  const d = gate(g);
  return Array.from(d.labels, (label, i) => ({ x: d.xy[2 * i], y: d.xy[2 * i + 1], label }));
}

export const lesson1: Lesson = {
  number: 1,
  slug: 'perceptron',
  title: 'The perceptron',
  chapter: 'docs/01-perceptron.md',
  options: {
    epochs: { default: '20', help: 'passes of the perceptron rule at most' },
    steps: { default: '500', help: 'gradient-descent steps of the sigmoid neuron' },
    lr: { default: '1', help: 'learning rate of the sigmoid neuron' },
  },
  async run({ say, imgDir, num }) {
    const epochs = num('epochs'), steps = num('steps'), lr = num('lr');
    say('# Lesson 1: the perceptron');
    say();
    say('A neuron weighs its inputs and adds a bias: score = x @ w + b, with x: Tensor<[N, 2]>, w: Tensor<[2, 1]>,');
    say('b: Tensor<[1]> and score: Tensor<[N, 1]>. The perceptron answers 1 where the score is positive, else 0.');
    say('Its answer flips along one straight line, score = 0. Data: the four corners of the unit square, labelled');
    say('by a logic gate.');
    say();
    say(`## The perceptron learning rule (weights start at 0; at most ${epochs} passes)`);
    say('For each sample it gets wrong: w += (target - answer) * x, b += (target - answer).');
    const grid = fromData(gridPoints(GRID, EXTENT), [GRID * GRID, 2]);
    const panels: BoundaryPanel[] = [];
    const result: LessonResult = {};
    for (const g of GATES) {
      const d = gate(g);
      const x = fromData(d.xy, [4, 2]);
      const n = createNeuron(2);
      const mistakes = await trainPerceptron(n, x, d.labels, epochs);
      const answers = await perceptronPredict(n, x);
      const right = answers.filter((a, i) => a === d.labels[i]).length;
      const w = await n.weight.data(), b = await n.bias.data();
      const converged = mistakes[mistakes.length - 1] === 0;
      say(`  ${g.padEnd(3)}  mistakes per pass: ${mistakes.join(' ')}  ${converged ? `(converged after ${mistakes.length} passes)` : '(never 0: no line works)'}`);
      say(`       w = [${Array.from(w).join(', ')}], b = ${b[0]}; answers ${answers.join('')} for targets ${Array.from(d.labels).join('')}: ${right}/4 right`);
      result[`perceptron${g}Right`] = right;
      panels.push({ title: `${g}: ${right}/4 right`, prob: await perceptronPredict(n, grid), points: points(g) });
    }
    say();
    say('Why XOR fails: it wants (0,1) and (1,0) on the positive side, w2 + b > 0 and w1 + b > 0, and (0,0) and');
    say('(1,1) on the other, b <= 0 and w1 + w2 + b <= 0. Adding the first two gives w1 + w2 + 2b > 0, adding');
    say('the last two gives w1 + w2 + 2b <= 0. No line separates XOR, so the rule moves its line forever.');
    say();
    say(`## The sigmoid neuron: p = sigmoid(score), ${steps} steps of gradient descent (lr ${lr}), random start`);
    say('A step has no slope, so gradient descent cannot use it. sigmoid(score) = 1 / (1 + e^-score) is a smooth');
    say('step; its loss is the binary cross-entropy, -[y log p + (1 - y) log(1 - p)], averaged over the samples.');
    const series: Series[] = [];
    for (const g of GATES) {
      const d = gate(g);
      const x = fromData(d.xy, [4, 2]);
      const y = fromData(Float32Array.from(d.labels), [4, 1]);
      const n = createNeuron(2, new Rng(4));
      const losses = await trainSigmoidNeuron(n, x, y, steps, lr);
      const p = Array.from(await neuronProb(n, x).data(), (v) => v.toFixed(2));
      say(`  ${g.padEnd(3)}  loss ${f4(losses[0])} -> ${f4(losses[losses.length - 1])}   p(1) at the corners: ${p.join(' ')}`);
      result[`sigmoid${g}Loss`] = losses[losses.length - 1];
      series.push({ name: g, points: losses.map((l, i) => [i, l]) });
    }
    say(`  ln 2 = ${f4(Math.LN2)}: on XOR the best one line can do is answer 0.5 everywhere, a coin flip.`);
    series.push({ name: 'ln 2', points: [[0, Math.LN2], [steps - 1, Math.LN2]] });
    say();
    const files = [
      writeSvg('01-perceptron.svg', await renderSvg(boundarySpec({
        title: 'The perceptron after its rule: one line each', panels, n: GRID, extent: EXTENT, size: 180, legendTitle: 'answer',
      })), imgDir),
      writeSvg('01-sigmoid-loss.svg', await renderSvg(lineChartSpec({
        title: 'Sigmoid neuron: binary cross-entropy during gradient descent', xTitle: 'step', yTitle: 'loss', series, height: 260,
      })), imgDir),
    ];
    say(`Pictures: ${files.join(', ')}`);
    return result;
  },
};
