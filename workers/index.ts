import { existsSync } from 'node:fs';

// The worker runs outside Next, so it reads .env itself (Next does so for the web app).
if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
process.env.INTERSTICE_SERVICE ??= 'worker';

async function main() {
  const { db } = await import('@/server/db');
  const { logger } = await import('@/server/logger');
  const { createRedis } = await import('@/server/redis');
  const { startWorkers } = await import('./run-workers');
  const { registerSchedulers } = await import('./schedulers');
  const { closeQueues } = await import('./queues');

  const connection = createRedis();
  await connection.ping().catch((err: Error) => {
    logger.fatal({ err: err.message }, 'Redis is not reachable; start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no');
    process.exit(1);
  });
  await registerSchedulers(connection);
  const running = startWorkers({ db, connection, log: logger });
  logger.info({ queues: running.workers.map((w) => w.name) }, 'workers started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers: letting running jobs finish');
    const force = setTimeout(() => { logger.error('shutdown took longer than 30 s; exiting'); process.exit(1); }, 30_000);
    force.unref();
    await running.close();
    await closeQueues();
    await connection.quit();
    await db.$disconnect();
    logger.info('workers stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
