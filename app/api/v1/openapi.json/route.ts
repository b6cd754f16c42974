import { env } from '@/server/env';
import { buildOpenApiDocument } from '@/server/rest/openapi';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET() {
  cached ??= buildOpenApiDocument(env.APP_URL);
  return Response.json(cached, { headers: { 'cache-control': 'public, max-age=300' } });
}
