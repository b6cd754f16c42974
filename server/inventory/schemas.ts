import { z } from 'zod';
import { GPU_MODEL_IDS, MAX_GPUS_PER_NODE } from './gpu-catalog';
import { REGION_IDS } from './regions';

// The inventory's input and output shapes, shared by tRPC, the REST API (and its OpenAPI
// document), the forms and the importers. Times travel as ISO-8601 strings with an offset.

export const IsoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-12-01T22:00:00Z' })
  .meta({ example: '2026-12-01T22:00:00Z' });

const name = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const NodeFields = z.object({
  name: name.meta({ description: 'A name unique within the organization', example: 'dgx-07' }),
  gpuModel: z.enum(GPU_MODEL_IDS, { message: `must be one of ${GPU_MODEL_IDS.join(', ')}` }),
  gpuCount: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_GPUS_PER_NODE, `must be at most ${MAX_GPUS_PER_NODE}`),
  networkGbps: z.number().positive('must be positive').max(3200, 'must be at most 3200 Gbit/s').meta({ description: "The node's network bandwidth to other nodes, Gbit/s" }),
  region: z.enum(REGION_IDS, { message: `must be one of ${REGION_IDS.join(', ')}` }),
});
export const CreateNodeInput = NodeFields.meta({ id: 'CreateNode' });
export type CreateNodeInput = z.infer<typeof CreateNodeInput>;
export const UpdateNodeInput = NodeFields.partial().meta({ id: 'UpdateNode' });
export type UpdateNodeInput = z.infer<typeof UpdateNodeInput>;

export const NodeOut = z
  .object({
    id: z.string(),
    name: z.string(),
    gpuModel: z.string(),
    gpuCount: z.number().int(),
    gpuMemGiB: z.number().int(),
    networkGbps: z.number(),
    region: z.string(),
    status: z.enum(['ACTIVE', 'RETIRED']),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Node' });

export const WindowFields = z.object({
  startsAt: IsoDateTime.meta({ description: 'Start of the idle interval (inclusive)' }),
  endsAt: IsoDateTime.meta({ description: 'End of the idle interval (exclusive)' }),
  gpuCount: z.number().int('must be a whole number').min(1, 'must be at least 1').meta({ description: "How many of the node's GPUs are for sale" }),
  askCentsPerGpuHour: z
    .number()
    .int('must be whole cents')
    .min(0, 'cannot be negative')
    .max(100_000, 'must be at most 100000 cents ($1,000) per GPU-hour')
    .meta({ description: 'Ask in US cents per GPU-hour' }),
  noticeMinutes: z
    .number()
    .int('must be whole minutes')
    .min(0, 'cannot be negative')
    .max(7 * 24 * 60, 'must be at most a week')
    .meta({ description: 'Notice the provider promises before reclaiming the window' }),
  minBookingMinutes: z
    .number()
    .int('must be whole minutes')
    .min(15, 'must be at least 15 minutes')
    .max(30 * 24 * 60, 'must be at most 30 days')
    .nullish()
    .meta({ description: 'Shortest booking the provider accepts (optional)' }),
});
export type WindowFields = z.infer<typeof WindowFields>;

export const CreateWindowInput = WindowFields.extend({ nodeId: z.string().min(1, 'is required') }).meta({ id: 'CreateWindow' });
export type CreateWindowInput = z.infer<typeof CreateWindowInput>;
export const UpdateWindowInput = WindowFields.partial().meta({ id: 'UpdateWindow' });
export type UpdateWindowInput = z.infer<typeof UpdateWindowInput>;
export const ReplaceWindowsInput = z
  .object({ windows: z.array(WindowFields).max(2_000, 'at most 2000 windows per call') })
  .meta({ id: 'ReplaceWindows' });
export type ReplaceWindowsInput = z.infer<typeof ReplaceWindowsInput>;

export const WindowOut = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    gpuCount: z.number().int(),
    askCentsPerGpuHour: z.number().int(),
    noticeMinutes: z.number().int(),
    minBookingMinutes: z.number().int().nullable(),
    source: z.enum(['MANUAL', 'CSV', 'ICS', 'API', 'SEED']),
  })
  .meta({ id: 'Window' });

export const Pagination = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, 'pageSize must be at most 200').default(50),
});

export const ListWindowsInput = Pagination.extend({
  nodeId: z.string().optional(),
  from: IsoDateTime.optional().meta({ description: 'Only windows that end after this instant' }),
  to: IsoDateTime.optional().meta({ description: 'Only windows that start before this instant' }),
  gpuModel: z.enum(GPU_MODEL_IDS).optional(),
  region: z.enum(REGION_IDS).optional(),
  when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
});
export type ListWindowsInput = z.infer<typeof ListWindowsInput>;

export const ListNodesInput = Pagination.extend({
  status: z.enum(['ACTIVE', 'RETIRED', 'ALL']).default('ACTIVE'),
  q: z.string().trim().max(80).optional(),
});
export type ListNodesInput = z.infer<typeof ListNodesInput>;
