import { type Db, type Prisma, inTransaction } from '../db';
import { AppError, fromDbError } from '../errors';
import { gpuModel } from './gpu-catalog';
import { getOwnedNode } from './nodes';
import type { CreateWindowInput, ListWindowsInput, ReplaceWindowsInput, UpdateWindowInput, WindowFields } from './schemas';

const MINUTE = 60_000;
export const MIN_WINDOW_MINUTES = 15;
export const MAX_WINDOW_DAYS = 90;
export const MAX_HORIZON_DAYS = 366;
/** A form submitted a little after the start it shows is still "now", not "the past". */
const PAST_GRACE_MS = 2 * MINUTE;

type Window = Awaited<ReturnType<Db['window']['findFirstOrThrow']>>;
type NodeLike = { id: string; gpuCount: number; status: string; name: string };

export interface WindowDraft {
  startsAt: Date;
  endsAt: Date;
  gpuCount: number;
  askCentsPerGpuHour: number;
  noticeMinutes: number;
  minBookingMinutes?: number | null;
}

export function toDraft(f: WindowFields): WindowDraft {
  return { ...f, startsAt: new Date(f.startsAt), endsAt: new Date(f.endsAt), minBookingMinutes: f.minBookingMinutes ?? null };
}

export function serializeWindow(w: Window) {
  return {
    id: w.id,
    nodeId: w.nodeId,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    gpuCount: w.gpuCount,
    askCentsPerGpuHour: w.askCentsPerGpuHour,
    noticeMinutes: w.noticeMinutes,
    minBookingMinutes: w.minBookingMinutes,
    source: w.source,
  };
}

/**
 * The rules a window must meet against its node and the clock, as readable sentences. Pure, so
 * the importers can show every row's problems before anything is saved. Overlap is checked by
 * the database (exclusion constraint); `findOverlaps` previews it.
 */
export function windowProblems(w: WindowDraft, node: NodeLike, now: Date): string[] {
  const problems: string[] = [];
  const s = w.startsAt.getTime(), e = w.endsAt.getTime();
  if (!Number.isFinite(s) || !Number.isFinite(e)) return ['start and end must be valid date-times'];
  if (node.status !== 'ACTIVE') problems.push(`node "${node.name}" is retired`);
  if (e <= s) problems.push('end must be after start');
  else if (e - s < MIN_WINDOW_MINUTES * MINUTE) problems.push(`a window must last at least ${MIN_WINDOW_MINUTES} minutes`);
  else if (e - s > MAX_WINDOW_DAYS * 24 * 60 * MINUTE) problems.push(`a window can last at most ${MAX_WINDOW_DAYS} days`);
  if (s < now.getTime() - PAST_GRACE_MS) problems.push('the window starts in the past');
  if (s > now.getTime() + MAX_HORIZON_DAYS * 24 * 60 * MINUTE) problems.push('the window starts more than a year ahead');
  if (w.gpuCount > node.gpuCount) problems.push(`node "${node.name}" has only ${node.gpuCount} GPU${node.gpuCount === 1 ? '' : 's'}, not ${w.gpuCount}`);
  if (w.gpuCount < 1 || !Number.isInteger(w.gpuCount)) problems.push('GPU count must be a whole number of at least 1');
  if (!Number.isInteger(w.askCentsPerGpuHour) || w.askCentsPerGpuHour < 0) problems.push('the ask cannot be negative');
  if (!Number.isInteger(w.noticeMinutes) || w.noticeMinutes < 0) problems.push('the notice cannot be negative');
  if (w.minBookingMinutes != null && e > s && w.minBookingMinutes * MINUTE > e - s) problems.push('the minimum booking is longer than the window');
  return problems;
}

function assertValid(w: WindowDraft, node: NodeLike, now: Date) {
  const problems = windowProblems(w, node, now);
  if (problems.length) throw new AppError('VALIDATION', capitalize(problems.join('; ')) + '.', { problems });
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Pairs of drafts (by index) that overlap each other, for previews and batch validation. */
export function overlapsWithin(drafts: { nodeId: string; startsAt: Date; endsAt: Date }[]): [number, number][] {
  const order = drafts.map((d, i) => i).sort((a, b) => drafts[a].nodeId.localeCompare(drafts[b].nodeId) || drafts[a].startsAt.getTime() - drafts[b].startsAt.getTime());
  const pairs: [number, number][] = [];
  for (let k = 1; k < order.length; k++) {
    const a = drafts[order[k - 1]], b = drafts[order[k]];
    if (a.nodeId === b.nodeId && b.startsAt < a.endsAt) pairs.push([order[k - 1], order[k]]);
  }
  return pairs;
}

export async function findOverlaps(db: Db, nodeId: string, startsAt: Date, endsAt: Date, exceptIds: string[] = []) {
  return db.window.findMany({
    where: { nodeId, startsAt: { lt: endsAt }, endsAt: { gt: startsAt }, ...(exceptIds.length ? { id: { notIn: exceptIds } } : {}) },
    orderBy: { startsAt: 'asc' },
  });
}

export async function createWindow(db: Db, orgId: string, input: CreateWindowInput, now: Date, source: 'MANUAL' | 'API' = 'MANUAL') {
  const node = await getOwnedNode(db, orgId, input.nodeId);
  const draft = toDraft(input);
  assertValid(draft, node, now);
  try {
    return await db.window.create({ data: { ...draftData(draft), nodeId: node.id, orgId, source } });
  } catch (err) {
    throw await explainOverlap(db, fromDbError(err), node.id, draft);
  }
}

function draftData(d: WindowDraft) {
  return {
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    gpuCount: d.gpuCount,
    askCentsPerGpuHour: d.askCentsPerGpuHour,
    noticeMinutes: d.noticeMinutes,
    minBookingMinutes: d.minBookingMinutes ?? null,
  };
}

/** Names the window a new one collides with, so the provider knows what to change. */
async function explainOverlap(db: Db, err: unknown, nodeId: string, d: WindowDraft, exceptIds: string[] = []) {
  if (!(err instanceof AppError) || err.code !== 'WINDOW_OVERLAP') return err;
  const clash = (await findOverlaps(db, nodeId, d.startsAt, d.endsAt, exceptIds).catch(() => []))[0];
  if (!clash) return err;
  return new AppError(
    'WINDOW_OVERLAP',
    `This window overlaps the node's window from ${fmt(clash.startsAt)} to ${fmt(clash.endsAt)}. Windows of one node cannot overlap.`,
    { conflictingWindowId: clash.id },
  );
}

/** "2026-12-01 22:00 UTC": the one way the server writes a time into a sentence. */
export const fmt = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export async function getOwnedWindow(db: Db, orgId: string, windowId: string) {
  const w = await db.window.findFirst({ where: { id: windowId, orgId }, include: { node: true } });
  if (!w) throw new AppError('NOT_FOUND', `Window ${windowId} was not found in your organization.`);
  return w;
}

const UNSOLD = { allocations: { none: { status: { in: ['HELD' as const, 'CONFIRMED' as const] } } } };

async function assertUnsold(tx: Db, windowId: string) {
  // The booking trigger locks the window row too, so no sale can slip in between this and the change.
  await tx.$queryRaw`SELECT id FROM idle_window WHERE id = ${windowId} FOR UPDATE`;
  const sold = await tx.allocation.count({ where: { windowId, status: { in: ['HELD', 'CONFIRMED'] } } });
  if (sold) throw new AppError('CONFLICT', 'This window has booked GPUs, so it cannot be changed or withdrawn; reclaim it instead (buyers are repaired and refunded).');
}

export async function updateWindow(db: Db, orgId: string, windowId: string, input: UpdateWindowInput, now: Date) {
  return inTransaction(db, (tx) => updateUnsoldWindow(tx, orgId, windowId, input, now));
}

async function updateUnsoldWindow(db: Db, orgId: string, windowId: string, input: UpdateWindowInput, now: Date) {
  const w = await getOwnedWindow(db, orgId, windowId);
  await assertUnsold(db, w.id);
  if (w.endsAt <= now) throw new AppError('CONFLICT', 'This window has already ended and can no longer be changed.');
  const draft: WindowDraft = {
    startsAt: input.startsAt ? new Date(input.startsAt) : w.startsAt,
    endsAt: input.endsAt ? new Date(input.endsAt) : w.endsAt,
    gpuCount: input.gpuCount ?? w.gpuCount,
    askCentsPerGpuHour: input.askCentsPerGpuHour ?? w.askCentsPerGpuHour,
    noticeMinutes: input.noticeMinutes ?? w.noticeMinutes,
    minBookingMinutes: input.minBookingMinutes === undefined ? w.minBookingMinutes : input.minBookingMinutes,
  };
  // A window that is already under way keeps its start; only what lies ahead can change.
  const started = w.startsAt <= now;
  if (started && input.startsAt && new Date(input.startsAt).getTime() !== w.startsAt.getTime()) {
    throw new AppError('CONFLICT', 'This window has already started; its start can no longer be moved.');
  }
  const problems = windowProblems(draft, w.node, now).filter((p) => !(started && p === 'the window starts in the past'));
  if (problems.length) throw new AppError('VALIDATION', capitalize(problems.join('; ')) + '.', { problems });
  try {
    return await db.window.update({ where: { id: w.id }, data: draftData(draft) });
  } catch (err) {
    throw await explainOverlap(db, fromDbError(err), w.nodeId, draft, [w.id]);
  }
}

export async function deleteWindow(db: Db, orgId: string, windowId: string, now: Date) {
  const w = await getOwnedWindow(db, orgId, windowId);
  if (w.endsAt <= now) throw new AppError('CONFLICT', 'This window has already ended; it stays in the history.');
  return inTransaction(db, async (tx) => {
    await assertUnsold(tx, w.id);
    await tx.window.delete({ where: { id: w.id } }).catch((err) => { throw fromDbError(err); });
    return { id: w.id, deleted: true as const };
  });
}

export async function listWindows(db: Db, orgId: string, input: ListWindowsInput, now: Date) {
  const endsAt: { gt?: Date; lte?: Date } = {};
  if (input.when === 'upcoming') endsAt.gt = now;
  if (input.when === 'past') endsAt.lte = now;
  if (input.from) endsAt.gt = new Date(Math.max(endsAt.gt?.getTime() ?? -Infinity, Date.parse(input.from)));
  const where: Prisma.WindowWhereInput = {
    orgId,
    ...(input.nodeId ? { nodeId: input.nodeId } : {}),
    ...(Object.keys(endsAt).length ? { endsAt } : {}),
    ...(input.to ? { startsAt: { lt: new Date(input.to) } } : {}),
    ...(input.gpuModel || input.region
      ? { node: { ...(input.gpuModel ? { gpuModel: input.gpuModel } : {}), ...(input.region ? { region: input.region } : {}) } }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.window.count({ where }),
    db.window.findMany({
      where,
      orderBy: input.when === 'past' ? [{ startsAt: 'desc' }] : [{ startsAt: 'asc' }, { id: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: {
        node: { select: { id: true, name: true, gpuModel: true, region: true, gpuCount: true } },
        allocations: { where: { status: { in: ['HELD', 'CONFIRMED'] } }, select: { startsAt: true, endsAt: true, gpus: true } },
      },
    }),
  ]);
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map(({ allocations, ...w }) => ({
      ...serializeWindow(w),
      node: w.node,
      ...earnings(w, w.node.gpuModel),
      reclaimedAt: w.reclaimedAt?.toISOString() ?? null,
      soldGpuHours: allocations.reduce((t, a) => t + (a.gpus * (a.endsAt.getTime() - a.startsAt.getTime())) / 3_600_000, 0),
    })),
  };
}

/** What the window earns at its ask if it sells whole, beside what it would earn as spot or inference capacity. */
export function earnings(w: { startsAt: Date; endsAt: Date; gpuCount: number; askCentsPerGpuHour: number }, model: string) {
  const gpuHours = (w.gpuCount * (w.endsAt.getTime() - w.startsAt.getTime())) / 3_600_000;
  const ref = gpuModel(model);
  return {
    gpuHours,
    askTotalCents: Math.round(gpuHours * w.askCentsPerGpuHour),
    spotTotalCents: ref ? Math.round(gpuHours * ref.spotCentsPerGpuHour) : null,
    inferenceTotalCents: ref ? Math.round(gpuHours * ref.inferenceCentsPerGpuHour) : null,
  };
}

/**
 * Whether a listed window already is the one wanted. A window under way matches a wanted one that
 * began earlier (the listed one was clamped to "now" when it was created), so a scheduler that
 * re-sends an idle interval in progress does not make the window churn.
 */
const sameWindow = (a: WindowDraft, b: Window, now: Date) =>
  (a.startsAt.getTime() === b.startsAt.getTime() || (a.startsAt < now && b.startsAt <= now && b.startsAt >= a.startsAt)) &&
  a.endsAt.getTime() === b.endsAt.getTime() &&
  a.gpuCount === b.gpuCount &&
  a.askCentsPerGpuHour === b.askCentsPerGpuHour &&
  a.noticeMinutes === b.noticeMinutes &&
  (a.minBookingMinutes ?? null) === b.minBookingMinutes;

/**
 * Makes the node's unsold windows that have not ended equal to `input.windows`, in one
 * transaction, for a provider's scheduler that sends its whole idle calendar every minute:
 * windows that are already listed exactly as sent are kept (same ids), the rest are replaced.
 * A sent window that has already begun is listed from now; one that has ended is ignored.
 */
export async function replaceNodeWindows(db: Db, orgId: string, nodeId: string, input: ReplaceWindowsInput, now: Date, source: 'API' | 'ICS' | 'CSV' = 'API') {
  return inTransaction(db, async (tx) => {
    // Serialise replacements of one node; the exclusion constraint still guards every insert.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM node WHERE id = ${nodeId} AND org_id = ${orgId} FOR UPDATE`;
    if (!locked.length) throw new AppError('NOT_FOUND', `Node ${nodeId} was not found in your organization.`);
    const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId } });

    const startOfNow = new Date(Math.ceil(now.getTime() / MINUTE) * MINUTE);
    const wanted: (WindowDraft & { index: number })[] = [];
    let ignoredPast = 0;
    input.windows.forEach((f, index) => {
      const d = toDraft(f);
      if (d.endsAt <= now) ignoredPast++;
      else wanted.push({ ...d, index });
    });
    const existing = await tx.window.findMany({ where: { nodeId, endsAt: { gt: now }, reclaimedAt: null, ...UNSOLD }, orderBy: { startsAt: 'asc' } });
    // Sold windows are not the scheduler's to replace; the new set must not overlap them either.
    const sold = await tx.window.findMany({ where: { nodeId, endsAt: { gt: now }, NOT: UNSOLD }, select: { startsAt: true, endsAt: true } });
    const keep = new Set<string>();
    const toCreate: (WindowDraft & { index: number })[] = [];
    for (const d of wanted) {
      const match = existing.find((w) => !keep.has(w.id) && sameWindow(d, w, now));
      if (match) { keep.add(match.id); continue; }
      toCreate.push(d.startsAt < now ? { ...d, startsAt: startOfNow } : d);
    }
    const problems: string[] = [];
    for (const d of toCreate) {
      const p = windowProblems(d, node, now);
      if (p.length) problems.push(`windows[${d.index}]: ${p.join('; ')}`);
    }
    const all = [...toCreate, ...existing.filter((w) => keep.has(w.id)), ...sold].map((d) => ({ nodeId, startsAt: d.startsAt, endsAt: d.endsAt }));
    for (const [a, b] of overlapsWithin(all)) {
      problems.push(`windows from ${fmt(all[a].startsAt)} and from ${fmt(all[b].startsAt)} overlap`);
    }
    if (problems.length) throw new AppError('VALIDATION', `Nothing was changed: ${problems.slice(0, 10).join('; ')}.`, { problems });

    const removed = await tx.window.deleteMany({ where: { nodeId, endsAt: { gt: now }, reclaimedAt: null, id: { notIn: [...keep] }, ...UNSOLD } });
    if (toCreate.length) {
      try {
        await tx.window.createMany({ data: toCreate.map((d) => ({ ...draftData(d), nodeId, orgId, source })) });
      } catch (err) {
        throw fromDbError(err);
      }
    }
    const windows = await tx.window.findMany({ where: { nodeId, endsAt: { gt: now } }, orderBy: { startsAt: 'asc' } });
    return { created: toCreate.length, kept: keep.size, deleted: removed.count, ignoredPast, windows: windows.map(serializeWindow) };
  });
}
