import { type Db, inTransaction } from '../db';
import { AppError, fromDbError } from '../errors';
import { gpuModel } from './gpu-catalog';
import type { CreateNodeInput, ListNodesInput, UpdateNodeInput } from './schemas';

type Node = Awaited<ReturnType<Db['node']['findFirstOrThrow']>>;

export function serializeNode(n: Node) {
  return {
    id: n.id,
    name: n.name,
    gpuModel: n.gpuModel,
    gpuCount: n.gpuCount,
    gpuMemGiB: n.gpuMemGiB,
    networkGbps: n.networkGbps,
    region: n.region,
    status: n.status,
    createdAt: n.createdAt.toISOString(),
  };
}

export async function getOwnedNode(db: Db, orgId: string, nodeId: string) {
  const node = await db.node.findFirst({ where: { id: nodeId, orgId } });
  if (!node) throw new AppError('NOT_FOUND', `Node ${nodeId} was not found in your organization.`);
  return node;
}

async function assertNameFree(db: Db, orgId: string, name: string, exceptId?: string) {
  const clash = await db.node.findFirst({
    where: { orgId, name: { equals: name, mode: 'insensitive' }, status: 'ACTIVE', ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AppError('CONFLICT', `You already have an active node named "${name}".`);
}

export async function createNode(db: Db, orgId: string, input: CreateNodeInput) {
  await assertNameFree(db, orgId, input.name);
  try {
    return await db.node.create({
      data: { orgId, ...input, gpuMemGiB: gpuModel(input.gpuModel)!.memGiB },
    });
  } catch (err) {
    throw fromDbError(err);
  }
}

export async function updateNode(db: Db, orgId: string, nodeId: string, input: UpdateNodeInput) {
  const node = await getOwnedNode(db, orgId, nodeId);
  if (node.status === 'RETIRED') throw new AppError('CONFLICT', 'A retired node cannot be edited.');
  if (input.name && input.name !== node.name) await assertNameFree(db, orgId, input.name, nodeId);
  try {
    return await db.node.update({
      where: { id: nodeId },
      data: { ...input, ...(input.gpuModel ? { gpuMemGiB: gpuModel(input.gpuModel)!.memGiB } : {}) },
    });
  } catch (err) {
    // The database refuses fewer GPUs than an existing window offers (trigger window_gpus_within_node).
    throw fromDbError(err);
  }
}

/**
 * Retiring takes a node off the market: its windows that have not started are withdrawn; windows
 * already under way stay until they end (later, sold capacity is reclaimed, not silently dropped).
 */
export async function retireNode(db: Db, orgId: string, nodeId: string, now: Date) {
  const node = await getOwnedNode(db, orgId, nodeId);
  if (node.status === 'RETIRED') return { node, withdrawnWindows: 0 };
  return inTransaction(db, async (tx) => {
    // Sold windows stay: a sale is ended by a reclaim (which repairs and refunds), never silently.
    const withdrawn = await tx.window.deleteMany({ where: { nodeId, startsAt: { gte: now }, allocations: { none: { status: { in: ['HELD', 'CONFIRMED'] } } } } });
    const updated = await tx.node.update({ where: { id: nodeId }, data: { status: 'RETIRED', retiredAt: now } });
    return { node: updated, withdrawnWindows: withdrawn.count };
  });
}

export async function listNodes(db: Db, orgId: string, input: ListNodesInput, now: Date) {
  const where = {
    orgId,
    ...(input.status === 'ALL' ? {} : { status: input.status }),
    ...(input.q ? { name: { contains: input.q, mode: 'insensitive' as const } } : {}),
  };
  const [total, nodes] = await Promise.all([
    db.node.count({ where }),
    db.node.findMany({
      where,
      orderBy: [{ status: 'asc' }, { name: 'asc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: {
        _count: { select: { windows: { where: { endsAt: { gt: now } } } } },
      },
    }),
  ]);
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: nodes.map((n) => ({ ...serializeNode(n), upcomingWindows: n._count.windows })),
  };
}
