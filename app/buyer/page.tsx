import { AppShell } from '@/components/app-shell';
import { CapacityTables } from '@/components/capacity-tables';
import { ButtonLink, EmptyState, PageHeader } from '@/components/ui';
import { requireViewer } from '@/lib/session';
import { trpc, getQueryClient } from '@/lib/trpc-server';

export const metadata = { title: 'Market' };

export default async function BuyerPage() {
  const v = await requireViewer('/buyer');
  if (!v.org?.isBuyer) {
    return (
      <AppShell>
        <EmptyState title="Your organization is not a buyer" action={<ButtonLink href="/settings">Open settings</ButtonLink>}>
          Turn on “buyer” in the organization settings to see the market and book training hours.
        </EmptyState>
      </AppShell>
    );
  }
  const data = await getQueryClient().fetchQuery(trpc.market.openCapacity.queryOptions());
  return (
    <AppShell>
      <PageHeader title="Market" description="Idle GPU capacity providers have listed for the next two weeks. Jobs, quotes and bookings build on this capacity." />
      <CapacityTables data={data} />
    </AppShell>
  );
}
