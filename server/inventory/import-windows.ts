import ICAL from 'ical.js';
import Papa from 'papaparse';
import { z } from 'zod';
import { type Db, inTransaction } from '../db';
import { AppError, fromDbError } from '../errors';
import { IsoDateTime } from './schemas';
import { type WindowDraft, earnings, fmt, overlapsWithin, windowProblems } from './windows';

// Bulk listing for providers with schedulers of their own: a CSV of windows, or an iCalendar feed
// of busy times whose gaps become windows. Both go through a preview (every row with its problems,
// nothing saved) and a commit that re-parses on the server and saves the good rows in one transaction.

const MINUTE = 60_000;
export const MAX_IMPORT_ROWS = 2_000;

export const CsvImportInput = z.object({
  format: z.literal('csv'),
  text: z.string().min(1, 'the CSV is empty').max(2_000_000, 'the CSV is larger than 2 MB'),
});

export const IcsImportInput = z.object({
  format: z.literal('ics'),
  text: z.string().min(1, 'the calendar is empty').max(5_000_000, 'the calendar is larger than 5 MB'),
  nodeId: z.string().min(1, 'choose the node whose busy calendar this is'),
  from: IsoDateTime,
  to: IsoDateTime,
  gpuCount: z.number().int().min(1).optional(),
  askCentsPerGpuHour: z.number().int().min(0, 'the ask cannot be negative').max(100_000),
  noticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
  minGapMinutes: z.number().int().min(15, 'gaps shorter than 15 minutes cannot be sold').max(7 * 24 * 60).default(120),
});

export const ImportInput = z.discriminatedUnion('format', [CsvImportInput, IcsImportInput]);
export type ImportInput = z.infer<typeof ImportInput>;

export interface ImportRow {
  line: number;
  nodeId: string | null;
  nodeName: string | null;
  startsAt: string | null;
  endsAt: string | null;
  gpuCount: number | null;
  askCentsPerGpuHour: number | null;
  noticeMinutes: number | null;
  minBookingMinutes: number | null;
  askTotalCents: number | null;
  spotTotalCents: number | null;
  errors: string[];
}

type OrgNode = { id: string; name: string; gpuCount: number; gpuModel: string; status: string };

const HEADER_ALIASES: Record<string, string> = {
  node: 'node', node_name: 'node', node_id: 'node', machine: 'node',
  start: 'start', starts_at: 'start', start_time: 'start', from: 'start',
  end: 'end', ends_at: 'end', end_time: 'end', to: 'end', until: 'end',
  gpus: 'gpus', gpu_count: 'gpus', gpucount: 'gpus',
  ask: 'ask', ask_cents: 'ask', ask_cents_per_gpu_hour: 'ask', price_cents: 'ask', cents_per_gpu_hour: 'ask',
  notice: 'notice', notice_minutes: 'notice',
  min_booking: 'minBooking', min_booking_minutes: 'minBooking', minimum_booking_minutes: 'minBooking',
};
const REQUIRED = ['node', 'start', 'end', 'gpus', 'ask', 'notice'] as const;

function parseInteger(raw: string | undefined, what: string, errors: string[], optional = false): number | null {
  const v = (raw ?? '').trim();
  if (!v) {
    if (!optional) errors.push(`${what} is missing`);
    return null;
  }
  if (!/^-?\d+$/.test(v)) {
    errors.push(`${what} "${v}" is not a whole number`);
    return null;
  }
  return Number(v);
}

function parseTime(raw: string | undefined, what: string, errors: string[]): Date | null {
  const v = (raw ?? '').trim();
  if (!v) {
    errors.push(`${what} is missing`);
    return null;
  }
  const ok = IsoDateTime.safeParse(v);
  if (!ok.success) {
    errors.push(`${what} "${v}" is not an ISO-8601 date-time with a time zone (e.g. 2026-12-01T22:00:00Z)`);
    return null;
  }
  return new Date(v);
}

function rowFrom(line: number, node: OrgNode | null, nodeLabel: string | null, d: Partial<WindowDraft>, errors: string[]): ImportRow {
  const whole = node && d.startsAt && d.endsAt && d.gpuCount != null && d.askCentsPerGpuHour != null
    ? earnings({ startsAt: d.startsAt, endsAt: d.endsAt, gpuCount: d.gpuCount, askCentsPerGpuHour: d.askCentsPerGpuHour }, node.gpuModel)
    : null;
  return {
    line,
    nodeId: node?.id ?? null,
    nodeName: node?.name ?? nodeLabel,
    startsAt: d.startsAt?.toISOString() ?? null,
    endsAt: d.endsAt?.toISOString() ?? null,
    gpuCount: d.gpuCount ?? null,
    askCentsPerGpuHour: d.askCentsPerGpuHour ?? null,
    noticeMinutes: d.noticeMinutes ?? null,
    minBookingMinutes: d.minBookingMinutes ?? null,
    askTotalCents: whole?.askTotalCents ?? null,
    spotTotalCents: whole?.spotTotalCents ?? null,
    errors,
  };
}

/** CSV rows to drafts. Columns: node (name or id), start, end, gpus, ask (cents/GPU-hour), notice (minutes), min_booking (optional). */
export function parseCsvRows(text: string, nodes: OrgNode[], now: Date): ImportRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => HEADER_ALIASES[h.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? h.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) {
    throw new AppError('VALIDATION', `The CSV header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Expected: node,start,end,gpus,ask_cents_per_gpu_hour,notice_minutes[,min_booking_minutes].`);
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) throw new AppError('VALIDATION', `The CSV has ${parsed.data.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);
  // A retired node may share its name with an active one; the active one wins.
  const byName = new Map<string, OrgNode>();
  for (const n of nodes) if (!byName.has(n.name.toLowerCase()) || n.status === 'ACTIVE') byName.set(n.name.toLowerCase(), n);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return parsed.data.map((rec, i) => {
    const line = i + 2; // line 1 is the header
    const errors: string[] = [];
    const label = (rec.node ?? '').trim();
    const node = byId.get(label) ?? byName.get(label.toLowerCase()) ?? null;
    if (!label) errors.push('node is missing');
    else if (!node) errors.push(`no node named "${label}" in your organization`);
    const d: Partial<WindowDraft> = {
      startsAt: parseTime(rec.start, 'start', errors) ?? undefined,
      endsAt: parseTime(rec.end, 'end', errors) ?? undefined,
      gpuCount: parseInteger(rec.gpus, 'gpus', errors) ?? undefined,
      askCentsPerGpuHour: parseInteger(rec.ask, 'ask', errors) ?? undefined,
      noticeMinutes: parseInteger(rec.notice, 'notice', errors) ?? undefined,
      minBookingMinutes: parseInteger(rec.minBooking, 'min_booking', errors, true),
    };
    if (node && errors.length === 0) errors.push(...windowProblems(d as WindowDraft, node, now));
    return rowFrom(line, node, label || null, d, errors);
  });
}

/** Busy intervals of an iCalendar text between from and to, recurrences expanded. */
export function busyIntervals(text: string, from: Date, to: Date): { start: Date; end: Date }[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new AppError('VALIDATION', `This is not a valid iCalendar file: ${(err as Error).message}`);
  }
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const busy: { start: Date; end: Date }[] = [];
  const add = (s: Date, e: Date) => {
    if (e > from && s < to) busy.push({ start: s, end: e });
  };
  for (const ve of root.getAllSubcomponents('vevent')) {
    const status = String(ve.getFirstPropertyValue('status') ?? '').toUpperCase();
    const transp = String(ve.getFirstPropertyValue('transp') ?? '').toUpperCase();
    if (status === 'CANCELLED' || transp === 'TRANSPARENT') continue;
    const ev = new ICAL.Event(ve);
    if (!ev.startDate) continue;
    if (ev.isRecurring()) {
      const it = ev.iterator();
      for (let n = 0, next = it.next(); next && n < 10_000; next = it.next(), n++) {
        const occ = ev.getOccurrenceDetails(next);
        const s = occ.startDate.toJSDate(), e = occ.endDate.toJSDate();
        if (s >= to) break;
        add(s, e);
      }
    } else {
      const s = ev.startDate.toJSDate();
      const e = ev.endDate ? ev.endDate.toJSDate() : new Date(s.getTime() + (ev.startDate.isDate ? 24 * 60 : 0) * MINUTE);
      add(s, e);
    }
  }
  return busy.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The idle gaps between busy intervals in [from, to) that last at least minGap minutes. */
export function gapsBetween(busy: { start: Date; end: Date }[], from: Date, to: Date, minGapMinutes: number) {
  const gaps: { start: Date; end: Date }[] = [];
  let cursor = from.getTime();
  const push = (s: number, e: number) => {
    if (e - s >= minGapMinutes * MINUTE) gaps.push({ start: new Date(s), end: new Date(e) });
  };
  for (const b of busy) {
    const s = Math.max(b.start.getTime(), from.getTime());
    if (s > cursor) push(cursor, Math.min(s, to.getTime()));
    cursor = Math.max(cursor, b.end.getTime());
    if (cursor >= to.getTime()) break;
  }
  if (cursor < to.getTime()) push(cursor, to.getTime());
  return gaps;
}

function parseIcsRows(input: z.infer<typeof IcsImportInput>, node: OrgNode, now: Date): ImportRow[] {
  const from = new Date(Math.max(Date.parse(input.from), Math.ceil(now.getTime() / MINUTE) * MINUTE));
  const to = new Date(input.to);
  if (to <= from) throw new AppError('VALIDATION', 'The import range must end after it starts, and after now.');
  if (to.getTime() - from.getTime() > 62 * 24 * 60 * MINUTE) throw new AppError('VALIDATION', 'Import at most 62 days of a calendar at a time.');
  const gaps = gapsBetween(busyIntervals(input.text, from, to), from, to, input.minGapMinutes);
  return gaps.map((g, i) => {
    const d: WindowDraft = {
      startsAt: g.start,
      endsAt: g.end,
      gpuCount: input.gpuCount ?? node.gpuCount,
      askCentsPerGpuHour: input.askCentsPerGpuHour,
      noticeMinutes: input.noticeMinutes,
      minBookingMinutes: null,
    };
    return rowFrom(i + 1, node, node.name, d, windowProblems(d, node, now));
  });
}

/** Every row with its problems, including overlaps with listed windows and within the file. Saves nothing. */
export async function previewImport(db: Db, orgId: string, input: ImportInput, now: Date) {
  const nodes = await db.node.findMany({ where: { orgId }, select: { id: true, name: true, gpuCount: true, gpuModel: true, status: true } });
  let rows: ImportRow[];
  if (input.format === 'csv') {
    rows = parseCsvRows(input.text, nodes, now);
  } else {
    const node = nodes.find((n) => n.id === input.nodeId);
    if (!node) throw new AppError('NOT_FOUND', 'That node was not found in your organization.');
    rows = parseIcsRows(input, node, now);
  }
  const candidates = rows.filter((r) => r.errors.length === 0);
  // Overlaps inside the file.
  const drafts = candidates.map((r) => ({ nodeId: r.nodeId!, startsAt: new Date(r.startsAt!), endsAt: new Date(r.endsAt!) }));
  for (const [a, b] of overlapsWithin(drafts)) candidates[b].errors.push(`overlaps line ${candidates[a].line} of this file`);
  // Overlaps with windows already listed.
  const ok = candidates.filter((r) => r.errors.length === 0);
  if (ok.length) {
    const nodeIds = [...new Set(ok.map((r) => r.nodeId!))];
    const lo = new Date(Math.min(...ok.map((r) => Date.parse(r.startsAt!))));
    const hi = new Date(Math.max(...ok.map((r) => Date.parse(r.endsAt!))));
    const listed = await db.window.findMany({
      where: { nodeId: { in: nodeIds }, startsAt: { lt: hi }, endsAt: { gt: lo } },
      select: { nodeId: true, startsAt: true, endsAt: true },
    });
    for (const r of ok) {
      const s = Date.parse(r.startsAt!), e = Date.parse(r.endsAt!);
      const clash = listed.find((w) => w.nodeId === r.nodeId && w.startsAt.getTime() < e && w.endsAt.getTime() > s);
      if (clash) r.errors.push(`overlaps the listed window ${fmt(clash.startsAt)} – ${fmt(clash.endsAt)}`);
    }
  }
  const valid = rows.filter((r) => r.errors.length === 0);
  return {
    rows,
    summary: {
      total: rows.length,
      valid: valid.length,
      invalid: rows.length - valid.length,
      gpuHours: valid.reduce((s, r) => s + (r.gpuCount! * (Date.parse(r.endsAt!) - Date.parse(r.startsAt!))) / 3_600_000, 0),
      askTotalCents: valid.reduce((s, r) => s + (r.askTotalCents ?? 0), 0),
    },
  };
}

/** Saves the rows that pass the preview, all or nothing; the bad rows are reported, not saved. */
export async function commitImport(db: Db, orgId: string, input: ImportInput, now: Date) {
  return inTransaction(db, async (tx) => {
    const preview = await previewImport(tx, orgId, input, now);
    const valid = preview.rows.filter((r) => r.errors.length === 0);
    if (valid.length === 0) throw new AppError('VALIDATION', 'No row of this import can be saved; fix the errors shown in the preview.');
    try {
      await tx.window.createMany({
        data: valid.map((r) => ({
          nodeId: r.nodeId!,
          orgId,
          startsAt: new Date(r.startsAt!),
          endsAt: new Date(r.endsAt!),
          gpuCount: r.gpuCount!,
          askCentsPerGpuHour: r.askCentsPerGpuHour!,
          noticeMinutes: r.noticeMinutes!,
          minBookingMinutes: r.minBookingMinutes,
          source: input.format === 'csv' ? ('CSV' as const) : ('ICS' as const),
        })),
      });
    } catch (err) {
      const e = fromDbError(err);
      if (e instanceof AppError && e.code === 'WINDOW_OVERLAP') {
        throw new AppError('WINDOW_OVERLAP', 'A window was listed on one of these nodes while you were importing; nothing was saved. Preview the import again.');
      }
      throw e;
    }
    return { saved: valid.length, skipped: preview.rows.length - valid.length, rows: preview.rows };
  });
}
