import { ZodError, z } from 'zod';

// Domain code throws AppError with one of these codes; this table is the only place that maps
// them to HTTP statuses and tRPC codes.
export const ERROR_CODES = {
  BAD_REQUEST: { http: 400, trpc: 'BAD_REQUEST' },
  VALIDATION: { http: 400, trpc: 'BAD_REQUEST' },
  UNAUTHORIZED: { http: 401, trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { http: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { http: 404, trpc: 'NOT_FOUND' },
  CONFLICT: { http: 409, trpc: 'CONFLICT' },
  WINDOW_OVERLAP: { http: 409, trpc: 'CONFLICT' },
  CAPACITY: { http: 409, trpc: 'CONFLICT' },
  QUOTE_EXPIRED: { http: 409, trpc: 'CONFLICT' },
  RATE_LIMITED: { http: 429, trpc: 'TOO_MANY_REQUESTS' },
  UNAVAILABLE: { http: 503, trpc: 'INTERNAL_SERVER_ERROR' },
  INTERNAL: { http: 500, trpc: 'INTERNAL_SERVER_ERROR' },
} as const;

export type AppErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get httpStatus() {
    return ERROR_CODES[this.code].http;
  }
}

/** One readable sentence out of a zod error: "end: must be after start; gpuCount: too big". */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function flattenZodError(error: ZodError) {
  return z.flattenError(error);
}

/** The Postgres SQLSTATE and message behind a Prisma error raised through the pg driver adapter. */
function postgresCause(err: unknown): { code: string; message: string } | null {
  const e = err as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; code?: string; originalMessage?: string; message?: string } } } };
  const c = e?.meta?.driverAdapterError?.cause;
  if (c) return { code: String(c.originalCode ?? c.code ?? ''), message: String(c.originalMessage ?? c.message ?? '') };
  if (e?.meta?.code) return { code: String(e.meta.code), message: '' };
  return null;
}

/** Turns known database errors into AppErrors so no caller has to know Postgres codes. */
export function fromDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const pg = postgresCause(err);
  const code = (err as { code?: string })?.code;
  if (pg?.code === '23P01') {
    return new AppError('WINDOW_OVERLAP', 'This window overlaps another window of the same node. Windows of one node cannot overlap; change its start or end, or edit the existing window.');
  }
  if (pg?.message.includes('window_gpus_within_node')) {
    return new AppError('VALIDATION', 'A window cannot offer more GPUs than its node has: lower the window first, or keep the node\'s GPU count.');
  }
  if (pg?.message.includes('window_has_sales')) {
    return new AppError('CONFLICT', 'This window has booked GPUs, so it cannot be withdrawn or changed; reclaim it instead (buyers are repaired and refunded).');
  }
  if (pg?.message.includes('allocation_price_changed')) {
    return new AppError('CAPACITY', 'A provider raised the price of a window since the quote; get a new quote.');
  }
  if (pg?.message.includes('allocation_within_capacity') || pg?.message.includes('allocation_within_window')) {
    return new AppError('CAPACITY', 'The capacity this plan needs is no longer free; get a new quote.');
  }
  if ((pg?.code === '23503' || code === 'P2003') && `${pg?.message ?? ''} ${JSON.stringify((err as { meta?: unknown })?.meta ?? {})}`.includes('allocation_window_id_fkey')) {
    return new AppError('CAPACITY', 'A window of this plan was withdrawn since it was quoted; get a new quote.');
  }
  if (pg?.code === '23505' || code === 'P2002') {
    return new AppError('CONFLICT', 'Something with the same unique name already exists.');
  }
  if (pg?.code === '23514') {
    return new AppError('VALIDATION', `The database refused the values (${pg.message || 'a check constraint failed'}).`);
  }
  return err;
}
