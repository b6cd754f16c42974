'use client';
import { type ReactNode, useEffect, useState } from 'react';
import type { RouterOutputs } from '@/lib/router-types';
import { dateTime, num, timeOnly, usd } from '@/lib/format';
import { PlanTimeline } from './plan-timeline';
import { tokensLabel } from './job-status';
import { Button, Card, cx, ErrorNote } from './ui';

export type Quote = RouterOutputs['jobs']['quote'];

/** The current time, ticking: countdowns for quote and hold expiry. */
export function useNow(everyMs = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function countdown(ms: number) {
  if (ms <= 0) return '0:00';
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const constraintLabel: Record<string, string> = {
  budget: 'Budget', deadline: 'Deadline', priceCap: 'Price cap', regions: 'Regions', notice: 'Minimum notice', memory: 'Memory', capacity: 'Capacity',
};

export function QuoteView({ quote, onBook, booking, bookError, onRequote, requoting }: {
  quote: Quote;
  onBook: () => void;
  booking: boolean;
  bookError: { message: string } | null;
  onRequote: () => void;
  requoting: boolean;
}) {
  const now = useNow();
  const s = quote.summary;
  const left = Date.parse(quote.expiresAt) - now;
  const expired = left <= 0;
  const saving = s.dataCenterCents - s.costCents;
  const share = s.remainingTokens > 0 ? Math.min(1, s.tokens / s.remainingTokens) : 1;
  const empty = s.segments.length === 0;
  return (
    <Card
      title="Quote"
      description={`Made ${dateTime(quote.createdAt)} UTC over the capacity listed at that moment.`}
      actions={
        <span data-testid="quote-expiry" className={cx('rounded-full px-2.5 py-1 text-xs font-medium tabular-nums ring-1 ring-inset', expired ? 'bg-red-50 text-red-700 ring-red-200' : left < 60_000 ? 'bg-amber-50 text-amber-800 ring-amber-200' : 'bg-slate-50 text-slate-600 ring-slate-200')}>
          {expired ? 'Expired' : `Valid for ${countdown(left)}`}
        </span>
      }
    >
      <div className="space-y-5" data-testid="quote">
        {s.binding.length > 0 && (
          <div role="alert" className="rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-inset ring-amber-200" data-testid="quote-binding">
            <p className="text-sm font-semibold text-amber-900">
              {empty ? 'No plan fits this job yet.' : `This plan trains ${Math.round(share * 100)}% of the target (${tokensLabel(s.tokens)} of ${tokensLabel(s.remainingTokens)} tokens).`}
            </p>
            <ul className="mt-2 space-y-1.5 text-sm text-amber-900">
              {s.binding.map((b) => (
                <li key={b.constraint} className="flex gap-2">
                  <span className="mt-0.5 shrink-0 rounded bg-amber-200/70 px-1.5 text-[11px] font-semibold uppercase tracking-wide">{constraintLabel[b.constraint] ?? b.constraint}</span>
                  <span>{b.message}</span>
                </li>
              ))}
            </ul>
            <p className="mt-2 text-xs text-amber-800">You can book a partial plan and quote again later, or change the job and quote again.</p>
          </div>
        )}

        {!empty && (
          <>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-4">
              <Figure label="Total cost" value={usd(s.costCents)} sub={s.centsPerMTok != null ? `${usd(s.centsPerMTok, s.centsPerMTok < 100 ? 3 : 2)} per million tokens` : undefined} big />
              <Figure label="Data-center price" value={usd(s.dataCenterCents)} sub={saving > 0 ? <span className="font-medium text-emerald-700">you save {usd(saving)} ({Math.round((saving / Math.max(1, s.dataCenterCents)) * 100)}%)</span> : 'on-demand H-class pipeline'} big />
              <Figure label="Expected finish" value={s.finishAt ? dateTime(s.finishAt) : 'Not within the plan'} sub={s.finishAt ? 'UTC' : undefined} big />
              <Figure label="Tokens planned" value={tokensLabel(Math.min(s.tokens, s.remainingTokens))} sub={`of ${tokensLabel(s.remainingTokens)} still to train`} big />
              <Figure label="Expected goodput" value={s.expectedGoodput != null ? `${num(s.expectedGoodput * 100, 1)}%` : '—'} sub="after restarts and likely reclaims" />
              <Figure label="GPU-hours" value={num(s.gpuHours, 1)} />
              <Figure label="Providers" value={String(s.providers)} sub={`${s.segments.length} segment${s.segments.length === 1 ? '' : 's'}`} />
              <Figure label="Pipeline stages" value={String(Math.max(...s.segments.map((x) => x.stages.length)))} sub="most in one segment" />
            </dl>
            <PlanTimeline segments={s.segments.map((x, i) => ({ id: `q${i}`, start: x.start, end: x.end, status: 'QUOTED' as const, stages: x.stages }))} />
          </>
        )}

        <ErrorNote error={bookError} />
        <div className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-100 pt-4">
          {expired ? (
            <span className="mr-auto text-sm text-slate-600">Quotes last 5 minutes because capacity and prices move. Get a fresh one to book.</span>
          ) : !empty ? (
            <span className="mr-auto text-sm text-slate-600">Booking holds these GPUs for 15 minutes until you confirm. Valid until {timeOnly(quote.expiresAt)} UTC.</span>
          ) : null}
          <Button variant="secondary" onClick={onRequote} loading={requoting}>{expired || empty ? 'Get a new quote' : 'Quote again'}</Button>
          {!empty && (
            <Button onClick={onBook} loading={booking} disabled={expired}>
              Book for {usd(s.costCents)}
            </Button>
          )}
        </div>
      </div>
    </Card>
  );
}

function Figure({ label, value, sub, big }: { label: string; value: ReactNode; sub?: ReactNode; big?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={cx('mt-0.5 font-semibold tracking-tight text-slate-900 tabular-nums', big ? 'text-xl' : 'text-base')}>{value}</dd>
      {sub && <dd className="text-xs text-slate-500">{sub}</dd>}
    </div>
  );
}
