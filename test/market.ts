import { randomUUID } from 'node:crypto';
import { db, hoursFromNow, seedAccount, seedNode } from './factories';

/** A provider with `nodes` H100 nodes, each with one long window from 1 h to `hours` h from now. */
export async function seedMarket({ nodes = 3, hours = 48, ask = 120, gpus = 8, notice = 30, region = 'us-east' } = {}) {
  const provider = await seedAccount({ isProvider: true });
  const windows = [];
  for (let i = 0; i < nodes; i++) {
    const node = await seedNode(provider.org!.id, { gpuCount: gpus, region, name: `h100-${randomUUID().slice(0, 5)}` });
    windows.push(await provider.caller.inventory.createWindow({ nodeId: node.id, startsAt: hoursFromNow(1), endsAt: hoursFromNow(hours), gpuCount: gpus, askCentsPerGpuHour: ask, noticeMinutes: notice }));
  }
  return { provider, windows };
}

export async function seedJob(buyer: Awaited<ReturnType<typeof seedAccount>>, overrides: Partial<Parameters<typeof buyer.caller.jobs.create>[0]> = {}) {
  return buyer.caller.jobs.create({
    name: `job-${randomUUID().slice(0, 6)}`,
    model: { preset: '1B' },
    targetTokens: 2e9,
    earliestStart: hoursFromNow(0),
    deadline: hoursFromNow(40),
    budgetCents: 500_000,
    maxCentsPerGpuHour: 300,
    regions: ['us-east'],
    minNoticeMinutes: 0,
    image: 'ghcr.io/acme/train:1.0',
    command: 'torchrun train.py',
    ...overrides,
  });
}

/** Peak allocated GPUs of every window that has any, against its GPU count. */
export async function overAllocatedWindows() {
  return db.$queryRaw<{ window_id: string; peak: number; gpu_count: number }[]>`
    WITH active AS (SELECT window_id, starts_at, ends_at, gpus FROM allocation WHERE status IN ('HELD', 'CONFIRMED')),
    points AS (SELECT DISTINCT window_id, starts_at FROM active),
    loads AS (
      SELECT p.window_id, p.starts_at AS t, sum(a.gpus)::int AS load
      FROM points p JOIN active a ON a.window_id = p.window_id AND a.starts_at <= p.starts_at AND a.ends_at > p.starts_at
      GROUP BY p.window_id, p.starts_at)
    SELECT l.window_id, max(l.load)::int AS peak, w.gpu_count FROM loads l JOIN idle_window w ON w.id = l.window_id
    GROUP BY l.window_id, w.gpu_count HAVING max(l.load) > w.gpu_count`;
}

/**
 * A buyer with a confirmed booking over a fresh market, and one of its allocations with the
 * organization that owns the allocation's window (the plan may use any provider's window).
 */
export async function seedBookedJob(market: Parameters<typeof seedMarket>[0] = {}) {
  await seedMarket(market);
  const buyer = await seedAccount({ isProvider: false, isBuyer: true });
  const job = await seedJob(buyer);
  const quote = await buyer.caller.jobs.quote({ id: job.id });
  const booking = await buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `booked-${job.id}` });
  await buyer.caller.jobs.confirm({ id: booking.id });
  const alloc = await db.allocation.findFirstOrThrow({ where: { bookingId: booking.id } });
  const windowOwner = (await db.window.findUniqueOrThrow({ where: { id: alloc.windowId } })).orgId;
  return { buyer, job, quote, booking, alloc, windowOwner };
}
