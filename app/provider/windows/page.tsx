import { WindowsView } from './windows-view';

export const metadata = { title: 'Windows' };

export default function WindowsPage() {
  return <WindowsView />;
}
