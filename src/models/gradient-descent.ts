// Plain gradient descent, the simplest optimizer: every parameter takes one step downhill,
//   p <- p - lr * dloss/dp
// Lesson 1 trains its sigmoid neuron with it; later lessons use AdamW, which scales the step per parameter.
import { realize, type AnyTensor } from '../dsl';

/** one step on every parameter that has a .grad (from backward), then clear the gradients */
export async function gradientDescentStep(params: readonly AnyTensor[], lr: number, alsoRealize: readonly AnyTensor[] = []): Promise<void> {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`gradientDescentStep: lr must be a positive number, got ${lr}`);
  const withGrad = params.filter((p) => p.grad !== null);
  // the gradients are lazy graphs until now: compute them (and e.g. the loss) in one go
  await realize([...alsoRealize, ...withGrad.map((p) => p.grad!)]);
  for (const p of withGrad) {
    const g = p.grad!.buf!, v = p.buf!;
    p.assign(Float32Array.from(v, (x, i) => x - lr * g[i]));
    p.grad = null;
  }
}
