import { type Db, inTransaction } from '../db';
import { CHECKPOINT_MINUTES, RESTART_MINUTES } from '../jobs/profile-job';
import { releaseExpiredHold } from './book-quote';
import { repairAfterReclaim } from './reclaim-window';
import { replanJob, segmentTokens } from './replan-job';

type StageJson = { nodeName: string; providerName: string; gpus: number; layerFrom: number; layerTo: number; gpuModel: string };

/**
 * The clock of bookings, run every minute: segments whose time has come start (their stages are
 * assigned to the GPUs of their windows), segments whose time is up finish and credit their
 * tokens, and holds that expired unpaid are released. Each step is idempotent.
 */
export async function advanceSegments(db: Db & { $transaction: unknown }, now: Date) {
  let started = 0, finished = 0, released = 0;
  const expired = await db.booking.findMany({ where: { status: 'HELD', holdExpiresAt: { lte: now } }, select: { id: true } });
  for (const b of expired) if ((await releaseExpiredHold(db, b.id, now)).released) released++;

  // A reclaim whose repair job never ran (Redis was down when it was made) is repaired here.
  const stale = await db.reclaim.findMany({ where: { status: 'PENDING', createdAt: { lte: new Date(now.getTime() - 2 * 60_000) } }, select: { id: true } });
  for (const r of stale) await repairAfterReclaim(db, r.id, now);

  const toStart = await db.planSegment.findMany({ where: { status: 'PLANNED', startsAt: { lte: now }, booking: { status: 'CONFIRMED' } }, select: { id: true } });
  for (const { id } of toStart) {
    await inTransaction(db, async (tx) => {
      const s = await tx.planSegment.findUnique({ where: { id } });
      if (!s || s.status !== 'PLANNED') return;
      await tx.planSegment.update({ where: { id }, data: { status: 'RUNNING' } });
      await tx.trainingJob.update({ where: { id: s.jobId }, data: { status: 'RUNNING', statusReason: null } });
      const stages = s.stages as unknown as StageJson[];
      await tx.jobEvent.create({
        data: {
          jobId: s.jobId, kind: 'SEGMENT_STARTED',
          message: `Segment started until ${s.endsAt.toISOString().slice(0, 16)} UTC: ${stages.map((st) => `layers ${st.layerFrom}–${st.layerTo - 1} on ${st.gpus}× ${st.gpuModel} (${st.providerName} ${st.nodeName})`).join(' → ')}.`,
          data: { segmentId: id },
        },
      });
      started++;
    });
  }

  const toFinish = await db.planSegment.findMany({ where: { status: 'RUNNING', endsAt: { lte: now } }, select: { id: true } });
  for (const { id } of toFinish) {
    await inTransaction(db, async (tx) => {
      const s = await tx.planSegment.findUnique({ where: { id }, include: { job: true } });
      if (!s || s.status !== 'RUNNING') return;
      const tokens = segmentTokens(s, RESTART_MINUTES, CHECKPOINT_MINUTES);
      await tx.planSegment.update({ where: { id }, data: { status: s.cutAt ? 'CUT' : 'DONE', tokensDone: BigInt(tokens) } });
      const trained = s.job.tokensTrained + BigInt(tokens);
      const complete = trained >= s.job.targetTokens;
      const more = await tx.planSegment.count({ where: { jobId: s.jobId, status: { in: ['PLANNED', 'RUNNING'] }, id: { not: id } } });
      await tx.trainingJob.update({
        where: { id: s.jobId },
        data: { tokensTrained: trained, checkpointTokens: trained, status: complete ? 'COMPLETED' : more ? s.job.status : 'PAUSED', statusReason: complete ? null : more ? s.job.statusReason : 'No further segment is planned; get a new quote to continue.' },
      });
      await tx.jobEvent.create({
        data: { jobId: s.jobId, kind: s.cutAt ? 'SEGMENT_CUT' : 'SEGMENT_DONE', message: `${s.cutAt ? 'Segment cut by a reclaim' : 'Segment finished'}: ${(tokens / 1e9).toFixed(2)} B tokens trained${s.cutHard ? ' (work since the last checkpoint was lost)' : ''}.${complete ? ' The job reached its target.' : ''}`, data: { segmentId: id, tokens } },
      });
      finished++;
    });
  }
  return { started, finished, released };
}

/** The periodic re-pack: improves booked jobs' plans inside their own allocations when it can. */
export async function repackBookedJobs(db: Db, now: Date) {
  const jobs = await db.trainingJob.findMany({ where: { status: { in: ['BOOKED', 'RUNNING'] } }, select: { id: true } });
  let improved = 0;
  for (const { id } of jobs) {
    const r = await inTransaction(db, async (tx) => {
      await tx.$queryRaw`SELECT id FROM training_job WHERE id = ${id} FOR UPDATE`;
      const job = await tx.trainingJob.findUniqueOrThrow({ where: { id } });
      return replanJob(tx, job, now, { allowNewCapacity: false, onlyIfBetter: true, reason: 'Periodic re-pack' });
    });
    if (r.applied) improved++;
  }
  return { jobs: jobs.length, improved };
}
