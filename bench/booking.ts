// `npm run bench:booking`: quote latency and booking throughput under contention against a market
// of ~10,000 open windows, in a database of its own (interstice_bench, dropped and migrated fresh).
//
//   (a) quote latency: quoteJob over the whole market for 40 varied jobs, one after the other,
//       after 2 warm-up quotes; target p95 < 300 ms. Each quote's plan is then replayed step by
//       step (the market read through Prisma, the packer, describing the plan; and as what-ifs
//       the same rows by one SQL query, and the market's first 48 hours only) to say where the time goes; a quote whose plan falls short
//       also re-plans 5 times to name the binding constraint.
//   (b) bookings under contention: 300 quotes prepared first over a few hot windows (the only ones
//       cheap enough and with enough notice for these jobs), then booked with bookQuote by 20
//       concurrent workers over the server's Prisma pool; CAPACITY and QUOTE_EXPIRED refusals are
//       expected. Target >= 100 attempts settled per second.
//   (c) a sweep over every window's active allocations: no window is over-allocated at any instant.
//
// Node CPU per quote and per booking and the load average are printed too: on a shared machine
// the wall times move with the load, the CPU per call much less.
// Prints one table and writes bench/results/booking.json. Flags: --quotes N, --bookings N,
// --concurrency N. BENCH_DATABASE_URL overrides the database.
import { seededRandom, toMinute } from '../prisma/seeded-random';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/interstice_bench';
// Before any server module is imported: server/env.ts reads the environment once.
process.env.DATABASE_URL = DATABASE_URL;
process.env.LOG_LEVEL ??= 'warn';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const QUOTES = arg('quotes', 40);
const BOOKINGS = arg('bookings', 300);
const CONCURRENCY = arg('concurrency', 20);
const HOUR = 3_600_000;
const root = path.resolve(__dirname, '..');

// Deterministic draws, as prisma/seed.ts makes them.
const { rand, uniform, pick, weighted } = seededRandom(20261125);
const minute = toMinute;
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const { checkPostgres, ensureDatabase } = await import('../scripts/lib/services.mjs');
  const { migrate } = await import('../scripts/lib/run.mjs');
  await checkPostgres(DATABASE_URL);
  await ensureDatabase(DATABASE_URL, { fresh: true });
  migrate(DATABASE_URL);

  const { db } = await import('../server/db');
  const { GPU_CATALOG } = await import('../server/inventory/gpu-catalog');
  const { REGION_IDS } = await import('../server/inventory/regions');
  const { provisionAccount } = await import('../server/accounts/provision');
  const { createJob } = await import('../server/jobs/jobs');
  const { quoteJob } = await import('../server/booking/quote-job');
  const { bookQuote } = await import('../server/booking/book-quote');
  const { marketPieces, packJobOf, gpuTypes, latencyMs } = await import('../server/booking/capacity');
  const { describeSegments } = await import('../server/booking/describe-plan');
  const { pack } = await import('../server/planning/pack-plan');
  const { AppError } = await import('../server/errors');
  type GpuModelId = keyof typeof GPU_CATALOG;

  // ---- the market -----------------------------------------------------------------------------
  const t0 = performance.now();
  const now = Math.ceil(Date.now() / HOUR) * HOUR;
  const horizon = now + 14 * 24 * HOUR;
  const DC: { models: [GpuModelId, number][] }[] = [
    { models: [['H100-80G', 5], ['A100-80G', 3]] },
    { models: [['H100-80G', 3], ['L40S-48G', 2]] },
    { models: [['A100-80G', 3], ['L40S-48G', 2]] },
    { models: [['H100-80G', 1], ['A100-80G', 1], ['L40S-48G', 1]] },
  ];
  const orgs: { id: string; name: string; slug: string; createdAt: Date; isProvider: boolean }[] = [];
  const nodes: { orgId: string; name: string; gpuModel: string; gpuCount: number; gpuMemGiB: number; networkGbps: number; region: string }[] = [];
  // 120 NeoClouds with 4 to 16 eight-GPU nodes, and home providers with one RTX 4090 each, to ~1,500 nodes.
  for (let p = 0; p < 120; p++) {
    const id = `bench-dc-${p}`;
    orgs.push({ id, name: `NeoCloud ${p}`, slug: id, createdAt: new Date(), isProvider: true });
    const profile = pick(DC);
    const region = pick(REGION_IDS);
    const n = Math.round(uniform(4, 16));
    for (let i = 0; i < n; i++) {
      const gpuModel = weighted(profile.models);
      nodes.push({ orgId: id, name: `dc${p}-${i}`, gpuModel, gpuCount: 8, gpuMemGiB: GPU_CATALOG[gpuModel].memGiB, networkGbps: pick([25, 50, 100]), region });
    }
  }
  for (let p = 0; nodes.length < 1_500; p++) {
    const id = `bench-home-${p}`;
    orgs.push({ id, name: `Home ${p}`, slug: id, createdAt: new Date(), isProvider: true });
    nodes.push({ orgId: id, name: 'desktop-4090', gpuModel: 'RTX4090-24G', gpuCount: 1, gpuMemGiB: 24, networkGbps: pick([0.5, 1, 1]), region: pick(REGION_IDS) });
  }
  await db.organization.createMany({ data: orgs });
  const created = await db.node.createManyAndReturn({ data: nodes, select: { id: true, orgId: true, gpuModel: true, region: true } });
  const discount = new Map(orgs.map((o) => [o.id, o.id.startsWith('bench-dc') ? uniform(0.3, 0.7) : uniform(0.4, 0.8)]));
  const TZ: Record<string, number> = { 'us-east': -5, 'us-west': -8, 'eu-west': 0, 'eu-north': 1, 'ap-south': 5.5 };
  type Row = { nodeId: string; orgId: string; startsAt: Date; endsAt: Date; gpuCount: number; askCentsPerGpuHour: number; noticeMinutes: number; minBookingMinutes: number | null; source: 'SEED' };
  const rows: Row[] = [];
  for (const node of created) {
    const model = node.gpuModel as GpuModelId;
    const d = discount.get(node.orgId)!;
    if (node.orgId.startsWith('bench-dc')) {
      // Mostly booked calendars: a gap of 2-12 h after each 20-60 h of someone else's booking.
      let t = now - uniform(0, 24) * HOUR;
      while (t < horizon) {
        t += uniform(20, 60) * HOUR;
        const gap = uniform(2, 12) * HOUR;
        const s = Math.max(t, now + HOUR), e = Math.min(t + gap, horizon);
        if (e - s >= 2 * HOUR) {
          rows.push({
            nodeId: node.id, orgId: node.orgId, startsAt: minute(s), endsAt: minute(e), gpuCount: weighted<number>([[8, 6], [4, 2], [2, 1]]),
            askCentsPerGpuHour: Math.round(GPU_CATALOG[model].onDemandCentsPerGpuHour * d * uniform(0.9, 1.1)),
            noticeMinutes: pick([0, 15, 30, 60]), minBookingMinutes: pick([null, 60, 120]), source: 'SEED',
          });
        }
        t += gap;
      }
    } else {
      // Idle at night, local time.
      const midnight = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
      for (let day = 0; day < 14; day++) {
        if (rand() < 0.25) continue;
        const s = Math.max(now + HOUR, midnight + (day * 24 + 22 - TZ[node.region] + uniform(-1, 1)) * HOUR);
        const e = Math.min(horizon, midnight + (day * 24 + 22 - TZ[node.region]) * HOUR + uniform(7, 10) * HOUR);
        if (e - s < 2 * HOUR) continue;
        rows.push({ nodeId: node.id, orgId: node.orgId, startsAt: minute(s), endsAt: minute(e), gpuCount: 1, askCentsPerGpuHour: Math.max(3, Math.round(GPU_CATALOG[model].onDemandCentsPerGpuHour * d)), noticeMinutes: 0, minBookingMinutes: null, source: 'SEED' });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 2_000) await db.window.createMany({ data: rows.slice(i, i + 2_000) });

  // The hot set for (b): six H100 windows (one or two per region) far cheaper and with a longer
  // notice promise than any other, the only capacity the contention jobs' price cap and minimum
  // notice let them see.
  const HOT_NOTICE = 24 * 60, HOT_CAP = 15;
  const hotOrg = 'bench-hot';
  await db.organization.create({ data: { id: hotOrg, name: 'Hot Spot GPU', slug: hotOrg, createdAt: new Date(), isProvider: true } });
  const hotStart = Math.floor((now + 26 * HOUR) / HOUR) * HOUR;
  const hotWindows: string[] = [];
  for (let i = 0; i < 6; i++) {
    const node = await db.node.create({ data: { orgId: hotOrg, name: `hot-${i}`, gpuModel: 'H100-80G', gpuCount: 8, gpuMemGiB: 80, networkGbps: 100, region: REGION_IDS[i % REGION_IDS.length] } });
    const w = await db.window.create({ data: { nodeId: node.id, orgId: hotOrg, startsAt: new Date(hotStart + i * 30 * 60_000), endsAt: new Date(hotStart + (8 + i) * HOUR), gpuCount: 8, askCentsPerGpuHour: 10 + (i % 3), noticeMinutes: HOT_NOTICE, source: 'SEED' } });
    hotWindows.push(w.id);
  }

  const { user, orgId: buyerOrg } = await provisionAccount(db, { email: 'bench-buyer@interstice.dev', password: 'bench-password-123', name: 'Bench buyer', orgName: 'Bench Buyer Lab', isBuyer: true });
  const market = { providers: orgs.length + 1, nodes: nodes.length + 6, windows: rows.length + 6, gpuHours: Math.round(rows.reduce((s, w) => s + (w.gpuCount * (w.endsAt.getTime() - w.startsAt.getTime())) / HOUR, 0)) };
  const seedMs = performance.now() - t0;
  console.log(`Seeded ${market.providers} providers, ${market.nodes} nodes, ${market.windows} windows (${market.gpuHours.toLocaleString()} GPU-hours) in ${(seedMs / 1000).toFixed(1)} s.`);

  const iso = (ms: number) => new Date(ms).toISOString();
  const newJob = (input: Parameters<typeof createJob>[3]) => createJob(db, buyerOrg!, user.id, input, new Date());

  // ---- (a) quote latency ----------------------------------------------------------------------
  const PRESETS: ['1B' | '7B' | '13B' | '70B', number][] = [['1B', 4], ['7B', 5], ['13B', 3], ['70B', 1]];
  const jobSpecs = Array.from({ length: QUOTES + 2 }, (_, i) => {
    const preset = weighted(PRESETS);
    const tokens = { '1B': uniform(2e9, 3e10), '7B': uniform(5e8, 8e9), '13B': uniform(3e8, 3e9), '70B': uniform(5e7, 5e8) }[preset];
    const days = uniform(2, 14);
    const regions = rand() < 0.5 ? [...REGION_IDS] : [...new Set([pick(REGION_IDS), pick(REGION_IDS)])];
    return {
      name: `quote-${i}-${preset}`, model: { preset }, targetTokens: Math.round(tokens), earliestStart: iso(now), deadline: iso(now + days * 24 * HOUR),
      budgetCents: Math.round(uniform(2e4, 5e6)), maxCentsPerGpuHour: pick([60, 100, 150, 200, 400]), regions, minNoticeMinutes: pick([0, 0, 15, 30]),
      image: 'ghcr.io/bench/train:1', command: 'torchrun train.py',
    } as Parameters<typeof createJob>[3];
  });
  const quoteJobs = [];
  for (const spec of jobSpecs) quoteJobs.push(await newJob(spec));
  for (const j of quoteJobs.slice(0, 2)) await quoteJob(db, buyerOrg!, j.id, new Date()); // warm-up
  const quoteCpu0 = process.cpuUsage();
  const quoteRows: { preset: string; targetTokens: number; regions: number; ms: number; reaches: boolean; segments: number; binding: string[] }[] = [];
  for (const j of quoteJobs.slice(2)) {
    const s = performance.now();
    const q = await quoteJob(db, buyerOrg!, j.id, new Date());
    const ms = performance.now() - s;
    const summary = q.summary as { reachesTarget: boolean; segments: unknown[]; binding: { constraint: string }[] };
    quoteRows.push({ preset: (j.model as { preset: string }).preset, targetTokens: Number(j.targetTokens), regions: j.regions.length, ms, reaches: summary.reachesTarget, segments: summary.segments.length, binding: summary.binding.map((b) => b.constraint) });
  }
  const qms = quoteRows.map((r) => r.ms);
  const quoteCpu = process.cpuUsage(quoteCpu0);
  const quoteCpuMs = (quoteCpu.user + quoteCpu.system) / 1000 / quoteRows.length;

  // Where a quote's time goes: the steps of planJobOnMarket replayed one by one for the same jobs
  // (the market read through Prisma, the packer, describing the plan), and, as a what-if, the same
  // market rows read by one hand-written SQL query.
  const steps: { market: number; market48h: number; windows48h: number; rawSql: number; pack: number; describe: number; windowsRead: number; pieces: number; windowsUsed: number }[] = [];
  for (const j of quoteJobs.slice(2)) {
    const pj = packJobOf(j);
    const at = new Date();
    const from = new Date(Math.max(at.getTime(), Date.parse(pj.earliestStart)));
    let s = performance.now();
    const m = await marketPieces(db, { now: at, from, to: new Date(pj.deadline), regions: j.regions, maxAsk: pj.maxCentsPerGpuHour, minNotice: j.minNoticeMinutes });
    const market = performance.now() - s;
    // What-if: read only the first 48 hours after the earliest start (widening only when the plan falls short).
    s = performance.now();
    const m48 = await marketPieces(db, { now: at, from, to: new Date(Math.min(Date.parse(pj.deadline), from.getTime() + 48 * HOUR)), regions: j.regions, maxAsk: pj.maxCentsPerGpuHour, minNotice: j.minNoticeMinutes });
    const market48h = performance.now() - s;
    const windows48h = new Set([...m48.info.values()].map((i) => i.windowId)).size;
    s = performance.now();
    await db.$queryRaw`
      SELECT w.id, w.starts_at, w.ends_at, w.gpu_count, w.ask_cents_per_gpu_hour, w.notice_minutes, w.org_id, n.id AS node_id, n.name, n.region,
             n.gpu_model, n.network_gbps, o.name AS org_name,
             (SELECT json_agg(json_build_object('s', a.starts_at, 'e', a.ends_at, 'g', a.gpus)) FROM allocation a
              WHERE a.window_id = w.id AND a.status IN ('HELD', 'CONFIRMED') AND a.ends_at > ${from}) AS allocs
      FROM idle_window w JOIN node n ON n.id = w.node_id JOIN organization o ON o.id = w.org_id
      WHERE w.ends_at > ${from} AND w.starts_at < ${j.deadline} AND w.ask_cents_per_gpu_hour <= ${pj.maxCentsPerGpuHour}
        AND w.notice_minutes >= ${j.minNoticeMinutes} AND n.status = 'ACTIVE' AND n.region = ANY(${j.regions})`;
    const rawSql = performance.now() - s;
    const instance = { format: 'pack-v1' as const, now: at.toISOString(), gpuTypes, latencyMs, windows: m.windows, jobs: [pj], done: { [j.id]: 0 }, spentCents: { [j.id]: 0 } };
    s = performance.now();
    const plan = pack(instance as never);
    const packMs = performance.now() - s;
    s = performance.now();
    describeSegments(instance as never, pj, plan.segments, m.info);
    const describe = performance.now() - s;
    const windowsRead = new Set([...m.info.values()].map((i) => i.windowId)).size;
    const windowsUsed = new Set(plan.segments.flatMap((x) => x.stages.map((st) => m.info.get(st.windowId)!.windowId))).size;
    steps.push({ market, market48h, windows48h, rawSql, pack: packMs, describe, windowsRead, pieces: m.windows.length, windowsUsed });
  }

  // ---- (b) bookings under contention ----------------------------------------------------------
  const hotJobs = [];
  for (let i = 0; i < BOOKINGS; i++) {
    hotJobs.push(await newJob({
      // Starts spread over the hot windows' first hours, so quotes overlap in part rather than all alike.
      name: `hot-${i}`, model: { preset: '7B' }, targetTokens: Math.round(uniform(1e8, 4e8)),
      earliestStart: iso(hotStart + Math.floor(uniform(0, 12)) * 30 * 60_000), deadline: iso(hotStart + 16 * HOUR),
      budgetCents: 1_000_000, maxCentsPerGpuHour: HOT_CAP, regions: [pick(REGION_IDS)], minNoticeMinutes: HOT_NOTICE, image: 'ghcr.io/bench/train:1', command: 'torchrun train.py',
    }));
  }
  const prepStart = performance.now();
  const hotQuotes: { id: string; windows: number }[] = [];
  const prepMs: number[] = [];
  for (const j of hotJobs) {
    const s = performance.now();
    const q = await quoteJob(db, buyerOrg!, j.id, new Date());
    prepMs.push(performance.now() - s);
    const segs = (q.summary as { segments: { stages: { windowId: string }[] }[] }).segments;
    hotQuotes.push({ id: q.id, windows: new Set(segs.flatMap((x) => x.stages.map((st) => st.windowId))).size });
  }
  const prepTotal = performance.now() - prepStart;
  const emptyQuotes = hotQuotes.filter((q) => q.windows === 0).length;
  const outcomes = new Map<string, number>();
  const bookMs: number[] = [];
  let next = 0;
  const load0 = os.loadavg()[0];
  const bookCpu0 = process.cpuUsage();
  const bStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < hotQuotes.length) {
        const q = hotQuotes[next++];
        const s = performance.now();
        let outcome: string;
        try {
          await bookQuote(db, { orgId: buyerOrg!, quoteId: q.id, idempotencyKey: `bench-${randomUUID()}` }, new Date());
          outcome = 'booked';
        } catch (err) {
          outcome = err instanceof AppError ? err.code : `error: ${(err as Error).message.split('\n')[0].slice(0, 120)}`;
        }
        bookMs.push(performance.now() - s);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const bookWall = performance.now() - bStart;
  const bookCpu = process.cpuUsage(bookCpu0);
  const load1 = os.loadavg()[0];
  const settled = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const perSec = settled / (bookWall / 1000);
  const bookCpuMs = (bookCpu.user + bookCpu.system) / 1000 / settled;

  // ---- (c) no window over-allocated at any instant ---------------------------------------------
  const [check] = await db.$queryRaw<{ windows: bigint; allocations: bigint; over: bigint; outside: bigint; peak_share: number | null }[]>`
    WITH a AS (SELECT window_id, starts_at, ends_at, gpus FROM allocation WHERE status IN ('HELD', 'CONFIRMED')),
    ev AS (SELECT window_id, starts_at AS t, gpus AS d FROM a UNION ALL SELECT window_id, ends_at, -gpus FROM a),
    steps AS (SELECT window_id, t, sum(d) AS d FROM ev GROUP BY window_id, t),
    sweep AS (SELECT window_id, sum(d) OVER (PARTITION BY window_id ORDER BY t) AS load FROM steps),
    peaks AS (SELECT s.window_id, max(s.load) AS peak, w.gpu_count FROM sweep s JOIN idle_window w ON w.id = s.window_id GROUP BY s.window_id, w.gpu_count)
    SELECT (SELECT count(*) FROM peaks) AS windows,
           (SELECT count(*) FROM a) AS allocations,
           (SELECT count(*) FROM peaks WHERE peak > gpu_count) AS over,
           (SELECT count(*) FROM a JOIN idle_window w ON w.id = a.window_id WHERE a.starts_at < w.starts_at OR a.ends_at > w.ends_at) AS outside,
           (SELECT max(peak::float8 / gpu_count) FROM peaks) AS peak_share`;
  const booked = outcomes.get('booked') ?? 0;
  const hotAllocated = await db.allocation.aggregate({ where: { windowId: { in: hotWindows }, status: { in: ['HELD', 'CONFIRMED'] } }, _count: true });

  // ---- report ---------------------------------------------------------------------------------
  const reach = quoteRows.filter((r) => r.reaches).map((r) => r.ms);
  const short = quoteRows.filter((r) => !r.reaches).map((r) => r.ms);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const share = avg(steps.map((x) => x.market)) / avg(steps.map((x) => x.market + x.pack + x.describe));
  const table: [string, string, string, string][] = [
    ['machine', `${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the end`, '', ''],
    ['market', `${market.windows} windows, ${market.nodes} nodes, ${market.providers} providers`, '~10,000 / ~1,500', ''],
    ['(a) quote p50 / p95 / max', `${r1(pct(qms, 50))} / ${r1(pct(qms, 95))} / ${r1(Math.max(...qms))} ms (n=${qms.length}; ${r1(quoteCpuMs)} ms Node CPU each)`, 'p95 < 300 ms', pct(qms, 95) < 300 ? 'PASS' : 'FAIL'],
    ['    plan reaches target', `${reach.length} quotes: p50 ${r1(pct(reach, 50))}, p95 ${r1(pct(reach, 95))} ms`, '', ''],
    ['    plan falls short (+5 re-plans)', `${short.length} quotes: p50 ${r1(pct(short, 50))}, p95 ${r1(pct(short, 95))} ms`, '', ''],
    ['    replay: market read (Prisma)', `avg ${r1(avg(steps.map((x) => x.market)))}, p95 ${r1(pct(steps.map((x) => x.market), 95))} ms = ${Math.round(share * 100)}% of a plan; ${Math.round(avg(steps.map((x) => x.windowsRead)))} windows read (max ${Math.max(...steps.map((x) => x.windowsRead))}), ${r1(avg(steps.map((x) => x.windowsUsed)))} used`, '', ''],
    ['    what-if: same rows, one SQL query', `avg ${r1(avg(steps.map((x) => x.rawSql)))}, p95 ${r1(pct(steps.map((x) => x.rawSql), 95))} ms`, '', ''],
    ['    what-if: first 48 h only (Prisma)', `avg ${r1(avg(steps.map((x) => x.market48h)))}, p95 ${r1(pct(steps.map((x) => x.market48h), 95))} ms; ${Math.round(avg(steps.map((x) => x.windows48h)))} windows read`, '', ''],
    ['    replay: packer', `avg ${r1(avg(steps.map((x) => x.pack)))}, p95 ${r1(pct(steps.map((x) => x.pack), 95))}, max ${r1(Math.max(...steps.map((x) => x.pack)))} ms`, '', ''],
    ['    replay: describe plan', `avg ${r1(avg(steps.map((x) => x.describe)))} ms`, '', ''],
    ['(b) prepare hot quotes', `${hotQuotes.length} in ${r1(prepTotal / 1000)} s (p50 ${r1(pct(prepMs, 50))} ms), ${emptyQuotes} with no plan`, '', ''],
    ['(b) bookings settled / s', `${r1(perSec)} (${settled} in ${r1(bookWall)} ms, concurrency ${CONCURRENCY}, pool 10; ${r1(bookCpuMs)} ms Node CPU each; load ${load0.toFixed(1)} -> ${load1.toFixed(1)})`, '>= 100 / s', perSec >= 100 ? 'PASS' : 'FAIL'],
    ['    outcomes', [...outcomes].map(([k, v]) => `${k} ${v}`).join(', '), '', ''],
    ['    bookQuote latency p50 / p95', `${r1(pct(bookMs, 50))} / ${r1(pct(bookMs, 95))} ms`, '', ''],
    ['(c) over-allocated windows', `${check.over} of ${check.windows} allocated windows (${check.allocations} active allocations, ${check.outside} outside their window, peak ${r1((check.peak_share ?? 0) * 100)}% of GPUs)`, '0', Number(check.over) === 0 && Number(check.outside) === 0 ? 'PASS' : 'FAIL'],
  ];
  const w = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c].length)));
  console.log('\n' + table.map((r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`).join('\n'));

  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'booking.json'),
    JSON.stringify({
      at: new Date().toISOString(), cores: os.cpus().length, loadAverage: os.loadavg(), database: DATABASE_URL.replace(/\/\/[^@]*@/, '//'), market, seedMs: Math.round(seedMs),
      quotes: { n: qms.length, p50: pct(qms, 50), p95: pct(qms, 95), max: Math.max(...qms), nodeCpuMsEach: quoteCpuMs, marketShareOfPlan: share, rows: quoteRows, steps },
      bookings: { prepared: hotQuotes.length, emptyQuotes, concurrency: CONCURRENCY, wallMs: bookWall, perSec, nodeCpuMsEach: bookCpuMs, loadAverage: [load0, load1], outcomes: Object.fromEntries(outcomes), p50: pct(bookMs, 50), p95: pct(bookMs, 95), hotAllocations: hotAllocated._count, booked },
      capacityCheck: { windows: Number(check.windows), allocations: Number(check.allocations), overAllocated: Number(check.over), outside: Number(check.outside), peakShare: check.peak_share },
    }, null, 2) + '\n',
  );
  console.log(`\nWrote bench/results/booking.json.`);
  await db.$disconnect();
  process.exit(Number(check.over) === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
