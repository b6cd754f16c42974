import { getViewer } from '@/lib/session';
import { HydrateClient, getQueryClient, trpc } from '@/lib/trpc-server';
import { NodesView } from './nodes-view';

export const metadata = { title: 'Nodes' };

export default async function NodesPage() {
  if ((await getViewer()).org?.isProvider) {
    void getQueryClient().prefetchQuery(trpc.inventory.nodes.queryOptions({ page: 1, pageSize: 20, status: 'ACTIVE' }));
  }
  return (
    <HydrateClient>
      <NodesView />
    </HydrateClient>
  );
}
