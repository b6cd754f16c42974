import { ApiKeysView } from './api-keys-view';

export const metadata = { title: 'API keys' };

export default function ApiKeysPage() {
  return <ApiKeysView />;
}
