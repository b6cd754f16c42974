import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan } from './check-plan';
import { instanceArb } from './make-instance';
import { pack } from './pack-plan';
import type { Instance, Segment } from './types';

type Judge = { index: (i: unknown) => unknown; check: (ix: unknown, s: unknown, o?: unknown) => string[] };
let judge: Judge;
beforeAll(async () => {
  judge = (await import(path.resolve(process.cwd(), '../shared/packing/evaluate.mjs'))) as Judge;
});

const iso = (ms: number) => new Date(ms).toISOString();

/** Ways to break one segment of a feasible plan; each breaks a rule the judge checks. */
const breakers: Record<string, (inst: Instance, s: Segment) => Segment | null> = {
  'too early': (inst, s) => ({ ...s, start: iso(Date.parse(inst.now) - 60e3) }),
  'past the deadline': (inst, s) => {
    const job = inst.jobs.find((j) => j.id === s.jobId)!;
    return { ...s, end: iso(Date.parse(job.deadline) + 60e3) };
  },
  'too short': (inst, s) => {
    const job = inst.jobs.find((j) => j.id === s.jobId)!;
    return job.minSegmentMinutes > 1 ? { ...s, end: iso(Date.parse(s.start) + (job.minSegmentMinutes - 1) * 60e3) } : null;
  },
  'layers do not add up': (_, s) => ({ ...s, stages: s.stages.map((st, k) => (k === 0 ? { ...st, layers: st.layers + 1 } : st)) }),
  'zero GPUs': (_, s) => ({ ...s, stages: s.stages.map((st, k) => (k === 0 ? { ...st, gpus: 0 } : st)) }),
  'unknown window': (_, s) => ({ ...s, stages: s.stages.map((st, k) => (k === 0 ? { ...st, windowId: 'nope' } : st)) }),
  'more GPUs than offered': (inst, s) => {
    const w = inst.windows.find((x) => x.id === s.stages[0].windowId)!;
    return { ...s, stages: s.stages.map((st, k) => (k === 0 ? { ...st, gpus: w.gpuCount + 1 } : st)) };
  },
};

describe('checkPlan', () => {
  it('accepts what the packer plans and rejects each kind of broken segment, as the judge does', () => {
    let broken = 0;
    fc.assert(
      fc.property(instanceArb, fc.constantFrom(...Object.keys(breakers)), (inst, how) => {
        const plan = pack(inst);
        expect(checkPlan(inst, plan.segments)).toEqual([]);
        if (plan.segments.length === 0) return;
        const bad = breakers[how](inst, plan.segments[0]);
        if (!bad) return;
        const segments = [bad, ...plan.segments.slice(1)];
        const ours = checkPlan(inst, segments);
        const theirs = judge.check(judge.index(inst), segments);
        expect(ours.length > 0).toBe(true);
        expect(theirs.length > 0).toBe(true);
        broken++;
      }),
      { numRuns: 200 },
    );
    expect(broken).toBeGreaterThan(20);
  });

  it('catches a job running two segments at once and a plan over budget', () => {
    const inst: Instance = {
      format: 'pack-v1',
      now: '2026-12-01T00:00:00Z',
      gpuTypes: { G: { memGiB: 80, tflops: 989, onDemandCentsPerGpuHour: 299 } },
      latencyMs: { x: { x: 2 } },
      windows: [
        { id: 'a', providerId: 'p', nodeId: 'n1', region: 'x', gpuType: 'G', gpuCount: 8, start: '2026-12-01T00:00:00Z', end: '2026-12-01T10:00:00Z', askCentsPerGpuHour: 100, nodeGbps: 25 },
        { id: 'b', providerId: 'p', nodeId: 'n2', region: 'x', gpuType: 'G', gpuCount: 8, start: '2026-12-01T00:00:00Z', end: '2026-12-01T10:00:00Z', askCentsPerGpuHour: 100, nodeGbps: 25 },
      ],
      jobs: [
        { id: 'j', buyerId: 'b', layers: 4, layerMemGiB: 1, stageBaseMemGiB: 1, layerGflopPerToken: 1, hopMBPerToken: 0.01, mfu: 0.4, targetTokens: 1e9, earliestStart: '2026-12-01T00:00:00Z', deadline: '2026-12-01T10:00:00Z', maxCentsPerGpuHour: 200, budgetCents: 250, maxHopLatencyMs: 40, minSegmentMinutes: 60, restartMinutes: 5, checkpointMinutes: 30 },
      ],
    };
    const seg = (w: string, gpus: number): Segment => ({ jobId: 'j', start: '2026-12-01T01:00:00Z', end: '2026-12-01T03:00:00Z', stages: [{ windowId: w, gpus, layers: 4 }] });
    expect(checkPlan(inst, [seg('a', 1)])).toEqual([]);
    expect(checkPlan(inst, [seg('a', 1), seg('b', 1)]).join()).toMatch(/overlap/);
    expect(checkPlan(inst, [seg('a', 2)]).join()).toMatch(/over budget/);
    expect(checkPlan({ ...inst, spentCents: { j: 100 } }, [seg('a', 1)]).join()).toMatch(/over budget/);
    expect(checkPlan({ ...inst, committed: [seg('b', 1)] }, [seg('a', 1)]).join()).toMatch(/overlap/);
  });
});
