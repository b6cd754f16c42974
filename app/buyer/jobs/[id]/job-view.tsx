'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { BookingsTable, EventFeed } from '@/components/job-activity';
import { countdown, QuoteView, useNow } from '@/components/job-quote';
import { JobStatusBadge, modelLabel, ProgressBar, tokensLabel } from '@/components/job-status';
import { PlanTimeline, type SegmentStatus } from '@/components/plan-timeline';
import { Button, ButtonLink, Card, EmptyState, ErrorNote, Loading, PageHeader, Stat, SuccessNote } from '@/components/ui';
import { RESTART_MINUTES } from '@/server/jobs/profile-job';
import { REGIONS, type RegionId } from '@/server/inventory/regions';
import type { RouterOutputs } from '@/lib/router-types';
import { dateTime, usd } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

type Detail = RouterOutputs['jobs']['get'];
const LIVE = ['BOOKED', 'RUNNING'];

/** When the live segments reach the target: tokens so far plus each segment's useful seconds. */
function expectedFinish(d: Detail) {
  let acc = d.job.tokensTrained;
  if (acc >= d.job.targetTokens) return null;
  for (const s of d.segments.filter((x) => x.status === 'PLANNED' || x.status === 'RUNNING')) {
    const secs = Math.max(0, (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 1000 - RESTART_MINUTES * 60);
    acc += s.tokensPerSec * secs;
    if (acc >= d.job.targetTokens) return new Date(Date.parse(s.endsAt) - ((acc - d.job.targetTokens) / s.tokensPerSec) * 1000).toISOString();
  }
  return null;
}

/** randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere. */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function JobView({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const now = useNow();
  const detail = useQuery({
    ...trpc.jobs.get.queryOptions({ id }),
    refetchInterval: (q) => (LIVE.includes(q.state.data?.job.status ?? '') ? 5000 : false),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ id }) });

  const quote = useMutation(trpc.jobs.quote.mutationOptions({ onSuccess: () => { book.reset(); refresh(); } }));
  // A quote made before a reload is still bookable while it lasts.
  const openQuoteId = !quote.data ? detail.data?.openQuoteId : null;
  const stored = useQuery({ ...trpc.jobs.getQuote.queryOptions({ id: openQuoteId ?? '' }), enabled: !!openQuoteId });
  const currentQuote = quote.data ?? (openQuoteId ? stored.data : undefined);

  // One idempotency key per quote, made once in this browser: a double click or a retry books once.
  const keys = useRef(new Map<string, string>());
  const keyFor = (quoteId: string) => {
    if (!keys.current.has(quoteId)) keys.current.set(quoteId, newIdempotencyKey());
    return keys.current.get(quoteId)!;
  };
  const book = useMutation(trpc.jobs.book.mutationOptions({ onSuccess: refresh }));
  const confirmHold = useMutation(trpc.jobs.confirm.mutationOptions({ onSuccess: () => { refresh(); qc.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }); } }));
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSuccess: () => { refresh(); qc.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }); } }));
  const [showCancelled, setShowCancelled] = useState(false);

  if (detail.isPending) return <Loading label="Loading the job…" />;
  if (detail.error) {
    return (
      <Card>
        <EmptyState title={detail.error.data?.code === 'NOT_FOUND' ? 'Job not found' : 'The job could not be loaded'} action={<ButtonLink href="/buyer/jobs" variant="secondary">Back to jobs</ButtonLink>}>
          {detail.error.message}
        </EmptyState>
        {detail.error.data?.code !== 'NOT_FOUND' && <div className="px-5 pb-5"><ErrorNote error={detail.error} onRetry={() => detail.refetch()} /></div>}
      </Card>
    );
  }

  const d = detail.data;
  const j = d.job;
  const canQuote = j.status === 'DRAFT' || j.status === 'PAUSED';
  const booked = book.data;
  const held = d.bookings.find((b) => b.status === 'HELD') ?? (booked?.status === 'HELD' && !d.bookings.some((b) => b.id === booked.id) ? { ...booked, allocations: 0, reason: null } : undefined);
  const finish = expectedFinish(d);
  const liveSegments = d.segments.filter((s) => s.status !== 'CANCELLED');
  const cancelled = d.segments.length - liveSegments.length;
  const shown = showCancelled ? d.segments : liveSegments;
  const regions = j.regions.length === Object.keys(REGIONS).length ? 'all regions' : (j.regions as RegionId[]).map((r) => REGIONS[r]?.label ?? r).join(', ');
  const reclaims = d.events.filter((e) => e.kind === 'RECLAIM').length;

  return (
    <>
      <div className="mb-2 text-sm"><Link href="/buyer/jobs" className="text-slate-500 hover:text-brand-600">← Jobs</Link></div>
      <PageHeader
        title={j.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <JobStatusBadge status={j.status} />
            <span>{modelLabel(j.model)} · {tokensLabel(j.targetTokens)} tokens · {regions}</span>
          </span>
        }
        actions={
          <>
            {canQuote && (
              <Button variant="danger" loading={cancel.isPending} onClick={() => { if (window.confirm('Cancel this job? It cannot be quoted or booked afterwards.')) cancel.mutate({ id }); }}>Cancel job</Button>
            )}
            {canQuote && !currentQuote && <Button onClick={() => quote.mutate({ id })} loading={quote.isPending}>Get a quote</Button>}
          </>
        }
      />
      {j.statusReason && (
        <div className={`mb-4 rounded-md px-3 py-2 text-sm ring-1 ring-inset ${j.status === 'PAUSED' ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-slate-50 text-slate-700 ring-slate-200'}`} data-testid="status-reason">
          {j.statusReason}
        </div>
      )}
      <div className="space-y-6">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Stat label="Tokens trained" value={tokensLabel(j.tokensTrained)} sub={<><ProgressBar className="my-1.5" value={j.tokensTrained} max={j.targetTokens} label="Tokens trained" />{Math.round((j.tokensTrained / j.targetTokens) * 100)}% of {tokensLabel(j.targetTokens)}</>} />
          <Stat label="Spent" value={usd(j.spentCents)} sub={<><ProgressBar className="my-1.5" value={j.spentCents} max={j.budgetCents} tone={j.spentCents > j.budgetCents * 0.9 ? 'amber' : 'green'} label="Budget spent" />of a {usd(j.budgetCents, 0)} budget · cap {usd(j.maxCentsPerGpuHour)}/GPU-h</>} />
          <Stat label="Refunded" value={usd(d.refundedCents)} sub={reclaims ? `${reclaims} reclaim${reclaims === 1 ? '' : 's'} so far` : 'for time a provider did not deliver'} />
          <Stat label="Expected finish" value={finish ? dateTime(finish) : currentQuote?.summary.finishAt && canQuote ? dateTime(currentQuote.summary.finishAt) : '—'} sub={`deadline ${dateTime(j.deadline)} UTC`} />
        </div>

        <ErrorNote error={quote.error ?? cancel.error} />

        {canQuote && !currentQuote && !quote.isPending && (
          <Card>
            <EmptyState title={j.status === 'PAUSED' ? 'This job is paused' : 'No quote yet'} action={<Button onClick={() => quote.mutate({ id })} loading={quote.isPending}>Get a quote</Button>}>
              A quote plans the job over the idle windows listed right now: which provider runs which layers when, what it costs and when it finishes.
            </EmptyState>
          </Card>
        )}
        {canQuote && quote.isPending && !currentQuote && <Card><Loading label="Planning over the open market…" /></Card>}

        {canQuote && currentQuote && (
          <QuoteView
            quote={currentQuote}
            onBook={() => book.mutate({ quoteId: currentQuote.id, idempotencyKey: keyFor(currentQuote.id) })}
            booking={book.isPending}
            bookError={book.error}
            onRequote={() => quote.mutate({ id })}
            requoting={quote.isPending}
          />
        )}

        {held && (
          <Card title="Confirm booking" description="The GPUs of this plan are held for you until the hold expires.">
            <div className="flex flex-wrap items-center gap-4" data-testid="confirm-step">
              <div className="flex-1 text-sm text-slate-700">
                <p><span className="font-semibold text-slate-900">{usd(held.costCents)}</span> held until <span className="font-medium">{dateTime(held.holdExpiresAt)} UTC</span> <span className="tabular-nums text-slate-500">({Date.parse(held.holdExpiresAt) > now ? `${countdown(Date.parse(held.holdExpiresAt) - now)} left` : 'expired'})</span>.</p>
                <p className="mt-1 text-xs text-slate-500">Payment by card or stablecoin will replace this step; for now, confirming commits the amount against the job’s budget. An unconfirmed hold goes back to the market when it expires.</p>
              </div>
              <Button onClick={() => confirmHold.mutate({ id: held.id })} loading={confirmHold.isPending} disabled={Date.parse(held.holdExpiresAt) <= now}>Confirm booking</Button>
            </div>
            {confirmHold.error && <div className="mt-3"><ErrorNote error={confirmHold.error} /></div>}
          </Card>
        )}
        {confirmHold.isSuccess && !held && <SuccessNote>Booking confirmed. Segments start on their own at their planned times; this page updates as they run.</SuccessNote>}

        {d.segments.length > 0 && (
          <Card
            title="Schedule"
            description="The job's segments from the booking on: one row per pipeline stage. Reclaimed windows are repaired from the last checkpoint."
            actions={cancelled > 0 && (
              <label className="flex items-center gap-2 text-xs text-slate-600">
                <input type="checkbox" className="accent-brand-600" checked={showCancelled} onChange={(e) => setShowCancelled(e.target.checked)} />
                Show {cancelled} cancelled
              </label>
            )}
          >
            {shown.length ? (
              <PlanTimeline now={now} segments={shown.map((s) => ({ id: s.id, start: s.startsAt, end: s.endsAt, status: s.status as SegmentStatus, cutAt: s.cutAt, cutHard: s.cutHard, stages: s.stages }))} />
            ) : (
              <p className="text-sm text-slate-500">Every segment was cancelled. {canQuote ? 'Get a quote to plan the rest.' : ''}</p>
            )}
          </Card>
        )}

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-5">
          <Card title="Activity" description={LIVE.includes(j.status) ? 'Updates every 5 seconds.' : undefined} padded={false} className="xl:col-span-3">
            <EventFeed events={d.events} />
          </Card>
          <Card title="Bookings" padded={false} className="xl:col-span-2">
            <BookingsTable bookings={d.bookings} />
          </Card>
        </div>
      </div>
    </>
  );
}
