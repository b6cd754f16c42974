import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

// The one place the environment is read. Defaults are the local development services, so a fresh
// clone runs without a .env; production sets every value explicitly.
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/interstice'),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    APP_URL: z.string().url().default('http://localhost:3000'),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, 'BETTER_AUTH_SECRET must be at least 32 characters')
      .default('interstice-development-secret-change-me-in-production'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    QUEUE_PREFIX: z.string().default('interstice'),
    STRIPE_SECRET_KEY: z.string().optional(),
    /** Sign-in and sign-up attempts allowed per client address every 10 s (Better Auth's default is 3). */
    AUTH_ATTEMPTS_PER_10S: z.coerce.number().int().min(1).default(3),
    /** Tests only: the repair job waits this long before it commits, so a test can kill the worker mid-job. */
    REPAIR_TEST_PAUSE_MS: z.coerce.number().int().min(0).default(0),
    /** How often BullMQ looks for jobs of a dead worker (ms). */
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === '1',
});
