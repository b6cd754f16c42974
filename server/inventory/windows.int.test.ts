import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { anonymousCaller, db, hoursFromNow, seedAccount, seedNode } from '@/test/factories';

const window = (nodeId: string, fromH: number, toH: number, extra: Record<string, unknown> = {}) => ({
  nodeId, startsAt: hoursFromNow(fromH), endsAt: hoursFromNow(toH), gpuCount: 4, askCentsPerGpuHour: 120, noticeMinutes: 30, ...extra,
});

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err as TRPCError;
  }
  throw new Error('expected the call to fail');
}

describe('nodes and windows through tRPC', () => {
  it('registers a node, lists windows and refuses an overlapping one with a clear message', async () => {
    const { caller } = await seedAccount();
    const node = await caller.inventory.createNode({ name: 'dgx-01', gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' });
    expect(node.gpuMemGiB).toBe(80);
    const a = await caller.inventory.createWindow(window(node.id, 2, 10));
    const b = await caller.inventory.createWindow(window(node.id, 10, 14)); // back to back is fine: intervals are half-open
    const err = await rejection(caller.inventory.createWindow(window(node.id, 8, 12)));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/overlaps the node's window from/);
    const list = await caller.inventory.windows({ nodeId: node.id, page: 1, pageSize: 50, when: 'upcoming' });
    expect(list.items.map((w) => w.id)).toEqual([a.id, b.id]);
    expect(list.items[0].askTotalCents).toBe(8 * 4 * 120);
    expect(list.items[0].spotTotalCents).toBeGreaterThan(0);
  });

  it('refuses bad windows with clear errors and stores nothing', async () => {
    const { caller, org } = await seedAccount();
    const node = await caller.inventory.createNode({ name: 'rtx', gpuModel: 'RTX4090-24G', gpuCount: 1, networkGbps: 1, region: 'eu-west' });
    const cases: [Record<string, unknown>, RegExp][] = [
      [window(node.id, -5, -1), /starts in the past/],
      [window(node.id, 6, 4), /end must be after start/i],
      [window(node.id, 2, 6, { gpuCount: 2 }), /has only 1 GPU, not 2/],
      [window(node.id, 2, 6, { gpuCount: 1, askCentsPerGpuHour: -5 }), /cannot be negative/],
      [window(node.id, 2, 6, { gpuCount: 1, startsAt: 'tomorrow' }), /ISO-8601/],
    ];
    for (const [input, message] of cases) {
      const err = await rejection(caller.inventory.createWindow(input as never));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(message);
    }
    expect(await db.window.count({ where: { orgId: org!.id } })).toBe(0);
  });

  it('lets exactly one of 20 simultaneous overlapping windows in', async () => {
    const { caller, org } = await seedAccount();
    const node = await seedNode(org!.id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => caller.inventory.createWindow(window(node.id, 2 + (i % 5) * 0.25, 8 + (i % 3)))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect((r.reason as TRPCError).code).toBe('CONFLICT');
    expect(await db.window.count({ where: { nodeId: node.id } })).toBe(1);
  });

  it('refuses to shrink a node below the GPUs its windows offer (database trigger)', async () => {
    const { caller } = await seedAccount();
    const node = await caller.inventory.createNode({ name: 'box', gpuModel: 'A100-80G', gpuCount: 8, networkGbps: 50, region: 'us-west' });
    await caller.inventory.createWindow(window(node.id, 1, 5, { gpuCount: 8 }));
    const err = await rejection(caller.inventory.updateNode({ id: node.id, patch: { gpuCount: 4 } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/more GPUs than its node has/);
    expect((await db.node.findUniqueOrThrow({ where: { id: node.id } })).gpuCount).toBe(8);
  });

  it('retires a node, withdrawing its future windows, and keeps names unique among active nodes', async () => {
    const { caller } = await seedAccount();
    const node = await caller.inventory.createNode({ name: 'old', gpuModel: 'L40S-48G', gpuCount: 4, networkGbps: 25, region: 'eu-north' });
    await caller.inventory.createWindow(window(node.id, 3, 9));
    const dup = await rejection(caller.inventory.createNode({ name: 'OLD', gpuModel: 'L40S-48G', gpuCount: 4, networkGbps: 25, region: 'eu-north' }));
    expect(dup.code).toBe('CONFLICT');
    const retired = await caller.inventory.retireNode({ id: node.id });
    expect(retired.withdrawnWindows).toBe(1);
    await caller.inventory.createNode({ name: 'old', gpuModel: 'L40S-48G', gpuCount: 4, networkGbps: 25, region: 'eu-north' });
  });

  it('keeps one organization out of another one’s nodes', async () => {
    const a = await seedAccount();
    const b = await seedAccount();
    const node = await seedNode(a.org!.id);
    const err = await rejection(b.caller.inventory.createWindow(window(node.id, 2, 4)));
    expect(err.code).toBe('NOT_FOUND');
  });

  it('answers UNAUTHORIZED without a session and FORBIDDEN without the provider role', async () => {
    expect((await rejection(anonymousCaller().inventory.nodes({ page: 1, pageSize: 10, status: 'ACTIVE' }))).code).toBe('UNAUTHORIZED');
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const err = await rejection(buyer.caller.inventory.nodes({ page: 1, pageSize: 10, status: 'ACTIVE' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/not registered as a provider/);
    const provider = await seedAccount();
    expect((await rejection(provider.caller.admin.overview())).code).toBe('FORBIDDEN');
    expect((await rejection(provider.caller.market.openCapacity())).code).toBe('FORBIDDEN');
    const admin = await seedAccount({ admin: true });
    expect((await admin.caller.admin.overview()).users).toBeGreaterThan(0);
  });

  it('shows a week of a node in the calendar with listed hours', async () => {
    const { caller, org } = await seedAccount();
    const node = await seedNode(org!.id, { gpuCount: 8 });
    await caller.inventory.createWindow(window(node.id, 2, 12, { gpuCount: 8 }));
    const cal = await caller.inventory.calendar({ from: hoursFromNow(0), days: 7, page: 1, pageSize: 25 });
    expect(cal.nodes).toHaveLength(1);
    expect(cal.nodes[0].windows).toHaveLength(1);
    expect(cal.totals.listedGpuHours).toBeCloseTo(80, 5);
    expect(cal.totals.capacityGpuHours).toBe(8 * 168);
  });
});
