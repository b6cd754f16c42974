// pack-v1 as TypeScript types: the contract between the packer, the judge
// (/work/shared/packing/FORMAT.md) and the code that quotes, books and repairs.

export interface GpuType {
  memGiB: number;
  tflops: number;
  onDemandCentsPerGpuHour: number;
}

export interface PackWindow {
  id: string;
  providerId: string;
  nodeId: string;
  region: string;
  gpuType: string;
  gpuCount: number;
  start: string;
  end: string;
  askCentsPerGpuHour: number;
  nodeGbps: number;
  reclaimPerHour?: number;
}

export interface PackJob {
  id: string;
  buyerId: string;
  model?: string;
  layers: number;
  layerMemGiB: number;
  stageBaseMemGiB: number;
  layerGflopPerToken: number;
  hopMBPerToken: number;
  mfu: number;
  targetTokens: number;
  earliestStart: string;
  deadline: string;
  maxCentsPerGpuHour: number;
  budgetCents: number;
  maxHopLatencyMs: number;
  minSegmentMinutes: number;
  restartMinutes: number;
  checkpointMinutes: number;
}

export interface Stage {
  windowId: string;
  gpus: number;
  layers: number;
}

export interface Segment {
  jobId: string;
  start: string;
  end: string;
  stages: Stage[];
}

export interface Instance {
  format: 'pack-v1';
  name?: string;
  now: string;
  gpuTypes: Record<string, GpuType>;
  latencyMs: Record<string, Record<string, number>>;
  windows: PackWindow[];
  jobs: PackJob[];
  committed?: Segment[];
  done?: Record<string, number>;
  spentCents?: Record<string, number>;
}

export interface Plan {
  segments: Segment[];
  solveMs?: number;
}
