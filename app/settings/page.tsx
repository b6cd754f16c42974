import { AppShell } from '@/components/app-shell';
import { requireViewer } from '@/lib/session';
import { SettingsView } from './settings-view';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requireViewer('/settings');
  return (
    <AppShell>
      <SettingsView />
    </AppShell>
  );
}
