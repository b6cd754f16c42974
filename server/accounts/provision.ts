import { auth } from '../auth';
import type { Db } from '../db';
import { slugify } from './organizations';

export interface ProvisionInput {
  email: string;
  password: string;
  name: string;
  orgName?: string;
  isProvider?: boolean;
  isBuyer?: boolean;
  platformRole?: 'admin' | 'user';
}

/**
 * A user with a password and (optionally) an organization they own, created through Better Auth
 * as a sign-up would. Used by the demo seed and by test factories. Idempotent by email.
 */
export async function provisionAccount(db: Db, input: ProvisionInput) {
  let user = await db.user.findUnique({ where: { email: input.email.toLowerCase() } });
  if (!user) {
    const res = await auth.api.signUpEmail({ body: { email: input.email, password: input.password, name: input.name } });
    user = await db.user.findUniqueOrThrow({ where: { id: res.user.id } });
  }
  if (input.platformRole && user.role !== input.platformRole) {
    user = await db.user.update({ where: { id: user.id }, data: { role: input.platformRole } });
  }
  let orgId: string | null = null;
  if (input.orgName) {
    const existing = await db.member.findFirst({ where: { userId: user.id, organization: { name: input.orgName } }, select: { organizationId: true } });
    if (existing) {
      orgId = existing.organizationId;
    } else {
      let slug = slugify(input.orgName);
      for (let i = 2; await db.organization.findUnique({ where: { slug }, select: { id: true } }); i++) slug = `${slugify(input.orgName)}-${i}`;
      const org = await auth.api.createOrganization({
        body: { name: input.orgName, slug, userId: user.id, isProvider: !!input.isProvider, isBuyer: !!input.isBuyer },
      });
      orgId = org!.id;
    }
  }
  return { user, orgId };
}
