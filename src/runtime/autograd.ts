// Reverse-mode autodiff over the lazy graph: walk the nodes that need a gradient in reverse
// topological order, apply each op's rule (gradients.ts), and sum contributions (fan-out).
import { GRADIENTS } from './gradients';
import * as R from './ops';
import type { AnyTensor, Tensor } from './tensor';

/** reverse topological order of the nodes between the leaves that require grad and `root` */
function topo(root: AnyTensor): AnyTensor[] {
  const order: AnyTensor[] = [];
  const seen = new Set<AnyTensor>([root]);
  const stack: [AnyTensor, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const ins = top[0].inputs;
    if (top[1] < ins.length) {
      const d = ins[top[1]++];
      if (d.requiresGrad && !seen.has(d)) { seen.add(d); stack.push([d, 0]); }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  return order.reverse();
}

/**
 * Build the gradient graph of `root` (a scalar, or pass `seed` of root's shape) and accumulate into
 * the `.grad` of every leaf that requires grad. Returns those leaves. Nothing runs until realized.
 */
export function backward(root: AnyTensor, seed?: AnyTensor): AnyTensor[] {
  if (!root.requiresGrad) throw new Error('backward: the tensor does not depend on any tensor that requires grad');
  if (!seed && root.size !== 1) throw new Error(`backward: root has shape [${root.dims.join(', ')}]; pass a seed gradient or reduce to a scalar`);
  const grads = new Map<AnyTensor, AnyTensor>([[root, seed ?? R.full(root.dims, 1)]]);
  const leaves: AnyTensor[] = [];
  for (const t of topo(root)) {
    const g = grads.get(t);
    if (!g) continue;
    grads.delete(t);
    if (t.op === 'const') {
      const leaf = t as Tensor<unknown, 'float32'>;
      leaf.grad = (leaf.grad ? R.binary('add', leaf.grad, g) : g) as Tensor<unknown, 'float32'>;
      leaves.push(t);
      continue;
    }
    const rule = GRADIENTS[t.op];
    if (!rule) throw new Error(`backward: no gradient rule for op "${t.op}"`);
    const ins = rule(t, g);
    t.inputs.forEach((x, i) => {
      const gi = ins[i];
      if (!gi || !x.requiresGrad) return;
      const prev = grads.get(x);
      grads.set(x, prev ? R.binary('add', prev, gi) : gi);
    });
  }
  return leaves;
}
