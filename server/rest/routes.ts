import { z } from 'zod';
import type { Db } from '../db';
import { AppError } from '../errors';
import { createNode, getOwnedNode, listNodes, retireNode, serializeNode, updateNode } from '../inventory/nodes';
import {
  CreateNodeInput,
  CreateWindowInput,
  ListNodesInput,
  ListWindowsInput,
  NodeOut,
  ReplaceWindowsInput,
  UpdateNodeInput,
  WindowOut,
} from '../inventory/schemas';
import { createWindow, deleteWindow, listWindows, replaceNodeWindows, serializeWindow } from '../inventory/windows';

// The REST API for provider automation. Each route is described once, here: the dispatcher parses
// requests with these schemas and the OpenAPI document is generated from the same table.

export interface RestContext {
  db: Db;
  org: { id: string; name: string; isProvider: boolean | null; isBuyer: boolean | null };
  now: Date;
}

type Role = 'provider' | 'buyer' | 'any';

export interface RestRoute<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject = z.ZodObject, B extends z.ZodType = z.ZodType> {
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
  status: 200 | 201;
  response: z.ZodType;
  handler: (ctx: RestContext, req: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }) => Promise<unknown>;
}

const route = <P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType>(r: RestRoute<P, Q, B>) => r as unknown as RestRoute;

const NodeId = z.object({ id: z.string().meta({ description: 'Node id' }) });
const WindowId = z.object({ id: z.string().meta({ description: 'Window id' }) });
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
];

export function assertRole(org: RestContext['org'], role: Role) {
  if (role === 'provider' && !org.isProvider) throw new AppError('FORBIDDEN', `${org.name} is not registered as a provider.`);
  if (role === 'buyer' && !org.isBuyer) throw new AppError('FORBIDDEN', `${org.name} is not registered as a buyer.`);
}
