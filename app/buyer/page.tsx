import { CapacityTables } from '@/components/capacity-tables';
import { ButtonLink, PageHeader } from '@/components/ui';
import { requireViewer } from '@/lib/session';
import { trpc, getQueryClient } from '@/lib/trpc-server';

export const metadata = { title: 'Market' };

export default async function BuyerPage() {
  // Layouts and pages render in parallel: the layout shows the refusal, the page must not fetch.
  const v = await requireViewer('/buyer');
  if (!v.org?.isBuyer) return null;
  const data = await getQueryClient().fetchQuery(trpc.market.openCapacity.queryOptions());
  return (
    <>
      <PageHeader
        title="Market"
        description="Idle GPU capacity providers have listed for the next two weeks. Describe a training job to get a quote on it."
        actions={<ButtonLink href="/buyer/jobs/new">New job</ButtonLink>}
      />
      <CapacityTables data={data} />
    </>
  );
}
