'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { JobStatusBadge, modelLabel, ProgressBar, tokensLabel } from '@/components/job-status';
import { ButtonLink, Card, EmptyState, ErrorNote, Loading, PageHeader, Pager, td, th } from '@/components/ui';
import { dateTime, usd } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

const PAGE_SIZE = 20;

export function JobsView() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const jobs = useQuery(trpc.jobs.list.queryOptions({ page, pageSize: PAGE_SIZE }));
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="Training jobs"
        description="Pretraining runs your organization described. Quote a job to see which idle windows it would run in, then book it."
        actions={<ButtonLink href="/buyer/jobs/new">New job</ButtonLink>}
      />
      <Card padded={false}>
        {jobs.isPending ? (
          <Loading label="Loading jobs…" />
        ) : jobs.error ? (
          <div className="p-5"><ErrorNote error={jobs.error} onRetry={() => jobs.refetch()} /></div>
        ) : jobs.data.total === 0 ? (
          <EmptyState title="No jobs yet" action={<ButtonLink href="/buyer/jobs/new">New job</ButtonLink>}>
            Describe a model and the tokens to train; Interstice packs its pipeline stages into idle GPU windows of many providers.
          </EmptyState>
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-100" data-testid="jobs-table">
                <thead>
                  <tr>
                    <th className={th}>Job</th><th className={th}>Status</th><th className={th}>Tokens trained</th><th className={th}>Spend</th><th className={th}>Deadline (UTC)</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {jobs.data.items.map((j) => {
                    const late = Date.parse(j.deadline) < now && j.status !== 'COMPLETED' && j.status !== 'CANCELLED';
                    return (
                      <tr key={j.id} className="hover:bg-slate-50/60">
                        <td className={td}>
                          <Link href={`/buyer/jobs/${j.id}`} className="font-medium text-slate-900 hover:text-brand-600">{j.name}</Link>
                          <div className="text-[11px] text-slate-500">{modelLabel(j.model)}</div>
                        </td>
                        <td className={td}><JobStatusBadge status={j.status} /></td>
                        <td className={`${td} w-56`}>
                          <div className="flex items-baseline justify-between text-xs"><span className="font-medium text-slate-900">{tokensLabel(j.tokensTrained)}</span><span className="text-slate-500">of {tokensLabel(j.targetTokens)}</span></div>
                          <ProgressBar className="mt-1" value={j.tokensTrained} max={j.targetTokens} label={`${j.name} tokens trained`} />
                        </td>
                        <td className={`${td} w-48`}>
                          <div className="flex items-baseline justify-between text-xs"><span className="font-medium text-slate-900">{usd(j.spentCents)}</span><span className="text-slate-500">of {usd(j.budgetCents, 0)}</span></div>
                          <ProgressBar className="mt-1" value={j.spentCents} max={j.budgetCents} tone={j.spentCents > j.budgetCents * 0.9 ? 'amber' : 'green'} label={`${j.name} budget spent`} />
                        </td>
                        <td className={td}>
                          {dateTime(j.deadline)}
                          {late && <div className="text-[11px] text-red-600">passed</div>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={jobs.data.total} onPage={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
