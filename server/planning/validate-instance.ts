// Parses untrusted pack-v1 input (CLI, API) into an Instance, with one-line errors.
import { z } from 'zod';
import type { Instance } from './types';

const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not an ISO-8601 time');
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const GpuTypeSchema = z.object({ memGiB: positive, tflops: positive, onDemandCentsPerGpuHour: nonNegative });

const WindowSchema = z.object({
  id: z.string().min(1),
  providerId: z.string(),
  nodeId: z.string().min(1),
  region: z.string().min(1),
  gpuType: z.string().min(1),
  gpuCount: z.number().int().positive(),
  start: isoTime,
  end: isoTime,
  askCentsPerGpuHour: nonNegative,
  nodeGbps: positive,
  reclaimPerHour: nonNegative.optional(),
});

const JobSchema = z.object({
  id: z.string().min(1),
  buyerId: z.string(),
  model: z.string().optional(),
  layers: z.number().int().positive(),
  layerMemGiB: positive,
  stageBaseMemGiB: nonNegative,
  layerGflopPerToken: positive,
  hopMBPerToken: positive,
  mfu: z.number().positive().max(1),
  targetTokens: nonNegative,
  earliestStart: isoTime,
  deadline: isoTime,
  maxCentsPerGpuHour: nonNegative,
  budgetCents: nonNegative,
  maxHopLatencyMs: nonNegative,
  minSegmentMinutes: nonNegative,
  restartMinutes: nonNegative,
  checkpointMinutes: positive,
});

const StageSchema = z.object({ windowId: z.string(), gpus: z.number().int().positive(), layers: z.number().int().positive() });
const SegmentSchema = z.object({ jobId: z.string(), start: isoTime, end: isoTime, stages: z.array(StageSchema).min(1) });

export const InstanceSchema = z.object({
  format: z.literal('pack-v1'),
  name: z.string().optional(),
  now: isoTime,
  gpuTypes: z.record(z.string(), GpuTypeSchema),
  latencyMs: z.record(z.string(), z.record(z.string(), nonNegative)),
  windows: z.array(WindowSchema),
  jobs: z.array(JobSchema),
  committed: z.array(SegmentSchema).optional(),
  done: z.record(z.string(), z.number().finite()).optional(),
  spentCents: z.record(z.string(), z.number().finite()).optional(),
});

export type ValidationResult = { ok: true; instance: Instance } | { ok: false; error: string };

/** Shape by zod, then the cross references zod cannot see (types, regions, ids). */
export function validateInstance(input: unknown): ValidationResult {
  const parsed = InstanceSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'instance';
    return { ok: false, error: `invalid instance: ${where}: ${issue.message}` };
  }
  const inst = parsed.data as Instance;
  const windowIds = new Set<string>();
  for (const [i, w] of inst.windows.entries()) {
    if (!inst.gpuTypes[w.gpuType]) return { ok: false, error: `invalid instance: windows.${i}.gpuType: unknown GPU type ${w.gpuType}` };
    if (!inst.latencyMs[w.region]) return { ok: false, error: `invalid instance: windows.${i}.region: no latency row for ${w.region}` };
    if (windowIds.has(w.id)) return { ok: false, error: `invalid instance: windows.${i}.id: duplicate id ${w.id}` };
    windowIds.add(w.id);
  }
  for (const [a, row] of Object.entries(inst.latencyMs)) {
    for (const b of Object.keys(inst.latencyMs)) {
      if (row[b] === undefined) return { ok: false, error: `invalid instance: latencyMs.${a}.${b}: missing` };
    }
  }
  const jobIds = new Set<string>();
  for (const [i, j] of inst.jobs.entries()) {
    if (jobIds.has(j.id)) return { ok: false, error: `invalid instance: jobs.${i}.id: duplicate id ${j.id}` };
    jobIds.add(j.id);
  }
  for (const [i, c] of (inst.committed ?? []).entries()) {
    if (!jobIds.has(c.jobId)) return { ok: false, error: `invalid instance: committed.${i}.jobId: unknown job ${c.jobId}` };
  }
  return { ok: true, instance: inst };
}
