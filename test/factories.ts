import { randomUUID } from 'node:crypto';
import { createOrgApiKey } from '@/server/accounts/organizations';
import { provisionAccount } from '@/server/accounts/provision';
import { db } from '@/server/db';
import { logger } from '@/server/logger';
import type { Context } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';

export { db };

export async function seedAccount(overrides: { isProvider?: boolean; isBuyer?: boolean; admin?: boolean; orgName?: string | null } = {}) {
  const tag = randomUUID().slice(0, 8);
  const { user, orgId } = await provisionAccount(db, {
    email: `user-${tag}@test.interstice.dev`,
    password: 'correct horse battery',
    name: `Test ${tag}`,
    orgName: overrides.orgName === null ? undefined : overrides.orgName ?? `Org ${tag}`,
    isProvider: overrides.isProvider ?? true,
    isBuyer: overrides.isBuyer ?? false,
    platformRole: overrides.admin ? 'admin' : undefined,
  });
  const org = orgId ? await db.organization.findUniqueOrThrow({ where: { id: orgId } }) : null;
  const ctx: Context = {
    db,
    session: { session: { id: `s-${tag}`, userId: user.id, activeOrganizationId: orgId } as never, user: user as never },
    user: user as never,
    org: org ? { id: org.id, name: org.name, slug: org.slug, isProvider: !!org.isProvider, isBuyer: !!org.isBuyer, memberRole: 'owner' } : null,
    log: logger,
    headers: new Headers(),
  };
  return { user, org, caller: createCaller(ctx), apiKey: async () => (await createOrgApiKey(org!.id, user.id, 'test')).key };
}

export const anonymousCaller = () => createCaller({ db, session: null, user: null, org: null, log: logger, headers: new Headers() });

export async function seedNode(orgId: string, overrides: Partial<{ name: string; gpuModel: string; gpuCount: number; region: string; networkGbps: number }> = {}) {
  return db.node.create({
    data: { orgId, name: overrides.name ?? `node-${randomUUID().slice(0, 6)}`, gpuModel: overrides.gpuModel ?? 'H100-80G', gpuCount: overrides.gpuCount ?? 8, gpuMemGiB: 80, networkGbps: overrides.networkGbps ?? 100, region: overrides.region ?? 'us-east' },
  });
}

export const hoursFromNow = (h: number) => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + h * 3_600_000).toISOString();
