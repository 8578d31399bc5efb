// Named configurations of the lecture's models (../shared/design/reference.md has PyTorch's numbers for
// them). The model dims are literal types; the vocabulary comes from the data at run time.
export interface TrainPreset {
  /** model dims (vocabSize comes from the data) */
  model: { blockSize: number; nEmbd: number; nHead: number; nLayer: number; dropout: number };
  batchSize: number;
  lr: number;
}

export const PRESETS = {
  small: { model: { blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, dropout: 0 }, batchSize: 16, lr: 1e-3 },
  'lecture-cpu': { model: { blockSize: 64, nEmbd: 128, nHead: 4, nLayer: 4, dropout: 0 }, batchSize: 32, lr: 3e-4 },
  lecture: { model: { blockSize: 256, nEmbd: 384, nHead: 6, nLayer: 6, dropout: 0.2 }, batchSize: 64, lr: 3e-4 },
} as const satisfies Record<string, TrainPreset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
