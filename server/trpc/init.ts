import { TRPCError, initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { auth } from '../auth';
import { db } from '../db';
import { AppError, ERROR_CODES } from '../errors';
import { logger } from '../logger';

export interface OrgContext {
  id: string;
  name: string;
  slug: string;
  isProvider: boolean;
  isBuyer: boolean;
  memberRole: string;
}

/** Who is calling: the session's user and their active organization (or their first one). */
export async function createContext(opts: { headers: Headers }) {
  const session = await auth.api.getSession({ headers: opts.headers });
  let org: OrgContext | null = null;
  if (session) {
    const memberships = await db.member.findMany({
      where: { userId: session.user.id },
      include: { organization: true },
      orderBy: { createdAt: 'asc' },
    });
    const m = memberships.find((x) => x.organizationId === session.session.activeOrganizationId) ?? memberships[0];
    if (m) {
      org = {
        id: m.organization.id,
        name: m.organization.name,
        slug: m.organization.slug,
        isProvider: !!m.organization.isProvider,
        isBuyer: !!m.organization.isBuyer,
        memberRole: m.role,
      };
    }
  }
  return { db, session, user: session?.user ?? null, org, log: logger.child({ userId: session?.user.id }), headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: cause instanceof AppError ? cause.code : null,
        details: cause instanceof AppError ? cause.details ?? null : null,
        zodError: cause instanceof ZodError ? cause.flatten() : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become tRPC errors with the code the error table gives them. */
const domainErrors = t.middleware(async ({ next, ctx, path }) => {
  const res = await next();
  if (!res.ok) {
    const cause = res.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: ERROR_CODES[cause.code].trpc, message: cause.message, cause });
    }
    if (res.error.code === 'INTERNAL_SERVER_ERROR') ctx.log.error({ err: res.error, path }, 'procedure failed');
  }
  return res;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session || !ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.user } });
});

export const orgProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.org) throw new TRPCError({ code: 'FORBIDDEN', message: 'Create or join an organization first.' });
  return next({ ctx: { ...ctx, org: ctx.org } });
});

export const providerProcedure = orgProcedure.use(({ ctx, next }) => {
  if (!ctx.org.isProvider) throw new TRPCError({ code: 'FORBIDDEN', message: `${ctx.org.name} is not registered as a provider. Turn on "provider" in the organization settings.` });
  return next();
});

export const buyerProcedure = orgProcedure.use(({ ctx, next }) => {
  if (!ctx.org.isBuyer) throw new TRPCError({ code: 'FORBIDDEN', message: `${ctx.org.name} is not registered as a buyer. Turn on "buyer" in the organization settings.` });
  return next();
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform admins can do this.' });
  return next();
});
