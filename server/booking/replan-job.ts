import type { Prisma } from '../db';
import { gpuModel } from '../inventory/gpu-catalog';
import { pack } from '../planning/pack-plan';
import type { Instance, PackWindow } from '../planning/types';
import { createBookingRows } from './book-quote';
import { ACTIVE, gpuTypes, latencyMs, marketPieces, packJobOf, pieceId, reclaimRates, type PieceInfo } from './capacity';
import { describeSegments, type PlannedSegment } from './describe-plan';

type Tx = Prisma.TransactionClient;
type Job = NonNullable<Awaited<ReturnType<Tx['trainingJob']['findUnique']>>>;

/** Tokens a segment delivers by its end, by the judge's rule for cuts without notice. */
export function segmentTokens(s: { startsAt: Date; endsAt: Date; tokensPerSec: number; cutHard: boolean }, restartMinutes: number, checkpointMinutes: number) {
  let secs = Math.max(0, (s.endsAt.getTime() - s.startsAt.getTime()) / 1000 - restartMinutes * 60);
  if (s.cutHard) secs = Math.floor(secs / (checkpointMinutes * 60)) * checkpointMinutes * 60;
  return Math.floor(s.tokensPerSec * secs);
}

/** The job's own allocations from `from` on, as free (already paid) pack-v1 windows. */
async function ownPieces(tx: Tx, jobId: string, from: Date, now: Date) {
  const allocs = await tx.allocation.findMany({
    where: { booking: { jobId, status: { in: ['HELD', 'CONFIRMED'] } }, status: { in: [...ACTIVE] }, endsAt: { gt: from } },
    include: { window: { include: { node: { include: { org: { select: { name: true } } } } } } },
  });
  const rate = await reclaimRates(tx, now);
  const windows: PackWindow[] = [];
  const info = new Map<string, PieceInfo>();
  for (const a of allocs) {
    const n = a.window.node;
    if (!gpuModel(n.gpuModel)) continue;
    const start = Math.max(a.startsAt.getTime(), from.getTime());
    if (a.endsAt.getTime() <= start) continue;
    const id = `own:${a.id}:${pieceId(a.windowId, start)}`;
    windows.push({ id, providerId: a.window.orgId, nodeId: n.id, region: n.region, gpuType: n.gpuModel, gpuCount: a.gpus, start: new Date(start).toISOString(), end: a.endsAt.toISOString(), askCentsPerGpuHour: 0, nodeGbps: n.networkGbps, reclaimPerHour: rate(a.window.orgId) });
    info.set(id, { windowId: a.windowId, nodeId: n.id, nodeName: n.name, providerId: a.window.orgId, providerName: n.org.name, region: n.region, gpuModel: n.gpuModel, askCentsPerGpuHour: a.centsPerGpuHour, noticeMinutes: a.window.noticeMinutes, bookingId: a.bookingId });
  }
  return { windows, info };
}

export interface ReplanResult {
  applied: boolean;
  plannedTokens: number;
  doneTokens: number;
  target: number;
  segments: number;
  replacementBookingId: string | null;
  replacementCents: number;
  paused: boolean;
  message: string;
}

/**
 * Re-plans what the job has not run yet, never touching the past or a running segment: first
 * inside its own allocations, then (when allowed) with replacement capacity from the market
 * within its budget and price cap, otherwise it pauses the job and says why.
 */
export async function replanJob(tx: Tx, job: Job, now: Date, opts: { allowNewCapacity: boolean; onlyIfBetter?: boolean; reason: string }): Promise<ReplanResult> {
  const pj0 = packJobOf(job);
  const running = await tx.planSegment.findMany({ where: { jobId: job.id, status: 'RUNNING' } });
  const future = await tx.planSegment.findMany({ where: { jobId: job.id, status: 'PLANNED' } });
  const planFrom = new Date(Math.max(now.getTime(), ...running.map((s) => s.endsAt.getTime())));
  const doneTokens = Number(job.tokensTrained) + running.reduce((t, s) => t + segmentTokens(s, pj0.restartMinutes, pj0.checkpointMinutes), 0);
  const target = Number(job.targetTokens);
  const currentPlanned = future.reduce((t, s) => t + segmentTokens({ ...s, cutHard: false }, pj0.restartMinutes, pj0.checkpointMinutes), 0);

  const own = await ownPieces(tx, job.id, planFrom, now);
  const held = await tx.booking.aggregate({ where: { jobId: job.id, status: 'HELD' }, _sum: { costCents: true } });
  const spent = job.spentCents + (held._sum.costCents ?? 0);
  const plan = async (windows: PackWindow[], info: Map<string, PieceInfo>) => {
    const instance: Instance = { format: 'pack-v1', now: planFrom.toISOString(), gpuTypes, latencyMs, windows, jobs: [pj0], done: { [job.id]: doneTokens }, spentCents: { [job.id]: spent } };
    const p = pack(instance);
    return describeSegments(instance, pj0, p.segments, info);
  };
  const sum = (segs: PlannedSegment[]) => segs.reduce((t, s) => t + s.tokens, 0);
  const remaining = Math.max(0, target - doneTokens);

  let segments = remaining > 0 ? await plan(own.windows, own.info) : [];
  let usedMarket = false;
  if (opts.allowNewCapacity && sum(segments) < remaining * 0.999) {
    const market = await marketPieces(tx, { now, from: planFrom, to: job.deadline, regions: job.regions, maxAsk: job.maxCentsPerGpuHour, minNotice: job.minNoticeMinutes });
    const withMarket = await plan([...own.windows, ...market.windows], new Map([...own.info, ...market.info]));
    if (sum(withMarket) > sum(segments)) {
      segments = withMarket;
      usedMarket = withMarket.some((s) => s.stages.some((st) => !st.bookingId));
    }
  }
  const planned = sum(segments);
  if (opts.onlyIfBetter && planned <= currentPlanned * 1.005) {
    return { applied: false, plannedTokens: currentPlanned, doneTokens, target, segments: future.length, replacementBookingId: null, replacementCents: 0, paused: false, message: 'The current plan is already as good.' };
  }

  await tx.planSegment.updateMany({ where: { id: { in: future.map((s) => s.id) } }, data: { status: 'CANCELLED' } });
  const ownOnly = segments.filter((s) => s.stages.every((st) => st.bookingId));
  for (const s of ownOnly) {
    await tx.planSegment.create({
      data: { jobId: job.id, bookingId: s.stages[0].bookingId!, startsAt: new Date(s.start), endsAt: new Date(s.end), stages: s.stages.map(({ bookingId: _b, ...st }) => st) as never, tokensPerSec: s.tokensPerSec, centsPerHour: 0 },
    });
  }
  let replacementBookingId: string | null = null, replacementCents = 0;
  const needsMarket = segments.filter((s) => s.stages.some((st) => !st.bookingId));
  if (usedMarket && needsMarket.length) {
    // The buyer authorised this budget and price cap; replacement capacity is confirmed at once.
    const b = await createBookingRows(tx, {
      jobId: job.id, orgId: job.orgId, idempotencyKey: `repair:${job.id}:${now.getTime()}`, segments: needsMarket, status: 'CONFIRMED',
      holdExpiresAt: now, now, reason: opts.reason,
    });
    replacementBookingId = b.id;
    replacementCents = b.costCents;
    await tx.trainingJob.update({ where: { id: job.id }, data: { spentCents: { increment: b.costCents } } });
  }
  const total = doneTokens + planned;
  const paused = planned === 0 && remaining > 0 && running.length === 0;
  const pct = Math.min(100, Math.round((total / target) * 100));
  const message = paused
    ? `Paused: no capacity within the remaining budget ($${((job.budgetCents - spent) / 100).toFixed(2)}), the price cap and the allowed regions before the deadline. Raise one of them and get a new quote.`
    : `${opts.reason}: re-planned ${segments.length} segment(s) from the last checkpoint${replacementBookingId ? `, booking replacement capacity for $${(replacementCents / 100).toFixed(2)}` : ' inside the job’s own allocations'}; the plan now reaches ${pct}% of the target.`;
  await tx.trainingJob.update({
    where: { id: job.id },
    data: paused ? { status: 'PAUSED', statusReason: message } : { status: running.length ? 'RUNNING' : job.status === 'PAUSED' ? 'BOOKED' : job.status, statusReason: total < target * 0.999 ? `The plan reaches ${pct}% of the target.` : null },
  });
  await tx.jobEvent.create({ data: { jobId: job.id, kind: paused ? 'PAUSED' : 'REPAIRED', message, data: { replacementBookingId, plannedTokens: planned, segments: segments.length } } });
  return { applied: true, plannedTokens: planned, doneTokens, target, segments: segments.length, replacementBookingId, replacementCents, paused, message };
}
