// Small random pack-v1 instances for property tests: a fast-check arbitrary that
// covers what the judge's rules depend on (overlapping windows, shared nodes, tight
// budgets and caps, models that need several nodes, committed segments).
import fc from 'fast-check';
import { GPU_CATALOG, jobFieldsOf, profilePreset, type PresetName } from './profile-model';
import type { Instance, PackJob, PackWindow } from './types';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const REGIONS = ['us-east', 'eu-west', 'eu-north'];
const LATENCY: Record<string, Record<string, number>> = {
  'us-east': { 'us-east': 2, 'eu-west': 80, 'eu-north': 90 },
  'eu-west': { 'us-east': 80, 'eu-west': 2, 'eu-north': 35 },
  'eu-north': { 'us-east': 90, 'eu-west': 35, 'eu-north': 2 },
};
const TYPES = ['H100-80G', 'A100-80G', 'A100-40G', 'L40S-48G', 'RTX4090-24G', 'M4Pro-48G'] as const;

const windowArb = fc.record({
  node: fc.integer({ min: 0, max: 5 }),
  type: fc.constantFrom(...TYPES),
  gpuCount: fc.constantFrom(1, 2, 4, 8),
  startMin: fc.integer({ min: -120, max: 36 * 60 }),
  lenMin: fc.integer({ min: 30, max: 14 * 60 }),
  askFrac: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
  gbps: fc.constantFrom(1, 25, 100),
  hazard: fc.double({ min: 0, max: 0.08, noNaN: true }),
  // Seconds off the minute grid, so rounding to minutes is exercised.
  jitterSec: fc.constantFrom(0, 0, 0, 17, 59),
});

const jobArb = fc.record({
  model: fc.constantFrom<PresetName>('1B', '7B', '7B', '13B', '70B'),
  startMin: fc.integer({ min: 0, max: 24 * 60 }),
  lenMin: fc.integer({ min: 30, max: 40 * 60 }),
  tokensM: fc.integer({ min: 1, max: 3000 }),
  cap: fc.integer({ min: 30, max: 300 }),
  budget: fc.integer({ min: 0, max: 300_000 }),
  hop: fc.constantFrom(40, 100, 250),
  minSeg: fc.constantFrom(30, 60, 90),
  restart: fc.constantFrom(0, 5, 15, 7.5),
  jitterSec: fc.constantFrom(0, 0, 31),
});

export const instanceArb: fc.Arbitrary<Instance> = fc
  .record({
    windows: fc.array(windowArb, { minLength: 1, maxLength: 14 }),
    jobs: fc.array(jobArb, { minLength: 1, maxLength: 6 }),
    nowShiftMin: fc.integer({ min: 0, max: 180 }),
    nowJitterSec: fc.constantFrom(0, 0, 42),
  })
  .map(({ windows, jobs, nowShiftMin, nowJitterSec }) => {
    const ws: PackWindow[] = windows.map((w, i) => {
      const gt = GPU_CATALOG[w.type];
      const s = NOW + w.startMin * 60e3 + w.jitterSec * 1e3;
      return {
        id: `w${i}`,
        providerId: `p${w.node}`,
        nodeId: `n${w.node}-${w.type}`,
        region: REGIONS[w.node % REGIONS.length],
        gpuType: w.type,
        gpuCount: w.gpuCount,
        start: iso(s),
        end: iso(s + w.lenMin * 60e3),
        askCentsPerGpuHour: Math.max(1, Math.round(gt.onDemandCentsPerGpuHour * w.askFrac)),
        nodeGbps: w.gbps,
        reclaimPerHour: w.hazard,
      };
    });
    const js: PackJob[] = jobs.map((j, i) => {
      const s = NOW + j.startMin * 60e3 + j.jitterSec * 1e3;
      return {
        id: `j${i}`,
        buyerId: `b${i % 2}`,
        model: j.model,
        ...jobFieldsOf(profilePreset(j.model, { mfu: 0.4 })),
        targetTokens: j.tokensM * 1e6,
        earliestStart: iso(s),
        deadline: iso(s + j.lenMin * 60e3),
        maxCentsPerGpuHour: j.cap,
        budgetCents: j.budget,
        maxHopLatencyMs: j.hop,
        minSegmentMinutes: j.minSeg,
        restartMinutes: j.restart,
        checkpointMinutes: 30,
      };
    });
    const gpuTypes = Object.fromEntries(
      TYPES.map((t) => [t, { memGiB: GPU_CATALOG[t].memGiB, tflops: GPU_CATALOG[t].tflops, onDemandCentsPerGpuHour: GPU_CATALOG[t].onDemandCentsPerGpuHour }]),
    );
    return {
      format: 'pack-v1' as const,
      name: 'prop',
      now: iso(NOW + nowShiftMin * 60e3 + nowJitterSec * 1e3),
      gpuTypes,
      latencyMs: LATENCY,
      windows: ws,
      jobs: js,
    };
  });
