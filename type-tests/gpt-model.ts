// The GPT of src/models as a statically verified program: what must compile with exact types, and the
// mistakes that must not (checked by tsc 5.9 and TS 7 through @ts-expect-error).
import { ints, zeros, type Tensor } from '../src/dsl';
import { Rng } from '../src/runtime/rng';
import { createGPT, forward, gptConfig, loss, type GPT, type GPTOf, type GPTParams } from '../src/models/gpt';

const SMALL = gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, dropout: 0 });
const model = createGPT(SMALL, new Rng(1));
// the head size is derived as a type: 64 / 4 = 16, and C = Mul<4, 16> = 64 again
const exact: GPT<65, 32, 4, 16> = model;
const idx = ints(new Int32Array(16 * 32), [16, 32]);
const logits: Tensor<[16, 32, 65]> = forward(model, idx);
const l: Tensor<[]> = loss(model, idx, idx);
const lecture: GPTOf<{ vocabSize: 65; blockSize: 256; nEmbd: 384; nHead: 6; nLayer: 6; dropout: 0.2 }> = createGPT(
  gptConfig({ vocabSize: 65, blockSize: 256, nEmbd: 384, nHead: 6, nLayer: 6, dropout: 0.2 }), new Rng(1));
const lectureExact: GPT<65, 256, 6, 64> = lecture;

// @ts-expect-error  nEmbd 65 does not split into 4 heads: "config: nEmbd 65 is not a multiple of nHead 4"
gptConfig({ vocabSize: 65, blockSize: 32, nEmbd: 65, nHead: 4, nLayer: 2, dropout: 0 });

// @ts-expect-error  a model of 4 heads is not a model of 8 heads (the interfaces are `in out`)
const wrongHeads: GPT<65, 32, 8, 8> = model;
// @ts-expect-error  nor one of unknown head count (no implicit widening)
const widened: GPT<65, 32, number, 16> = model;

// the embedding and the LM head share one vocabulary V: parameters whose head has 66 outputs are not a 65-token model
const sameVocab: GPTParams<65, 32, 4, 16> = { ...model.params, lmHead: { weight: zeros([64, 65]), bias: zeros([65]) } };
// @ts-expect-error  LM head of 66 outputs for an embedding of 65 rows
const otherVocab: GPTParams<65, 32, 4, 16> = { ...model.params, lmHead: { weight: zeros([64, 66]), bias: zeros([66]) } };
// @ts-expect-error  a config with another head count is rejected for this model's parameters (in out interfaces)
const otherHeads: GPTOf<{ vocabSize: 65; blockSize: 32; nEmbd: 64; nHead: 8; nLayer: 2; dropout: 0 }> = model;

// @ts-expect-error  targets of the wrong length
loss(model, idx, ints(new Int32Array(16 * 31), [16, 31]));
// @ts-expect-error  float ids
forward(model, logits);
// @ts-expect-error  the logits are [B, T, V], not [B, T, C]
const wrongLogits: Tensor<[16, 32, 64]> = forward(model, idx);

export { exact, l, lectureExact, wrongHeads, widened, wrongLogits, sameVocab, otherVocab, otherHeads };
