import type { Db } from '../db';
import { gpuModel } from './gpu-catalog';

const HOUR = 3_600_000;

/** The provider's fleet and the next two weeks of listings, valued at the ask and at spot prices. */
export async function providerSummary(db: Db, orgId: string, now: Date) {
  const horizon = new Date(now.getTime() + 14 * 24 * HOUR);
  const since = new Date(now.getTime() - 90 * 24 * HOUR);
  const [nodes, windows, reclaims, pastWindows, sold] = await Promise.all([
    db.node.findMany({ where: { orgId, status: 'ACTIVE' }, select: { id: true, gpuCount: true, gpuModel: true } }),
    db.window.findMany({
      where: { orgId, endsAt: { gt: now }, startsAt: { lt: horizon } },
      select: { startsAt: true, endsAt: true, gpuCount: true, askCentsPerGpuHour: true, node: { select: { gpuModel: true } } },
    }),
    db.reclaim.groupBy({ by: ['brokePromise'], where: { orgId, createdAt: { gte: since } }, _count: { _all: true } }),
    db.window.count({ where: { orgId, startsAt: { gte: since, lt: now } } }),
    db.allocation.aggregate({ where: { window: { orgId }, status: { in: ['HELD', 'CONFIRMED'] }, endsAt: { gt: now } }, _sum: { gpus: true }, _count: { _all: true } }),
  ]);
  const reclaimCount = reclaims.reduce((t, r) => t + r._count._all, 0);
  const broken = reclaims.find((r) => r.brokePromise)?._count._all ?? 0;
  let gpuHours = 0, askCents = 0, spotCents = 0;
  for (const w of windows) {
    const h = (Math.min(w.endsAt.getTime(), horizon.getTime()) - Math.max(w.startsAt.getTime(), now.getTime())) / HOUR;
    gpuHours += h * w.gpuCount;
    askCents += h * w.gpuCount * w.askCentsPerGpuHour;
    spotCents += h * w.gpuCount * (gpuModel(w.node.gpuModel)?.spotCentsPerGpuHour ?? 0);
  }
  const gpus = nodes.reduce((s, n) => s + n.gpuCount, 0);
  return {
    activeNodes: nodes.length,
    gpus,
    upcomingWindows: windows.length,
    listedGpuHours14d: Math.round(gpuHours * 10) / 10,
    listedShare14d: gpus ? gpuHours / (gpus * 14 * 24) : 0,
    valueAtAskCents: Math.round(askCents),
    valueAtSpotCents: Math.round(spotCents),
    soldAllocations: sold._count._all,
    // Reliability as buyers' plans see it: reclaims, and the ones that broke the promised notice.
    reclaims90d: reclaimCount,
    brokenPromises90d: broken,
    reliability: pastWindows ? Math.max(0, 1 - broken / pastWindows) : 1,
  };
}
