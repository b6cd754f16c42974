// Seeds a believable market for the demo: NeoCloud providers with 8-GPU nodes whose calendars are
// mostly booked, a dozen home providers with one consumer GPU or a Mac mini idle at night, buyers,
// and an admin; windows over the next two weeks drawn the way ../shared/packing/generate.mjs draws
// them. Running it again changes nothing but refreshes the demo credentials file.
import { seededRandom, toMinute } from './seeded-random';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { auth } from '../server/auth';
import { createOrgApiKey } from '../server/accounts/organizations';
import { provisionAccount } from '../server/accounts/provision';
import { bookQuote, confirmBooking } from '../server/booking/book-quote';
import { quoteJob } from '../server/booking/quote-job';
import { createJob } from '../server/jobs/jobs';
import { db } from '../server/db';
import { GPU_CATALOG, type GpuModelId } from '../server/inventory/gpu-catalog';
import type { RegionId } from '../server/inventory/regions';

export const DEMO_PASSWORD = 'interstice-demo';
const CREDENTIALS_FILE = process.env.DEMO_CREDENTIALS_FILE ?? '.demo-credentials.json';
const HOUR = 3_600_000;

const { rand, uniform, pick, weighted } = seededRandom(20261201);
const minute = toMinute;

const NEOCLOUDS: { name: string; email: string; region: RegionId; nodes: number; models: [GpuModelId, number][] }[] = [
  { name: 'Northwind Compute', email: 'provider@interstice.dev', region: 'us-east', nodes: 6, models: [['H100-80G', 5], ['A100-80G', 3]] },
  { name: 'Fjord GPU', email: 'ops@fjordgpu.dev', region: 'eu-north', nodes: 5, models: [['H100-80G', 3], ['L40S-48G', 2]] },
  { name: 'Helios Compute', email: 'ops@helios.dev', region: 'us-west', nodes: 5, models: [['A100-80G', 3], ['A100-40G', 1], ['H200-141G', 1]] },
  { name: 'Lumen Cloud', email: 'ops@lumencloud.dev', region: 'eu-west', nodes: 4, models: [['H100-80G', 2], ['L40S-48G', 2]] },
  { name: 'Monsoon AI Cloud', email: 'ops@monsoon.dev', region: 'ap-south', nodes: 4, models: [['A100-80G', 2], ['L40S-48G', 2]] },
];
const HOME_NAMES = ['Ana', 'Bo', 'Chidi', 'Dana', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kira', 'Lars'];
const TZ: Record<RegionId, number> = { 'us-east': -5, 'us-west': -8, 'eu-west': 0, 'eu-north': 1, 'ap-south': 5.5 };
const REGION_LIST: RegionId[] = ['us-east', 'us-west', 'eu-west', 'eu-north', 'ap-south'];

async function seedMarket(now: number) {
  const horizon = now + 14 * 24 * HOUR;
  let windows = 0;
  for (const p of NEOCLOUDS) {
    const { orgId } = await provisionAccount(db, { email: p.email, password: DEMO_PASSWORD, name: `${p.name} ops`, orgName: p.name, isProvider: true });
    const discount = uniform(0.3, 0.7);
    for (let n = 0; n < p.nodes; n++) {
      const gpuModel = weighted(p.models);
      const node = await db.node.create({
        data: { orgId: orgId!, name: `${p.name.split(' ')[0].toLowerCase()}-${gpuModel.split('-')[0].toLowerCase()}-${String(n + 1).padStart(2, '0')}`, gpuModel, gpuCount: 8, gpuMemGiB: GPU_CATALOG[gpuModel].memGiB, networkGbps: pick([25, 50, 100]), region: p.region },
      });
      const rows = [];
      let t = now - uniform(0, 24) * HOUR;
      while (t < horizon) {
        t += uniform(20, 60) * HOUR; // someone else's booking
        const gap = uniform(2, 12) * HOUR;
        const s = Math.max(t, now + HOUR), e = Math.min(t + gap, horizon);
        if (e - s >= 2 * HOUR) {
          rows.push({
            nodeId: node.id, orgId: orgId!, startsAt: minute(s), endsAt: minute(e),
            gpuCount: weighted<number>([[8, 6], [4, 2], [2, 1]]),
            askCentsPerGpuHour: Math.round(GPU_CATALOG[gpuModel].onDemandCentsPerGpuHour * discount * uniform(0.9, 1.1)),
            noticeMinutes: pick([0, 15, 30, 60]), minBookingMinutes: pick([null, 60, 120]), source: 'SEED' as const,
          });
        }
        t += gap;
      }
      await db.window.createMany({ data: rows });
      windows += rows.length;
    }
  }
  for (const [i, person] of HOME_NAMES.entries()) {
    const region = REGION_LIST[i % REGION_LIST.length];
    const gpuModel: GpuModelId = i % 3 === 2 ? 'M4Pro-48G' : 'RTX4090-24G';
    const { orgId } = await provisionAccount(db, { email: `${person.toLowerCase()}@home.interstice.dev`, password: DEMO_PASSWORD, name: person, orgName: `${person}'s ${gpuModel.startsWith('M4') ? 'Mac mini' : 'gaming PC'}`, isProvider: true });
    const node = await db.node.create({ data: { orgId: orgId!, name: gpuModel.startsWith('M4') ? 'mac-mini' : 'desktop-4090', gpuModel, gpuCount: 1, gpuMemGiB: GPU_CATALOG[gpuModel].memGiB, networkGbps: pick([0.5, 1, 1]), region } });
    const discount = uniform(0.4, 0.8);
    const rows = [];
    const midnight = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
    for (let day = 0; day < 14; day++) {
      if (rand() < 0.25) continue;
      const s = Math.max(now + HOUR, midnight + (day * 24 + 22 - TZ[region] + uniform(-1, 1)) * HOUR);
      const e = Math.min(horizon, midnight + (day * 24 + 22 - TZ[region]) * HOUR + uniform(7, 10) * HOUR);
      if (e - s < 2 * HOUR) continue;
      rows.push({ nodeId: node.id, orgId: orgId!, startsAt: minute(s), endsAt: minute(e), gpuCount: 1, askCentsPerGpuHour: Math.max(3, Math.round(GPU_CATALOG[gpuModel].onDemandCentsPerGpuHour * discount)), noticeMinutes: 0, minBookingMinutes: null, source: 'SEED' as const });
    }
    await db.window.createMany({ data: rows });
    windows += rows.length;
  }
  return windows;
}

async function keyStillValid(key: string | undefined) {
  if (!key) return false;
  const r = await auth.api.verifyApiKey({ body: { key } }).catch(() => null);
  return !!r?.valid;
}

export async function seed() {
  const now = Math.ceil(Date.now() / HOUR) * HOUR;
  const admin = await provisionAccount(db, { email: 'admin@interstice.dev', password: DEMO_PASSWORD, name: 'Platform Admin', orgName: 'Interstice Operations', platformRole: 'admin' });
  const buyer = await provisionAccount(db, { email: 'buyer@interstice.dev', password: DEMO_PASSWORD, name: 'Acme research lead', orgName: 'Acme Research Lab', isBuyer: true });
  await provisionAccount(db, { email: 'ml@tinyllm.dev', password: DEMO_PASSWORD, name: 'Tiny LLM', orgName: 'Tiny LLM Co', isBuyer: true });

  const providerOrg = await db.organization.findFirst({ where: { name: NEOCLOUDS[0].name }, include: { nodes: { take: 1 } } });
  let created = 0;
  if (!providerOrg || providerOrg.nodes.length === 0) created = await seedMarket(now);
  const provider = await provisionAccount(db, { email: NEOCLOUDS[0].email, password: DEMO_PASSWORD, name: `${NEOCLOUDS[0].name} ops`, orgName: NEOCLOUDS[0].name, isProvider: true });

  // One booked job, so the buyer has a plan to look at and providers see sold hours.
  if (!(await db.trainingJob.count({ where: { orgId: buyer.orgId! } }))) {
    const job = await createJob(db, buyer.orgId!, buyer.user.id, {
      name: 'acme-7b-pretrain', model: { preset: '7B' }, targetTokens: 1e10,
      earliestStart: new Date(now).toISOString(), deadline: new Date(now + 5 * 24 * HOUR).toISOString(),
      budgetCents: 200_000, maxCentsPerGpuHour: 250, regions: ['us-east', 'us-west', 'eu-west', 'eu-north'], minNoticeMinutes: 0,
      image: 'ghcr.io/acme/llm-train:1.4', command: 'torchrun train.py --config 7b.yaml',
    }, new Date());
    const quote = await quoteJob(db, buyer.orgId!, job.id, new Date());
    if (quote.costCents > 0) {
      const { booking } = await bookQuote(db, { orgId: buyer.orgId!, quoteId: quote.id, idempotencyKey: `seed-${job.id}` }, new Date());
      await confirmBooking(db, buyer.orgId!, booking.id, new Date());
    }
  }

  const previous = existsSync(CREDENTIALS_FILE) ? JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) : {};
  const entry = async (role: string, email: string, userId: string, orgId: string) => {
    const old = previous[role];
    const apiKey = (await keyStillValid(old?.apiKey)) ? old.apiKey : (await createOrgApiKey(orgId, userId, `demo ${role}`)).key;
    return { email, password: DEMO_PASSWORD, apiKey };
  };
  const credentials = {
    admin: await entry('admin', 'admin@interstice.dev', admin.user.id, admin.orgId!),
    provider: await entry('provider', NEOCLOUDS[0].email, provider.user.id, provider.orgId!),
    buyer: await entry('buyer', 'buyer@interstice.dev', buyer.user.id, buyer.orgId!),
  };
  writeFileSync(CREDENTIALS_FILE, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  const totals = { organizations: await db.organization.count(), nodes: await db.node.count(), windows: await db.window.count() };
  return { created, totals, credentials };
}

if (process.argv[1]?.endsWith('seed.ts')) {
  seed()
    .then(({ created, totals }) => {
      console.log(created ? `Seeded ${created} windows.` : 'The demo market was already seeded; left as it is.');
      console.log(`Market: ${totals.organizations} organizations, ${totals.nodes} nodes, ${totals.windows} windows. Credentials in ${CREDENTIALS_FILE}.`);
      return db.$disconnect();
    })
    .catch(async (err) => {
      console.error(err);
      await db.$disconnect();
      process.exit(1);
    });
}
