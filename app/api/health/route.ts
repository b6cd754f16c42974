import { db } from '@/server/db';
import { checkHealth } from '@/server/health/check-health';
import { sharedRedis } from '@/server/redis';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { ok, parts } = await checkHealth(db, sharedRedis());
  return Response.json(parts, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
