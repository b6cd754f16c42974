import { ImportView } from './import-view';

export const metadata = { title: 'Import windows' };

export default function ImportPage() {
  return <ImportView />;
}
