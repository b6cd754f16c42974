import { AppShell } from '@/components/app-shell';
import { CapacityTables } from '@/components/capacity-tables';
import { Card, EmptyState, PageHeader, Stat, td, th } from '@/components/ui';
import { requireViewer } from '@/lib/session';
import { getQueryClient, trpc } from '@/lib/trpc-server';

export const metadata = { title: 'Admin' };

export default async function AdminPage() {
  const v = await requireViewer('/admin');
  if (v.user?.role !== 'admin') {
    return <AppShell><EmptyState title="Admins only">This page is for platform operators.</EmptyState></AppShell>;
  }
  const o = await getQueryClient().fetchQuery(trpc.admin.overview.queryOptions());
  return (
    <AppShell>
      <PageHeader title="Platform overview" description="Participants and open capacity across the market." />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Users" value={o.users} />
        <Stat label="Provider organizations" value={o.providers} />
        <Stat label="Buyer organizations" value={o.buyers} />
        <Stat label="Active GPUs" value={o.nodesByModel.reduce((s, n) => s + n.gpus, 0)} sub={`${o.nodesByModel.reduce((s, n) => s + n.nodes, 0)} nodes`} />
      </div>
      <CapacityTables data={o} />
      <Card title="Fleet by GPU model" className="mt-6" padded={false}>
        <table className="min-w-full divide-y divide-slate-100">
          <thead><tr><th className={th}>GPU model</th><th className={th}>Nodes</th><th className={th}>GPUs</th></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {o.nodesByModel.map((n) => <tr key={n.gpuModel}><td className={td}>{n.gpuModel}</td><td className={td}>{n.nodes}</td><td className={td}>{n.gpus}</td></tr>)}
          </tbody>
        </table>
      </Card>
    </AppShell>
  );
}
