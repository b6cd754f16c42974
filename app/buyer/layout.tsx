import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { ButtonLink, EmptyState } from '@/components/ui';
import { requireViewer } from '@/lib/session';

export default async function BuyerLayout({ children }: { children: ReactNode }) {
  const v = await requireViewer('/buyer');
  if (!v.org?.isBuyer) {
    return (
      <AppShell>
        <EmptyState title="Your organization is not a buyer" action={<ButtonLink href="/settings">Open settings</ButtonLink>}>
          Turn on “buyer” in the organization settings to see the market, describe training jobs and book GPU hours.
        </EmptyState>
      </AppShell>
    );
  }
  return <AppShell>{children}</AppShell>;
}
