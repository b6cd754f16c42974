'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { FeedCard } from '@/components/feed-card';
import { WeekCalendar } from '@/components/week-calendar';
import { WindowForm } from '@/components/window-form';
import { WindowsTable } from '@/components/windows-table';
import { Badge, Button, Card, EmptyState, ErrorNote, Loading, PageHeader, Pager, SuccessNote } from '@/components/ui';
import { GPU_CATALOG } from '@/server/inventory/gpu-catalog';
import { dateTime, dayLabel, startOfUtcWeek } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function NodeDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [weekStart, setWeekStart] = useState(() => startOfUtcWeek(new Date()));
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const node = useQuery(trpc.inventory.node.queryOptions({ id }));
  const cal = useQuery(trpc.inventory.calendar.queryOptions({ from: weekStart.toISOString(), days: 7, nodeId: id }));
  const windows = useQuery(trpc.inventory.windows.queryOptions({ nodeId: id, page, pageSize: 20, when: 'upcoming' }));
  const create = useMutation(trpc.inventory.createWindow.mutationOptions({
    onSuccess: (w) => { setNotice(`Window listed: ${dateTime(w.startsAt)} → ${dateTime(w.endsAt)} UTC.`); setAdding(false); qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() }); },
  }));

  if (node.isPending) return <Loading />;
  if (node.error) return <div className="space-y-4"><ErrorNote error={node.error} /><Link className="text-sm text-brand-600" href="/provider/nodes">← Back to nodes</Link></div>;
  const n = node.data;
  const model = GPU_CATALOG[n.gpuModel as keyof typeof GPU_CATALOG];
  return (
    <>
      <div className="mb-2 text-sm"><Link className="text-slate-500 hover:text-slate-900" href="/provider/nodes">← Nodes</Link></div>
      <PageHeader
        title={n.name}
        description={`${n.gpuCount} × ${model?.label ?? n.gpuModel} (${n.gpuMemGiB} GB each) · ${n.region} · ${n.networkGbps} Gbit/s`}
        actions={<>{n.status === 'RETIRED' ? <Badge>Retired</Badge> : !adding && <Button onClick={() => { setAdding(true); setNotice(null); create.reset(); }}>List a window</Button>}</>}
      />
      {notice && <div className="mb-4"><SuccessNote>{notice}</SuccessNote></div>}
      {adding && (
        <Card title={`List an idle window on ${n.name}`} description="Times are UTC. Windows of one node cannot overlap." className="mb-6">
          <WindowForm nodes={[{ id: n.id, name: n.name, gpuCount: n.gpuCount, gpuModel: n.gpuModel }]} fixedNodeId={n.id} onSubmit={(v) => create.mutateAsync(v)} error={create.error} onCancel={() => setAdding(false)} />
        </Card>
      )}
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-900">Week of {dayLabel(weekStart)}</h2>
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" onClick={() => setWeekStart(new Date(weekStart.getTime() - 7 * 86_400_000))}>← Previous</Button>
          <Button size="sm" variant="secondary" onClick={() => setWeekStart(startOfUtcWeek(new Date()))}>This week</Button>
          <Button size="sm" variant="secondary" onClick={() => setWeekStart(new Date(weekStart.getTime() + 7 * 86_400_000))}>Next →</Button>
        </div>
      </div>
      {cal.isPending ? <Loading /> : cal.error ? <ErrorNote error={cal.error} /> : <WeekCalendar data={cal.data} linkNodes={false} />}
      <Card title="Upcoming windows" className="mt-6" padded={false}>
        {windows.isPending ? <Loading /> : windows.error ? <div className="p-5"><ErrorNote error={windows.error} /></div> : windows.data.items.length === 0 ? (
          <EmptyState title="Nothing listed ahead">List the hours this node sits idle, import them, or publish them through the API.</EmptyState>
        ) : (
          <>
            <WindowsTable rows={windows.data.items} showNode={false} />
            <Pager page={page} pageSize={20} total={windows.data.total} onPage={setPage} />
          </>
        )}
      </Card>
      {n.status === 'ACTIVE' && <div className="mt-6"><FeedCard nodeId={n.id} /></div>}
    </>
  );
}
