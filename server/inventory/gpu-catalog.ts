// The GPU models a provider can list, and the reference prices a provider compares an ask with.
//
// Specs: memory and peak dense bf16 tensor TFLOPS from the vendors' datasheets (NVIDIA H100 SXM,
// H200 SXM, A100 SXM, L40S, GeForce RTX 4090/5090/3090 and RTX A6000 whitepapers; AMD MI300X
// datasheet; Apple M-series GPU FP16/BF16 throughput as published in Apple's and reviewers' specs).
// Prices (US cents per GPU-hour) are indicative public list prices of late 2026, kept in this one
// table so that they can be updated in one place:
//   - onDemand: a hyperscaler or NeoCloud on-demand price (the "data-center price" of training);
//     the figures for H100, A100, L40S, RTX 4090 and M4 Pro match the pack-v1 generator's catalog.
//   - spot: what the same GPU earns as interruptible spot / community-cloud capacity.
//   - inference: what a GPU of that model earns serving inference on a serverless GPU platform,
//     per GPU-hour at a realistic 60% utilisation.
// Source of the price columns: public price pages of GPU clouds (Lambda, RunPod community cloud,
// Vast.ai median offers, CoreWeave, AWS p5/p4d/g6e, Akash), read by the team in November 2026.
export const GPU_CATALOG = {
  'H200-141G': { label: 'NVIDIA H200 141GB', vendor: 'NVIDIA', memGiB: 141, tflops: 989, onDemandCentsPerGpuHour: 399, spotCentsPerGpuHour: 230, inferenceCentsPerGpuHour: 250, class: 'datacenter' },
  'H100-80G': { label: 'NVIDIA H100 80GB', vendor: 'NVIDIA', memGiB: 80, tflops: 989, onDemandCentsPerGpuHour: 299, spotCentsPerGpuHour: 165, inferenceCentsPerGpuHour: 190, class: 'datacenter' },
  'MI300X-192G': { label: 'AMD Instinct MI300X 192GB', vendor: 'AMD', memGiB: 192, tflops: 1307, onDemandCentsPerGpuHour: 349, spotCentsPerGpuHour: 190, inferenceCentsPerGpuHour: 210, class: 'datacenter' },
  'A100-80G': { label: 'NVIDIA A100 80GB', vendor: 'NVIDIA', memGiB: 80, tflops: 312, onDemandCentsPerGpuHour: 179, spotCentsPerGpuHour: 95, inferenceCentsPerGpuHour: 110, class: 'datacenter' },
  'A100-40G': { label: 'NVIDIA A100 40GB', vendor: 'NVIDIA', memGiB: 40, tflops: 312, onDemandCentsPerGpuHour: 129, spotCentsPerGpuHour: 70, inferenceCentsPerGpuHour: 80, class: 'datacenter' },
  'L40S-48G': { label: 'NVIDIA L40S 48GB', vendor: 'NVIDIA', memGiB: 48, tflops: 362, onDemandCentsPerGpuHour: 99, spotCentsPerGpuHour: 55, inferenceCentsPerGpuHour: 70, class: 'datacenter' },
  'A6000-48G': { label: 'NVIDIA RTX A6000 48GB', vendor: 'NVIDIA', memGiB: 48, tflops: 155, onDemandCentsPerGpuHour: 79, spotCentsPerGpuHour: 40, inferenceCentsPerGpuHour: 45, class: 'workstation' },
  'RTX5090-32G': { label: 'NVIDIA GeForce RTX 5090 32GB', vendor: 'NVIDIA', memGiB: 32, tflops: 209, onDemandCentsPerGpuHour: 89, spotCentsPerGpuHour: 50, inferenceCentsPerGpuHour: 55, class: 'consumer' },
  'RTX4090-24G': { label: 'NVIDIA GeForce RTX 4090 24GB', vendor: 'NVIDIA', memGiB: 24, tflops: 165, onDemandCentsPerGpuHour: 59, spotCentsPerGpuHour: 30, inferenceCentsPerGpuHour: 35, class: 'consumer' },
  'RTX3090-24G': { label: 'NVIDIA GeForce RTX 3090 24GB', vendor: 'NVIDIA', memGiB: 24, tflops: 71, onDemandCentsPerGpuHour: 35, spotCentsPerGpuHour: 18, inferenceCentsPerGpuHour: 20, class: 'consumer' },
  'M4Pro-48G': { label: 'Apple Mac mini M4 Pro 48GB', vendor: 'Apple', memGiB: 48, tflops: 17, onDemandCentsPerGpuHour: 25, spotCentsPerGpuHour: 10, inferenceCentsPerGpuHour: 12, class: 'consumer' },
  'M4Max-128G': { label: 'Apple Mac Studio M4 Max 128GB', vendor: 'Apple', memGiB: 128, tflops: 34, onDemandCentsPerGpuHour: 45, spotCentsPerGpuHour: 18, inferenceCentsPerGpuHour: 22, class: 'consumer' },
  'M3Ultra-512G': { label: 'Apple Mac Studio M3 Ultra 512GB', vendor: 'Apple', memGiB: 512, tflops: 57, onDemandCentsPerGpuHour: 95, spotCentsPerGpuHour: 40, inferenceCentsPerGpuHour: 48, class: 'consumer' },
} as const;

export type GpuModelId = keyof typeof GPU_CATALOG;
export type GpuModel = (typeof GPU_CATALOG)[GpuModelId];
export const GPU_MODEL_IDS = Object.keys(GPU_CATALOG) as [GpuModelId, ...GpuModelId[]];

export function gpuModel(id: string): GpuModel | undefined {
  return (GPU_CATALOG as Record<string, GpuModel>)[id];
}

/** The GPU counts a node of this model can sensibly have (a consumer box has one to four). */
export const MAX_GPUS_PER_NODE = 16;
