import Link from 'next/link';
import type { ReactNode } from 'react';
import { getViewer } from '@/lib/session';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

export function Logo() {
  return (
    <span className="flex items-center gap-2 text-white">
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden>
        <rect x="2" y="4" width="6" height="16" rx="1.5" fill="#8ea2ff" />
        <rect x="9" y="8" width="6" height="12" rx="1.5" fill="#ffffff" />
        <rect x="16" y="2" width="6" height="18" rx="1.5" fill="#8ea2ff" />
      </svg>
      <span className="text-[15px] font-semibold tracking-tight">Interstice</span>
    </span>
  );
}

export async function AppShell({ children }: { children: ReactNode }) {
  const v = await getViewer();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
          <Link href="/">
            <Logo />
          </Link>
          <nav className="flex items-center gap-1" aria-label="Main">
            {v.org?.isProvider && (
              <>
                <NavLink href="/provider" exact>Overview</NavLink>
                <NavLink href="/provider/nodes">Nodes</NavLink>
                <NavLink href="/provider/windows">Windows</NavLink>
                <NavLink href="/provider/calendar">Calendar</NavLink>
                <NavLink href="/provider/import">Import</NavLink>
              </>
            )}
            {v.org?.isBuyer && (
              <>
                <NavLink href="/buyer/jobs">Jobs</NavLink>
                <NavLink href="/buyer" exact>Market</NavLink>
              </>
            )}
            {v.user?.role === 'admin' && <NavLink href="/admin">Admin</NavLink>}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            {v.user ? (
              <>
                <Link href="/settings" className="text-right leading-tight">
                  <div className="text-xs font-medium text-white">{v.org?.name ?? 'No organization'}</div>
                  <div className="text-[11px] text-slate-400">{v.user.email}</div>
                </Link>
                <SignOutButton />
              </>
            ) : (
              <Link href="/sign-in" className="text-sm font-medium text-slate-200 hover:text-white">
                Sign in
              </Link>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
