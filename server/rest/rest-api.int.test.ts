import { describe, expect, it } from 'vitest';
import { handleRestRequest } from '@/server/rest/handle-request';
import { buildOpenApiDocument } from '@/server/rest/openapi';
import { db, hoursFromNow, seedAccount } from '@/test/factories';

async function call(method: string, path: string, key?: string, body?: unknown) {
  const req = new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const res = await handleRestRequest(req, path.split('?')[0]);
  return { status: res.status, body: await res.json() };
}

const win = (fromH: number, toH: number, extra: Record<string, unknown> = {}) => ({
  startsAt: hoursFromNow(fromH), endsAt: hoursFromNow(toH), gpuCount: 8, askCentsPerGpuHour: 130, noticeMinutes: 30, ...extra,
});

describe('REST API /api/v1', () => {
  it('authenticates with an organization API key and answers JSON errors with the right status', async () => {
    expect(await call('GET', '/nodes')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await call('GET', '/nodes', 'itk_not-a-key')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: expect.stringMatching(/not valid/) } } });
    const buyer = await seedAccount({ isProvider: false, isBuyer: true });
    expect(await call('GET', '/nodes', await buyer.apiKey())).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const p = await seedAccount();
    const key = await p.apiKey();
    expect(await call('GET', '/nodes/nope', key)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await call('POST', '/nodes', key, '{oops')).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect(await call('POST', '/nodes', key, { name: '', gpuModel: 'H999', gpuCount: 0, networkGbps: 1, region: 'mars' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation', message: expect.stringMatching(/gpuModel: must be one of/) } },
    });
    expect(await call('DELETE', '/nodes', key)).toMatchObject({ status: 405 });
    expect(await call('GET', '/nowhere', key)).toMatchObject({ status: 404 });
  });

  it('does the provider steps: node, windows, overlap refused, list, delete', async () => {
    const p = await seedAccount();
    const key = await p.apiKey();
    const node = await call('POST', '/nodes', key, { name: 'api-node', gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' });
    expect(node.status).toBe(201);
    const id = node.body.id;
    expect((await call('PATCH', `/nodes/${id}`, key, { networkGbps: 200 })).body.networkGbps).toBe(200);
    const w1 = await call('POST', '/windows', key, { nodeId: id, ...win(2, 10) });
    expect(w1.status).toBe(201);
    expect(w1.body.source).toBe('API');
    expect((await call('POST', '/windows', key, { nodeId: id, ...win(12, 20) })).status).toBe(201);
    const clash = await call('POST', '/windows', key, { nodeId: id, ...win(5, 13) });
    expect(clash).toMatchObject({ status: 409, body: { error: { code: 'window_overlap' } } });
    const list = await call('GET', `/windows?nodeId=${id}&pageSize=10`, key);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect((await call('DELETE', `/windows/${w1.body.id}`, key)).status).toBe(200);
    expect((await call('DELETE', `/windows/${w1.body.id}`, key)).status).toBe(404);
    const nodes = await call('GET', '/nodes?status=ACTIVE', key);
    expect(nodes.body.items[0]).toMatchObject({ name: 'api-node', upcomingWindows: 1 });
  });

  it('replaces a node’s future windows idempotently with PUT', async () => {
    const p = await seedAccount();
    const key = await p.apiKey();
    const id = (await call('POST', '/nodes', key, { name: 'sched', gpuModel: 'A100-80G', gpuCount: 8, networkGbps: 100, region: 'eu-west' })).body.id;
    await call('POST', '/windows', key, { nodeId: id, ...win(30, 40) });
    const set = { windows: [win(2, 8), win(10, 16, { gpuCount: 4 }), win(-4, -1)] };
    const first = await call('PUT', `/nodes/${id}/windows`, key, set);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, kept: 0, deleted: 1, ignoredPast: 1 });
    const second = await call('PUT', `/nodes/${id}/windows`, key, set);
    expect(second.body).toMatchObject({ created: 0, kept: 2, deleted: 0 });
    expect(second.body.windows.map((w: { id: string }) => w.id)).toEqual(first.body.windows.map((w: { id: string }) => w.id));
    // An overlapping set changes nothing.
    const bad = await call('PUT', `/nodes/${id}/windows`, key, { windows: [win(2, 8), win(7, 9)] });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/Nothing was changed: .*overlap/) } } });
    expect(await db.window.count({ where: { nodeId: id } })).toBe(2);
    // An empty set clears the node's future windows.
    expect((await call('PUT', `/nodes/${id}/windows`, key, { windows: [] })).body).toMatchObject({ deleted: 2, windows: [] });
  });

  it('publishes an OpenAPI 3.1 document generated from the route table', () => {
    const doc = buildOpenApiDocument('http://localhost:3000') as unknown as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/bookings/{id}', '/bookings/{id}/confirm', '/jobs', '/jobs/{id}', '/jobs/{id}/quotes',
      '/nodes', '/nodes/{id}', '/nodes/{id}/retire', '/nodes/{id}/windows', '/quotes/{id}/book', '/windows', '/windows/{id}', '/windows/{id}/reclaim',
    ]);
    expect(Object.keys(doc.paths['/nodes/{id}/windows'])).toEqual(['put']);
    expect(Object.keys(doc.paths['/jobs']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/windows'].post.responses).toHaveProperty('409');
    const book = doc.paths['/quotes/{id}/book'].post as unknown as { parameters: { in: string; name: string; required: boolean }[]; responses: Record<string, unknown> };
    expect(book.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true }));
    expect(Object.keys(book.responses)).toEqual(expect.arrayContaining(['200', '201', '409']));
    for (const name of ['CreateWindow', 'Error', 'CreateJob', 'Job', 'JobPage', 'JobDetail', 'Quote', 'QuoteSummary', 'Booking', 'Allocation', 'ReclaimWindow', 'Reclaim']) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
    // Every operation answers a named or inline schema: nothing is left as an empty {}.
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses).find(([code]) => code.startsWith('2'))![1] as { content: { 'application/json': { schema: object } } };
        expect(Object.keys(ok.content['application/json'].schema), `${m} ${p}`).not.toHaveLength(0);
      }
    }
  });
});
