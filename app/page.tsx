import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/app-shell';
import { getViewer } from '@/lib/session';

export default async function Landing() {
  const v = await getViewer();
  if (v.user) redirect('/home');
  return (
    <div className="min-h-screen bg-slate-900">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-5">
        <Logo />
        <div className="flex items-center gap-3">
          <Link href="/sign-in" className="text-sm font-medium text-slate-300 hover:text-white">Sign in</Link>
          <Link href="/sign-up" className="rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100">Get started</Link>
        </div>
      </header>
      <section className="mx-auto max-w-6xl px-6 pb-24 pt-20">
        <p className="text-sm font-medium text-brand-100">A marketplace for the gaps in GPU calendars</p>
        <h1 className="mt-3 max-w-3xl text-5xl font-semibold leading-tight tracking-tight text-white">
          Sell the idle hours between your bookings. Pretrain on them.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-slate-300">
          NeoClouds and people with a GPU at home list the windows their GPUs sit idle. Interstice splits a training job into pipeline stages, packs them into windows of many providers idle at the same time, and repairs the schedule from the last checkpoint when a provider takes a window back.
        </p>
        <div className="mt-10 flex gap-3">
          <Link href="/sign-up" className="rounded-md bg-brand-500 px-5 py-2.5 text-sm font-semibold text-white hover:bg-brand-600">List idle GPUs</Link>
          <Link href="/sign-up" className="rounded-md px-5 py-2.5 text-sm font-semibold text-white ring-1 ring-white/20 hover:bg-white/10">Book training hours</Link>
        </div>
        <dl className="mt-20 grid max-w-4xl grid-cols-1 gap-6 sm:grid-cols-3">
          {[
            ['Windows never overlap', 'Each node’s calendar is enforced by PostgreSQL, not by hope.'],
            ['Automate listings', 'A REST API with OpenAPI, CSV and iCalendar import for your own scheduler.'],
            ['Priced with context', 'Every ask shown against spot and inference earnings of the same GPU.'],
          ].map(([t, d]) => (
            <div key={t} className="rounded-xl bg-white/5 p-5 ring-1 ring-white/10">
              <dt className="text-sm font-semibold text-white">{t}</dt>
              <dd className="mt-1 text-sm text-slate-400">{d}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
