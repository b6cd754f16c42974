import { afterAll } from 'vitest';
import { db } from '@/server/db';

// Close what the app's modules opened, so the test process can exit on its own.
afterAll(async () => {
  const g = globalThis as unknown as { interstiseRedis?: { quit: () => Promise<unknown> } };
  await g.interstiseRedis?.quit().catch(() => undefined);
  g.interstiseRedis = undefined;
  await db.$disconnect();
});
