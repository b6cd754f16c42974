'use client';
import { useQuery } from '@tanstack/react-query';
import { WindowsTable } from '@/components/windows-table';
import { ButtonLink, Card, EmptyState, ErrorNote, Loading, PageHeader, Stat } from '@/components/ui';
import { num, usdShort } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function ProviderOverview() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.inventory.summary.queryOptions());
  const next = useQuery(trpc.inventory.windows.queryOptions({ page: 1, pageSize: 8, when: 'upcoming' }));
  const s = summary.data;
  return (
    <>
      <PageHeader
        title="Provider overview"
        description="Your fleet and what it offers over the next two weeks."
        actions={<><ButtonLink variant="secondary" href="/provider/api-keys">API keys</ButtonLink><ButtonLink variant="secondary" href="/provider/import">Import</ButtonLink><ButtonLink href="/provider/windows">List a window</ButtonLink></>}
      />
      {summary.error && <ErrorNote error={summary.error} onRetry={() => summary.refetch()} />}
      {summary.isPending ? <Loading /> : s && (
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat label="Active nodes" value={s.activeNodes} sub={`${s.gpus} GPUs`} />
          <Stat label="Listed, next 14 days" value={`${num(s.listedGpuHours14d)} GPU-h`} sub={`${Math.round(s.listedShare14d * 100)}% of your fleet's hours`} />
          <Stat label="Worth at your asks" value={usdShort(s.valueAtAskCents)} sub="if every listed hour sells" />
          <Stat label="Same hours at spot prices" value={usdShort(s.valueAtSpotCents)} sub={s.valueAtSpotCents ? `your asks are ${Math.round((s.valueAtAskCents / s.valueAtSpotCents) * 100)}% of spot` : undefined} />
          <Stat label="Sold allocations ahead" value={s.soldAllocations} sub="GPUs of your windows booked by buyers" />
          <Stat label="Reliability, 90 days" value={`${Math.round(s.reliability * 100)}%`} sub={`${s.reclaims90d} reclaim${s.reclaims90d === 1 ? '' : 's'}, ${s.brokenPromises90d} with less notice than promised`} />
        </div>
      )}
      <Card title="Next windows" className="mt-6" padded={false} actions={<ButtonLink variant="secondary" href="/provider/calendar">Calendar</ButtonLink>}>
        {next.isPending ? <Loading /> : next.error ? <div className="p-5"><ErrorNote error={next.error} /></div> : next.data.items.length === 0 ? (
          <EmptyState title="Nothing listed yet" action={<ButtonLink href="/provider/nodes">Add a node</ButtonLink>}>Register your machines, then list the hours they sit idle.</EmptyState>
        ) : (
          <WindowsTable rows={next.data.items} />
        )}
      </Card>
    </>
  );
}
