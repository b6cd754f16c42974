import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleRestRequest } from '@/server/rest/handle-request';
import { restRoutes } from '@/server/rest/routes';
import { db, hoursFromNow, seedAccount, seedNode } from '@/test/factories';

// The buyer's side of /api/v1 end to end, through the dispatcher: create a job, quote it over a
// provider's windows, book it with an Idempotency-Key (twice, and twice at once), confirm, follow
// progress; the provider reclaims; roles are checked. Every success body is parsed with the route's
// response schema, and a field the schema would drop fails the test, so the OpenAPI document
// cannot fall behind what the API answers.

async function call(method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const res = await handleRestRequest(req, path.split('?')[0]);
  const json = await res.json();
  if (res.status < 300) expectDocumented(method, path.split('?')[0], json);
  return { status: res.status, body: json };
}

/** The body parses with the route's response schema and loses nothing to it. */
function expectDocumented(method: string, path: string, body: unknown) {
  const r = restRoutes.find((x) => x.method === method && new RegExp('^' + x.path.replace(/\{\w+\}/g, '[^/]+') + '$').test(path));
  expect(r, `${method} ${path} is in the route table`).toBeDefined();
  const parsed = r!.response.safeParse(body);
  expect(parsed.error?.issues ?? [], `${method} ${path} answers its documented schema`).toEqual([]);
  expect(parsed.data, `${method} ${path}: no field outside the documented schema`).toEqual(body);
}

// A market of its own: an H100 node in one region, cheap and with a long notice promise, which
// the job's price cap and minimum notice single out from windows other test files list.
async function market() {
  const provider = await seedAccount({ isProvider: true });
  const node = await seedNode(provider.org!.id, { gpuModel: 'H100-80G', gpuCount: 8, region: 'eu-north' });
  const window = await provider.caller.inventory.createWindow({
    nodeId: node.id, startsAt: hoursFromNow(1), endsAt: hoursFromNow(7), gpuCount: 8, askCentsPerGpuHour: 97, noticeMinutes: 120,
  });
  return { provider, node, window };
}

const job = (extra: Record<string, unknown> = {}) => ({
  name: 'tiny-7b', model: { preset: '7B' }, targetTokens: 150e6, earliestStart: hoursFromNow(0), deadline: hoursFromNow(8),
  budgetCents: 100_000, maxCentsPerGpuHour: 97, regions: ['eu-north'], minNoticeMinutes: 120,
  image: 'ghcr.io/acme/train:1.4', command: 'torchrun train.py', ...extra,
});

describe('REST API /api/v1, buyer side', () => {
  it('creates a job, quotes it, books it idempotently, confirms it and reads progress; the provider reclaims', async () => {
    const { provider, window } = await market();
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const key = await buyer.apiKey();

    const created = await call('POST', '/jobs', key, job());
    expect(created).toMatchObject({ status: 201, body: { status: 'DRAFT', targetTokens: 150e6, tokensTrained: 0, profile: { layers: 32 } } });
    const jobId = created.body.id;
    expect(await db.trainingJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ createdById: buyer.user.id, orgId: buyer.org!.id });

    const list = await call('GET', '/jobs?page=1&pageSize=10', key);
    expect(list).toMatchObject({ status: 200, body: { total: 1, page: 1, pageSize: 10, items: [{ id: jobId }] } });

    const quote = await call('POST', `/jobs/${jobId}/quotes`, key);
    expect(quote.status).toBe(201);
    expect(quote.body).toMatchObject({ jobId, status: 'OPEN', summary: { reachesTarget: true, binding: [] } });
    expect(quote.body.summary.segments.length).toBeGreaterThan(0);
    const windowsUsed = new Set(quote.body.summary.segments.flatMap((s: { stages: { windowId: string }[] }) => s.stages.map((st) => st.windowId)));
    expect([...windowsUsed]).toEqual([window.id]);

    // Without the header, or with a malformed one, nothing is booked.
    expect(await call('POST', `/quotes/${quote.body.id}/book`, key)).toMatchObject({
      status: 400, body: { error: { code: 'validation', message: expect.stringMatching(/Idempotency-Key/) } },
    });
    expect((await call('POST', `/quotes/${quote.body.id}/book`, key, undefined, { 'Idempotency-Key': 'short' })).status).toBe(400);
    expect(await db.booking.count({ where: { jobId } })).toBe(0);

    const idem = randomUUID();
    const first = await call('POST', `/quotes/${quote.body.id}/book`, key, undefined, { 'Idempotency-Key': idem });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ jobId, quoteId: quote.body.id, status: 'HELD', costCents: expect.any(Number), confirmedAt: null });
    expect(first.body.allocations.length).toBeGreaterThan(0);
    for (const a of first.body.allocations) expect(a).toMatchObject({ windowId: window.id, status: 'HELD', centsPerGpuHour: 97, gpus: expect.any(Number) });
    // The header name is case-insensitive, as HTTP says; the retry answers the same booking with 200.
    const again = await call('POST', `/quotes/${quote.body.id}/book`, key, undefined, { 'idempotency-key': idem });
    expect(again).toEqual({ status: 200, body: first.body });
    expect(await db.booking.count({ where: { orgId: buyer.org!.id, idempotencyKey: idem } })).toBe(1);
    expect(await db.booking.count({ where: { jobId } })).toBe(1);

    const booking = await call('GET', `/bookings/${first.body.id}`, key);
    expect(booking).toEqual({ status: 200, body: first.body });

    const confirmed = await call('POST', `/bookings/${first.body.id}/confirm`, key);
    expect(confirmed).toMatchObject({ status: 200, body: { id: first.body.id, status: 'CONFIRMED', confirmedAt: expect.any(String) } });
    expect(confirmed.body.allocations.every((a: { status: string }) => a.status === 'CONFIRMED')).toBe(true);
    expect((await call('POST', `/bookings/${first.body.id}/confirm`, key)).body.status).toBe('CONFIRMED');

    const detail = await call('GET', `/jobs/${jobId}`, key);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      job: { id: jobId, status: 'BOOKED', spentCents: first.body.costCents, targetTokens: 150e6, tokensTrained: 0 },
      bookings: [{ id: first.body.id, status: 'CONFIRMED', allocations: first.body.allocations.length }],
      refundedCents: 0,
    });
    expect(detail.body.segments.length).toBe(quote.body.summary.segments.length);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['BOOKED', 'CONFIRMED']));

    // The provider takes the window back with 90 minutes of notice where it promised 120: the
    // window now ends inside the booked stretch, so sold GPU-hours are lost and refunded.
    const pkey = await provider.apiKey();
    expect((await call('POST', `/windows/${window.id}/reclaim`, key, { noticeMinutes: 90 })).status).toBe(403);
    expect(await call('POST', `/windows/${window.id}/reclaim`, pkey, { noticeMinutes: -1 })).toMatchObject({ status: 400, body: { error: { code: 'validation' } } });
    const reclaim = await call('POST', `/windows/${window.id}/reclaim`, pkey, { noticeMinutes: 90 });
    expect(reclaim.status).toBe(200);
    expect(reclaim.body).toMatchObject({ windowId: window.id, brokePromise: true, promisedNoticeMinutes: 120, givenNoticeMinutes: 90, status: 'PENDING' });
    expect(reclaim.body.soldGpuHoursLost).toBeGreaterThan(0);
    expect(Date.parse(reclaim.body.at)).toBeGreaterThanOrEqual(Date.now() + 89 * 60_000);
    expect(await call('POST', `/windows/${window.id}/reclaim`, pkey, {})).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });

    const after = await call('GET', `/jobs/${jobId}`, key);
    expect(after.body.refundedCents).toBeGreaterThan(0);
    expect(after.body.job.spentCents).toBe(first.body.costCents - after.body.refundedCents);
    expect(after.body.events[0]).toMatchObject({ kind: 'RECLAIM' });
    const cut = await call('GET', `/bookings/${first.body.id}`, key);
    expect(cut.body.costCents).toBe(first.body.costCents - after.body.refundedCents);
    for (const a of cut.body.allocations) {
      if (a.status !== 'RELEASED') expect(Date.parse(a.endsAt)).toBeLessThanOrEqual(Date.parse(reclaim.body.at));
    }
  });

  it('books once when the same Idempotency-Key is sent twice at once, and refuses the key for another quote', async () => {
    await market();
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const key = await buyer.apiKey();
    const jobId = (await call('POST', '/jobs', key, job({ targetTokens: 50e6 }))).body.id;
    const q1 = (await call('POST', `/jobs/${jobId}/quotes`, key)).body;
    const idem = `race-${randomUUID()}`;
    const [a, b] = await Promise.all([1, 2].map(() => call('POST', `/quotes/${q1.id}/book`, key, undefined, { 'Idempotency-Key': idem })));
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    expect(await db.booking.count({ where: { jobId } })).toBe(1);

    const q2 = await call('POST', `/jobs/${jobId}/quotes`, key);
    expect(q2.status).toBe(201);
    expect(await call('POST', `/quotes/${q2.body.id}/book`, key, undefined, { 'Idempotency-Key': idem })).toMatchObject({
      status: 409, body: { error: { code: 'conflict', message: expect.stringMatching(/already used/) } },
    });
    expect(await db.booking.count({ where: { jobId } })).toBe(1);
  });

  it('checks roles and scopes every read to the organization', async () => {
    const { provider, window } = await market();
    const pkey = await provider.apiKey();
    expect(await call('GET', '/jobs', pkey)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await call('POST', '/jobs', pkey, job())).status).toBe(403);
    expect((await call('POST', '/quotes/anything/book', pkey, undefined, { 'Idempotency-Key': randomUUID() })).status).toBe(403);

    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    const key = await buyer.apiKey();
    expect((await call('POST', `/windows/${window.id}/reclaim`, key, {})).status).toBe(403);
    const jobId = (await call('POST', '/jobs', key, job({ targetTokens: 20e6 }))).body.id;
    const quoteId = (await call('POST', `/jobs/${jobId}/quotes`, key)).body.id;

    // Another buyer sees none of it.
    const other = await (await seedAccount({ isProvider: false, isBuyer: true })).apiKey();
    expect((await call('GET', `/jobs/${jobId}`, other)).status).toBe(404);
    expect((await call('POST', `/jobs/${jobId}/quotes`, other)).status).toBe(404);
    expect((await call('POST', `/quotes/${quoteId}/book`, other, undefined, { 'Idempotency-Key': randomUUID() })).status).toBe(404);
    expect((await call('GET', '/jobs', other)).body.total).toBe(0);
    // A provider that is not the window's owner cannot reclaim it.
    const otherProvider = await (await seedAccount({ isProvider: true })).apiKey();
    expect((await call('POST', `/windows/${window.id}/reclaim`, otherProvider, {})).status).toBe(404);

    const bookingId = (await call('POST', `/quotes/${quoteId}/book`, key, undefined, { 'Idempotency-Key': randomUUID() })).body.id;
    expect((await call('GET', `/bookings/${bookingId}`, other)).status).toBe(404);
    expect((await call('POST', `/bookings/${bookingId}/confirm`, other)).status).toBe(404);
    expect((await call('GET', '/bookings/nope', key)).status).toBe(404);

    // A job the schema refuses names the field.
    expect(await call('POST', '/jobs', key, job({ deadline: hoursFromNow(-1), earliestStart: hoursFromNow(0) }))).toMatchObject({
      status: 400, body: { error: { code: 'validation', message: expect.stringMatching(/deadline/) } },
    });
  });
});
