import { z } from 'zod';
import { REGION_IDS } from '../inventory/regions';
import { IsoDateTime } from '../inventory/schemas';

const int = (what: string) => z.number({ message: `${what} must be a number` }).int(`${what} must be a whole number`);

export const ModelArchitecture = z
  .object({
    layers: int('layers').min(1).max(200),
    hidden: int('hidden size').min(64).max(65_536),
    heads: int('attention heads').min(1).max(512),
    kvHeads: int('KV heads').min(1).max(512),
    ffn: int('FFN size').min(64).max(262_144),
    vocab: int('vocabulary').min(256).max(1_000_000),
    seqLen: int('sequence length').min(128).max(131_072),
    microBatch: int('micro-batch').min(1).max(64),
  })
  .refine((m) => m.hidden % m.heads === 0, { message: 'hidden size must be a multiple of the attention heads', path: ['hidden'] })
  .refine((m) => m.heads % m.kvHeads === 0, { message: 'attention heads must be a multiple of the KV heads', path: ['kvHeads'] });

export const ModelSpec = z.union([
  z.object({ preset: z.enum(['1B', '7B', '13B', '70B']) }),
  z.object({ architecture: ModelArchitecture }),
]).meta({ id: 'ModelSpec', description: 'A preset (Llama-2 shapes) or an architecture' });
export type ModelSpec = z.infer<typeof ModelSpec>;

export const CreateJobInput = z
  .object({
    name: z.string().trim().min(1, 'Name the job').max(80),
    model: ModelSpec,
    targetTokens: z.number().positive('Tokens to train must be positive').max(1e14, 'At most 100 trillion tokens'),
    earliestStart: IsoDateTime,
    deadline: IsoDateTime,
    budgetCents: int('budget').min(100, 'The budget must be at least $1').max(1_000_000_000),
    maxCentsPerGpuHour: int('price cap').min(1, 'The price cap must be positive').max(100_000),
    regions: z.array(z.enum(REGION_IDS)).min(1, 'Allow at least one region'),
    minNoticeMinutes: int('minimum notice').min(0, 'cannot be negative').max(24 * 60),
    image: z.string().trim().min(1, 'Give the container image').max(300).regex(/^[\w.\-/:@]+$/, 'must be an image reference like ghcr.io/acme/train:1.4'),
    command: z.string().trim().min(1, 'Give the command each stage runs').max(2000),
  })
  .refine((j) => Date.parse(j.deadline) > Date.parse(j.earliestStart), { message: 'The deadline must be after the earliest start', path: ['deadline'] })
  .meta({ id: 'CreateJob' });
export type CreateJobInput = z.infer<typeof CreateJobInput>;
