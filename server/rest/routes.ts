import { z } from 'zod';
import { bookAndHold, reclaimAndRepair, serializeQuote } from '../booking/actions';
import { confirmBooking } from '../booking/book-quote';
import { quoteJob } from '../booking/quote-job';
import { ReclaimInput } from '../booking/reclaim-window';
import type { Db } from '../db';
import { AppError } from '../errors';
import { CreateJobInput } from '../jobs/job-input';
import { createJob, getJobDetail, listJobs, serializeJob } from '../jobs/jobs';
import { createNode, getOwnedNode, listNodes, retireNode, serializeNode, updateNode } from '../inventory/nodes';
import {
  CreateNodeInput,
  CreateWindowInput,
  ListNodesInput,
  ListWindowsInput,
  NodeOut,
  Pagination,
  ReplaceWindowsInput,
  UpdateNodeInput,
  WindowOut,
} from '../inventory/schemas';
import { createWindow, deleteWindow, listWindows, replaceNodeWindows, serializeWindow } from '../inventory/windows';
import { BookingOut, JobDetailOut, JobOut, QuoteOut, ReclaimOut } from './buyer-schemas';
import { getBookingWithAllocations, serializeReclaim } from './read-booking';

// The REST API for provider automation and for buyers. Each route is described once, here: the
// dispatcher parses requests with these schemas and the OpenAPI document is generated from the same table.

export interface RestContext {
  db: Db;
  org: { id: string; name: string; isProvider: boolean | null; isBuyer: boolean | null };
  now: Date;
}

/** A handler's answer with another status than the route's (documented in the route's `alsoStatus`). */
export class RestReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

type Role = 'provider' | 'buyer' | 'any';

export interface RestRoute<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject = z.ZodObject, B extends z.ZodType = z.ZodType, H extends z.ZodObject = z.ZodObject> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  role: Role;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers, keyed by their canonical name (matched case-insensitively); documented as header parameters. */
  headers?: H;
  status: 200 | 201;
  /** Another success status the handler may answer with a RestReply, with the same response schema. */
  alsoStatus?: { status: 200 | 201; description: string };
  response: z.ZodType;
  handler: (ctx: RestContext, req: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; headers: z.infer<H> }) => Promise<unknown>;
}

const route = <P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, H extends z.ZodObject>(r: RestRoute<P, Q, B, H>) =>
  r as unknown as RestRoute;

const NodeId = z.object({ id: z.string().meta({ description: 'Node id' }) });
const WindowId = z.object({ id: z.string().meta({ description: 'Window id' }) });
const JobId = z.object({ id: z.string().meta({ description: 'Job id' }) });
const QuoteId = z.object({ id: z.string().meta({ description: 'Quote id' }) });
const BookingId = z.object({ id: z.string().meta({ description: 'Booking id' }) });
/** The same rule bookQuote enforces, stated here so the OpenAPI document shows it. */
const IdempotencyHeader = z.object({
  'Idempotency-Key': z
    .string({ message: 'is required: send a key unique to this booking attempt, e.g. a UUID' })
    .regex(/^[\w.:-]{8,200}$/, 'must be 8 to 200 letters, digits or ._:- characters')
    .meta({ description: 'A key unique to this booking attempt (e.g. a UUID). Sending the same key again returns the same booking instead of booking twice.', example: '6f1c2a9e-3b7d-4e1a-9c55-0d2f7a8b1e44' }),
});
const page = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(item) }).meta({ id });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'window_overlap' }),
      message: z.string().meta({ example: "This window overlaps the node's window from 2026-12-01 22:00 UTC to 2026-12-02 06:00 UTC." }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/**
 * Organization API keys carry no user, and a job records who created it: an API-created job is
 * recorded as created by the organization's first owner.
 */
async function apiUserOf(c: RestContext) {
  const owner = await c.db.member.findFirst({ where: { organizationId: c.org.id, role: 'owner' }, orderBy: { createdAt: 'asc' }, select: { userId: true } });
  if (!owner) throw new AppError('CONFLICT', `${c.org.name} has no owner to create the job for; add one in the dashboard.`);
  return owner.userId;
}

export const restRoutes: RestRoute[] = [
  route({
    method: 'GET', path: '/nodes', operationId: 'listNodes', tag: 'Nodes', role: 'provider', status: 200,
    summary: "List the organization's nodes",
    query: ListNodesInput,
    response: page(NodeOut.extend({ upcomingWindows: z.number().int() }), 'NodePage'),
    handler: (c, r) => listNodes(c.db, c.org.id, r.query, c.now),
  }),
  route({
    method: 'POST', path: '/nodes', operationId: 'createNode', tag: 'Nodes', role: 'provider', status: 201,
    summary: 'Register a node',
    body: CreateNodeInput,
    response: NodeOut,
    handler: async (c, r) => serializeNode(await createNode(c.db, c.org.id, r.body)),
  }),
  route({
    method: 'GET', path: '/nodes/{id}', operationId: 'getNode', tag: 'Nodes', role: 'provider', status: 200,
    summary: 'Read a node',
    params: NodeId,
    response: NodeOut,
    handler: async (c, r) => serializeNode(await getOwnedNode(c.db, c.org.id, r.params.id)),
  }),
  route({
    method: 'PATCH', path: '/nodes/{id}', operationId: 'updateNode', tag: 'Nodes', role: 'provider', status: 200,
    summary: 'Update a node',
    description: 'Fields left out keep their value. Lowering the GPU count below a listed window is refused.',
    params: NodeId,
    body: UpdateNodeInput,
    response: NodeOut,
    handler: async (c, r) => serializeNode(await updateNode(c.db, c.org.id, r.params.id, r.body)),
  }),
  route({
    method: 'POST', path: '/nodes/{id}/retire', operationId: 'retireNode', tag: 'Nodes', role: 'provider', status: 200,
    summary: 'Retire a node',
    description: 'Takes the node off the market and withdraws its windows that have not started.',
    params: NodeId,
    response: z.object({ node: NodeOut, withdrawnWindows: z.number().int() }),
    handler: async (c, r) => {
      const out = await retireNode(c.db, c.org.id, r.params.id, c.now);
      return { node: serializeNode(out.node), withdrawnWindows: out.withdrawnWindows };
    },
  }),
  route({
    method: 'GET', path: '/windows', operationId: 'listWindows', tag: 'Windows', role: 'provider', status: 200,
    summary: "List the organization's windows",
    query: ListWindowsInput,
    response: page(
      WindowOut.extend({
        node: z.object({ id: z.string(), name: z.string(), gpuModel: z.string(), region: z.string(), gpuCount: z.number().int() }),
        gpuHours: z.number(),
        askTotalCents: z.number().int(),
        spotTotalCents: z.number().int().nullable(),
        inferenceTotalCents: z.number().int().nullable(),
      }),
      'WindowPage',
    ),
    handler: (c, r) => listWindows(c.db, c.org.id, r.query, c.now),
  }),
  route({
    method: 'POST', path: '/windows', operationId: 'createWindow', tag: 'Windows', role: 'provider', status: 201,
    summary: 'List an idle window',
    description: 'Refused with 409 window_overlap when it overlaps another window of the same node.',
    body: CreateWindowInput,
    response: WindowOut,
    handler: async (c, r) => serializeWindow(await createWindow(c.db, c.org.id, r.body, c.now, 'API')),
  }),
  route({
    method: 'DELETE', path: '/windows/{id}', operationId: 'deleteWindow', tag: 'Windows', role: 'provider', status: 200,
    summary: 'Withdraw a window',
    params: WindowId,
    response: z.object({ id: z.string(), deleted: z.literal(true) }),
    handler: (c, r) => deleteWindow(c.db, c.org.id, r.params.id, c.now),
  }),
  route({
    method: 'PUT', path: '/nodes/{id}/windows', operationId: 'replaceNodeWindows', tag: 'Windows', role: 'provider', status: 200,
    summary: "Replace the node's future unsold windows",
    description:
      'Makes the set of windows of this node that have not ended equal to the given set, in one transaction. Idempotent: ' +
      'windows already listed exactly as sent keep their ids, so a scheduler can call it every minute. A sent window that ' +
      'has already begun is listed from now; one that has ended is ignored. Any invalid or overlapping window refuses the whole call.',
    params: NodeId,
    body: ReplaceWindowsInput,
    response: z
      .object({
        created: z.number().int(),
        kept: z.number().int(),
        deleted: z.number().int(),
        ignoredPast: z.number().int(),
        windows: z.array(WindowOut),
      })
      .meta({ id: 'ReplaceWindowsResult' }),
    handler: (c, r) => replaceNodeWindows(c.db, c.org.id, r.params.id, r.body, c.now),
  }),
  route({
    method: 'POST', path: '/windows/{id}/reclaim', operationId: 'reclaimWindow', tag: 'Windows', role: 'provider', status: 200,
    summary: 'Reclaim a window early',
    description:
      'The window ends `noticeMinutes` from now (0 = at once). Booked GPUs after that instant are released and refunded to ' +
      'their buyers, whose jobs are re-planned in the background (status PENDING until then). Less notice than the window ' +
      'promised is recorded against your reliability.',
    params: WindowId,
    body: ReclaimInput,
    response: ReclaimOut,
    handler: async (c, r) => serializeReclaim(await reclaimAndRepair(c.db, c.org.id, r.params.id, r.body, c.now)),
  }),
  route({
    method: 'GET', path: '/jobs', operationId: 'listJobs', tag: 'Jobs', role: 'buyer', status: 200,
    summary: "List the organization's training jobs",
    query: Pagination,
    response: page(JobOut, 'JobPage'),
    handler: (c, r) => listJobs(c.db, c.org.id, r.query.page, r.query.pageSize),
  }),
  route({
    method: 'POST', path: '/jobs', operationId: 'createJob', tag: 'Jobs', role: 'buyer', status: 201,
    summary: 'Describe a pretraining job',
    description: 'A model preset or architecture, tokens to train, budget, deadline, regions and price cap. The job is profiled at once; quote it to see a plan.',
    body: CreateJobInput,
    response: JobOut,
    handler: async (c, r) => serializeJob(await createJob(c.db, c.org.id, await apiUserOf(c), r.body, c.now)),
  }),
  route({
    method: 'GET', path: '/jobs/{id}', operationId: 'getJob', tag: 'Jobs', role: 'buyer', status: 200,
    summary: "A job's progress",
    description: 'Tokens trained against the target, the segments with their stages, bookings, the latest events, spend and refunds.',
    params: JobId,
    response: JobDetailOut,
    handler: (c, r) => getJobDetail(c.db, c.org.id, r.params.id),
  }),
  route({
    method: 'POST', path: '/jobs/{id}/quotes', operationId: 'quoteJob', tag: 'Quotes', role: 'buyer', status: 201,
    summary: 'Quote a job over the open market',
    description:
      'Plans the job over capacity that is free now: segments, stages, cost, finish time and expected goodput. When the plan ' +
      'falls short of the target, `summary.binding` says which constraint binds. A quote is valid for a few minutes.',
    params: JobId,
    response: QuoteOut,
    handler: async (c, r) => serializeQuote(await quoteJob(c.db, c.org.id, r.params.id, c.now)),
  }),
  route({
    method: 'POST', path: '/quotes/{id}/book', operationId: 'bookQuote', tag: 'Bookings', role: 'buyer', status: 201,
    alsoStatus: { status: 200, description: 'This Idempotency-Key already booked this quote: the same booking, nothing booked again' },
    summary: 'Book a quote',
    description:
      "Re-checks the quote against current capacity and holds its GPUs until the booking is confirmed or the hold expires. " +
      'Refused with 409 `capacity` when the GPUs were taken since the quote, 409 `quote_expired` when it expired. ' +
      'Retrying with the same Idempotency-Key returns the same booking (200); a key used for another quote is refused (409).',
    params: QuoteId,
    headers: IdempotencyHeader,
    response: BookingOut,
    handler: async (c, r) => {
      const out = await bookAndHold(c.db, { orgId: c.org.id, quoteId: r.params.id, idempotencyKey: r.headers['Idempotency-Key'] }, c.now);
      if (out.replayed && out.booking.quoteId !== r.params.id) {
        throw new AppError('CONFLICT', `This Idempotency-Key was already used for another booking (${out.booking.id}); send a new key to book this quote.`);
      }
      const body = await getBookingWithAllocations(c.db, c.org.id, out.booking.id);
      return out.replayed ? new RestReply(200, body) : body;
    },
  }),
  route({
    method: 'POST', path: '/bookings/{id}/confirm', operationId: 'confirmBooking', tag: 'Bookings', role: 'buyer', status: 200,
    summary: 'Confirm a held booking',
    description: 'Turns the hold into a sale and commits its cost to the job. Confirming a confirmed booking changes nothing.',
    params: BookingId,
    response: BookingOut,
    handler: async (c, r) => {
      const b = await confirmBooking(c.db, c.org.id, r.params.id, c.now);
      return getBookingWithAllocations(c.db, c.org.id, b.id);
    },
  }),
  route({
    method: 'GET', path: '/bookings/{id}', operationId: 'getBooking', tag: 'Bookings', role: 'buyer', status: 200,
    summary: 'Read a booking with its allocations',
    params: BookingId,
    response: BookingOut,
    handler: (c, r) => getBookingWithAllocations(c.db, c.org.id, r.params.id),
  }),
];

export function assertRole(org: RestContext['org'], role: Role) {
  if (role === 'provider' && !org.isProvider) throw new AppError('FORBIDDEN', `${org.name} is not registered as a provider.`);
  if (role === 'buyer' && !org.isBuyer) throw new AppError('FORBIDDEN', `${org.name} is not registered as a buyer.`);
}
