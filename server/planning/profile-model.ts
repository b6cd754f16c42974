// The profiler: from a model description to the per-block numbers a pack-v1 job
// carries (layers, layerMemGiB, stageBaseMemGiB, layerGflopPerToken, hopMBPerToken, mfu),
// plus the GPU catalog the packer and the quotes share.
//
// Sources of the formulas:
// - Parameters of a Llama-style block (Touvron et al. 2023, "Llama 2", architecture of
//   Llama 1 with grouped-query attention at 70B): attention Q and O are h x h, K and V are
//   h x (kvHeads x h/heads); the SwiGLU MLP has three h x ffn matrices; two RMSNorm
//   vectors of h. The model adds untied input embeddings and LM head (vocab x h each) and
//   a final norm. This reproduces Llama-2's published 6.74B / 13.0B / 69.0B.
// - Training memory with mixed-precision Adam: 16 bytes per parameter (bf16 weights 2 +
//   bf16 gradients 2 + fp32 master weights 4 + Adam moments 8), Rajbhandari et al. 2020
//   (ZeRO, section 3.1).
// - Activations per block and micro-batch, Korthikanti et al. 2022 ("Reducing Activation
//   Recomputation in Large Transformer Models"): 34·s·b·h + 5·a·s²·b bytes without
//   recomputation for a GELU MLP of 4h, 34·s·b·h with selective recomputation (the
//   attention scores are recomputed; flash/SDPA attention never stores them either) and
//   2·s·b·h with full recomputation (only the block input is kept). For SwiGLU the MLP
//   term 19·s·b·h becomes 2·s·b·h + 8·s·b·ffn, hence 17·s·b·h + 8·s·b·ffn. Eager PyTorch
//   under autocast keeps fp32 copies besides the bf16 ones, which about doubles this:
//   measured on an H100 (../../../shared/notes/calibration.md) the estimate times 2 is
//   within 11% at 1B/7B/13B/70B, so the factor 2 is used.
// - Training FLOPs per token of a block: 6 x parameters (forward 2, backward 4; Kaplan et
//   al. 2020) plus attention scores and values, 6·s·h (causal, as in calibration.md).
// - Bytes crossing a stage boundary per token: the bf16 hidden state forward and its
//   gradient backward, 2·h + 2·h bytes.
// - With 1F1B scheduling stage i of n keeps up to n − i micro-batches in flight; the
//   packer's per-layer memory must hold for any stage, and the generator's (and the
//   market's) numbers correspond to about two in flight plus 5% allocator
//   fragmentation, which is the default here.
// - Fixed memory of a stage: the CUDA context, NCCL and allocator reserve (about 3 GiB
//   measured on an H100 with PyTorch 2.x), the embedding or LM head that the first and
//   last stages hold, at 16 bytes per parameter, and the fp32 logits of one micro-batch.
import { GPU_CATALOG as MARKET_GPUS } from '../inventory/gpu-catalog';
import type { GpuType, PackJob } from './types';

const GiB = 1024 ** 3;

export interface ModelShape {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
  seqLen: number;
  microBatch: number;
}

export type Recompute = 'none' | 'selective' | 'full';

export interface ModelProfile {
  layers: number;
  paramsPerBlock: number;
  totalParams: number;
  weightsGiBPerBlock: number;
  activationGiBPerBlock: number;
  layerMemGiB: number;
  stageBaseMemGiB: number;
  layerGflopPerToken: number;
  hopMBPerToken: number;
  mfu: number;
}

export type PresetName = '1B' | '7B' | '13B' | '70B';

/** Llama-2 shapes (Touvron et al. 2023, table 1 and the released configs); 1B is TinyLlama-1.1B's shape. */
export const MODEL_PRESETS: Record<PresetName, ModelShape & { mfu: number; measuredActivationGiB: number }> = {
  // mfu and measured activations from calibration.md (H100, PyTorch 2.11, micro-batch 1).
  '1B': { layers: 16, hidden: 2048, heads: 16, kvHeads: 16, ffn: 5632, vocab: 32000, seqLen: 2048, microBatch: 1, mfu: 0.27, measuredActivationGiB: 0.28 },
  '7B': { layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: 11008, vocab: 32000, seqLen: 4096, microBatch: 1, mfu: 0.42, measuredActivationGiB: 1.12 },
  '13B': { layers: 40, hidden: 5120, heads: 40, kvHeads: 40, ffn: 13824, vocab: 32000, seqLen: 4096, microBatch: 1, mfu: 0.43, measuredActivationGiB: 1.52 },
  '70B': { layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffn: 28672, vocab: 32000, seqLen: 4096, microBatch: 1, mfu: 0.46, measuredActivationGiB: 3.17 },
};

/**
 * Peak dense BF16/FP16 tensor TFLOPS (without sparsity), memory and an on-demand price per GPU model:
 * the market's one catalog (server/inventory/gpu-catalog.ts, pure data with its sources), in the
 * shape pack-v1 instances carry.
 */
export const GPU_CATALOG: Record<string, GpuType> = Object.fromEntries(
  Object.entries(MARKET_GPUS).map(([id, g]) => [id, { memGiB: g.memGiB, tflops: g.tflops, onDemandCentsPerGpuHour: g.onDemandCentsPerGpuHour }]),
);

export function paramsPerBlock(m: Pick<ModelShape, 'hidden' | 'heads' | 'kvHeads' | 'ffn'>): number {
  const headDim = m.hidden / m.heads;
  const attention = 2 * m.hidden * m.hidden + 2 * m.hidden * m.kvHeads * headDim;
  const mlp = 3 * m.hidden * m.ffn;
  const norms = 2 * m.hidden;
  return attention + mlp + norms;
}

export function totalParams(m: ModelShape): number {
  return m.layers * paramsPerBlock(m) + 2 * m.vocab * m.hidden + m.hidden;
}

/** Activation bytes of one block for one micro-batch in flight. */
export function activationBytesPerBlock(m: ModelShape, recompute: Recompute = 'selective'): number {
  const sb = m.seqLen * m.microBatch;
  // The factor 2 is eager PyTorch's fp32 copies under autocast, fitted to calibration.md.
  const eager = 2;
  if (recompute === 'full') return eager * 2 * sb * m.hidden;
  const perToken = 17 * m.hidden + 8 * m.ffn;
  const scores = recompute === 'none' ? 5 * m.heads * m.seqLen * sb : 0;
  return eager * (sb * perToken + scores);
}

export interface ProfileOptions {
  recompute?: Recompute;
  /** Micro-batches a stage holds activations for (1F1B: up to the number of stages). */
  microBatchesInFlight?: number;
  mfu?: number;
}

const RUNTIME_GiB = 3;
const FRAGMENTATION = 1.05;

export function profileModel(m: ModelShape, opts: ProfileOptions = {}): ModelProfile {
  const p = paramsPerBlock(m);
  const weights = (16 * p) / GiB;
  const act = activationBytesPerBlock(m, opts.recompute ?? 'selective') / GiB;
  const inFlight = opts.microBatchesInFlight ?? 2;
  const embedding = (16 * m.vocab * m.hidden) / GiB;
  const logits = (4 * m.seqLen * m.microBatch * m.vocab) / GiB;
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    layers: m.layers,
    paramsPerBlock: p,
    totalParams: totalParams(m),
    weightsGiBPerBlock: weights,
    activationGiBPerBlock: act,
    layerMemGiB: round((weights + inFlight * act) * FRAGMENTATION, 2),
    stageBaseMemGiB: round(RUNTIME_GiB + embedding + logits, 1),
    layerGflopPerToken: round((6 * p + 6 * m.seqLen * m.hidden) / 1e9, 3),
    hopMBPerToken: round((4 * m.hidden) / 1e6, 4),
    mfu: opts.mfu ?? 0.4,
  };
}

export function profilePreset(name: PresetName, opts: ProfileOptions = {}): ModelProfile {
  const { mfu, ...shape } = MODEL_PRESETS[name];
  return profileModel(shape, { mfu, ...opts });
}

/** The pack-v1 job fields of a profiled model, ready to merge into a job. */
export function jobFieldsOf(
  profile: ModelProfile,
): Pick<PackJob, 'layers' | 'layerMemGiB' | 'stageBaseMemGiB' | 'layerGflopPerToken' | 'hopMBPerToken' | 'mfu'> {
  return {
    layers: profile.layers,
    layerMemGiB: profile.layerMemGiB,
    stageBaseMemGiB: profile.stageBaseMemGiB,
    layerGflopPerToken: profile.layerGflopPerToken,
    hopMBPerToken: profile.hopMBPerToken,
    mfu: profile.mfu,
  };
}
