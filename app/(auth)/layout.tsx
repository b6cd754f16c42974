import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/app-shell';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-screen lg:grid-cols-2">
      <div className="hidden flex-col justify-between bg-slate-900 p-10 lg:flex">
        <Link href="/"><Logo /></Link>
        <div>
          <p className="text-2xl font-semibold leading-snug text-white">The hours between bookings are the cheapest compute on earth.</p>
          <p className="mt-3 max-w-md text-sm text-slate-400">
            Providers list the idle gaps in their GPU calendars. Buyers pretrain models on them, split into pipeline stages across many providers, repaired from the last checkpoint when a window is reclaimed.
          </p>
        </div>
        <p className="text-xs text-slate-500">All times in UTC · prices in US cents per GPU-hour</p>
      </div>
      <div className="flex items-center justify-center px-6 py-12">{children}</div>
    </div>
  );
}
