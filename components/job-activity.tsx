'use client';
import type { RouterOutputs } from '@/lib/router-types';
import { dateTime, usd } from '@/lib/format';
import { Badge, cx, EmptyState, td, th } from './ui';

type Detail = RouterOutputs['jobs']['get'];

const kinds: Record<string, { label: string; tone: 'slate' | 'green' | 'blue' | 'amber' | 'red'; row?: string }> = {
  RECLAIM: { label: 'Reclaim', tone: 'red', row: 'bg-red-50/60 ring-red-200' },
  REPAIRED: { label: 'Repaired', tone: 'green', row: 'bg-emerald-50/60 ring-emerald-200' },
  PAUSED: { label: 'Paused', tone: 'amber', row: 'bg-amber-50/60 ring-amber-200' },
  BOOKED: { label: 'Booked', tone: 'blue' },
  CONFIRMED: { label: 'Confirmed', tone: 'green' },
  HOLD_RELEASED: { label: 'Hold released', tone: 'slate' },
  SEGMENT_STARTED: { label: 'Segment started', tone: 'blue' },
  SEGMENT_DONE: { label: 'Segment done', tone: 'green' },
  SEGMENT_CUT: { label: 'Segment cut', tone: 'amber' },
  REPLANNED: { label: 'Re-planned', tone: 'blue' },
};

export function EventFeed({ events }: { events: Detail['events'] }) {
  if (!events.length) return <EmptyState title="Nothing has happened yet">Bookings, segments starting and finishing, reclaims and repairs appear here.</EmptyState>;
  return (
    <ol className="space-y-2 p-4" data-testid="job-events">
      {events.map((e) => {
        const k = kinds[e.kind] ?? { label: e.kind.toLowerCase().replace(/_/g, ' '), tone: 'slate' as const };
        return (
          <li key={e.id} data-testid="job-event" data-kind={e.kind} className={cx('flex items-start gap-3 rounded-lg px-3 py-2', k.row ? `ring-1 ring-inset ${k.row}` : '')}>
            <div className="w-28 shrink-0 pt-0.5"><Badge tone={k.tone}>{k.label}</Badge></div>
            <p className="flex-1 text-sm text-slate-700">{e.message}</p>
            <time className="shrink-0 pt-0.5 text-xs text-slate-500" dateTime={e.createdAt}>{dateTime(e.createdAt)}</time>
          </li>
        );
      })}
    </ol>
  );
}

const bookingTone = { HELD: 'amber', CONFIRMED: 'green', RELEASED: 'slate', CANCELLED: 'slate' } as const;

export function BookingsTable({ bookings }: { bookings: Detail['bookings'] }) {
  if (!bookings.length) return <EmptyState title="No bookings yet">Get a quote and book it to reserve GPUs.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-100" data-testid="bookings-table">
        <thead><tr><th className={th}>Booked (UTC)</th><th className={th}>Status</th><th className={`${th} text-right`}>Cost</th></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {bookings.map((b) => (
            <tr key={b.id}>
              <td className={`${td} whitespace-normal`}>
                {dateTime(b.createdAt)}
                <div className="text-[11px] text-slate-500">{b.reason ?? 'From a quote'} · {b.allocations} allocation{b.allocations === 1 ? '' : 's'}</div>
              </td>
              <td className={td}>
                <Badge tone={bookingTone[b.status as keyof typeof bookingTone] ?? 'slate'}>{b.status.toLowerCase()}</Badge>
                <div className="text-[11px] text-slate-500">{b.confirmedAt ? `confirmed ${dateTime(b.confirmedAt)}` : b.status === 'HELD' ? `hold until ${dateTime(b.holdExpiresAt)}` : ''}</div>
              </td>
              <td className={`${td} text-right font-medium text-slate-900`}>{usd(b.costCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
