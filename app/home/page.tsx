import { redirect } from 'next/navigation';
import { requireViewer } from '@/lib/session';

export default async function Home() {
  const v = await requireViewer('/home');
  if (v.org?.isProvider) redirect('/provider');
  if (v.org?.isBuyer) redirect('/buyer');
  if (v.user?.role === 'admin') redirect('/admin');
  redirect('/settings');
}
