import { type Db, Prisma } from '../db';
import { gpuModel } from '../inventory/gpu-catalog';
import { GPU_CATALOG as PACK_GPU_TYPES } from '../planning/profile-model';
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

export const gpuTypes: Record<string, GpuType> = PACK_GPU_TYPES;
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

type MarketRow = {
  id: string; starts_at: Date; ends_at: Date; gpu_count: number; ask: number; notice: number; org_id: string; org_name: string;
  node_id: string; node_name: string; region: string; gpu_model: string; gbps: number; allocs: [number, number, number][];
};

/**
 * Open market capacity as pack-v1 windows, with what each piece stands for. One SQL query (windows,
 * their nodes and providers, and their active allocations as JSON): at 10,000 windows the ORM's
 * nested reads cost more than the packer.
 */
export async function marketPieces(db: Db, f: CapacityFilter) {
  const from = new Date(Math.max(f.from.getTime(), f.now.getTime()));
  const rows = await db.$queryRaw<MarketRow[]>`
    SELECT w.id, w.starts_at, w.ends_at, w.gpu_count, w.ask_cents_per_gpu_hour AS ask, w.notice_minutes AS notice,
           w.org_id, o.name AS org_name, n.id AS node_id, n.name AS node_name, n.region, n.gpu_model, n.network_gbps AS gbps,
           coalesce((SELECT json_agg(json_build_array(extract(epoch FROM a.starts_at) * 1000, extract(epoch FROM a.ends_at) * 1000, a.gpus))
                     FROM allocation a
                     WHERE a.window_id = w.id AND a.status IN ('HELD', 'CONFIRMED') AND a.ends_at > ${from}
                       ${f.excludeBookingIds?.length ? Prisma.sql`AND a.booking_id <> ALL(${f.excludeBookingIds})` : Prisma.empty}), '[]'::json) AS allocs
    FROM idle_window w
    JOIN node n ON n.id = w.node_id AND n.status = 'ACTIVE'
    JOIN organization o ON o.id = w.org_id
    WHERE w.ends_at > ${from} AND w.starts_at < ${f.to} AND w.reclaimed_at IS NULL
      ${f.maxAsk != null ? Prisma.sql`AND w.ask_cents_per_gpu_hour <= ${f.maxAsk}` : Prisma.empty}
      ${f.minNotice ? Prisma.sql`AND w.notice_minutes >= ${f.minNotice}` : Prisma.empty}
      ${f.regions?.length ? Prisma.sql`AND n.region = ANY(${f.regions})` : Prisma.empty}`;
  const rate = await reclaimRates(db, f.now);
  const packWindows: PackWindow[] = [];
  const info = new Map<string, PieceInfo>();
  for (const w of rows) {
    if (!gpuModel(w.gpu_model)) continue;
    const allocs = w.allocs.map(([s, e, gpus]) => ({ startsAt: new Date(s), endsAt: new Date(e), gpus }));
    for (const p of freePieces({ startsAt: w.starts_at, endsAt: w.ends_at, gpuCount: w.gpu_count }, allocs, from.getTime(), f.to.getTime())) {
      const id = pieceId(w.id, p.start);
      packWindows.push({
        id, providerId: w.org_id, nodeId: w.node_id, region: w.region, gpuType: w.gpu_model, gpuCount: p.gpus,
        start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString(),
        askCentsPerGpuHour: w.ask, nodeGbps: w.gbps, reclaimPerHour: rate(w.org_id),
      });
      info.set(id, { windowId: w.id, nodeId: w.node_id, nodeName: w.node_name, providerId: w.org_id, providerName: w.org_name, region: w.region, gpuModel: w.gpu_model, askCentsPerGpuHour: w.ask, noticeMinutes: w.notice });
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
