import type { Db } from '../db';
import { gpuModel } from './gpu-catalog';

const HOUR = 3_600_000;

/** The provider's fleet and the next two weeks of listings, valued at the ask and at spot prices. */
export async function providerSummary(db: Db, orgId: string, now: Date) {
  const horizon = new Date(now.getTime() + 14 * 24 * HOUR);
  const [nodes, windows] = await Promise.all([
    db.node.findMany({ where: { orgId, status: 'ACTIVE' }, select: { id: true, gpuCount: true, gpuModel: true } }),
    db.window.findMany({
      where: { orgId, endsAt: { gt: now }, startsAt: { lt: horizon } },
      select: { startsAt: true, endsAt: true, gpuCount: true, askCentsPerGpuHour: true, node: { select: { gpuModel: true } } },
    }),
  ]);
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
  };
}
