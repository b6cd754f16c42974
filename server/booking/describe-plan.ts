import { rateOfStages } from '../planning/check-plan';
import type { Instance, PackJob, Segment } from '../planning/types';
import type { PieceInfo } from './capacity';

const HOUR = 3_600_000;

/** A stage of a planned segment: where it runs (the piece it stands on) and what it holds. */
export interface PlannedStage extends Pick<PieceInfo, 'windowId' | 'nodeId' | 'nodeName' | 'providerId' | 'providerName' | 'region' | 'gpuModel' | 'bookingId'> {
  gpus: number;
  layers: number;
  /** Layers [layerFrom, layerTo) of the model this stage holds. */
  layerFrom: number;
  layerTo: number;
  centsPerGpuHour: number;
}

export interface PlannedSegment {
  start: string;
  end: string;
  stages: PlannedStage[];
  tokensPerSec: number;
  centsPerHour: number;
  tokens: number;
  costCents: number;
  gpuHours: number;
}

/** The packer's segments in the market's words: which node, provider and layers each stage has, and what it yields. */
export function describeSegments(instance: Instance, job: PackJob, segments: Segment[], info: Map<string, PieceInfo>): PlannedSegment[] {
  const windows = new Map(instance.windows.map((w) => [w.id, w]));
  return segments
    .filter((s) => s.jobId === job.id)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((s) => {
      const { rate, centsPerHour } = rateOfStages(instance, windows, job, s.stages);
      const hours = (Date.parse(s.end) - Date.parse(s.start)) / HOUR;
      let layer = 0;
      const stages = s.stages.map((st) => {
        const i = info.get(st.windowId)!;
        const out: PlannedStage = {
          windowId: i.windowId, nodeId: i.nodeId, nodeName: i.nodeName, providerId: i.providerId, providerName: i.providerName,
          region: i.region, gpuModel: i.gpuModel, gpus: st.gpus, layers: st.layers, layerFrom: layer, layerTo: layer + st.layers,
          centsPerGpuHour: i.askCentsPerGpuHour, ...(i.bookingId ? { bookingId: i.bookingId } : {}),
        };
        layer += st.layers;
        return out;
      });
      const useful = Math.max(0, hours * 3600 - job.restartMinutes * 60);
      return {
        start: s.start, end: s.end, stages, tokensPerSec: rate, centsPerHour,
        tokens: Math.floor(rate * useful),
        // Integer cents, never more than the packer's float cost: the buyer is charged what the plan said.
        costCents: Math.floor(centsPerHour * hours),
        gpuHours: s.stages.reduce((t, st) => t + st.gpus * hours, 0),
      };
    });
}

/** What the same useful tokens cost on an on-demand pipeline of the fastest GPU type (the judge's dcRatio baseline). */
export function dataCenterCents(instance: Pick<Instance, 'gpuTypes'>, job: PackJob, tokens: number) {
  const [, ref] = Object.entries(instance.gpuTypes).sort((a, b) => b[1].tflops - a[1].tflops || a[1].onDemandCentsPerGpuHour - b[1].onDemandCentsPerGpuHour)[0];
  const perGpu = Math.max(1, Math.floor((ref.memGiB - job.stageBaseMemGiB) / job.layerMemGiB));
  const stages = Math.ceil(job.layers / perGpu);
  const rate = (ref.tflops * 1e12 * job.mfu) / (Math.ceil(job.layers / stages) * job.layerGflopPerToken * 1e9);
  return Math.round((tokens / rate / 3600) * stages * ref.onDemandCentsPerGpuHour);
}

/**
 * Goodput the buyer can expect: a window reclaimed without notice loses on average half a
 * checkpoint interval of the whole pipeline's work, at the provider's historical reclaim rate.
 */
export function expectedGoodput(instance: Instance, job: PackJob, segments: Segment[]) {
  const windows = new Map(instance.windows.map((w) => [w.id, w]));
  let computed = 0, lost = 0;
  for (const s of segments) {
    const { rate } = rateOfStages(instance, windows, job, s.stages);
    const hours = (Date.parse(s.end) - Date.parse(s.start)) / HOUR;
    const work = rate * Math.max(0, hours * 3600 - job.restartMinutes * 60);
    computed += rate * hours * 3600;
    const hazard = new Set(s.stages.map((st) => st.windowId));
    const reclaimsExpected = [...hazard].reduce((t, id) => t + (windows.get(id)?.reclaimPerHour ?? 0) * hours, 0);
    lost += Math.min(work, reclaimsExpected * rate * (job.checkpointMinutes * 60) / 2 + reclaimsExpected * rate * job.restartMinutes * 60);
  }
  if (!computed) return null;
  const useful = segments.reduce((t, s) => {
    const { rate } = rateOfStages(instance, windows, job, s.stages);
    return t + rate * Math.max(0, (Date.parse(s.end) - Date.parse(s.start)) / 1000 - job.restartMinutes * 60);
  }, 0);
  return Math.max(0, Math.min(1, (useful - lost) / computed));
}
