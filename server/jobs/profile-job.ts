import { MODEL_PRESETS, profileModel, profilePreset, type ModelProfile, type ModelShape } from '../planning/profile-model';
import { GPU_CATALOG, GPU_MODEL_IDS } from '../inventory/gpu-catalog';
import type { ModelSpec } from './job-input';

/** Training steps cost: restart (container start + checkpoint restore) and checkpoint interval. */
export const RESTART_MINUTES = 10;
export const CHECKPOINT_MINUTES = 30;
export const MIN_SEGMENT_MINUTES = 60;
export const MAX_HOP_LATENCY_MS = 100;

export function shapeOf(spec: ModelSpec): ModelShape & { mfu?: number } {
  if ('preset' in spec) return MODEL_PRESETS[spec.preset];
  return spec.architecture;
}

export function profileOf(spec: ModelSpec): ModelProfile {
  return 'preset' in spec ? profilePreset(spec.preset) : profileModel(spec.architecture);
}

/** What the buyer sees as they type: size, memory per layer, and GPUs a pipeline needs per GPU model. */
export function describeProfile(spec: ModelSpec) {
  const p = profileOf(spec);
  const gpus = GPU_MODEL_IDS.map((id) => {
    const g = GPU_CATALOG[id];
    const perGpu = Math.floor((g.memGiB - p.stageBaseMemGiB) / p.layerMemGiB);
    const tokensPerSecPerGpu = (g.tflops * 1e12 * p.mfu) / (p.layerGflopPerToken * 1e9 * p.layers);
    return {
      gpuModel: id,
      label: g.label,
      layersPerGpu: Math.max(0, perGpu),
      gpusForPipeline: perGpu >= 1 ? Math.ceil(p.layers / perGpu) : null,
      tokensPerSecPerGpu: Math.round(tokensPerSecPerGpu),
    };
  });
  return { ...p, gpus };
}
