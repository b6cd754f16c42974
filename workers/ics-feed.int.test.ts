import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/server/env';
import { upsertIcsFeed } from '@/server/inventory/ics-feeds';
import { logger } from '@/server/logger';
import { createRedis } from '@/server/redis';
import { db, seedAccount, seedNode } from '@/test/factories';
import { closeQueues, getQueue, QUEUES } from './queues';
import { startWorkers } from './run-workers';

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
let calendar = '';
const server = http.createServer((req, res) => {
  if (req.url === '/busy.ics') res.writeHead(200, { 'content-type': 'text/calendar' }).end(calendar);
  else res.writeHead(404).end();
});
const connection = createRedis();
let running: ReturnType<typeof startWorkers>;
let events: QueueEvents;
let eventsConnection: ReturnType<typeof connection.duplicate>;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await getQueue('feeds', connection).obliterate({ force: true });
  running = startWorkers({ db, connection, log: logger, queues: ['feeds'] });
  eventsConnection = connection.duplicate();
  events = new QueueEvents(QUEUES.feeds.name, { connection: eventsConnection, prefix: env.QUEUE_PREFIX });
  await events.waitUntilReady();
});

afterAll(async () => {
  await running.close();
  await events.close();
  await eventsConnection.quit(); // BullMQ does not close a connection it was given
  await closeQueues();
  await connection.quit();
  server.close();
});

describe('calendar feed worker', () => {
  it('a sweep enqueues each feed once per slot and the sync lists the gaps, idempotently', async () => {
    const { org } = await seedAccount();
    const node = await seedNode(org!.id, { gpuCount: 8 });
    const h = (x: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + x * 3_600_000);
    calendar = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN',
      'BEGIN:VEVENT', 'UID:1', `DTSTART:${stamp(h(-30))}`, `DTEND:${stamp(h(2))}`, 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:2', `DTSTART:${stamp(h(8))}`, `DTEND:${stamp(h(24 * 3))}`, 'END:VEVENT',
      'END:VCALENDAR'].join('\r\n');
    const port = (server.address() as AddressInfo).port;
    const feed = await upsertIcsFeed(db, org!.id, node.id, { url: `http://127.0.0.1:${port}/busy.ics`, askCentsPerGpuHour: 140, noticeMinutes: 30, minGapMinutes: 120, horizonDays: 3, enabled: true, gpuCount: null });

    const queue = getQueue('feeds', connection);
    const sweep = await queue.add('ics-feed.sweep', {}, { jobId: `sweep-test-${feed.id}` });
    await sweep.waitUntilFinished(events, 20_000);
    const slot = Math.floor(Date.now() / (15 * 60_000));
    const sync = await queue.getJob(`ics-sync-${feed.id}-${slot}`);
    expect(sync).toBeTruthy();
    expect(await sync!.waitUntilFinished(events, 20_000)).toMatch(/1 windows listed \(1 new/);
    const windows = await db.window.findMany({ where: { nodeId: node.id } });
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ startsAt: h(2), endsAt: h(8), gpuCount: 8, askCentsPerGpuHour: 140, source: 'ICS' });

    // The same slot again is a duplicate: BullMQ keeps one job per id. A later sync keeps the window.
    await queue.add('ics-feed.sync', { feedId: feed.id }, { jobId: `ics-sync-${feed.id}-${slot}` });
    const again = await queue.add('ics-feed.sync', { feedId: feed.id }, { jobId: `ics-sync-${feed.id}-manual` });
    expect(await again.waitUntilFinished(events, 20_000)).toMatch(/0 new, 1 unchanged, 0 withdrawn/);
    expect((await db.window.findMany({ where: { nodeId: node.id } })).map((w) => w.id)).toEqual([windows[0].id]);
    expect((await db.icsFeed.findUniqueOrThrow({ where: { id: feed.id } })).lastError).toBeNull();
  });

  it('fails a job with a bad payload at once, without retrying it', async () => {
    const job = await getQueue('feeds', connection).add('ics-feed.sync', { feedId: 42 } as never, { attempts: 5 });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/invalid payload for ics-feed.sync: feedId/);
    const failed = await getQueue('feeds', connection).getJob(job.id!);
    expect(failed!.attemptsMade).toBe(1);
  });

  it('records an unreachable feed on the feed and lets BullMQ retry', async () => {
    const { org } = await seedAccount();
    const node = await seedNode(org!.id);
    const feed = await upsertIcsFeed(db, org!.id, node.id, { url: 'http://127.0.0.1:1/none.ics', askCentsPerGpuHour: 100, noticeMinutes: 0, minGapMinutes: 120, horizonDays: 2, enabled: true });
    const job = await getQueue('feeds', connection).add('ics-feed.sync', { feedId: feed.id }, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/could not reach/);
    expect((await db.icsFeed.findUniqueOrThrow({ where: { id: feed.id } })).lastError).toMatch(/could not reach http:\/\/127.0.0.1:1\/none.ics/);
  });
});
