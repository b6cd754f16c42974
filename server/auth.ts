import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { admin, organization } from 'better-auth/plugins';
import { db } from './db';
import { env } from './env';

export const API_KEY_PREFIX = 'itk_';

export const auth = betterAuth({
  appName: 'Interstice',
  baseURL: env.APP_URL,
  secret: env.BETTER_AUTH_SECRET,
  trustedOrigins: [env.APP_URL, 'http://localhost:3000', 'http://127.0.0.1:3000'],
  database: prismaAdapter(db, { provider: 'postgresql' }),
  telemetry: { enabled: false },
  emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
  session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
  // Brute-force protection on the credential endpoints; the end-to-end suite, which signs in many
  // users from one address, raises the limit through the environment.
  rateLimit: {
    enabled: env.NODE_ENV === 'production',
    window: 10,
    max: 100,
    customRules: {
      '/sign-in/email': { window: 10, max: env.AUTH_ATTEMPTS_PER_10S },
      '/sign-up/email': { window: 10, max: env.AUTH_ATTEMPTS_PER_10S },
    },
  },
  plugins: [
    // Platform roles: 'user' (default) and 'admin' (the platform operator).
    admin({ defaultRole: 'user', adminRoles: ['admin'] }),
    // An organization is the market participant: a provider, a buyer, or both.
    organization({
      allowUserToCreateOrganization: true,
      schema: {
        organization: {
          additionalFields: {
            isProvider: { type: 'boolean', required: false, defaultValue: false, input: true },
            isBuyer: { type: 'boolean', required: false, defaultValue: false, input: true },
          },
        },
      },
    }),
    // Keys belong to an organization, so a provider's scheduler keeps working when people leave.
    apiKey({
      references: 'organization',
      defaultPrefix: API_KEY_PREFIX,
      enableMetadata: true,
      rateLimit: { enabled: true, timeWindow: 60_000, maxRequests: 1_200 },
    }),
    nextCookies(),
  ],
});

export type Session = typeof auth.$Infer.Session;
