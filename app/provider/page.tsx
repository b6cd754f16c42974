import { getViewer } from '@/lib/session';
import { HydrateClient, getQueryClient, trpc } from '@/lib/trpc-server';
import { ProviderOverview } from './provider-overview';

export const metadata = { title: 'Provider' };

export default async function ProviderPage() {
  // The layout turns away visitors who are not providers; only prefetch for those it lets in.
  if ((await getViewer()).org?.isProvider) {
    const qc = getQueryClient();
    void qc.prefetchQuery(trpc.inventory.summary.queryOptions());
    void qc.prefetchQuery(trpc.inventory.windows.queryOptions({ page: 1, pageSize: 8, when: 'upcoming' }));
  }
  return (
    <HydrateClient>
      <ProviderOverview />
    </HydrateClient>
  );
}
