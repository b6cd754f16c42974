import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan, rateOfStages } from './check-plan';
import { instanceArb } from './make-instance';
import { pack } from './pack-plan';
import type { Instance, Plan, Segment } from './types';

// The judge lives beside the repository (../shared at the repo root, locally and in CI).
type Judge = {
  index: (inst: unknown) => unknown;
  check: (ix: unknown, segs: unknown, opts?: { committed?: unknown; spentCents?: unknown }) => string[];
};
let judge: Judge;
const sharedDir = path.resolve(process.cwd(), '../shared/packing');
beforeAll(async () => {
  judge = (await import(path.join(sharedDir, 'evaluate.mjs'))) as Judge;
});

const judgeCheck = (inst: Instance, plan: Plan) =>
  judge.check(judge.index(inst), plan.segments, { committed: inst.committed ?? [], spentCents: inst.spentCents ?? {} });

/** What the judge hands the packer after a reclaim of `windowId` at `at` with no notice. */
function afterReclaim(inst: Instance, plan: Plan, windowId: string, at: number): Instance {
  const windows = new Map(inst.windows.map((w) => [w.id, w]));
  const jobs = new Map(inst.jobs.map((j) => [j.id, j]));
  const running = plan.segments.filter((s) => Date.parse(s.start) < at && Date.parse(s.end) > at);
  // A segment on the reclaimed window ends at `at` = now, so it is finished, not committed.
  const committed: Segment[] = running.filter((s) => !s.stages.some((st) => st.windowId === windowId));
  const done: Record<string, number> = {};
  const spentCents: Record<string, number> = {};
  for (const s of plan.segments.filter((x) => Date.parse(x.start) < at)) {
    const job = jobs.get(s.jobId)!;
    const { rate, centsPerHour } = rateOfStages(inst, windows, job, s.stages);
    const end = Math.min(Date.parse(s.end), at);
    const hours = (end - Date.parse(s.start)) / 3.6e6;
    done[s.jobId] = (done[s.jobId] ?? 0) + rate * Math.max(0, hours * 3600 - job.restartMinutes * 60);
    spentCents[s.jobId] = (spentCents[s.jobId] ?? 0) + centsPerHour * hours;
  }
  return {
    ...inst,
    now: new Date(at).toISOString(),
    windows: inst.windows
      .map((w) => (w.id === windowId ? { ...w, end: new Date(Math.min(Date.parse(w.end), at)).toISOString() } : w))
      .filter((w) => Date.parse(w.end) > at),
    committed,
    done,
    spentCents,
  };
}

describe('pack', () => {
  it('plans that pass our checker and the judge, on random small instances', () => {
    fc.assert(
      fc.property(instanceArb, (inst) => {
        const plan = pack(inst);
        expect(checkPlan(inst, plan.segments)).toEqual([]);
        expect(judgeCheck(inst, plan)).toEqual([]);
        for (const s of plan.segments) {
          expect(Date.parse(s.start) % 60_000).toBe(0);
          expect(Date.parse(s.end) % 60_000).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('repairs after a reclaim without breaking a rule, committed segments included', () => {
    fc.assert(
      fc.property(instanceArb, fc.nat(), fc.integer({ min: 0, max: 48 * 60 }), (inst, pick, minutes) => {
        const plan = pack(inst);
        const windowId = inst.windows[pick % inst.windows.length].id;
        const at = Date.parse(inst.now) + minutes * 60e3;
        const next = afterReclaim(inst, plan, windowId, at);
        const again = pack(next);
        expect(checkPlan(next, again.segments)).toEqual([]);
        expect(judgeCheck(next, again)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('fills a job that one free node can finish, in one segment, at the cheapest window', () => {
    const inst: Instance = {
      format: 'pack-v1',
      now: '2026-12-01T00:00:00Z',
      gpuTypes: { 'H100-80G': { memGiB: 80, tflops: 989, onDemandCentsPerGpuHour: 299 } },
      latencyMs: { x: { x: 2 } },
      windows: [
        { id: 'cheap', providerId: 'p', nodeId: 'n1', region: 'x', gpuType: 'H100-80G', gpuCount: 8, start: '2026-12-01T00:00:00Z', end: '2026-12-01T12:00:00Z', askCentsPerGpuHour: 100, nodeGbps: 25 },
        { id: 'dear', providerId: 'p', nodeId: 'n2', region: 'x', gpuType: 'H100-80G', gpuCount: 8, start: '2026-12-01T00:00:00Z', end: '2026-12-01T12:00:00Z', askCentsPerGpuHour: 200, nodeGbps: 25 },
      ],
      jobs: [
        { id: 'j', buyerId: 'b', layers: 32, layerMemGiB: 5.5, stageBaseMemGiB: 6, layerGflopPerToken: 1.3, hopMBPerToken: 0.0164, mfu: 0.4, targetTokens: 5e8, earliestStart: '2026-12-01T00:00:00Z', deadline: '2026-12-02T00:00:00Z', maxCentsPerGpuHour: 250, budgetCents: 1e6, maxHopLatencyMs: 40, minSegmentMinutes: 60, restartMinutes: 10, checkpointMinutes: 30 },
      ],
    };
    const plan = pack(inst);
    expect(plan.segments).toHaveLength(1);
    const [s] = plan.segments;
    expect(s.stages).toEqual([{ windowId: 'cheap', gpus: 3, layers: 32 }]);
    const windows = new Map(inst.windows.map((w) => [w.id, w]));
    const { rate } = rateOfStages(inst, windows, inst.jobs[0], s.stages);
    const tokens = rate * ((Date.parse(s.end) - Date.parse(s.start)) / 1e3 - 600);
    expect(tokens).toBeGreaterThanOrEqual(5e8);
    // Not more than a minute of overshoot.
    expect(tokens - 5e8).toBeLessThan(rate * 60);
  });

  it('spreads a 70B model over several nodes when no node holds it', () => {
    const w = (id: string, node: string) => ({ id, providerId: 'p', nodeId: node, region: 'x', gpuType: 'H100-80G', gpuCount: 8, start: '2026-12-01T00:00:00Z', end: '2026-12-01T12:00:00Z', askCentsPerGpuHour: 100, nodeGbps: 100 });
    const inst: Instance = {
      format: 'pack-v1',
      now: '2026-12-01T00:00:00Z',
      gpuTypes: { 'H100-80G': { memGiB: 80, tflops: 989, onDemandCentsPerGpuHour: 299 } },
      latencyMs: { x: { x: 2 } },
      windows: [w('a', 'n1'), w('b', 'n2'), w('c', 'n3')],
      jobs: [
        { id: 'j', buyerId: 'b', layers: 80, layerMemGiB: 18.8, stageBaseMemGiB: 8, layerGflopPerToken: 5.3, hopMBPerToken: 0.0328, mfu: 0.4, targetTokens: 1e8, earliestStart: '2026-12-01T00:00:00Z', deadline: '2026-12-02T00:00:00Z', maxCentsPerGpuHour: 250, budgetCents: 1e6, maxHopLatencyMs: 40, minSegmentMinutes: 60, restartMinutes: 10, checkpointMinutes: 30 },
      ],
    };
    const plan = pack(inst);
    expect(checkPlan(inst, plan.segments)).toEqual([]);
    expect(plan.segments).toHaveLength(1);
    expect(plan.segments[0].stages.length).toBe(3);
    expect(plan.segments[0].stages.reduce((s, st) => s + st.layers, 0)).toBe(80);
  });

  it('keeps committed segments: their GPUs and their job stay taken', () => {
    const inst = JSON.parse(readFileSync(path.join(sharedDir, 'samples/s-seed1.json'), 'utf8')) as Instance;
    const first = pack(inst);
    expect(first.segments.length).toBeGreaterThan(0);
    const at = Date.parse(first.segments[0].start) + 30 * 60e3;
    const used = new Set(first.segments.flatMap((s) => s.stages.map((st) => st.windowId)));
    const idle = inst.windows.find((w) => !used.has(w.id))!;
    const next = afterReclaim(inst, first, idle.id, at);
    expect(next.committed!.length).toBeGreaterThan(0);
    const again = pack(next);
    expect(checkPlan(next, again.segments)).toEqual([]);
    for (const s of again.segments) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(at);
    // The running segment's job does not run again before that segment ends.
    const running = next.committed![0];
    for (const s of again.segments.filter((x) => x.jobId === running.jobId)) {
      expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse(running.end));
    }
  });

  it('passes the judge on the shared samples', () => {
    for (const name of ['s-seed1', 'm-seed2']) {
      const inst = JSON.parse(readFileSync(path.join(sharedDir, `samples/${name}.json`), 'utf8')) as Instance;
      const plan = pack(inst);
      expect(judgeCheck(inst, plan)).toEqual([]);
      expect(plan.segments.length).toBeGreaterThan(0);
    }
  });
});
