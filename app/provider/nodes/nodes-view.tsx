'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { NodeForm } from '@/components/node-form';
import { Badge, Button, Card, EmptyState, ErrorNote, Input, Loading, PageHeader, Pager, Select, SuccessNote, td, th } from '@/components/ui';
import { GPU_CATALOG } from '@/server/inventory/gpu-catalog';
import { useTRPC } from '@/lib/trpc';

export function NodesView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<'ACTIVE' | 'RETIRED' | 'ALL'>('ACTIVE');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = { page, pageSize: 20, status, ...(q.trim() ? { q: q.trim() } : {}) };
  const nodes = useQuery(trpc.inventory.nodes.queryOptions(input));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
  const create = useMutation(trpc.inventory.createNode.mutationOptions({ onSuccess: (n) => { setAdding(false); setNotice(`Node “${n.name}” registered.`); invalidate(); } }));
  const update = useMutation(trpc.inventory.updateNode.mutationOptions({ onSuccess: (n) => { setEditing(null); setNotice(`Node “${n.name}” updated.`); invalidate(); } }));
  const retire = useMutation(trpc.inventory.retireNode.mutationOptions({ onSuccess: (r) => { setNotice(`Node “${r.node.name}” retired; ${r.withdrawnWindows} future window(s) withdrawn.`); invalidate(); } }));

  return (
    <>
      <PageHeader
        title="Nodes"
        description="The machines you sell idle time on. A node's windows can never overlap, and never offer more GPUs than it has."
        actions={!adding && <Button onClick={() => { setAdding(true); create.reset(); }}>Add node</Button>}
      />
      {notice && <div className="mb-4"><SuccessNote>{notice}</SuccessNote></div>}
      {adding && (
        <Card title="Register a node" className="mb-6">
          <NodeForm submitLabel="Register node" onSubmit={(v) => create.mutateAsync(v)} onCancel={() => setAdding(false)} error={create.error} />
        </Card>
      )}
      <Card padded={false}>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-3">
          <Input aria-label="Search nodes" placeholder="Search by name" className="max-w-xs" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
          <Select aria-label="Status" className="max-w-40" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(1); }}>
            <option value="ACTIVE">Active</option>
            <option value="RETIRED">Retired</option>
            <option value="ALL">All</option>
          </Select>
        </div>
        {nodes.isPending ? (
          <Loading />
        ) : nodes.error ? (
          <div className="p-5"><ErrorNote error={nodes.error} onRetry={() => nodes.refetch()} /></div>
        ) : nodes.data.items.length === 0 ? (
          <EmptyState title={q ? 'No node matches' : 'No nodes yet'} action={!q && <Button onClick={() => setAdding(true)}>Add your first node</Button>}>
            {q ? 'Try another name.' : 'Register a machine, then list the hours it sits idle.'}
          </EmptyState>
        ) : (
          <>
            <table className="min-w-full divide-y divide-slate-100">
              <thead>
                <tr>
                  <th className={th}>Name</th><th className={th}>GPUs</th><th className={th}>Region</th><th className={th}>Network</th><th className={th}>Upcoming windows</th><th className={th}>Status</th><th className={th}><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {nodes.data.items.map((n) =>
                  editing === n.id ? (
                    <tr key={n.id}>
                      <td colSpan={7} className="bg-slate-50 px-5 py-4">
                        <NodeForm
                          initial={{ name: n.name, gpuModel: n.gpuModel as never, gpuCount: n.gpuCount, networkGbps: n.networkGbps, region: n.region as never }}
                          submitLabel="Save changes"
                          onSubmit={(patch) => update.mutateAsync({ id: n.id, patch })}
                          onCancel={() => setEditing(null)}
                          error={update.error}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={n.id} className="hover:bg-slate-50/60">
                      <td className={td}><Link className="font-medium text-slate-900 hover:text-brand-600" href={`/provider/nodes/${n.id}`}>{n.name}</Link></td>
                      <td className={td}>{n.gpuCount} × {GPU_CATALOG[n.gpuModel as keyof typeof GPU_CATALOG]?.label ?? n.gpuModel}</td>
                      <td className={td}>{n.region}</td>
                      <td className={td}>{n.networkGbps} Gbit/s</td>
                      <td className={td}>{n.upcomingWindows}</td>
                      <td className={td}>{n.status === 'ACTIVE' ? <Badge tone="green">Active</Badge> : <Badge>Retired</Badge>}</td>
                      <td className={`${td} text-right`}>
                        {n.status === 'ACTIVE' && (
                          <div className="flex justify-end gap-2">
                            <Button size="sm" variant="secondary" onClick={() => { setEditing(n.id); update.reset(); }}>Edit</Button>
                            <Button size="sm" variant="danger" loading={retire.isPending && retire.variables?.id === n.id}
                              onClick={() => { if (confirm(`Retire ${n.name}? Its windows that have not started are withdrawn.`)) retire.mutate({ id: n.id }); }}>
                              Retire
                            </Button>
                          </div>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
            <Pager page={page} pageSize={20} total={nodes.data.total} onPage={setPage} />
          </>
        )}
        {retire.error && <div className="p-5"><ErrorNote error={retire.error} /></div>}
      </Card>
    </>
  );
}
