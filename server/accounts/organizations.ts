import { z } from 'zod';
import { auth } from '../auth';
import type { Db } from '../db';
import { AppError } from '../errors';

export const CreateOrganizationInput = z
  .object({
    name: z.string().trim().min(2, 'Name must be at least 2 characters').max(80),
    isProvider: z.boolean(),
    isBuyer: z.boolean(),
  })
  .refine((o) => o.isProvider || o.isBuyer, { message: 'Choose at least one role: provider, buyer, or both', path: ['isProvider'] });

export const UpdateRolesInput = z
  .object({ isProvider: z.boolean(), isBuyer: z.boolean() })
  .refine((o) => o.isProvider || o.isBuyer, { message: 'An organization must stay a provider, a buyer, or both', path: ['isProvider'] });

export const slugify = (name: string) =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'org';

async function freeSlug(db: Db, name: string) {
  const base = slugify(name);
  for (let i = 0; i < 50; i++) {
    const slug = i === 0 ? base : `${base}-${i + 1}`;
    if (!(await db.organization.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
  throw new AppError('CONFLICT', 'Choose a different organization name.');
}

/** Creates an organization owned by the user and makes it their active one. */
export async function createOrganization(db: Db, userId: string, input: z.infer<typeof CreateOrganizationInput>, headers?: Headers) {
  const slug = await freeSlug(db, input.name);
  const org = await auth.api.createOrganization({
    body: { name: input.name, slug, isProvider: input.isProvider, isBuyer: input.isBuyer, ...(headers ? {} : { userId }) },
    ...(headers ? { headers } : {}),
  });
  if (!org) throw new AppError('INTERNAL', 'The organization could not be created.');
  return org;
}

export async function updateOrganizationRoles(db: Db, orgId: string, memberRole: string, input: z.infer<typeof UpdateRolesInput>) {
  if (memberRole !== 'owner' && memberRole !== 'admin') throw new AppError('FORBIDDEN', 'Only owners and admins of the organization can change its roles.');
  return db.organization.update({ where: { id: orgId }, data: input, select: { id: true, isProvider: true, isBuyer: true } });
}

export const CreateApiKeyInput = z.object({ name: z.string().trim().min(1, 'Give the key a name').max(60) });

/** Organization-owned keys for provider automation; the secret is shown once, only a prefix is stored in clear. */
export async function createOrgApiKey(orgId: string, userId: string, name: string) {
  const created = await auth.api.createApiKey({ body: { name, organizationId: orgId, userId } });
  return { id: created.id, name: created.name, key: created.key, start: created.start, createdAt: created.createdAt };
}

export async function listOrgApiKeys(db: Db, orgId: string) {
  const keys = await db.apikey.findMany({ where: { referenceId: orgId }, orderBy: { createdAt: 'desc' } });
  return keys.map((k) => ({ id: k.id, name: k.name, start: k.start, enabled: k.enabled !== false, lastRequest: k.lastRequest, createdAt: k.createdAt }));
}

export async function revokeOrgApiKey(db: Db, orgId: string, keyId: string) {
  const deleted = await db.apikey.deleteMany({ where: { id: keyId, referenceId: orgId } });
  if (!deleted.count) throw new AppError('NOT_FOUND', 'That API key was not found.');
  return { id: keyId, revoked: true as const };
}

/** The organization an API key belongs to, or an error that says why the key is refused. */
export async function organizationForApiKey(db: Db, key: string) {
  const res = await auth.api.verifyApiKey({ body: { key } }).catch(() => null);
  if (!res?.valid || !res.key) {
    const code = (res?.error as { code?: string } | null)?.code;
    if (code === 'RATE_LIMITED') throw new AppError('RATE_LIMITED', 'This API key has made too many requests; slow down and retry in a minute.');
    throw new AppError('UNAUTHORIZED', 'The API key is not valid (revoked, expired or mistyped).');
  }
  const org = await db.organization.findUnique({ where: { id: res.key.referenceId } });
  if (!org) throw new AppError('UNAUTHORIZED', 'The organization of this API key no longer exists.');
  return org;
}
