import type { ZodType } from 'zod';
import { organizationForApiKey } from '../accounts/organizations';
import { db } from '../db';
import { AppError, describeZodError, ERROR_CODES, fromDbError } from '../errors';
import { logger } from '../logger';
import { assertRole, RestReply, restRoutes, type RestRoute } from './routes';

const compiled = restRoutes.map((r) => ({
  route: r,
  pattern: new RegExp('^' + r.path.replace(/\{(\w+)\}/g, (_, k) => `(?<${k}>[^/]+)`) + '$'),
}));

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(err: unknown) {
  const e = fromDbError(err);
  if (e instanceof AppError) {
    return json(e.httpStatus, { error: { code: e.code.toLowerCase(), message: e.message, ...(e.details ? { details: e.details } : {}) } });
  }
  logger.error({ err: e }, 'REST request failed');
  return json(500, { error: { code: 'internal', message: 'Something went wrong on our side; nothing was changed. Try again.' } });
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('VALIDATION', `Invalid ${where}: ${describeZodError(r.error)}`);
  return r.data;
}

/** The route's declared headers, read case-insensitively; undeclared headers never reach a handler. */
function declaredHeaders(route: RestRoute, req: Request) {
  if (!route.headers) return {};
  return Object.fromEntries(Object.keys(route.headers.shape).map((name) => [name, req.headers.get(name) ?? undefined]));
}

function bearer(req: Request): string {
  const h = req.headers.get('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  if (!m) throw new AppError('UNAUTHORIZED', 'Send your organization API key as "Authorization: Bearer <key>".');
  return m[1];
}

/** Dispatches /api/v1/<path> to the route table: auth by API key, zod parsing, JSON errors. */
export async function handleRestRequest(req: Request, path: string): Promise<Response> {
  const started = performance.now();
  const method = req.method.toUpperCase();
  const candidates = compiled.filter((c) => c.pattern.test(path));
  if (!candidates.length) return json(404, { error: { code: 'not_found', message: `No endpoint ${method} /api/v1${path}. See /api/v1/openapi.json.` } });
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit) {
    const allow = candidates.map((c) => c.route.method).join(', ');
    return json(405, { error: { code: 'method_not_allowed', message: `${method} is not allowed here; use ${allow}.` } }, { allow });
  }
  const r: RestRoute = hit.route;
  try {
    const org = await organizationForApiKey(db, bearer(req));
    assertRole(org, r.role);
    const params = parse(r.params, hit.pattern.exec(path)!.groups ?? {}, 'path parameters');
    const url = new URL(req.url);
    const query = parse(r.query, Object.fromEntries(url.searchParams), 'query');
    const headers = parse(r.headers, declaredHeaders(r, req), 'headers');
    let body: unknown;
    if (r.body) {
      const text = await req.text();
      let raw: unknown;
      try {
        raw = text ? JSON.parse(text) : undefined;
      } catch {
        throw new AppError('BAD_REQUEST', 'The request body is not valid JSON.');
      }
      body = parse(r.body, raw, 'body');
    }
    const out = await r.handler({ db, org, now: new Date() }, { params, query, body, headers } as never);
    const status = out instanceof RestReply ? out.status : r.status;
    logger.info({ method, path, org: org.id, status, ms: Math.round(performance.now() - started) }, 'rest');
    return json(status, out instanceof RestReply ? out.body : out);
  } catch (err) {
    return errorResponse(err);
  }
}

export { ERROR_CODES };
