import type { Db } from '../db';

/** Open capacity over the next two weeks, by GPU model and by region. */
export async function listedCapacity(db: Db, now: Date) {
  const horizon = new Date(now.getTime() + 14 * 24 * 3_600_000);
  const [byModel, byRegion] = await Promise.all([
    db.$queryRaw<{ gpu_model: string; windows: bigint; gpu_hours: number; avg_ask: number }[]>`
      SELECT n.gpu_model, count(*) AS windows,
             sum(w.gpu_count * extract(epoch FROM (least(w.ends_at, ${horizon}) - greatest(w.starts_at, ${now}))) / 3600)::float8 AS gpu_hours,
             (sum(w.ask_cents_per_gpu_hour * w.gpu_count)::float8 / sum(w.gpu_count)) AS avg_ask
      FROM idle_window w JOIN node n ON n.id = w.node_id
      WHERE w.ends_at > ${now} AND w.starts_at < ${horizon}
      GROUP BY n.gpu_model ORDER BY gpu_hours DESC`,
    db.$queryRaw<{ region: string; gpu_hours: number }[]>`
      SELECT n.region,
             sum(w.gpu_count * extract(epoch FROM (least(w.ends_at, ${horizon}) - greatest(w.starts_at, ${now}))) / 3600)::float8 AS gpu_hours
      FROM idle_window w JOIN node n ON n.id = w.node_id
      WHERE w.ends_at > ${now} AND w.starts_at < ${horizon}
      GROUP BY n.region ORDER BY gpu_hours DESC`,
  ]);
  return {
    listedByModel: byModel.map((r) => ({ gpuModel: r.gpu_model, windows: Number(r.windows), gpuHours: Math.round(r.gpu_hours), avgAskCents: Math.round(r.avg_ask) })),
    listedByRegion: byRegion.map((r) => ({ region: r.region, gpuHours: Math.round(r.gpu_hours) })),
  };
}

/** The market's participants and open capacity, for the admin. */
export async function marketOverview(db: Db, now: Date) {
  const [orgs, users, nodes, capacity] = await Promise.all([
    db.organization.groupBy({ by: ['isProvider', 'isBuyer'], _count: { _all: true } }),
    db.user.count(),
    db.node.groupBy({ by: ['gpuModel'], where: { status: 'ACTIVE' }, _count: { _all: true }, _sum: { gpuCount: true } }),
    listedCapacity(db, now),
  ]);
  return {
    users,
    providers: orgs.filter((o) => o.isProvider).reduce((s, o) => s + o._count._all, 0),
    buyers: orgs.filter((o) => o.isBuyer).reduce((s, o) => s + o._count._all, 0),
    nodesByModel: nodes.map((n) => ({ gpuModel: n.gpuModel, nodes: n._count._all, gpus: n._sum.gpuCount ?? 0 })),
    ...capacity,
  };
}
