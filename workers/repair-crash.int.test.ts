import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { reclaimWindow } from '@/server/booking/reclaim-window';
import { createRedis } from '@/server/redis';
import { db } from '@/test/factories';
import { overAllocatedWindows, seedBookedJob } from '@/test/market';
import { closeQueues, getQueue } from './queues';

const connection = createRedis();
const children: ChildProcess[] = [];

function startWorker(extraEnv: Record<string, string>) {
  // One process (tsx as a loader, not its CLI wrapper), so that SIGKILL really kills the worker.
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    env: { ...process.env, WORKER_STALLED_INTERVAL_MS: '1000', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await closeQueues();
  await connection.quit();
});

describe('a worker killed in the middle of a repair', () => {
  it('loses no repair: the job is picked up again and the plan ends consistent', async () => {
    const queue = getQueue('booking', connection);
    await queue.obliterate({ force: true });

    const { job, alloc, windowOwner: owner } = await seedBookedJob({ nodes: 3, notice: 30 });
    const reclaim = await reclaimWindow(db, owner, alloc.windowId, { noticeMinutes: 0 }, new Date());
    expect(reclaim.status).toBe('PENDING');

    // Worker A takes the repair and is killed while its transaction is still open.
    const a = startWorker({ REPAIR_TEST_PAUSE_MS: '8000' });
    const added = await queue.add('reclaim.repair', { reclaimId: reclaim.id }, { jobId: `repair-${reclaim.id}`, priority: 1 });
    await waitFor('worker A to take the job', async () => (await added.getState()) === 'active');
    await new Promise((r) => setTimeout(r, 500));
    a.kill('SIGKILL');
    await exited(a);
    expect((await db.reclaim.findUniqueOrThrow({ where: { id: reclaim.id } })).status).toBe('PENDING');
    // A duplicate enqueue of the same repair is the same job, not a second one.
    await queue.add('reclaim.repair', { reclaimId: reclaim.id }, { jobId: `repair-${reclaim.id}`, priority: 1 });

    // Worker B finds the stalled job and finishes it.
    const b = startWorker({});
    await waitFor('the repair to be retried and committed', async () => (await db.reclaim.findUniqueOrThrow({ where: { id: reclaim.id } })).status === 'REPAIRED');
    await waitFor('the job to complete in BullMQ', async () => (await queue.getJob(`repair-${reclaim.id}`))?.isCompleted());

    const events = await db.jobEvent.findMany({ where: { jobId: job.id, kind: { in: ['REPAIRED', 'PAUSED'] } } });
    expect(events).toHaveLength(1);
    expect(await overAllocatedWindows()).toEqual([]);
    const live = await db.planSegment.findMany({ where: { jobId: job.id, status: { in: ['PLANNED', 'RUNNING'] } } });
    for (const s of live) {
      const stages = s.stages as { windowId: string }[];
      if (stages.some((st) => st.windowId === alloc.windowId)) expect(s.endsAt.getTime()).toBeLessThanOrEqual(reclaim.at.getTime());
    }

    // And SIGTERM stops a worker cleanly.
    b.kill('SIGTERM');
    expect(await exited(b)).toBe(0);
  }, 150_000);
});
