import { z } from 'zod';
import {
  createOrganization,
  CreateApiKeyInput,
  CreateOrganizationInput,
  createOrgApiKey,
  listOrgApiKeys,
  revokeOrgApiKey,
  updateOrganizationRoles,
  UpdateRolesInput,
} from '../../accounts/organizations';
import { AppError } from '../../errors';
import { orgProcedure, protectedProcedure, publicProcedure, router } from '../init';

export const accountRouter = router({
  me: publicProcedure.query(({ ctx }) => ({
    user: ctx.user ? { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, role: ctx.user.role ?? 'user' } : null,
    org: ctx.org,
  })),
  createOrganization: protectedProcedure
    .input(CreateOrganizationInput)
    .mutation(({ ctx, input }) => createOrganization(ctx.db, ctx.user.id, input, ctx.headers)),
  updateRoles: orgProcedure
    .input(UpdateRolesInput)
    .mutation(({ ctx, input }) => updateOrganizationRoles(ctx.db, ctx.org.id, ctx.org.memberRole, input)),
  apiKeys: orgProcedure.query(({ ctx }) => listOrgApiKeys(ctx.db, ctx.org.id)),
  createApiKey: orgProcedure.input(CreateApiKeyInput).mutation(({ ctx, input }) => {
    if (ctx.org.memberRole !== 'owner' && ctx.org.memberRole !== 'admin') throw new AppError('FORBIDDEN', 'Only owners and admins can create API keys.');
    return createOrgApiKey(ctx.org.id, ctx.user.id, input.name);
  }),
  revokeApiKey: orgProcedure.input(z.object({ id: z.string() })).mutation(({ ctx, input }) => {
    if (ctx.org.memberRole !== 'owner' && ctx.org.memberRole !== 'admin') throw new AppError('FORBIDDEN', 'Only owners and admins can revoke API keys.');
    return revokeOrgApiKey(ctx.db, ctx.org.id, input.id);
  }),
});
