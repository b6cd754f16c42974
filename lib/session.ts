import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { createContext } from '@/server/trpc/init';

/** The caller's session and organization for a server component, once per request. */
export const getViewer = cache(async () => createContext({ headers: await headers() }));

export async function requireViewer(next: string) {
  const v = await getViewer();
  if (!v.user) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return v;
}
