import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/prisma/client';
import { env } from './env';

export type Db = PrismaClient | Prisma.TransactionClient;

function createClient(url = env.DATABASE_URL) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis there.
const globalForDb = globalThis as unknown as { interstiseDb?: PrismaClient };
export const db: PrismaClient = globalForDb.interstiseDb ?? createClient();
if (env.NODE_ENV !== 'production') globalForDb.interstiseDb = db;

export { Prisma, createClient };

/** Runs fn in a transaction, or inside the caller's transaction when db already is one. */
export async function inTransaction<T>(d: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if ('$transaction' in d && typeof d.$transaction === 'function') return (d as PrismaClient).$transaction(fn, { timeout: 20_000, maxWait: 15_000 });
  return fn(d as Prisma.TransactionClient);
}
