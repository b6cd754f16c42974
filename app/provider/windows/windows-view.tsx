'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { WindowForm } from '@/components/window-form';
import { WindowsTable } from '@/components/windows-table';
import { Button, ButtonLink, Card, EmptyState, ErrorNote, Loading, PageHeader, Pager, Select, SuccessNote } from '@/components/ui';
import { GPU_MODEL_IDS } from '@/server/inventory/gpu-catalog';
import { REGION_IDS } from '@/server/inventory/regions';
import { dateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function WindowsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [when, setWhen] = useState<'upcoming' | 'past' | 'all'>('upcoming');
  const [nodeId, setNodeId] = useState('');
  const [gpuModel, setGpuModel] = useState('');
  const [region, setRegion] = useState('');
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const nodes = useQuery(trpc.inventory.nodes.queryOptions({ page: 1, pageSize: 200, status: 'ACTIVE' }));
  const windows = useQuery(trpc.inventory.windows.queryOptions({
    page, pageSize: 25, when,
    ...(nodeId ? { nodeId } : {}),
    ...(gpuModel ? { gpuModel: gpuModel as never } : {}),
    ...(region ? { region: region as never } : {}),
  }));
  const create = useMutation(trpc.inventory.createWindow.mutationOptions({
    onSuccess: (w) => { setNotice(`Window listed: ${dateTime(w.startsAt)} → ${dateTime(w.endsAt)} UTC.`); setAdding(false); qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() }); },
  }));
  const resetPage = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };
  const nodeList = nodes.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Windows"
        description="Idle intervals you offer. Each shows what it earns if sold whole, beside what the same GPU-hours would earn as spot or inference capacity."
        actions={!adding && nodeList.length > 0 && <Button onClick={() => { setAdding(true); create.reset(); setNotice(null); }}>List a window</Button>}
      />
      {notice && <div className="mb-4"><SuccessNote>{notice}</SuccessNote></div>}
      {adding && (
        <Card title="List an idle window" description="Times are UTC. Windows of one node cannot overlap." className="mb-6">
          <WindowForm nodes={nodeList} onSubmit={(v) => create.mutateAsync(v)} error={create.error} onCancel={() => setAdding(false)} />
        </Card>
      )}
      <Card padded={false}>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-3">
          <Select aria-label="When" className="max-w-36" value={when} onChange={(e) => resetPage(setWhen)(e.target.value as typeof when)}>
            <option value="upcoming">Upcoming</option><option value="past">Past</option><option value="all">All</option>
          </Select>
          <Select aria-label="Node" className="max-w-52" value={nodeId} onChange={(e) => resetPage(setNodeId)(e.target.value)}>
            <option value="">All nodes</option>
            {nodeList.map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
          </Select>
          <Select aria-label="GPU model" className="max-w-44" value={gpuModel} onChange={(e) => resetPage(setGpuModel)(e.target.value)}>
            <option value="">All GPU models</option>
            {GPU_MODEL_IDS.map((m) => <option key={m} value={m}>{m}</option>)}
          </Select>
          <Select aria-label="Region" className="max-w-40" value={region} onChange={(e) => resetPage(setRegion)(e.target.value)}>
            <option value="">All regions</option>
            {REGION_IDS.map((r) => <option key={r} value={r}>{r}</option>)}
          </Select>
        </div>
        {windows.isPending || nodes.isPending ? (
          <Loading />
        ) : windows.error ? (
          <div className="p-5"><ErrorNote error={windows.error} onRetry={() => windows.refetch()} /></div>
        ) : nodeList.length === 0 && when === 'upcoming' && windows.data.total === 0 ? (
          <EmptyState title="No nodes yet" action={<ButtonLink href="/provider/nodes">Add a node</ButtonLink>}>Register a node before listing its idle hours.</EmptyState>
        ) : windows.data.items.length === 0 ? (
          <EmptyState title="No windows match" action={<Button onClick={() => setAdding(true)}>List a window</Button>}>
            List a window by hand, import a CSV or a calendar, or publish them from your scheduler through the API.
          </EmptyState>
        ) : (
          <>
            <WindowsTable rows={windows.data.items} />
            <Pager page={page} pageSize={25} total={windows.data.total} onPage={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
