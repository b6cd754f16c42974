// Feasibility of a plan under pack-v1 rules 1-10 (FORMAT.md), mirroring the judge
// (/work/shared/packing/evaluate.mjs `check`) with the same tolerances, so that
// tests catch a broken plan before the judge does and booking can re-check a plan.
import { hopRate, stageRate } from './partition-pipeline';
import type { Instance, PackJob, PackWindow, Segment, Stage } from './types';

const HOUR_MS = 3_600_000;

const parseTime = (s: string): number => {
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : NaN;
};

/** Tokens per second and cents per hour of one pipeline, by the judge's formulas. */
export function rateOfStages(
  instance: Pick<Instance, 'gpuTypes'>,
  windows: ReadonlyMap<string, PackWindow>,
  job: PackJob,
  stages: readonly Stage[],
): { rate: number; centsPerHour: number } {
  let rate = Infinity;
  let centsPerHour = 0;
  stages.forEach((st, i) => {
    const w = windows.get(st.windowId)!;
    const g = instance.gpuTypes[w.gpuType];
    rate = Math.min(rate, stageRate(job, st.gpus, g.tflops, st.layers));
    centsPerHour += st.gpus * w.askCentsPerGpuHour;
    if (i > 0) {
      const p = windows.get(stages[i - 1].windowId)!;
      if (p.nodeId !== w.nodeId) rate = Math.min(rate, hopRate(job, p.nodeGbps, w.nodeGbps));
    }
  });
  return { rate, centsPerHour };
}

/** Every rule the plan breaks, as readable lines; empty when the plan is feasible. */
export function checkPlan(instance: Instance, segments: readonly Segment[]): string[] {
  const bad: string[] = [];
  const say = (i: number, msg: string) => bad.push(`segment ${i}: ${msg}`);
  const windows = new Map(instance.windows.map((w) => [w.id, w]));
  const jobs = new Map(instance.jobs.map((j) => [j.id, j]));
  const now = parseTime(instance.now);
  const usage = new Map<string, [number, number, number][]>();
  const busy = new Map<string, [number, number][]>();
  const cost = new Map<string, number>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const c of instance.committed ?? []) {
    for (const st of c.stages) push(usage, st.windowId, [parseTime(c.start), parseTime(c.end), st.gpus]);
    push(busy, c.jobId, [parseTime(c.start), parseTime(c.end)]);
  }
  segments.forEach((seg, i) => {
    const job = jobs.get(seg.jobId);
    if (!job) return say(i, `unknown job ${seg.jobId}`);
    const s = parseTime(seg.start);
    const e = parseTime(seg.end);
    if (!Number.isFinite(s) || !Number.isFinite(e)) return say(i, 'bad time');
    if (!(s < e)) say(i, 'start is not before end');
    if (s < Math.max(now, parseTime(job.earliestStart))) say(i, "starts before now or before the job's earliestStart");
    if (e > parseTime(job.deadline)) say(i, "ends after the job's deadline");
    if (e - s < job.minSegmentMinutes * 60e3) say(i, 'shorter than minSegmentMinutes');
    if (!Array.isArray(seg.stages) || seg.stages.length === 0) return say(i, 'no stages');
    let layers = 0;
    for (const [k, st] of seg.stages.entries()) {
      const w = windows.get(st.windowId);
      if (!w) return say(i, `stage ${k}: unknown window ${st.windowId}`);
      if (!Number.isInteger(st.gpus) || st.gpus < 1) say(i, `stage ${k}: gpus must be an integer >= 1`);
      if (!Number.isInteger(st.layers) || st.layers < 1) say(i, `stage ${k}: layers must be an integer >= 1`);
      layers += st.layers;
      if (parseTime(w.start) > s || e > parseTime(w.end)) say(i, `stage ${k}: window ${w.id} does not cover the segment`);
      const mem = instance.gpuTypes[w.gpuType].memGiB * st.gpus;
      if (job.stageBaseMemGiB + st.layers * job.layerMemGiB > mem + 1e-9) say(i, `stage ${k}: ${st.layers} layers do not fit ${mem} GiB`);
      if (w.askCentsPerGpuHour > job.maxCentsPerGpuHour) say(i, `stage ${k}: window ${w.id} asks more than the job's cap`);
      if (k > 0) {
        const p = windows.get(seg.stages[k - 1].windowId);
        if (p && p.nodeId !== w.nodeId && instance.latencyMs[p.region][w.region] > job.maxHopLatencyMs) {
          say(i, `stage ${k}: hop latency too high`);
        }
      }
      push(usage, w.id, [s, e, st.gpus]);
    }
    if (layers !== job.layers) say(i, `layers add up to ${layers}, not ${job.layers}`);
    push(busy, job.id, [s, e]);
    const { centsPerHour } = rateOfStages(instance, windows, job, seg.stages);
    cost.set(job.id, (cost.get(job.id) ?? 0) + (centsPerHour * (e - s)) / HOUR_MS);
  });
  for (const [wid, uses] of usage) {
    const cap = windows.get(wid)?.gpuCount ?? 0;
    const ev = uses.flatMap(([s, e, g]) => [[s, g], [e, -g]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let load = 0;
    for (const [, g] of ev) {
      load += g;
      if (load > cap) {
        bad.push(`window ${wid}: ${load} GPUs placed, ${cap} offered`);
        break;
      }
    }
  }
  for (const [jid, iv] of busy) {
    iv.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < iv.length; k++) {
      if (iv[k][0] < iv[k - 1][1]) {
        bad.push(`job ${jid}: two segments overlap`);
        break;
      }
    }
  }
  for (const [jid, c] of cost) {
    const job = jobs.get(jid)!;
    if ((instance.spentCents?.[jid] ?? 0) + c > job.budgetCents + 1e-6) bad.push(`job ${jid}: plan costs ${Math.round(c)} cents, over budget`);
  }
  return bad;
}
