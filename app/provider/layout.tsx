import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { EmptyState, ButtonLink } from '@/components/ui';
import { requireViewer } from '@/lib/session';

export default async function ProviderLayout({ children }: { children: ReactNode }) {
  const v = await requireViewer('/provider');
  if (!v.org?.isProvider) {
    return (
      <AppShell>
        <EmptyState title="Your organization is not a provider" action={<ButtonLink href="/settings">Open settings</ButtonLink>}>
          {v.org ? `${v.org.name} is registered as a buyer only. Turn on “provider” to list nodes and idle windows.` : 'Create an organization first.'}
        </EmptyState>
      </AppShell>
    );
  }
  return <AppShell>{children}</AppShell>;
}
