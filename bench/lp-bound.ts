// Bounds for judging the packer, solved with HiGHS (npm `highs`, wasm).
//
// lpBound: an LP relaxation in GPU-hours. x[j,w] = GPU-hours job j gets on window w.
// Every pipeline's rate is at most (sum of its stages' GPUs x TFLOPS x mfu) / (layers x
// GFLOP per layer), so a job's tokens are at most sum_w k[j,w] x[j,w] with k the tokens
// one GPU-hour of w gives when all layers ran on it at full speed. Capacity, the
// job's time range, price cap and budget are kept, and a job may use a window only
// while the eligible windows of the regions a pipeline through it can reach (hops
// within the job's latency cap, chained) together could hold all its layers; sharing
// memory with other jobs, hop bandwidth, restarts, one segment at a time and
// integrality are dropped. So the LP optimum is an upper
// bound on demand fill, and the LP minimum cost of delivering given tokens per job is
// a lower bound on what any plan pays for them.
//
// exactOptimum: on tiny instances, a MILP over every single-window segment on a
// time grid (all window and job bounds are grid points); with multi-node pipelines
// made useless by the instance (no bandwidth), it is the optimum of demand fill.
import loadHighs from 'highs';
import { stageRate } from '../server/planning/partition-pipeline';
import type { Instance } from '../server/planning/types';

const HOUR = 3_600_000;
type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | null = null;
const highs = () => (highsPromise ??= loadHighs());

interface Pair {
  j: number;
  w: number;
  mtokPerGpuHour: number;
  ask: number;
  maxGpuHours: number;
}

/**
 * Stretches of [a, b), at least a minimum segment long, when the job's eligible windows
 * together hold all its layers (other jobs ignored): no segment can run outside them.
 */
function feasibleStretches(
  inst: Instance,
  job: Instance['jobs'][number],
  wins: { s: number; e: number; gpuCount: number; gpuType: string; askCentsPerGpuHour: number; region: string }[],
  a: number,
  b: number,
  regions: Set<string>,
): [number, number][] {
  const ev: [number, number][] = [];
  for (const w of wins) {
    if (w.askCentsPerGpuHour > job.maxCentsPerGpuHour || w.e <= a || w.s >= b || !regions.has(w.region)) continue;
    const mem = w.gpuCount * inst.gpuTypes[w.gpuType].memGiB;
    const layers = Math.max(0, Math.floor((mem - job.stageBaseMemGiB) / job.layerMemGiB + 1e-9));
    if (layers === 0) continue;
    ev.push([Math.max(a, w.s), layers], [Math.min(b, w.e), -layers]);
  }
  ev.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  let held = 0;
  let from = -1;
  for (const [t, d] of ev) {
    const before = held >= job.layers;
    held += d;
    const after = held >= job.layers;
    if (!before && after) from = t;
    if (before && !after && t - from >= job.minSegmentMinutes * 60e3) out.push([from, t]);
  }
  return out;
}

function pairs(inst: Instance): Pair[] {
  const now = Date.parse(inst.now);
  const out: Pair[] = [];
  const wins = inst.windows.map((w) => ({ ...w, s: Date.parse(w.start), e: Date.parse(w.end) }));
  const regions = new Set([...Object.keys(inst.latencyMs), ...wins.map((w) => w.region)]);
  inst.jobs.forEach((job, j) => {
    const a = Math.max(now, Date.parse(job.earliestStart));
    const b = Date.parse(job.deadline);
    // Consecutive stages on different nodes must be within the job's latency cap, so all
    // stages of a pipeline lie in one connected group of regions (regions linked when
    // their latency is within the cap): a window is usable only while the eligible
    // windows of its group hold all the layers.
    const groupOf = new Map<string, Set<string>>();
    for (const r of regions) {
      if (groupOf.has(r)) continue;
      const group = new Set([r]);
      for (const x of group)
        for (const y of regions)
          if (!group.has(y) && (inst.latencyMs[x]?.[y] <= job.maxHopLatencyMs || inst.latencyMs[y]?.[x] <= job.maxHopLatencyMs)) group.add(y);
      for (const x of group) groupOf.set(x, group);
    }
    const stretchesOf = new Map<Set<string>, [number, number][]>();
    wins.forEach((w, wi) => {
      if (w.askCentsPerGpuHour > job.maxCentsPerGpuHour) return;
      const group = groupOf.get(w.region)!;
      let stretches = stretchesOf.get(group);
      if (!stretches) stretchesOf.set(group, (stretches = feasibleStretches(inst, job, wins, a, b, group)));
      let overlap = 0;
      for (const [p, q] of stretches) overlap += Math.max(0, Math.min(q, w.e) - Math.max(p, w.s));
      if (overlap <= 0) return;
      const tflops = inst.gpuTypes[w.gpuType].tflops;
      out.push({
        j,
        w: wi,
        mtokPerGpuHour: (tflops * 1e12 * job.mfu * 3600) / (job.layers * job.layerGflopPerToken * 1e9) / 1e6,
        ask: w.askCentsPerGpuHour,
        maxGpuHours: (w.gpuCount * overlap) / HOUR,
      });
    });
  });
  return out;
}

function lines(terms: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < terms.length; i += 8) out.push(terms.slice(i, i + 8).join(' '));
  return out.join('\n  ');
}

const num = (x: number) => (Math.abs(x) < 1e-12 ? '0' : x.toPrecision(12));

export interface LpBound {
  /** Upper bound on demand fill. */
  fillUpper: number;
  /** Lower bound on the cost (cents) of delivering `tokensPerJob`, when given. */
  costLower?: number;
  variables: number;
  ms: number;
}

/**
 * Upper bound on demand fill; with `tokensPerJob` (useful tokens a plan delivered, per
 * job id) also a lower bound on the cost of delivering at least those tokens.
 */
export async function lpBound(inst: Instance, tokensPerJob?: Record<string, number>): Promise<LpBound> {
  const t0 = performance.now();
  const h = await highs();
  const ps = pairs(inst);
  const remaining = inst.jobs.map((j) => Math.max(0, j.targetTokens - (inst.done?.[j.id] ?? 0)) / 1e6);
  const totalTarget = inst.jobs.reduce((s, j) => s + j.targetTokens, 0) / 1e6;
  const doneUseful = inst.jobs.reduce((s, j) => s + Math.min(j.targetTokens, inst.done?.[j.id] ?? 0), 0) / 1e6;
  const byWindow = new Map<number, number[]>();
  const byJob = new Map<number, number[]>();
  ps.forEach((p, i) => {
    (byWindow.get(p.w) ?? byWindow.set(p.w, []).get(p.w)!).push(i);
    (byJob.get(p.j) ?? byJob.set(p.j, []).get(p.j)!).push(i);
  });
  const rows = (withTarget: 'cap' | 'floor') => {
    const r: string[] = [];
    for (const [w, idx] of byWindow) {
      const win = inst.windows[w];
      const hours = (Date.parse(win.end) - Math.max(Date.parse(win.start), Date.parse(inst.now))) / HOUR;
      r.push(` w${w}: ${lines(idx.map((i) => `+ x${i}`))} <= ${num(win.gpuCount * hours)}`);
    }
    for (const [j, idx] of byJob) {
      const job = inst.jobs[j];
      const budget = job.budgetCents - (inst.spentCents?.[job.id] ?? 0);
      r.push(` b${j}: ${lines(idx.map((i) => `+ ${num(ps[i].ask)} x${i}`))} <= ${num(Math.max(0, budget))}`);
      if (withTarget === 'cap') r.push(` t${j}: ${lines(idx.map((i) => `+ ${num(ps[i].mtokPerGpuHour)} x${i}`))} <= ${num(remaining[j])}`);
      else {
        const want = Math.min(remaining[j], (tokensPerJob?.[job.id] ?? 0) / 1e6);
        if (want > 0) r.push(` t${j}: ${lines(idx.map((i) => `+ ${num(ps[i].mtokPerGpuHour)} x${i}`))} >= ${num(want * (1 - 1e-9))}`);
      }
    }
    return r;
  };
  const bounds = ps.map((p, i) => ` 0 <= x${i} <= ${num(p.maxGpuHours)}`);
  if (ps.length === 0) return { fillUpper: totalTarget ? doneUseful / totalTarget : 0, costLower: 0, variables: 0, ms: 0 };
  const fillLp = `Maximize\n obj: ${lines(ps.map((p, i) => `+ ${num(p.mtokPerGpuHour)} x${i}`))}\nSubject To\n${rows('cap').join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
  const fill = h.solve(fillLp, { output_flag: false });
  if (fill.Status !== 'Optimal') throw new Error(`LP bound: ${fill.Status}`);
  const out: LpBound = { fillUpper: (fill.ObjectiveValue + doneUseful) / totalTarget, variables: ps.length, ms: 0 };
  if (tokensPerJob) {
    const costLp = `Minimize\n obj: ${lines(ps.map((p, i) => `+ ${num(p.ask)} x${i}`))}\nSubject To\n${rows('floor').join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
    const cost = h.solve(costLp, { output_flag: false });
    // Infeasible only through rounding at the edge; then there is no bound to give.
    if (cost.Status === 'Optimal') out.costLower = cost.ObjectiveValue;
  }
  out.ms = performance.now() - t0;
  return out;
}

export interface ExactOptimum {
  fill: number;
  tokens: number;
  cost: number;
  candidates: number;
}

/**
 * Exact optimum of demand fill (then least cost) over single-window segments whose
 * ends lie on the grid of all window/job bounds and `stepMinutes` steps. Tiny instances only.
 */
export async function exactOptimum(inst: Instance, stepMinutes = 30): Promise<ExactOptimum> {
  const h = await highs();
  const now = Date.parse(inst.now);
  const grid = new Set<number>();
  for (const w of inst.windows) for (let t = Date.parse(w.start); t <= Date.parse(w.end); t += stepMinutes * 60e3) grid.add(t);
  for (const w of inst.windows) grid.add(Date.parse(w.end));
  for (const j of inst.jobs) grid.add(Math.max(now, Date.parse(j.earliestStart))), grid.add(Date.parse(j.deadline));
  const times = [...grid].filter((t) => t >= now).sort((a, b) => a - b);
  interface Cand {
    j: number;
    w: number;
    g: number;
    s: number;
    e: number;
    mtok: number;
    cost: number;
  }
  const cands: Cand[] = [];
  inst.jobs.forEach((job, j) => {
    const a = Math.max(now, Date.parse(job.earliestStart));
    const b = Date.parse(job.deadline);
    inst.windows.forEach((w, wi) => {
      if (w.askCentsPerGpuHour > job.maxCentsPerGpuHour) return;
      const gt = inst.gpuTypes[w.gpuType];
      for (let g = 1; g <= w.gpuCount; g++) {
        if (job.stageBaseMemGiB + job.layers * job.layerMemGiB > g * gt.memGiB) continue;
        const rate = stageRate(job, g, gt.tflops, job.layers);
        for (const s of times) {
          if (s < a || s < Date.parse(w.start)) continue;
          for (const e of times) {
            if (e > b || e > Date.parse(w.end) || e - s < job.minSegmentMinutes * 60e3) continue;
            const secs = (e - s) / 1e3 - job.restartMinutes * 60;
            if (secs <= 0) continue;
            cands.push({ j, w: wi, g, s, e, mtok: (rate * secs) / 1e6, cost: (g * w.askCentsPerGpuHour * (e - s)) / HOUR });
          }
        }
      }
    });
  });
  const rows: string[] = [];
  const slots = times.slice(0, -1);
  inst.windows.forEach((w, wi) => {
    for (const t of slots) {
      const on = cands.map((c, i) => [c, i] as const).filter(([c]) => c.w === wi && c.s <= t && c.e > t);
      if (on.length) rows.push(` c${wi}_${t}: ${lines(on.map(([c, i]) => `+ ${c.g} z${i}`))} <= ${w.gpuCount}`);
    }
  });
  inst.jobs.forEach((job, j) => {
    const mine = cands.map((c, i) => [c, i] as const).filter(([c]) => c.j === j);
    for (const t of slots) {
      const on = mine.filter(([c]) => c.s <= t && c.e > t);
      if (on.length > 1) rows.push(` o${j}_${t}: ${lines(on.map(([, i]) => `+ z${i}`))} <= 1`);
    }
    if (mine.length) {
      rows.push(` b${j}: ${lines(mine.map(([c, i]) => `+ ${num(c.cost)} z${i}`))} <= ${num(job.budgetCents)}`);
      rows.push(` y${j}: y${j} ${lines(mine.map(([c, i]) => `- ${num(c.mtok)} z${i}`))} <= 0`);
    }
  });
  const totalTarget = inst.jobs.reduce((s, j) => s + j.targetTokens, 0) / 1e6;
  if (cands.length === 0) return { fill: 0, tokens: 0, cost: 0, candidates: 0 };
  // Lexicographic: fill dominates; a tiny cost weight picks the cheapest among optima.
  const costWeight = 1e-7;
  const obj = [
    ...inst.jobs.map((_, j) => `+ y${j}`),
    ...cands.map((c, i) => `- ${num(c.cost * costWeight)} z${i}`),
  ];
  // A job with no candidate segment gets nothing: its y has no row to hold it down.
  const hasCands = new Set(cands.map((c) => c.j));
  const lp = `Maximize\n obj: ${lines(obj)}\nSubject To\n${rows.join('\n')}\nBounds\n${inst.jobs
    .map((job, j) => ` 0 <= y${j} <= ${hasCands.has(j) ? num(job.targetTokens / 1e6) : 0}`)
    .join('\n')}\nBinaries\n${lines(cands.map((_, i) => `z${i}`))}\nEnd\n`;
  const r = h.solve(lp, { output_flag: false, mip_rel_gap: 1e-9 });
  if (r.Status !== 'Optimal') throw new Error(`MILP: ${r.Status}`);
  let tokens = 0;
  let cost = 0;
  inst.jobs.forEach((_, j) => (tokens += r.Columns[`y${j}`]?.Primal ?? 0));
  cands.forEach((c, i) => (cost += Math.round(r.Columns[`z${i}`]?.Primal ?? 0) * c.cost));
  return { fill: tokens / totalTarget, tokens: tokens * 1e6, cost, candidates: cands.length };
}
