// Splits a job's layers over the stages of a candidate pipeline.
//
// A pipeline runs at the rate of its slowest stage, so with stage speeds s_i
// (GPUs x TFLOPS) and layer counts l_i the rate is proportional to
// min_i s_i / l_i. Handing out layers one at a time to the stage with the largest
// s_i / (l_i + 1) (the D'Hondt rule) picks the L largest of all quotients s_i / k,
// which maximises that minimum; a stage's memory caps its k.

export interface StageSlot {
  /** GPUs x peak TFLOPS of the GPUs the stage runs on. */
  speed: number;
  /** Most layers that fit the stage's memory. */
  maxLayers: number;
}

/** Layers per slot (a slot may get 0 and should then be dropped), or null when memory is short. */
export function partitionLayers(layers: number, slots: readonly StageSlot[]): number[] | null {
  const out = new Int32Array(slots.length);
  const ok = splitLayers(
    layers,
    slots.map((s) => s.speed),
    slots.map((s) => s.maxLayers),
    slots.length,
    out,
  );
  return ok ? Array.from(out) : null;
}

/**
 * `partitionLayers` over the first `n` entries of parallel arrays, into `out`; false when
 * memory is short. The packer calls it thousands of times per plan without allocating.
 */
export function splitLayers(
  layers: number,
  speed: ArrayLike<number>,
  maxLayers: ArrayLike<number>,
  n: number,
  out: { [i: number]: number },
): boolean {
  let room = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    room += Math.max(0, maxLayers[i]);
    total += speed[i];
  }
  if (room < layers) return false;
  // D'Hondt gives every slot at least the floor of its proportional share (lower quota),
  // and a cap only moves layers to the others; so each slot starts one under that floor
  // (safe from float rounding) and the one-at-a-time rule hands out the few left. The
  // result is the same as from zero: those first layers are every slot's largest quotients.
  let given = 0;
  for (let i = 0; i < n; i++) {
    out[i] = total > 0 ? Math.max(0, Math.min(maxLayers[i], Math.floor((layers * speed[i]) / total) - 1)) : 0;
    given += out[i];
  }
  for (let k = given; k < layers; k++) {
    let best = -1;
    let bestQ = -1;
    for (let i = 0; i < n; i++) {
      if (out[i] >= maxLayers[i]) continue;
      const q = speed[i] / (out[i] + 1);
      if (q > bestQ) {
        bestQ = q;
        best = i;
      }
    }
    out[best]++;
  }
  return true;
}

/** Most layers a stage of `gpus` GPUs of `memGiB` holds; mirrors the judge's memory rule exactly. */
export function maxLayersOnGpus(
  job: { stageBaseMemGiB: number; layerMemGiB: number },
  gpus: number,
  memGiB: number,
): number {
  const mem = gpus * memGiB;
  let l = Math.floor((mem - job.stageBaseMemGiB) / job.layerMemGiB);
  // Floor of a float quotient can land one off either way; settle it with the rule itself.
  while (l > 0 && job.stageBaseMemGiB + l * job.layerMemGiB > mem) l--;
  while (job.stageBaseMemGiB + (l + 1) * job.layerMemGiB <= mem) l++;
  return Math.max(0, l);
}

/** Fewest GPUs of `memGiB` that hold `layers` layers in one stage. */
export function minGpusForLayers(
  job: { stageBaseMemGiB: number; layerMemGiB: number },
  layers: number,
  memGiB: number,
): number {
  const need = job.stageBaseMemGiB + layers * job.layerMemGiB;
  let g = Math.max(1, Math.ceil(need / memGiB));
  while (g > 1 && need <= (g - 1) * memGiB) g--;
  while (need > g * memGiB) g++;
  return g;
}

export interface PipelineGpu {
  nodeId: string;
  gpus: number;
  tflops: number;
  memGiB: number;
  nodeGbps: number;
}

export interface PartitionedPipeline {
  layers: number[];
  /** Tokens per second: slowest stage, or slowest network hop between nodes. */
  tokensPerSecond: number;
}

/**
 * Splits `job.layers` over the given stages (in pipeline order) and returns the
 * pipeline's rate, using the judge's throughput formulas. Stages that get no layer
 * are left at 0; the caller drops them (and must then recompute hops).
 */
export function partitionPipeline(
  job: {
    layers: number;
    stageBaseMemGiB: number;
    layerMemGiB: number;
    layerGflopPerToken: number;
    hopMBPerToken: number;
    mfu: number;
  },
  stages: readonly PipelineGpu[],
): PartitionedPipeline | null {
  const layers = partitionLayers(
    job.layers,
    stages.map((s) => ({ speed: s.gpus * s.tflops, maxLayers: maxLayersOnGpus(job, s.gpus, s.memGiB) })),
  );
  if (!layers) return null;
  return { layers, tokensPerSecond: pipelineRate(job, stages, layers) };
}

/** Tokens per second of one stage: `layers` blocks on `gpus` GPUs of `tflops` (the judge's formula). */
export function stageRate(job: { layerGflopPerToken: number; mfu: number }, gpus: number, tflops: number, layers: number): number {
  return (gpus * tflops * 1e12 * job.mfu) / (layers * job.layerGflopPerToken * 1e9);
}

/** Tokens per second a hop between two nodes carries: the slower NIC over the bytes per token. */
export function hopRate(job: { hopMBPerToken: number }, gbpsA: number, gbpsB: number): number {
  return (Math.min(gbpsA, gbpsB) * 1e9) / 8 / (job.hopMBPerToken * 1e6);
}

/** The judge's rate: min over stages with layers, and over hops between different nodes. */
export function pipelineRate(
  job: { layerGflopPerToken: number; hopMBPerToken: number; mfu: number },
  stages: readonly PipelineGpu[],
  layers: readonly number[],
): number {
  let rate = Infinity;
  let prev: PipelineGpu | null = null;
  for (let i = 0; i < stages.length; i++) {
    if (layers[i] === 0) continue;
    const s = stages[i];
    rate = Math.min(rate, stageRate(job, s.gpus, s.tflops, layers[i]));
    if (prev && prev.nodeId !== s.nodeId) rate = Math.min(rate, hopRate(job, prev.nodeGbps, s.nodeGbps));
    prev = s;
  }
  return rate;
}
