import type { Db } from '../db';
import { AppError } from '../errors';
import type { CreateJobInput } from './job-input';
import { profileOf } from './profile-job';

export async function createJob(db: Db, orgId: string, userId: string, input: CreateJobInput, now: Date) {
  if (Date.parse(input.deadline) <= now.getTime()) throw new AppError('VALIDATION', 'The deadline is in the past.');
  const profile = profileOf(input.model);
  return db.trainingJob.create({
    data: {
      orgId, createdById: userId, name: input.name, model: input.model as never, profile: profile as never,
      targetTokens: BigInt(Math.round(input.targetTokens)),
      earliestStart: new Date(Math.max(Date.parse(input.earliestStart), now.getTime())), deadline: new Date(input.deadline),
      budgetCents: input.budgetCents, maxCentsPerGpuHour: input.maxCentsPerGpuHour, regions: input.regions,
      minNoticeMinutes: input.minNoticeMinutes, image: input.image, command: input.command,
    },
  });
}

export function serializeJob(j: Awaited<ReturnType<Db['trainingJob']['findFirstOrThrow']>>) {
  return {
    id: j.id, name: j.name, status: j.status, statusReason: j.statusReason, model: j.model, profile: j.profile,
    targetTokens: Number(j.targetTokens), tokensTrained: Number(j.tokensTrained),
    earliestStart: j.earliestStart.toISOString(), deadline: j.deadline.toISOString(),
    budgetCents: j.budgetCents, spentCents: j.spentCents, maxCentsPerGpuHour: j.maxCentsPerGpuHour,
    regions: j.regions, minNoticeMinutes: j.minNoticeMinutes, image: j.image, command: j.command, createdAt: j.createdAt.toISOString(),
  };
}

export async function listJobs(db: Db, orgId: string, page: number, pageSize: number) {
  const [total, rows] = await Promise.all([
    db.trainingJob.count({ where: { orgId } }),
    db.trainingJob.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { total, page, pageSize, items: rows.map(serializeJob) };
}

/** Everything the buyer's job page shows: progress, segments (with cuts), bookings, reclaims and repairs, spend. */
export async function getJobDetail(db: Db, orgId: string, jobId: string) {
  const job = await db.trainingJob.findFirst({ where: { id: jobId, orgId } });
  if (!job) throw new AppError('NOT_FOUND', `Job ${jobId} was not found in your organization.`);
  const [segments, bookings, events, refunds, quote] = await Promise.all([
    db.planSegment.findMany({ where: { jobId }, orderBy: [{ startsAt: 'asc' }, { createdAt: 'asc' }] }),
    db.booking.findMany({ where: { jobId }, orderBy: { createdAt: 'asc' }, include: { _count: { select: { allocations: true } } } }),
    db.jobEvent.findMany({ where: { jobId }, orderBy: { createdAt: 'desc' }, take: 100 }),
    db.refund.aggregate({ where: { jobId }, _sum: { cents: true } }),
    db.quote.findFirst({ where: { jobId, status: 'OPEN' }, orderBy: { createdAt: 'desc' } }),
  ]);
  return {
    job: serializeJob(job),
    segments: segments.map((s) => ({
      id: s.id, bookingId: s.bookingId, status: s.status, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(),
      stages: s.stages as unknown as { windowId: string; nodeName: string; providerName: string; region: string; gpuModel: string; gpus: number; layerFrom: number; layerTo: number; centsPerGpuHour: number }[],
      tokensPerSec: s.tokensPerSec, tokensDone: Number(s.tokensDone), cutAt: s.cutAt?.toISOString() ?? null, cutHard: s.cutHard,
    })),
    bookings: bookings.map((b) => ({ id: b.id, status: b.status, costCents: b.costCents, holdExpiresAt: b.holdExpiresAt.toISOString(), confirmedAt: b.confirmedAt?.toISOString() ?? null, reason: b.reason, allocations: b._count.allocations, createdAt: b.createdAt.toISOString() })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, message: e.message, createdAt: e.createdAt.toISOString() })),
    refundedCents: refunds._sum.cents ?? 0,
    openQuoteId: quote && quote.expiresAt > new Date() ? quote.id : null,
  };
}

export async function cancelJob(db: Db, orgId: string, jobId: string) {
  const job = await db.trainingJob.findFirst({ where: { id: jobId, orgId } });
  if (!job) throw new AppError('NOT_FOUND', `Job ${jobId} was not found in your organization.`);
  if (job.status !== 'DRAFT' && job.status !== 'PAUSED') throw new AppError('CONFLICT', 'Only a job with nothing booked ahead can be cancelled.');
  return db.trainingJob.update({ where: { id: jobId }, data: { status: 'CANCELLED' } });
}
