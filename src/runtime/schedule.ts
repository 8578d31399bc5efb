// Scheduling: which kernels a set of tensors needs, in dependency order. Dependencies are the kernels'
// actual inputs (a matmul reading through a transpose does not realize the transpose). Shared by both
// executors: one kernel at a time (realize.ts, eager) and one compiled plan (compile.ts).
import { kernelFor, type KernelSpec } from './kernels';
import type { AnyTensor } from './tensor';

const specs = new WeakMap<AnyTensor, KernelSpec>();

/** the kernel that computes t (generated once per tensor, kept until it has run) */
export function specOf(t: AnyTensor): KernelSpec {
  let spec = specs.get(t);
  if (!spec) { spec = kernelFor(t); specs.set(t, spec); }
  return spec;
}

/** forget a tensor's kernel once it has run (the spec holds its inputs alive) */
export function dropSpec(t: AnyTensor): void {
  specs.delete(t);
}

function depsOf(t: AnyTensor): readonly AnyTensor[] {
  return t.op === 'reshape' ? t.inputs : specOf(t).inputs;
}

/** post-order of the unrealized tensors needed by targets (iterative: graphs can be deep) */
export function schedule(targets: readonly AnyTensor[]): AnyTensor[] {
  const order: AnyTensor[] = [];
  const seen = new Set<AnyTensor>();
  for (const root of targets) {
    if (root.buf || seen.has(root)) continue;
    const stack: [AnyTensor, number][] = [[root, 0]];
    seen.add(root);
    checkFresh(root, root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const deps = depsOf(top[0]);
      if (top[1] < deps.length) {
        const d = deps[top[1]++];
        if (!d.buf && !seen.has(d)) { seen.add(d); checkFresh(d, root); stack.push([d, 0]); }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  }
  return order;
}

/**
 * Throw when computing t now would read a leaf replaced (Tensor.assign) after t, or a view that t's kernel
 * reads through (a transpose folded into a matmul), was built from it.
 */
function checkFresh(t: AnyTensor, root: AnyTensor): void {
  const deps = depsOf(t);
  const walk = (n: AnyTensor): void => {
    for (const i of n.inputs) {
      if (i.updatedAt > n.epoch) throw staleInput(n, i, root);
      if (!i.buf && !deps.includes(i)) walk(i);   // a view the kernel reads through: not scheduled itself
    }
  };
  walk(t);
}

/** realizing `root` would compute `t` from `leaf`'s new values where t was built from the old ones */
function staleInput(t: AnyTensor, leaf: AnyTensor, root: AnyTensor): Error {
  const inside = t === root ? '' : ` (needed by ${root})`;
  return new Error(`realize: ${t}${inside} was built from ${leaf} before its values were replaced (an optimizer step or a state-dict load), ` +
    'so computing it now would mix old and new values. Realize it before the update (pass it to opt.step([...]) or await its data()), ' +
    'or build it again from the updated tensors.');
}
