import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ErrorBody, restRoutes } from './routes';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The OpenAPI 3.1 document of /api/v1, generated from the route table (the same zod schemas that parse requests). */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of restRoutes) {
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[method] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(r.params || r.query || r.headers
        ? { requestParams: { ...(r.params ? { path: r.params } : {}), ...(r.query ? { query: r.query } : {}), ...(r.headers ? { header: r.headers } : {}) } }
        : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      responses: {
        [r.status]: { description: 'Success', content: { 'application/json': { schema: r.response } } },
        ...(r.alsoStatus ? { [r.alsoStatus.status]: { description: r.alsoStatus.description, content: { 'application/json': { schema: r.response } } } } : {}),
        400: errorResponse('The request is malformed or a value is invalid; nothing was changed.'),
        401: errorResponse('No API key, or the key is not valid.'),
        403: errorResponse('The organization does not have the role this call needs.'),
        ...(r.params ? { 404: errorResponse('Not found in your organization.') } : {}),
        ...(r.method !== 'GET' ? { 409: errorResponse('Conflicts with the current state, e.g. an overlapping window, or capacity taken since the quote.') } : {}),
        429: errorResponse('Too many requests for this API key.'),
      },
    };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Interstice API',
      version: '1.1.0',
      description:
        'Providers automate their listings: register nodes, publish idle windows from their own scheduler, reclaim a window. ' +
        'Buyers describe pretraining jobs, quote them over the open market, book and confirm quotes, and follow progress. ' +
        'Authenticate with an organization API key: `Authorization: Bearer itk_…` (create one under API keys); a call needs ' +
        'the organization to have the role its operation names (provider or buyer), else 403. Times are ISO-8601 UTC, ' +
        'intervals half-open, money in integer US cents, token counts plain numbers. Errors are `{"error":{"code","message"}}`.',
    },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api/v1` }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An organization API key' } } },
    tags: [
      { name: 'Nodes', description: 'Machines of your organization' },
      { name: 'Windows', description: 'Idle intervals of your nodes, for sale' },
      { name: 'Jobs', description: 'Pretraining jobs of your organization (buyers)' },
      { name: 'Quotes', description: 'Plans of a job over the open market, valid a few minutes (buyers)' },
      { name: 'Bookings', description: 'Capacity held or bought for a job (buyers)' },
    ],
    paths,
  });
}
