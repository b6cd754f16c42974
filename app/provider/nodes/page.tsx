import { HydrateClient, getQueryClient, trpc } from '@/lib/trpc-server';
import { NodesView } from './nodes-view';

export const metadata = { title: 'Nodes' };

export default async function NodesPage() {
  void getQueryClient().prefetchQuery(trpc.inventory.nodes.queryOptions({ page: 1, pageSize: 20, status: 'ACTIVE' }));
  return (
    <HydrateClient>
      <NodesView />
    </HydrateClient>
  );
}
