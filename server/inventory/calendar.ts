import { z } from 'zod';
import type { Db } from '../db';
import { IsoDateTime } from './schemas';

const HOUR = 3_600_000;

export const CalendarInput = z.object({
  from: IsoDateTime,
  days: z.number().int().min(1).max(31).default(7),
  nodeId: z.string().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type CalendarInput = z.infer<typeof CalendarInput>;

const overlapHours = (s: Date, e: Date, from: Date, to: Date) =>
  Math.max(0, Math.min(e.getTime(), to.getTime()) - Math.max(s.getTime(), from.getTime())) / HOUR;

/**
 * A stretch of time per node at a glance: its windows (listed), the part of them that is sold
 * (bookings' allocations, held or confirmed), and totals in GPU-hours.
 */
export async function getCalendar(db: Db, orgId: string, input: CalendarInput) {
  const from = new Date(input.from);
  const to = new Date(from.getTime() + input.days * 24 * HOUR);
  const nodeWhere = { orgId, ...(input.nodeId ? { id: input.nodeId } : {}), OR: [{ status: 'ACTIVE' as const }, { retiredAt: { gt: from } }] };
  const [totalNodes, nodes] = await Promise.all([
    db.node.count({ where: nodeWhere }),
    db.node.findMany({
      where: nodeWhere,
      orderBy: { name: 'asc' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: {
        windows: {
          where: { startsAt: { lt: to }, endsAt: { gt: from } },
          orderBy: { startsAt: 'asc' },
          include: { allocations: { where: { status: { in: ['HELD', 'CONFIRMED'] } }, select: { startsAt: true, endsAt: true, gpus: true } } },
        },
      },
    }),
  ]);
  let capacity = 0, listed = 0;
  const rows = nodes.map((n) => {
    const windows = n.windows.map((w) => {
      const hours = overlapHours(w.startsAt, w.endsAt, from, to);
      listed += hours * w.gpuCount;
      return {
        id: w.id,
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
        gpuCount: w.gpuCount,
        askCentsPerGpuHour: w.askCentsPerGpuHour,
        noticeMinutes: w.noticeMinutes,
        soldGpuHours: w.allocations.reduce((t, a) => t + overlapHours(a.startsAt, a.endsAt, from, to) * a.gpus, 0),
        sold: w.allocations.map((a) => ({ startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), gpus: a.gpus })),
        reclaimed: !!w.reclaimedAt,
      };
    });
    capacity += n.gpuCount * (to.getTime() - from.getTime()) / HOUR;
    return { id: n.id, name: n.name, gpuModel: n.gpuModel, gpuCount: n.gpuCount, region: n.region, status: n.status, windows };
  });
  const sold = rows.reduce((s, r) => s + r.windows.reduce((t, w) => t + w.soldGpuHours, 0), 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    page: input.page,
    pageSize: input.pageSize,
    totalNodes,
    nodes: rows,
    totals: {
      capacityGpuHours: round1(capacity),
      listedGpuHours: round1(listed),
      soldGpuHours: round1(sold),
      unsoldGpuHours: round1(listed - sold),
      unlistedGpuHours: round1(capacity - listed),
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
