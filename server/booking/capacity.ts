import type { Db } from '../db';
import { GPU_CATALOG, gpuModel } from '../inventory/gpu-catalog';
import { LATENCY_MS } from '../inventory/regions';
import type { GpuType, PackJob, PackWindow } from '../planning/types';
import { CHECKPOINT_MINUTES, MAX_HOP_LATENCY_MS, MIN_SEGMENT_MINUTES, RESTART_MINUTES } from '../jobs/profile-job';

// The packer sees capacity as pack-v1 windows of constant GPU count. A listed window that is partly
// allocated becomes several "pieces": the stretches between allocation boundaries, each with the
// GPUs still free there. A piece's id names its window and start, so a plan maps back exactly.

export const ACTIVE = ['HELD', 'CONFIRMED'] as const;
const SEP = '~';
export const pieceId = (windowId: string, startMs: number) => `${windowId}${SEP}${startMs}`;
export const windowOfPiece = (id: string) => id.split(SEP)[0];

export const gpuTypes: Record<string, GpuType> = Object.fromEntries(
  Object.entries(GPU_CATALOG).map(([id, g]) => [id, { memGiB: g.memGiB, tflops: g.tflops, onDemandCentsPerGpuHour: g.onDemandCentsPerGpuHour }]),
);
export const latencyMs = LATENCY_MS as Record<string, Record<string, number>>;

export interface PieceInfo {
  windowId: string;
  nodeId: string;
  nodeName: string;
  providerId: string;
  providerName: string;
  region: string;
  gpuModel: string;
  askCentsPerGpuHour: number;
  noticeMinutes: number;
  /** Set for pieces that are the buyer's own allocations (already paid). */
  bookingId?: string;
}

type Alloc = { startsAt: Date; endsAt: Date; gpus: number };

/** Free GPUs of a window over time, as constant pieces. */
export function freePieces(w: { startsAt: Date; endsAt: Date; gpuCount: number }, allocs: Alloc[], from: number, to: number) {
  const s0 = Math.max(w.startsAt.getTime(), from), e0 = Math.min(w.endsAt.getTime(), to);
  if (e0 <= s0) return [];
  const cuts = new Set([s0, e0]);
  for (const a of allocs) for (const t of [a.startsAt.getTime(), a.endsAt.getTime()]) if (t > s0 && t < e0) cuts.add(t);
  const ts = [...cuts].sort((a, b) => a - b);
  const out: { start: number; end: number; gpus: number }[] = [];
  for (let i = 0; i + 1 < ts.length; i++) {
    const mid = ts[i];
    const used = allocs.reduce((s, a) => s + (a.startsAt.getTime() <= mid && a.endsAt.getTime() > mid ? a.gpus : 0), 0);
    const free = w.gpuCount - used;
    const last = out[out.length - 1];
    if (last && last.end === ts[i] && last.gpus === free) last.end = ts[i + 1];
    else if (free > 0) out.push({ start: ts[i], end: ts[i + 1], gpus: free });
  }
  return out.filter((p) => p.gpus > 0);
}

/** Reclaims per listed window-hour of each provider, with a prior so a new provider is not "perfect". */
export async function reclaimRates(db: Db, now: Date) {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const rows = await db.$queryRaw<{ org_id: string; hours: number; reclaims: bigint }[]>`
    SELECT w.org_id, sum(extract(epoch FROM (w.ends_at - w.starts_at)) / 3600)::float8 AS hours,
           (SELECT count(*) FROM reclaim r WHERE r.org_id = w.org_id AND r.created_at >= ${since}) AS reclaims
    FROM idle_window w WHERE w.starts_at >= ${since} AND w.starts_at < ${now}
    GROUP BY w.org_id`;
  const rates = new Map<string, number>();
  for (const r of rows) rates.set(r.org_id, (Number(r.reclaims) + 0.2) / (r.hours + 20));
  return (orgId: string) => rates.get(orgId) ?? 0.01;
}

export interface CapacityFilter {
  now: Date;
  from: Date;
  to: Date;
  regions?: string[];
  maxAsk?: number;
  minNotice?: number;
  /** Allocations of these bookings are not counted as taken (the caller plans them separately). */
  excludeBookingIds?: string[];
}

/** Open market capacity as pack-v1 windows, with what each piece stands for. */
export async function marketPieces(db: Db, f: CapacityFilter) {
  const from = Math.max(f.from.getTime(), f.now.getTime());
  const windows = await db.window.findMany({
    where: {
      endsAt: { gt: new Date(from) },
      startsAt: { lt: f.to },
      ...(f.maxAsk != null ? { askCentsPerGpuHour: { lte: f.maxAsk } } : {}),
      ...(f.minNotice ? { noticeMinutes: { gte: f.minNotice } } : {}),
      node: { status: 'ACTIVE', ...(f.regions?.length ? { region: { in: f.regions } } : {}) },
    },
    select: {
      id: true, startsAt: true, endsAt: true, gpuCount: true, askCentsPerGpuHour: true, noticeMinutes: true, orgId: true,
      node: { select: { id: true, name: true, region: true, gpuModel: true, networkGbps: true, org: { select: { name: true } } } },
      allocations: {
        where: { status: { in: [...ACTIVE] }, endsAt: { gt: new Date(from) }, ...(f.excludeBookingIds?.length ? { bookingId: { notIn: f.excludeBookingIds } } : {}) },
        select: { startsAt: true, endsAt: true, gpus: true },
      },
    },
  });
  const rate = await reclaimRates(db, f.now);
  const packWindows: PackWindow[] = [];
  const info = new Map<string, PieceInfo>();
  for (const w of windows) {
    if (!gpuModel(w.node.gpuModel)) continue;
    for (const p of freePieces(w, w.allocations, from, f.to.getTime())) {
      const id = pieceId(w.id, p.start);
      packWindows.push({
        id, providerId: w.orgId, nodeId: w.node.id, region: w.node.region, gpuType: w.node.gpuModel, gpuCount: p.gpus,
        start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString(),
        askCentsPerGpuHour: w.askCentsPerGpuHour, nodeGbps: w.node.networkGbps, reclaimPerHour: rate(w.orgId),
      });
      info.set(id, { windowId: w.id, nodeId: w.node.id, nodeName: w.node.name, providerId: w.orgId, providerName: w.node.org.name, region: w.node.region, gpuModel: w.node.gpuModel, askCentsPerGpuHour: w.askCentsPerGpuHour, noticeMinutes: w.noticeMinutes });
    }
  }
  return { windows: packWindows, info };
}

type JobRow = {
  id: string; orgId: string; profile: unknown; targetTokens: bigint; earliestStart: Date; deadline: Date;
  budgetCents: number; maxCentsPerGpuHour: number;
};

export function packJobOf(job: JobRow, overrides: Partial<PackJob> = {}): PackJob {
  const p = job.profile as { layers: number; layerMemGiB: number; stageBaseMemGiB: number; layerGflopPerToken: number; hopMBPerToken: number; mfu: number };
  return {
    id: job.id, buyerId: job.orgId,
    layers: p.layers, layerMemGiB: p.layerMemGiB, stageBaseMemGiB: p.stageBaseMemGiB, layerGflopPerToken: p.layerGflopPerToken, hopMBPerToken: p.hopMBPerToken, mfu: p.mfu,
    targetTokens: Number(job.targetTokens),
    earliestStart: job.earliestStart.toISOString(), deadline: job.deadline.toISOString(),
    maxCentsPerGpuHour: job.maxCentsPerGpuHour, budgetCents: job.budgetCents,
    maxHopLatencyMs: MAX_HOP_LATENCY_MS, minSegmentMinutes: MIN_SEGMENT_MINUTES, restartMinutes: RESTART_MINUTES, checkpointMinutes: CHECKPOINT_MINUTES,
    ...overrides,
  };
}
