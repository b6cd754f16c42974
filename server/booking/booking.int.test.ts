import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { db, seedAccount } from '@/test/factories';
import { overAllocatedWindows, seedBookedJob, seedJob, seedMarket } from '@/test/market';
import { advanceSegments } from './advance-segments';
import { releaseExpiredHold } from './book-quote';
import { reclaimWindow, repairAfterReclaim } from './reclaim-window';

describe('quote, book, confirm', () => {
  it('quotes a job over open capacity, books it under a hold, confirms it, and shows the sale to the provider', async () => {
    // The cheapest windows in the shared test database, so the plan lands on this provider.
    const { provider, windows } = await seedMarket({ nodes: 2, ask: 5 });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const job = await seedJob(buyer);
    const quote = await buyer.caller.jobs.quote({ id: job.id });
    expect(quote.summary.segments.length).toBeGreaterThan(0);
    expect(quote.summary.reachesTarget).toBe(true);
    expect(quote.summary.costCents).toBeGreaterThan(0);
    expect(quote.summary.costCents).toBeLessThan(quote.summary.dataCenterCents);
    expect(quote.summary.expectedGoodput).toBeGreaterThan(0.5);
    // Other tests' windows share the database, so the plan may use any provider; the stage names its own.
    const stage = quote.summary.segments[0].stages[0];
    expect(stage.layerFrom).toBe(0);
    const stageWindow = await db.window.findUniqueOrThrow({ where: { id: stage.windowId }, include: { org: true } });
    expect(stage.providerName).toBe(stageWindow.org.name);

    const booking = await buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `key-${job.id}` });
    expect(booking.status).toBe('HELD');
    const allocs = await db.allocation.findMany({ where: { bookingId: booking.id } });
    expect(allocs.length).toBeGreaterThan(0);
    expect(await buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `key-${job.id}` })).toMatchObject({ id: booking.id });
    await expect(buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `other-${job.id}` })).rejects.toThrow(/already booked/);

    const confirmed = await buyer.caller.jobs.confirm({ id: booking.id });
    expect(confirmed.status).toBe('CONFIRMED');
    const detail = await buyer.caller.jobs.get({ id: job.id });
    expect(detail.job.spentCents).toBe(booking.costCents);
    expect(detail.job.status).toBe('BOOKED');
    expect(detail.segments.every((s) => s.status === 'PLANNED')).toBe(true);

    // The provider sees the sale and cannot withdraw the window, only reclaim it.
    const soldWindowId = allocs[0].windowId;
    const cal = await provider.caller.inventory.calendar({ from: new Date().toISOString(), days: 7, page: 1, pageSize: 25 });
    expect(cal.totals.soldGpuHours).toBeGreaterThan(0);
    await expect(provider.caller.inventory.deleteWindow({ id: soldWindowId })).rejects.toThrow(/has booked GPUs/);
    await expect(provider.caller.inventory.updateWindow({ id: soldWindowId, patch: { askCentsPerGpuHour: 1 } })).rejects.toThrow(/has booked GPUs/);
    expect(windows.map((w) => w.id)).toContain(soldWindowId);
  });

  it('says which constraint binds when no plan reaches the target', async () => {
    // A region of its own, so cheaper windows of other tests cannot serve the job.
    await seedMarket({ nodes: 1, ask: 150, region: 'ap-south' });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const job = await seedJob(buyer, { maxCentsPerGpuHour: 100, regions: ['ap-south'] });
    const quote = await buyer.caller.jobs.quote({ id: job.id });
    expect(quote.summary.reachesTarget).toBe(false);
    expect(quote.summary.binding.map((b) => b.constraint)).toContain('priceCap');
  });

  it('releases an unpaid hold at expiry, and then refuses to confirm it', async () => {
    await seedMarket({ nodes: 1 });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const job = await seedJob(buyer);
    const quote = await buyer.caller.jobs.quote({ id: job.id });
    const booking = await buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `hold-${job.id}` });
    expect(await releaseExpiredHold(db, booking.id, new Date())).toEqual({ released: false });
    const later = new Date(Date.parse(booking.holdExpiresAt) + 1000);
    expect(await releaseExpiredHold(db, booking.id, later)).toEqual({ released: true });
    expect(await releaseExpiredHold(db, booking.id, later)).toEqual({ released: false });
    expect(await db.allocation.count({ where: { bookingId: booking.id, status: { not: 'RELEASED' } } })).toBe(0);
    const err = await buyer.caller.jobs.confirm({ id: booking.id }).catch((e: TRPCError) => e);
    expect((err as TRPCError).code).toBe('CONFLICT');
    expect((await buyer.caller.jobs.get({ id: job.id })).job.status).toBe('DRAFT');
  });
});

describe('capacity under contention', () => {
  it('50 concurrent bookings competing for the same windows never over-allocate one', async () => {
    await seedMarket({ nodes: 2, hours: 30 });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const quotes = [];
    for (let i = 0; i < 50; i++) {
      const job = await seedJob(buyer, { targetTokens: 1e9 });
      quotes.push(await buyer.caller.jobs.quote({ id: job.id }));
    }
    const results = await Promise.allSettled(quotes.map((q, i) => buyer.caller.jobs.book({ quoteId: q.id, idempotencyKey: `race-${i}-${q.id}` })));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.reason.message).toMatch(/no longer free|get a new quote/);
    expect(await overAllocatedWindows()).toEqual([]);
  });

  it('the same booking request sent five times at once creates one booking', async () => {
    await seedMarket({ nodes: 1 });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const job = await seedJob(buyer);
    const quote = await buyer.caller.jobs.quote({ id: job.id });
    const key = `dup-${quote.id}`;
    const all = await Promise.all(Array.from({ length: 5 }, () => buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: key })));
    expect(new Set(all.map((b) => b.id)).size).toBe(1);
    expect(await db.booking.count({ where: { jobId: job.id } })).toBe(1);
  });
});

describe('reclaim and repair', () => {
  it('a reclaim without notice refunds what was not delivered, counts against the provider, and the repair re-plans the job', async () => {
    const { buyer, job, alloc, windowOwner: owner } = await seedBookedJob({ nodes: 3, notice: 30 });
    // Half an hour into the allocation, without notice: the promised 30 minutes are broken.
    const when = new Date(alloc.startsAt.getTime() + 30 * 60_000);
    const reclaim = await reclaimWindow(db, owner, alloc.windowId, { noticeMinutes: 0 }, when);
    expect(reclaim).toMatchObject({ brokePromise: true, status: 'PENDING' });
    const refund = await db.refund.findFirstOrThrow({ where: { reclaimId: reclaim.id } });
    expect(refund.cents).toBeGreaterThan(0);
    expect(await overAllocatedWindows()).toEqual([]);

    expect(reclaim.givenNoticeMinutes).toBe(0);
    const out = await repairAfterReclaim(db, reclaim.id, when);
    expect(out.repaired).toBe(true);
    expect((await repairAfterReclaim(db, reclaim.id, when)).repaired).toBe(false); // a retry does nothing twice
    const detail = await buyer.caller.jobs.get({ id: job.id });
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['RECLAIM', 'REPAIRED']));
    const live = detail.segments.filter((s) => s.status === 'PLANNED' || s.status === 'RUNNING');
    expect(live.length).toBeGreaterThan(0);
    const reclaimedAt = reclaim.at.getTime();
    for (const s of live) for (const st of s.stages) if (st.windowId === alloc.windowId) expect(Date.parse(s.endsAt)).toBeLessThanOrEqual(reclaimedAt);
    expect(detail.refundedCents).toBe(refund.cents);
    expect(await overAllocatedWindows()).toEqual([]);
  });

  it('the segment clock starts confirmed segments and credits finished ones', async () => {
    await seedMarket({ nodes: 1 });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const job = await seedJob(buyer, { targetTokens: 5e8 });
    const quote = await buyer.caller.jobs.quote({ id: job.id });
    const booking = await buyer.caller.jobs.book({ quoteId: quote.id, idempotencyKey: `clock-${job.id}` });
    await buyer.caller.jobs.confirm({ id: booking.id });
    const seg = await db.planSegment.findFirstOrThrow({ where: { jobId: job.id }, orderBy: { startsAt: 'asc' } });
    await advanceSegments(db, new Date(seg.startsAt.getTime() + 1000));
    expect((await db.planSegment.findUniqueOrThrow({ where: { id: seg.id } })).status).toBe('RUNNING');
    await advanceSegments(db, new Date(seg.endsAt.getTime() + 1000));
    const done = await db.planSegment.findUniqueOrThrow({ where: { id: seg.id } });
    expect(done.status).toBe('DONE');
    const j = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(j.tokensTrained).toBe(done.tokensDone);
    expect(Number(j.tokensTrained)).toBeGreaterThan(0);
  });
});
