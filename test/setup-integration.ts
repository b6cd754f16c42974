import { afterAll } from 'vitest';
import { db } from '@/server/db';
import { closeQueues } from '@/workers/queues';

// Close what the app's modules opened, so the test process can exit on its own.
afterAll(async () => {
  await closeQueues();
  const g = globalThis as unknown as { interstiseRedis?: { quit: () => Promise<unknown> } };
  await g.interstiseRedis?.quit().catch(() => undefined);
  g.interstiseRedis = undefined;
  await db.$disconnect();
});
