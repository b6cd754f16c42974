import { z } from 'zod';
import { AppError } from '../../errors';
import { getCalendar, CalendarInput } from '../../inventory/calendar';
import { GPU_CATALOG } from '../../inventory/gpu-catalog';
import { commitImport, ImportInput, previewImport } from '../../inventory/import-windows';
import { createNode, getOwnedNode, listNodes, retireNode, serializeNode, updateNode } from '../../inventory/nodes';
import { reclaimAndRepair } from '../../booking/actions';
import { ReclaimInput } from '../../booking/reclaim-window';
import { getIcsFeed, IcsFeedInput, removeIcsFeed, upsertIcsFeed } from '../../inventory/ics-feeds';
import { providerSummary } from '../../inventory/provider-summary';
import { sharedRedis } from '../../redis';
import { getQueue } from '../../../workers/queues';
import { REGIONS } from '../../inventory/regions';
import { CreateNodeInput, CreateWindowInput, ListNodesInput, ListWindowsInput, UpdateNodeInput, UpdateWindowInput } from '../../inventory/schemas';
import { createWindow, deleteWindow, listWindows, serializeWindow, updateWindow } from '../../inventory/windows';
import { publicProcedure, providerProcedure, router } from '../init';

const Id = z.object({ id: z.string().min(1) });

export const inventoryRouter = router({
  catalog: publicProcedure.query(() => ({ gpuModels: GPU_CATALOG, regions: REGIONS })),

  summary: providerProcedure.query(({ ctx }) => providerSummary(ctx.db, ctx.org.id, new Date())),
  nodes: providerProcedure.input(ListNodesInput).query(({ ctx, input }) => listNodes(ctx.db, ctx.org.id, input, new Date())),
  node: providerProcedure.input(Id).query(async ({ ctx, input }) => serializeNode(await getOwnedNode(ctx.db, ctx.org.id, input.id))),
  createNode: providerProcedure
    .input(CreateNodeInput)
    .mutation(async ({ ctx, input }) => serializeNode(await createNode(ctx.db, ctx.org.id, input))),
  updateNode: providerProcedure
    .input(z.object({ id: z.string(), patch: UpdateNodeInput }))
    .mutation(async ({ ctx, input }) => serializeNode(await updateNode(ctx.db, ctx.org.id, input.id, input.patch))),
  retireNode: providerProcedure.input(Id).mutation(async ({ ctx, input }) => {
    const r = await retireNode(ctx.db, ctx.org.id, input.id, new Date());
    return { node: serializeNode(r.node), withdrawnWindows: r.withdrawnWindows };
  }),

  windows: providerProcedure.input(ListWindowsInput).query(({ ctx, input }) => listWindows(ctx.db, ctx.org.id, input, new Date())),
  createWindow: providerProcedure
    .input(CreateWindowInput)
    .mutation(async ({ ctx, input }) => serializeWindow(await createWindow(ctx.db, ctx.org.id, input, new Date()))),
  updateWindow: providerProcedure
    .input(z.object({ id: z.string(), patch: UpdateWindowInput }))
    .mutation(async ({ ctx, input }) => serializeWindow(await updateWindow(ctx.db, ctx.org.id, input.id, input.patch, new Date()))),
  reclaimWindow: providerProcedure
    .input(z.object({ id: z.string(), reclaim: ReclaimInput }))
    .mutation(async ({ ctx, input }) => {
      const r = await reclaimAndRepair(ctx.db, ctx.org.id, input.id, input.reclaim, new Date());
      return { id: r.id, at: r.at.toISOString(), brokePromise: r.brokePromise, soldGpuHoursLost: r.soldGpuHoursLost, status: r.status };
    }),
  deleteWindow: providerProcedure.input(Id).mutation(({ ctx, input }) => deleteWindow(ctx.db, ctx.org.id, input.id, new Date())),

  calendar: providerProcedure.input(CalendarInput).query(({ ctx, input }) => getCalendar(ctx.db, ctx.org.id, input)),

  feed: providerProcedure.input(Id).query(({ ctx, input }) => getIcsFeed(ctx.db, ctx.org.id, input.id)),
  saveFeed: providerProcedure
    .input(z.object({ nodeId: z.string(), feed: IcsFeedInput }))
    .mutation(({ ctx, input }) => upsertIcsFeed(ctx.db, ctx.org.id, input.nodeId, input.feed)),
  removeFeed: providerProcedure.input(Id).mutation(({ ctx, input }) => removeIcsFeed(ctx.db, ctx.org.id, input.id)),
  /** Queues a sync now; the job id makes a double click one sync per minute. */
  syncFeedNow: providerProcedure.input(Id).mutation(async ({ ctx, input }) => {
    const feed = await getIcsFeed(ctx.db, ctx.org.id, input.id);
    if (!feed) throw new AppError('NOT_FOUND', 'This node has no calendar feed.');
    const minute = Math.floor(Date.now() / 60_000);
    await getQueue('feeds', sharedRedis()).add('ics-feed.sync', { feedId: feed.id }, { jobId: `ics-sync-${feed.id}-now-${minute}` });
    return { queued: true as const };
  }),

  previewImport: providerProcedure.input(ImportInput).mutation(({ ctx, input }) => previewImport(ctx.db, ctx.org.id, input, new Date())),
  commitImport: providerProcedure.input(ImportInput).mutation(({ ctx, input }) => commitImport(ctx.db, ctx.org.id, input, new Date())),
});
