import { NewJobView } from './new-job-view';

export const metadata = { title: 'New job' };

export default function NewJobPage() {
  return <NewJobView />;
}
