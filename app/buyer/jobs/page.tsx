import { JobsView } from './jobs-view';

export const metadata = { title: 'Jobs' };

export default function JobsPage() {
  return <JobsView />;
}
