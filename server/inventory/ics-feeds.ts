import { z } from 'zod';
import type { Db } from '../db';
import { AppError } from '../errors';
import { busyIntervals, gapsBetween } from './import-windows';
import { getOwnedNode } from './nodes';
import { replaceNodeWindows } from './windows';

const DAY = 86_400_000;
export const FEED_MAX_BYTES = 5_000_000;

export const IcsFeedInput = z.object({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL of an iCalendar feed' }),
  gpuCount: z.number().int().min(1).nullish(),
  askCentsPerGpuHour: z.number().int().min(0, 'the ask cannot be negative').max(100_000),
  noticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
  minGapMinutes: z.number().int().min(15).max(7 * 24 * 60).default(120),
  horizonDays: z.number().int().min(1).max(62).default(14),
  enabled: z.boolean().default(true),
});
export type IcsFeedInput = z.infer<typeof IcsFeedInput>;

export async function upsertIcsFeed(db: Db, orgId: string, nodeId: string, input: IcsFeedInput) {
  const node = await getOwnedNode(db, orgId, nodeId);
  if (input.gpuCount && input.gpuCount > node.gpuCount) throw new AppError('VALIDATION', `The node has only ${node.gpuCount} GPUs.`);
  const data = { url: input.url, gpuCount: input.gpuCount ?? null, askCentsPerGpuHour: input.askCentsPerGpuHour, noticeMinutes: input.noticeMinutes, minGapMinutes: input.minGapMinutes, horizonDays: input.horizonDays, enabled: input.enabled };
  return db.icsFeed.upsert({ where: { nodeId }, create: { nodeId, orgId, ...data }, update: data });
}

export async function removeIcsFeed(db: Db, orgId: string, nodeId: string) {
  const removed = await db.icsFeed.deleteMany({ where: { nodeId, orgId } });
  if (!removed.count) throw new AppError('NOT_FOUND', 'This node has no calendar feed.');
  return { removed: true as const };
}

export async function getIcsFeed(db: Db, orgId: string, nodeId: string) {
  return db.icsFeed.findFirst({ where: { nodeId, orgId } });
}

export type FetchText = (url: string) => Promise<string>;

/** Fetches a feed with a time limit and a size limit; any failure is a readable sentence. */
export const fetchFeedText: FetchText = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'text/calendar, */*' } }).catch((err: Error) => {
    throw new Error(`could not reach ${url}: ${err.name === 'TimeoutError' ? 'no answer within 10 s' : err.message}`);
  });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > FEED_MAX_BYTES) throw new Error(`the feed is larger than ${FEED_MAX_BYTES / 1e6} MB`);
  return text;
};

/**
 * Re-lists a node's windows from its busy feed: the gaps over the feed's horizon replace the node's
 * unsold windows that have not ended (unchanged ones are kept). Records the outcome on the feed.
 */
export async function syncIcsFeed(db: Db, feedId: string, now: Date, fetchText: FetchText = fetchFeedText) {
  const feed = await db.icsFeed.findUnique({ where: { id: feedId }, include: { node: true } });
  if (!feed || !feed.enabled || feed.node.status !== 'ACTIVE') return { skipped: true as const };
  try {
    const text = await fetchText(feed.url);
    // Look a day back so a gap already in progress keeps its true start and matches its window.
    const from = new Date(now.getTime() - DAY);
    const to = new Date(now.getTime() + feed.horizonDays * DAY);
    const gaps = gapsBetween(busyIntervals(text, from, to), from, to, feed.minGapMinutes).filter((g) => g.end.getTime() - Math.max(g.start.getTime(), now.getTime()) >= feed.minGapMinutes * 60_000);
    const result = await replaceNodeWindows(
      db,
      feed.orgId,
      feed.nodeId,
      {
        windows: gaps.map((g) => ({
          startsAt: g.start.toISOString(),
          endsAt: g.end.toISOString(),
          gpuCount: feed.gpuCount ?? feed.node.gpuCount,
          askCentsPerGpuHour: feed.askCentsPerGpuHour,
          noticeMinutes: feed.noticeMinutes,
          minBookingMinutes: null,
        })),
      },
      now,
      'ICS',
    );
    const summary = `${result.windows.length} windows listed (${result.created} new, ${result.kept} unchanged, ${result.deleted} withdrawn)`;
    await db.icsFeed.update({ where: { id: feed.id }, data: { lastSyncedAt: now, lastResult: summary, lastError: null } });
    return { skipped: false as const, ...result, summary };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db.icsFeed.update({ where: { id: feed.id }, data: { lastSyncedAt: now, lastError: message } });
    throw err;
  }
}

export async function enabledFeedIds(db: Db) {
  return (await db.icsFeed.findMany({ where: { enabled: true, node: { status: 'ACTIVE' } }, select: { id: true } })).map((f) => f.id);
}
