// The packer: pack-v1 instance in, plan out. Pure: `now` comes from the instance.
//
// Design (why it looks like this):
// - Time is kept in whole minutes. Every window bound, `now`, earliest start and
//   deadline is rounded inwards to a minute, so every emitted time is minute-aligned
//   and every rule can be checked with integer arithmetic.
// - Jobs are served one at a time in order of tightness (jobs no window holds first,
//   then least slack, judged on what the job asked for so the order never changes between
//   calls), each by a receding horizon: plan the job best segment first, commit the
//   earliest segment of that plan, plan again from its end.
//   A job's best segment is found among
//     * single-window pipelines: the whole model as one stage on one node, which has
//       no network hop and no layer-rounding loss, and uses the fewest GPUs that finish
//       the job inside the free stretch (long segments waste less on restarts, and the
//       rest of the node stays free for others);
//     * multi-window pipelines from a time sweep over the windows free at a start
//       time, for models no single window holds (70B) or when no single window does
//       much of the job. Only windows that hold at least an eighth of the model take
//       part (a chain of single consumer GPUs is slow and fills the search), and up to
//       48 of the times at which the free set changes are tried (a repair tries 8).
//       Layers are split by GPU speed (partition-pipeline.ts).
// - A segment is scored by cents per useful token, inflated by the share of its time
//   lost to restart (weighted heavily: goodput counts restart time as computed but
//   useless work, and small jobs on fast GPUs finish in an hour or two), by tokens
//   made past the target, by the expected loss to reclaims (`reclaimPerHour`), and,
//   for a segment that leaves work undone, by the share it leaves. A segment whose useful
//   share of computed tokens (after restart, expected reclaim loss and, for a remainder,
//   tokens past the target) is under `minUseful` (0.8) is not planned at all: it would
//   lower goodput more than it adds to demand fill. Jobs are planned in two passes, the
//   first taking only segments at least `minUsefulFirst` (0.92) useful.
// - Windows are indexed by memory class, asking-price band and start-time bucket, each
//   list in increasing cents per TFLOP; a job merges only the lists that can matter and stops
//   once no remaining window can beat its best candidate. That keeps a job's work
//   nearly independent of the market's size (l: 18k windows, xl: 92k).
// - Speed: a plan is one short process, so most of its time used to go to the JIT warming
//   up and to garbage collection. The hot code therefore allocates nothing (times are
//   minutes from `now` in Int32Array scratch buffers, nodes and regions small integers, the
//   best of a search kept in scratch until it ends), scans windows with a loop rather than
//   a callback, and is split into small functions (bestMulti, activeAt, chain) that each
//   compile once.
// - Repair is the same call: committed segments occupy their GPUs and their job,
//   `done` and `spentCents` shrink what is left to deliver and spend, reclaimed
//   windows arrive already cut short, and everything not committed is planned again
//   (the judge drops every segment that has not started).
import { hopRate, maxLayersOnGpus, minGpusForLayers, splitLayers, stageRate } from './partition-pipeline';
import type { Instance, Plan, Segment } from './types';

const MINUTE_MS = 60_000;

interface Win {
  i: number;
  id: string;
  mem: number;
  tflops: number;
  ask: number;
  gbps: number;
  s: number;
  e: number;
  cap: number;
  hazard: number;
  /** ask / TFLOPS: the job-independent part of cents per token. */
  v: number;
  /** No GPU is free anywhere in the window for as long as the shortest segment. */
  full: boolean;
  /** Flat [start, end, gpus, ...] of GPUs already placed, in minutes. */
  uses: number[];
  /** Index of the list (memory class, ask band, start bucket) holding the window. */
  list: number;
  /** Position in the scan order. */
  rank: number;
  /** Node and region as small integers, for the multi-node search. */
  nodeIx: number;
  regionIx: number;
}

interface JobState {
  id: string;
  L: number;
  lm: number;
  base: number;
  G: number;
  mfu: number;
  a: number;
  b: number;
  cap: number;
  maxHop: number;
  minSeg: number;
  restart: number;
  ckpt: number;
  remaining: number;
  target: number;
  a0: number;
  budgetLeft: number;
  /** Flat [start, end, ...] of the job's own segments, committed or planned. */
  busy: number[];
  // The same numbers under the pack-v1 names, for the partitioner.
  stageBaseMemGiB: number;
  layerMemGiB: number;
  layerGflopPerToken: number;
  hopMBPerToken: number;
}

/** Restores the heap order of `heap[0..size)` (slots keyed by `key`) below position k. */
function siftDown(heap: Int32Array, key: Int32Array, size: number, k: number): void {
  const x = heap[k];
  const kx = key[x];
  for (;;) {
    const l = 2 * k + 1;
    if (l >= size) break;
    const r = l + 1;
    const m = r < size && key[heap[r]] < key[heap[l]] ? r : l;
    if (key[heap[m]] >= kx) break;
    heap[k] = heap[m];
    k = m;
  }
  heap[k] = x;
}

/** A growable buffer of 32-bit integers (minutes, GPU counts): `a[0..n)` in use. */
interface FBuf {
  a: Int32Array;
  n: number;
}

/** Makes room in `b` for `extra` more numbers. */
function reserve(b: FBuf, extra: number): void {
  if (b.n + extra <= b.a.length) return;
  const a = new Int32Array(Math.max(2 * b.a.length, b.n + extra));
  a.set(b.a.subarray(0, b.n));
  b.a = a;
}

interface StagePick {
  w: Win;
  g: number;
  layers: number;
}

interface Candidate {
  start: number;
  end: number;
  stages: StagePick[];
  tokens: number;
  /** Tokens the segment computes; `tokens` is the part the job still needed when priced. */
  produced: number;
  cost: number;
  score: number;
  complete: boolean;
}

export interface PackOptions {
  /** Most segments one call gives one job; each costs a restart. */
  maxSegmentsPerJob?: number;
  /** Multi-window search: windows considered per job and start times tried. */
  multiWindows?: number;
  multiStarts?: number;
  /** Start times tried by the multi-node search in a repair call. */
  repairMultiStarts?: number;
  /** Weight of the restart share of a segment in its score (goodput against cost). */
  restartWeight?: number;
  /** Plan jobs that need several nodes before the others. */
  bigFirst?: boolean;
  /** Weight of the expected share lost to reclaims. */
  riskWeight?: number;
  /** Search multi-node pipelines when the best single window does less than this share. */
  multiIfBelow?: number;
  /** Weight of tokens made past the target, relative to restart share. */
  overshootWeight?: number;
  /** Single-window scan stops after this many windows that can finish the job. */
  maxCompletes?: number;
  /** Bounds on one job's scan: windows visited, and windows that gave a candidate. */
  maxVisits?: number;
  maxPriced?: number;
  /** Segments whose useful share of computed tokens is lower are not planned. */
  minUseful?: number;
  /** Floor of a first pass over all jobs, before the pass at `minUseful`. */
  minUsefulFirst?: number;
  /** Multi-node search: a window must hold at least 1/minStageShare of the model. */
  minStageShare?: number;
}

// Times are whole minutes from the minute of `now`, clamped to +-2^30 (2,000 years): they
// fit 32-bit integers, so the sweeps keep them in Int32Arrays.
const MINUTE_LIMIT = 2 ** 30;

// Spend is floored this far under the budget: the judge sums float costs segment
// by segment with a 1e-6 tolerance, and our sums may round differently.
const BUDGET_MARGIN_CENTS = 0.01;
// A partial segment (one that leaves work for later) is worth a little less than one
// that finishes the job at the same price: the rest needs another restart and may not
// find room before the deadline.
const PARTIAL_PENALTY = 0.3;
/** What `price` returns for a segment it refuses only for its useful share. */
const UNDER_FLOOR = 'under floor' as const;

export function pack(instance: Instance, options: PackOptions = {}): Plan {
  const repairMultiStarts = options.repairMultiStarts ?? 8;
  const maxSegs = options.maxSegmentsPerJob ?? 12;
  const multiWindows = options.multiWindows ?? 120;
  // A repair (committed segments given) must answer fast; it tries fewer start times.
  const repairing = instance.committed !== undefined;
  const multiStarts = repairing ? repairMultiStarts : (options.multiStarts ?? 48);
  const restartWeight = options.restartWeight ?? 32;
  const multiIfBelow = options.multiIfBelow ?? 0.2;
  const riskWeight = options.riskWeight ?? 24;
  const bigFirst = options.bigFirst ?? true;
  const overshootWeight = options.overshootWeight ?? 1;
  const maxCompletes = options.maxCompletes ?? 30;
  const maxVisits = options.maxVisits ?? 4000;
  const maxPriced = options.maxPriced ?? 150;
  const minUseful = options.minUseful ?? 0.8;
  const minUsefulFirst = options.minUsefulFirst ?? 0.92;
  const minStageShare = options.minStageShare ?? 8;
  let usefulFloor = minUseful;

  const origin = Math.floor(Date.parse(instance.now) / MINUTE_MS);
  const clampMin = (m: number) => Math.max(-MINUTE_LIMIT, Math.min(MINUTE_LIMIT, m - origin));
  const ceilMin = (iso: string) => clampMin(Math.ceil(Date.parse(iso) / MINUTE_MS));
  const floorMin = (iso: string) => clampMin(Math.floor(Date.parse(iso) / MINUTE_MS));
  const isoOf = (m: number) => new Date((m + origin) * MINUTE_MS).toISOString();
  const now = ceilMin(instance.now);
  const wins: Win[] = [];
  const winById = new Map<string, Win>();
  const nodeIxOf = new Map<string, number>();
  const regionIxOf = new Map<string, number>();
  const intern = (ix: Map<string, number>, name: string) => {
    let i = ix.get(name);
    if (i === undefined) ix.set(name, (i = ix.size));
    return i;
  };
  for (const w of instance.windows) {
    const gt = instance.gpuTypes[w.gpuType];
    const win: Win = {
      i: wins.length,
      id: w.id,
      mem: gt.memGiB,
      tflops: gt.tflops,
      ask: w.askCentsPerGpuHour,
      gbps: w.nodeGbps,
      s: Math.max(ceilMin(w.start), now),
      e: floorMin(w.end),
      cap: w.gpuCount,
      hazard: w.reclaimPerHour ?? 0,
      v: w.askCentsPerGpuHour / gt.tflops,
      full: false,
      uses: [],
      list: 0,
      rank: 0,
      nodeIx: intern(nodeIxOf, w.nodeId),
      regionIx: intern(regionIxOf, w.region),
    };
    winById.set(w.id, win);
    if (win.e > win.s && win.cap > 0) wins.push(win);
  }
  // Windows in lists by memory class (GPUs x GiB of the whole window) and start-time
  // bucket, each list cheapest compute first. A job visits only the lists of classes that
  // can hold what it needs and of buckets near its range, merged in increasing cents per
  // token; most windows (single consumer GPUs) never hold a whole model and are skipped
  // wholesale by the single-window search.
  const BUCKET_MIN = 720;
  const t0 = wins.reduce((m, w) => Math.min(m, w.s), Infinity);
  const maxLen = wins.reduce((m, w) => Math.max(m, w.e - w.s), 0);
  const classMem = [...new Set(wins.map((w) => w.cap * w.mem))].sort((x, y) => x - y);
  const classOf = new Map(classMem.map((m, i) => [m, i]));
  const nBuckets = wins.length ? Math.floor((wins.reduce((m, w) => Math.max(m, w.s), 0) - t0) / BUCKET_MIN) + 1 : 0;
  // Each class is also split into bands of asking price (quantiles of the market's asks),
  // so a job skips the bands above its price cap: over half the windows a job would
  // otherwise visit at l and xl were above its cap.
  const N_BANDS = 6;
  const asks = wins.map((w) => w.ask).sort((x, y) => x - y);
  const bandLo = Array.from({ length: N_BANDS }, (_, k) => (asks.length ? asks[Math.floor((k * asks.length) / N_BANDS)] : 0));
  const bandOf = (ask: number) => {
    let k = N_BANDS - 1;
    while (k > 0 && bandLo[k] > ask) k--;
    return k;
  };
  // lists[(c * N_BANDS + band) * nBuckets + b]: memory class c, ask band, start bucket b.
  const lists: Win[][] = Array.from({ length: classMem.length * N_BANDS * nBuckets }, () => []);
  for (const w of wins) {
    w.list = (classOf.get(w.cap * w.mem)! * N_BANDS + bandOf(w.ask)) * nBuckets + Math.floor((w.s - t0) / BUCKET_MIN);
    lists[w.list].push(w);
  }
  // Full windows per list: lists are compacted once many of their windows are full, since
  // the cheapest windows fill first and every later job would walk past them; `head` skips
  // a list's full prefix until then.
  const fullIn = new Int32Array(lists.length);
  const head = new Int32Array(lists.length);
  // One total order (cheapest compute, then longest, then input order) ranks every
  // window, so the merged scan order never depends on how the lists are laid out.
  wins
    .slice()
    .sort((x, y) => x.v - y.v || y.e - y.s - (x.e - x.s) || x.i - y.i)
    .forEach((w, r) => (w.rank = r));
  for (const list of lists) list.sort((x, y) => x.rank - y.rank);
  const regionNames = [...regionIxOf.keys()];
  // Nodes already in the chain being built: nodeSeen[node] === nodeStamp.
  const nodeSeen = new Int32Array(nodeIxOf.size);
  let nodeStamp = 0;
  // Scratch buffers, reused by every call: a plan makes hundreds of thousands of these
  // sweeps, and garbage collection was a quarter of the planning time.
  const ptsBuf: FBuf = { a: new Int32Array(64), n: 0 };
  const fullBuf: FBuf = { a: new Int32Array(64), n: 0 };
  const singleBuf: FBuf = { a: new Int32Array(64), n: 0 };
  const multiBuf: FBuf = { a: new Int32Array(1024), n: 0 };
  const startsBuf: FBuf = { a: new Int32Array(256), n: 0 };
  const noJob = { busy: [] as number[] } as JobState;
  // Multi-node search state, shared by bestMulti, activeAt and chain (searches never nest):
  // the pool of windows, and per pool window (at most `multiWindows`) its free GPUs at the
  // start time tried, and so on.
  const mPool: Win[] = [];
  let mN = 0;
  let mPerToken = 0;
  let mToBeat = Infinity;
  let mHasBest = false;
  let mBestN = 0;
  let mMinV = Infinity;
  let mMaxUntil = 0;
  const layersCache = new Map<number, number>();
  const nRegionsAll = regionNames.length;
  // Latency between regions, by region index.
  const latMs = new Float64Array(nRegionsAll * nRegionsAll);
  for (let x = 0; x < nRegionsAll; x++)
    for (let y = 0; y < nRegionsAll; y++) latMs[x * nRegionsAll + y] = instance.latencyMs[regionNames[x]][regionNames[y]];
  const mSize = multiWindows + 1;
  const slotG = new Int32Array(mSize);
  const slotUntil = new Int32Array(mSize);
  const slotMax = new Int32Array(mSize);
  const pOff = new Int32Array(mSize + 1);
  const active = new Int32Array(mSize);
  const byUntil = new Int32Array(mSize);
  const byRoom = new Int32Array(mSize);
  const roomKey = new Float64Array(mSize);
  const chosen = new Int32Array(mSize);
  const inOrder = new Int32Array(mSize);
  const regionsIn = new Int32Array(mSize);
  const speeds = new Float64Array(mSize);
  const maxLs = new Int32Array(mSize);
  const layersOf = new Int32Array(mSize);
  let keyNow = new Int32Array(3 * mSize);
  let keyPrev = new Int32Array(3 * mSize);
  // The chain of each variant at the previous start time, as [pool index, GPUs, until, ...].
  const lastSig = [new Int32Array(3 * mSize), new Int32Array(3 * mSize), new Int32Array(3 * mSize)];
  const lastSigLen = new Int32Array(3);
  // What `price` returns, one object for every call; and the best segment of a search so far.
  const priced = { start: 0, end: 0, tokens: 0, produced: 0, cost: 0, score: 0, complete: false };
  const singleBest = { ...priced };
  const multiBest = { ...priced };
  const bestStageW = new Int32Array(mSize);
  const bestStageG = new Int32Array(mSize);
  const bestStageL = new Int32Array(mSize);
  // Scan state: per slot its list, cursor and rank at the cursor; the heap of slots.
  let scanLo = 0;
  let scanHi = 0;
  let scanSize = 0;
  const scanIds = new Int32Array(lists.length);
  const scanPos = new Int32Array(lists.length);
  const scanCur = new Int32Array(lists.length);
  const scanHeap = new Int32Array(lists.length);
  const minSegAll = instance.jobs.reduce((m, j) => Math.min(m, Math.max(1, Math.ceil(j.minSegmentMinutes))), Infinity);
  const maxCap = wins.reduce((m, w) => Math.max(m, w.cap), 0);

  const jobs: JobState[] = [];
  const jobById = new Map<string, JobState>();
  for (const j of instance.jobs) {
    const st: JobState = {
      id: j.id,
      L: j.layers,
      lm: j.layerMemGiB,
      base: j.stageBaseMemGiB,
      G: j.layerGflopPerToken,
      mfu: j.mfu,
      a: Math.max(now, ceilMin(j.earliestStart)),
      b: floorMin(j.deadline),
      cap: j.maxCentsPerGpuHour,
      maxHop: j.maxHopLatencyMs,
      minSeg: Math.max(1, Math.ceil(j.minSegmentMinutes)),
      restart: j.restartMinutes,
      ckpt: j.checkpointMinutes,
      remaining: j.targetTokens - (instance.done?.[j.id] ?? 0),
      target: j.targetTokens,
      a0: ceilMin(j.earliestStart),
      budgetLeft: j.budgetCents - (instance.spentCents?.[j.id] ?? 0) - BUDGET_MARGIN_CENTS,
      busy: [],
      stageBaseMemGiB: j.stageBaseMemGiB,
      layerMemGiB: j.layerMemGiB,
      layerGflopPerToken: j.layerGflopPerToken,
      hopMBPerToken: j.hopMBPerToken,
    };
    jobs.push(st);
    jobById.set(j.id, st);
  }
  for (const c of instance.committed ?? []) {
    // Committed segments hold their GPUs and their job until their end, whatever `now` is.
    const s = floorMin(c.start);
    const e = ceilMin(c.end);
    for (const st of c.stages) {
      const w = winById.get(st.windowId);
      if (w) w.uses.push(s, e, st.gpus);
    }
    jobById.get(c.jobId)?.busy.push(s, e);
  }

  const bestTflops = wins.reduce((m, w) => Math.max(m, w.tflops), 1);
  // Jobs no single window holds go first: they need several big nodes idle at once,
  // which is the scarcest thing in the market; the others can use any window later.
  const maxWindowMem = wins.reduce((m, w) => Math.max(m, w.cap * w.mem), 0);
  const needsMany = (j: JobState) => (bigFirst && j.base + j.L * j.lm > maxWindowMem ? 0 : 1);
  // The order depends only on what a job asked for (its earliest start and target), not on
  // `now` or its progress, so a repair call orders jobs as the first call did.
  const tightness = (j: JobState) => {
    const rate = (8 * bestTflops * 1e12 * j.mfu) / (j.L * j.G * 1e9);
    const need = j.target / rate / 60 + j.restart;
    return (j.b - j.a0) / Math.max(1, need);
  };
  const order = jobs
    .filter((j) => j.remaining > 0 && j.b - j.a >= j.minSeg && j.budgetLeft > 0)
    .map((j) => ({ j, big: needsMany(j), k: tightness(j) }))
    .sort((x, y) => x.big - y.big || x.k - y.k || x.j.b - y.j.b)
    .map((x) => x.j);

  const out: Segment[] = [];
  // Receding horizon per job: plan the job best first (tentatively), commit the earliest
  // segment of that plan, and plan again from its end. With the job order fixed by what jobs
  // asked for, a plan made this way is close to consistent in time: called again later with
  // the started segments committed and nothing else changed, it returns mostly the same
  // future segments, so a repair changes little beyond what a reclaim hit. (A repair tries
  // fewer multi-node start times than a full plan, to answer fast; trying all of them in
  // repairs too made no difference to goodput on 10 m seeds.)
  // Re-planning from scratch at every reclaim used to cost about 1% of goodput by itself.
  // A job's segments are committed in time order: it starts after its committed segments.
  for (const job of order) for (let k = 1; k < job.busy.length; k += 2) job.a = Math.max(job.a, job.busy[k]);
  const aFirst = order.map((j) => j.a);
  const nSegs = order.map(() => 0);
  // Two passes over the jobs: first only segments at least `minUsefulFirst` useful, then
  // the rest down to `minUseful`. Every job's good segments come before any job's poor
  // ones, so a poor segment of an early job no longer takes the room a later job would
  // use well. On 10 m seeds (replay of the generated reclaim traces) this raised goodput
  // from 0.941-0.951 to 0.952-0.960, for about 1% of static demand fill.
  for (const floor of minUsefulFirst > minUseful ? [minUsefulFirst, minUseful] : [minUseful]) {
    usefulFloor = floor;
    for (let oi = 0; oi < order.length; oi++) {
      const job = order[oi];
      // The second pass may fill gaps before the first pass's segments.
      job.a = aFirst[oi];
      let n = nSegs[oi];
      while (n < maxSegs && job.remaining > 0 && job.budgetLeft > 0 && job.b - job.a >= job.minSeg) {
        const picks = tentativePlan(job, maxSegs - n);
        if (picks.length === 0) break;
        let i = 0;
        for (; i < picks.length; i++) {
          let e = i;
          for (let k = i + 1; k < picks.length; k++) if (picks[k].start < picks[e].start) e = k;
          commit(job, picks[e]);
          job.a = picks[e].end;
          n++;
          // Picked out of time order: the rest of the plan was made for another remainder.
          if (e !== i) break;
        }
        if (i === picks.length) break;
      }
      nSegs[oi] = n;
    }
  }
  out.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  return { segments: out };

  // ---- search ----

  /** The job's best segment from its current state: single node, or several when one does too little. */
  function pickOne(job: JobState): Candidate | null {
    let c = bestSingle(job);
    // Multi-node pipelines are searched only when one node cannot do most of the work:
    // the search costs far more than the single-window scan.
    if (!c || (!c.complete && c.tokens < multiIfBelow * job.remaining)) {
      const m = bestMulti(job, c ? c.score : Infinity);
      if (m && (!c || m.score < c.score)) c = m;
    }
    return c;
  }

  /** The job's segments, best first, from its current state; nothing is kept. */
  function tentativePlan(job: JobState, most: number): Candidate[] {
    const picks: Candidate[] = [];
    const touched: Win[] = [];
    const { remaining, budgetLeft } = job;
    const busyLen = job.busy.length;
    while (picks.length < most && job.remaining > 0 && job.budgetLeft > 0) {
      const c = pickOne(job);
      if (!c) break;
      for (const st of c.stages) {
        st.w.uses.push(c.start, c.end, st.g);
        touched.push(st.w);
      }
      job.busy.push(c.start, c.end);
      job.remaining -= c.tokens;
      job.budgetLeft -= c.cost;
      picks.push(c);
    }
    // pop() rather than setting length: a length store is a runtime call, and shrinking to
    // zero frees the array's storage.
    for (let k = touched.length - 1; k >= 0; k--) {
      const u = touched[k].uses;
      u.pop();
      u.pop();
      u.pop();
    }
    while (job.busy.length > busyLen) job.busy.pop();
    job.remaining = remaining;
    job.budgetLeft = budgetLeft;
    return picks;
  }

  function commit(job: JobState, c: Candidate): void {
    for (const st of c.stages) {
      st.w.uses.push(c.start, c.end, st.g);
      if (!st.w.full && isFull(st.w)) {
        st.w.full = true;
        fullIn[st.w.list]++;
      }
    }
    job.busy.push(c.start, c.end);
    job.remaining -= Math.min(job.remaining, c.produced);
    job.budgetLeft -= c.cost;
    out.push({
      jobId: job.id,
      start: isoOf(c.start),
      end: isoOf(c.end),
      stages: c.stages.map((st) => ({ windowId: st.w.id, gpus: st.g, layers: st.layers })),
    });
  }

  /**
   * Starts a scan of the windows that may overlap [lo, hi), cheapest compute first;
   * `scanNext` gives them one at a time. A loop rather than a visitor callback: the search
   * functions stay monomorphic and compile once. (Scans never nest: the state is shared.)
   */
  function scanStart(lo: number, hi: number, minWindowMem: number, maxAsk: number): void {
    scanLo = lo;
    scanHi = hi;
    scanSize = 0;
    const bLo = Math.max(0, Math.floor((lo - maxLen - t0) / BUCKET_MIN));
    const bHi = Math.min(nBuckets - 1, Math.floor((hi - t0) / BUCKET_MIN));
    if (bHi < bLo) return;
    // A binary heap of the lists in play, keyed by the value at each list's cursor. The heap
    // holds slots; `scanCur` is the rank at each slot's cursor, kept beside it so comparisons
    // do not chase the window objects.
    let size = 0;
    for (let cb = 0; cb < classMem.length * N_BANDS; cb++) {
      if (classMem[Math.floor(cb / N_BANDS)] < minWindowMem || bandLo[cb % N_BANDS] > maxAsk) continue;
      for (let id = cb * nBuckets + bLo; id <= cb * nBuckets + bHi; id++) {
        let list = lists[id];
        if (list.length === 0) continue;
        if (fullIn[id] > 4 && fullIn[id] * 8 > list.length) {
          fullIn[id] = 0;
          head[id] = 0;
          list = lists[id] = list.filter((w) => !w.full);
        }
        // The cheapest windows fill first: skip a list's full prefix once, for every later scan.
        while (head[id] < list.length && list[head[id]].full) head[id]++;
        if (head[id] < list.length) {
          scanIds[size] = id;
          scanPos[size] = head[id];
          scanCur[size] = list[head[id]].rank;
          scanHeap[size] = size;
          size++;
        }
      }
    }
    for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(scanHeap, scanCur, size, k);
    scanSize = size;
  }

  /** The next window of the scan that is not full and overlaps its range, or null. */
  function scanNext(): Win | null {
    while (scanSize) {
      const i = scanHeap[0];
      const list = lists[scanIds[i]];
      const w = list[scanPos[i]++];
      if (scanPos[i] >= list.length) scanHeap[0] = scanHeap[--scanSize];
      else scanCur[i] = list[scanPos[i]].rank;
      if (scanSize) siftDown(scanHeap, scanCur, scanSize, 0);
      if (w.full || w.e <= scanLo || w.s >= scanHi) continue;
      return w;
    }
    return null;
  }

  function isFull(w: Win): boolean {
    fullBuf.n = 0;
    freePieces(w, noJob, w.s, w.e, fullBuf);
    const pieces = fullBuf.a;
    let run = 0;
    for (let k = 0; k < fullBuf.n; k += 3) {
      if (pieces[k + 2] >= 1) run += pieces[k + 1] - pieces[k];
      else run = 0;
      if (run >= minSegAll) return false;
    }
    return true;
  }

  function eligible(job: JobState, w: Win): boolean {
    return w.ask <= job.cap && w.e - job.minSeg >= job.a && w.s + job.minSeg <= job.b;
  }

  /**
   * Appends to `out` the pieces [p, q, free GPUs, ...] of [lo, hi) on `w`, free -1 where
   * the job itself is busy. Few uses per window, so a quadratic sweep is cheapest. The
   * caller owns `out` and reuses it: thousands of calls per plan allocate nothing.
   */
  function freePieces(w: Win, job: JobState, lo: number, hi: number, out: FBuf): void {
    const u = w.uses;
    const bz = job.busy;
    if (u.length === 0 && !overlapsBusy(job, lo, hi)) {
      reserve(out, 3);
      out.a[out.n++] = lo;
      out.a[out.n++] = hi;
      out.a[out.n++] = w.cap;
      return;
    }
    ptsBuf.n = 0;
    reserve(ptsBuf, 2 + (2 * u.length) / 3 + bz.length);
    const pts = ptsBuf.a;
    let np = 0;
    pts[np++] = lo;
    pts[np++] = hi;
    for (let k = 0; k < u.length; k += 3) {
      if (u[k] > lo && u[k] < hi) pts[np++] = u[k];
      if (u[k + 1] > lo && u[k + 1] < hi) pts[np++] = u[k + 1];
    }
    for (let k = 0; k < bz.length; k += 2) {
      if (bz[k] > lo && bz[k] < hi) pts[np++] = bz[k];
      if (bz[k + 1] > lo && bz[k + 1] < hi) pts[np++] = bz[k + 1];
    }
    // Few points: insertion sort beats a comparator sort.
    for (let k = 1; k < np; k++) {
      const x = pts[k];
      let m = k - 1;
      while (m >= 0 && pts[m] > x) {
        pts[m + 1] = pts[m];
        m--;
      }
      pts[m + 1] = x;
    }
    reserve(out, 3 * np);
    const o = out.a;
    const first = out.n;
    let n = first;
    for (let k = 0; k + 1 < np; k++) {
      const p = pts[k];
      const q = pts[k + 1];
      if (q <= p) continue;
      let free = w.cap;
      for (let m = 0; m < u.length; m += 3) if (u[m] <= p && u[m + 1] >= q) free -= u[m + 2];
      for (let m = 0; m < bz.length; m += 2) if (bz[m] <= p && bz[m + 1] >= q) free = -1;
      if (n > first && o[n - 1] === free && o[n - 2] === p) o[n - 2] = q;
      else (o[n] = p), (o[n + 1] = q), (o[n + 2] = free), (n += 3);
    }
    out.n = n;
  }

  /** Prices a pipeline run from `start` for at most `room` minutes; null if not worth a segment. */
  function price(job: JobState, start: number, room: number, rate: number, centsPerHour: number, hazard: number) {
    if (!(rate > 0) || room < job.minSeg) return null;
    const need = job.restart + job.remaining / (rate * 60);
    let d = Math.max(job.minSeg, Math.ceil(need + 1e-6));
    let complete = true;
    if (d > room) {
      d = room;
      complete = false;
    }
    const affordable = Math.floor((job.budgetLeft * 60) / centsPerHour);
    if (d > affordable) {
      d = affordable;
      complete = false;
    }
    if (d < job.minSeg) return null;
    const produced = rate * Math.max(0, d - job.restart) * 60;
    const tokens = Math.min(job.remaining, produced);
    if (tokens <= 0) return null;
    // Expected reclaims per minute of the segment times what each loses: on average half a
    // checkpoint interval of work when there is no notice (half of them), plus a restart.
    const risk = (hazard * (job.ckpt / 4 + job.restart)) / 60;
    // Useful share of what the segment computes: restart time and expected reclaim loss
    // compute nothing useful; tokens past the target count as waste only for a remainder
    // (a job smaller than the shortest segment is still served whole).
    const usefulOfProduced = job.remaining < job.target ? tokens / produced : 1;
    if ((usefulOfProduced * (d - job.restart - risk * d)) / d < usefulFloor) return UNDER_FLOOR;
    const cost = (centsPerHour * d) / 60;
    // Tokens past the target beyond the last minute's rounding: a job smaller than the shortest
    // segment, or a remainder, computes them for nothing.
    const excess = Math.max(0, produced - tokens - rate * 60);
    const waste = restartWeight * (job.restart / d + (overshootWeight * excess) / produced) + riskWeight * risk;
    // A partial segment is penalised by the share it leaves undone: that share needs
    // another segment, with another restart, that may not find room.
    const score = (cost / tokens) * (1 + waste) * (complete ? 1 : 1 + PARTIAL_PENALTY * (0.5 + (1 - tokens / job.remaining)));
    // One object for every call (callers copy what they keep): a plan prices tens of thousands of segments.
    priced.start = start;
    priced.end = start + d;
    priced.tokens = tokens;
    priced.produced = produced;
    priced.cost = cost;
    priced.score = score;
    priced.complete = complete;
    return priced;
  }

  function bestSingle(job: JobState): Candidate | null {
    // The best so far: its window and GPUs, and its priced numbers in `singleBest`.
    let bestW: Win | null = null;
    let bestG = 0;
    let completes = 0;
    let looked = 0;
    // The cheapest fitting window that finishes the job is close to optimal; a few more
    // are looked at because restart share and risk differ.
    const minMem = (job.base + job.L * job.lm) / maxCap;
    // Cents per token of a window's GPUs at full use: no candidate on it scores lower, and
    // windows come in increasing order of it, so the scan stops once it passes the best.
    const perTokenFactor = (job.L * job.G * 1e9) / (job.mfu * 1e12 * 3600);
    const minWaste = 1 + (restartWeight * job.restart) / Math.max(1, Math.min(maxLen, job.b - job.a));
    let visited = 0;
    scanStart(job.a, job.b, job.base + job.L * job.lm, job.cap);
    for (let w = scanNext(); w !== null; w = scanNext()) {
      // No segment is longer than the longest window or the job's range, so none wastes
      // less than one restart over that span.
      if (bestW && w.v * perTokenFactor * minWaste >= singleBest.score) break;
      if (++visited > maxVisits) break;
      if (w.mem < minMem || !eligible(job, w)) continue;
      const gmin = minGpusForLayers(job, job.L, w.mem);
      if (gmin > w.cap) continue;
      const lo = Math.max(w.s, job.a);
      const hi = Math.min(w.e, job.b);
      if (hi - lo < job.minSeg) continue;
      if (bestW && w.v * perTokenFactor * (1 + (restartWeight * job.restart) / (hi - lo)) >= singleBest.score) continue;
      singleBuf.n = 0;
      freePieces(w, job, lo, hi, singleBuf);
      const pieces = singleBuf.a;
      const np = singleBuf.n;
      let priced = false;
      let completeHere = false;
      for (let g = gmin; g <= w.cap; g++) {
        const rate = stageRate(job, g, w.tflops, job.L);
        let k = 0;
        while (k < np) {
          if (pieces[k + 2] < g) {
            k += 3;
            continue;
          }
          const p = pieces[k];
          let q = pieces[k + 1];
          k += 3;
          while (k < np && pieces[k + 2] >= g) (q = pieces[k + 1]), (k += 3);
          const r = price(job, p, q - p, rate, g * w.ask, w.hazard);
          // A window whose segment is refused only for its useful share counts as looked
          // at too: otherwise a job with no good segment left would scan the whole market.
          if (r) priced = true;
          const c = r === UNDER_FLOOR ? null : r;
          if (c && (!bestW || c.score < singleBest.score)) {
            Object.assign(singleBest, c);
            bestW = w;
            bestG = g;
          }
          if (c?.complete) completeHere = true;
        }
        // More GPUs than the fewest that finish only shorten the segment and add restart cost.
        if (completeHere) {
          completes++;
          break;
        }
      }
      if (priced) looked++;
      if (completes >= maxCompletes || looked >= maxPriced) break;
    }
    return bestW ? { ...singleBest, stages: [{ w: bestW, g: bestG, layers: job.L }] } : null;
  }

  function bestMulti(job: JobState, toBeat: number): Candidate | null {
    const pool = mPool;
    let n = 0;
    let visited = 0;
    // Windows of memory classes too small for a stage of L / minStageShare layers are skipped wholesale.
    scanStart(job.a, job.b, job.base + Math.max(1, Math.ceil(job.L / minStageShare)) * job.lm, job.cap);
    for (let w = scanNext(); w !== null; w = scanNext()) {
      if (++visited > maxVisits) break;
      if (!eligible(job, w) || maxLayersOnGpus(job, w.cap, w.mem) * minStageShare < job.L) continue;
      pool[n++] = w;
      if (n >= multiWindows) break;
    }
    if (n === 0) return null;
    mN = n;
    // Start times: the job's earliest, and every time in its range at which a pool window
    // opens or GPUs of one come free.
    const st = startsBuf;
    st.n = 0;
    reserve(st, 1 + n + job.busy.length / 2);
    st.a[st.n++] = job.a;
    for (let wi = 0; wi < n; wi++) if (pool[wi].s > job.a && pool[wi].s < job.b) st.a[st.n++] = pool[wi].s;
    for (let k = 1; k < job.busy.length; k += 2) if (job.busy[k] > job.a && job.busy[k] < job.b) st.a[st.n++] = job.busy[k];
    for (let wi = 0; wi < n; wi++) {
      const u = pool[wi].uses;
      reserve(st, u.length / 3);
      for (let k = 1; k < u.length; k += 3) if (u[k] > job.a && u[k] < job.b) st.a[st.n++] = u[k];
    }
    const all = st.a.subarray(0, st.n).sort();
    let nAll = 0;
    for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[nAll++] = all[k];
    // Spread the start times tried over the job's whole range, not just its beginning.
    const nTimes = Math.min(nAll, multiStarts);
    const step = nAll / multiStarts;

    mPerToken = (job.L * job.G * 1e9) / (job.mfu * 1e12 * 3600);
    mToBeat = toBeat;
    mHasBest = false;
    mBestN = 0;
    // Free GPUs of each pool window over the job's range, computed once per search.
    multiBuf.n = 0;
    pOff[0] = 0;
    for (let wi = 0; wi < n; wi++) {
      freePieces(pool[wi], job, Math.max(pool[wi].s, job.a), Math.min(pool[wi].e, job.b), multiBuf);
      pOff[wi + 1] = multiBuf.n;
    }
    layersCache.clear();
    let nPrev = -1;
    lastSigLen.fill(0);
    for (let ti = 0; ti < nTimes; ti++) {
      const t = nAll > multiStarts ? all[Math.floor(ti * step)] : all[ti];
      if (t + job.minSeg > job.b) break;
      if (overlapsBusy(job, t, t + job.minSeg)) continue;
      const na = activeAt(job, t);
      if (na === 0) continue;
      // The same free set as at the previous start time gives the same chains, only later.
      if (na === nPrev && sameNumbers(keyNow, keyPrev, 3 * na)) continue;
      const swap = keyPrev;
      keyPrev = keyNow;
      keyNow = swap;
      nPrev = na;
      // No chain from this start time can beat the best: its cents per token are at least the
      // cheapest window's at full use, and it wastes at least one restart over its room. (A
      // chain skipped here would also be pruned at any later start time, so the duplicate
      // check of the variants loses nothing.)
      const bound = Math.min(mToBeat, mHasBest ? multiBest.score : Infinity);
      if (mMinV * mPerToken * (1 + (restartWeight * job.restart) / Math.max(1, mMaxUntil - t)) >= bound) continue;
      // Longest free first; and fewest, biggest nodes (fewer hops and no slow small stage
      // holding the pipeline back). Pool order (cheapest compute first) breaks ties.
      for (let m = 0; m < na; m++) {
        const wi = active[m];
        roomKey[wi] = slotMax[wi] * pool[wi].tflops;
      }
      insertByKey(active, na, slotUntil, byUntil);
      insertByKey(active, na, roomKey, byRoom);
      chain(job, t, active, na, 0);
      chain(job, t, byUntil, na, 1);
      chain(job, t, byRoom, na, 2);
    }
    if (!mHasBest) return null;
    const stages: StagePick[] = [];
    for (let m = 0; m < mBestN; m++) stages.push({ w: pool[bestStageW[m]], g: bestStageG[m], layers: bestStageL[m] });
    return { ...multiBest, stages };
  }

  /**
   * The pool windows with GPUs free from t for at least the job's shortest segment: their
   * GPUs, until when, and most layers go to slot*, their indices to `active` and, with GPUs
   * and until, to `keyNow`. Returns how many; the cheapest value and latest end go to
   * mMinV and mMaxUntil.
   */
  function activeAt(job: JobState, t: number): number {
    const pool = mPool;
    const pcs = multiBuf.a;
    let na = 0;
    let minV = Infinity;
    let maxUntil = 0;
    for (let wi = 0; wi < mN; wi++) {
      const w = pool[wi];
      if (w.s > t || w.e < t + job.minSeg) continue;
      // GPUs free from t for at least the minimum segment, and how long they stay free.
      const end = pOff[wi + 1];
      let k = pOff[wi];
      while (k < end && pcs[k + 1] <= t) k += 3;
      if (k >= end || pcs[k] > t) continue;
      let g = Infinity;
      for (; k < end && pcs[k] < t + job.minSeg; k += 3) g = Math.min(g, pcs[k + 2]);
      if (!(g >= 1) || g === Infinity) continue;
      let until = pcs[k - 2];
      if (until < t + job.minSeg) continue;
      for (; k < end && pcs[k + 2] >= g; k += 3) until = pcs[k + 1];
      const lk = w.mem * 1024 + g;
      let maxLayers = layersCache.get(lk);
      if (maxLayers === undefined) layersCache.set(lk, (maxLayers = maxLayersOnGpus(job, g, w.mem)));
      if (maxLayers < 1) continue;
      slotG[wi] = g;
      slotUntil[wi] = until;
      slotMax[wi] = maxLayers;
      keyNow[3 * na] = wi;
      keyNow[3 * na + 1] = g;
      keyNow[3 * na + 2] = until;
      active[na++] = wi;
      if (w.v < minV) minV = w.v;
      if (until > maxUntil) maxUntil = until;
    }
    mMinV = minV;
    mMaxUntil = maxUntil;
    return na;
  }

  /** Builds one chain of pool windows from `list` at start time t; keeps it when it beats the best. */
  function chain(job: JobState, t: number, list: Int32Array, na: number, variant: number): void {
    const pool = mPool;
    let nc = 0;
    let room = 0;
    const stamp = ++nodeStamp;
    for (let li = 0; li < na; li++) {
      const s = list[li];
      const w = pool[s];
      if (nodeSeen[w.nodeIx] === stamp) continue;
      let ok = true;
      for (let m = 0; m < nc; m++) {
        const r = pool[chosen[m]].regionIx;
        if (r !== w.regionIx && latMs[r * nRegionsAll + w.regionIx] > job.maxHop) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      nodeSeen[w.nodeIx] = stamp;
      chosen[nc++] = s;
      room += slotMax[s];
      if (room >= job.L) break;
    }
    if (room < job.L) return;
    // The same pipeline as at the previous start time, only later: it cannot score better.
    const sig = lastSig[variant];
    let same = lastSigLen[variant] === 3 * nc;
    for (let m = 0; same && m < nc; m++) {
      const s = chosen[m];
      same = sig[3 * m] === s && sig[3 * m + 1] === slotG[s] && sig[3 * m + 2] === slotUntil[s];
    }
    if (same) return;
    lastSigLen[variant] = 3 * nc;
    for (let m = 0; m < nc; m++) {
      sig[3 * m] = chosen[m];
      sig[3 * m + 1] = slotG[chosen[m]];
      sig[3 * m + 2] = slotUntil[chosen[m]];
    }
    // No split of layers beats all GPUs at full use: prune when that cannot win.
    let askSum = 0;
    let speedSum = 0;
    let roomUntil = job.b;
    for (let m = 0; m < nc; m++) {
      const s = chosen[m];
      askSum += slotG[s] * pool[s].ask;
      speedSum += slotG[s] * pool[s].tflops;
      roomUntil = Math.min(roomUntil, slotUntil[s]);
    }
    // Nor does any segment waste less than one restart over the room it has.
    const minWaste = 1 + (restartWeight * job.restart) / Math.max(1, roomUntil - t);
    if ((askSum / speedSum) * mPerToken * minWaste >= Math.min(mToBeat, mHasBest ? multiBest.score : Infinity)) return;
    // Regions pairwise within reach, so any order works; grouping them keeps hops inside a
    // region (regions in order of first appearance, windows in chain order within each).
    let nRegions = 0;
    for (let m = 0; m < nc; m++) {
      const r = pool[chosen[m]].regionIx;
      let seen = false;
      for (let q = 0; q < nRegions; q++) if (regionsIn[q] === r) seen = true;
      if (!seen) regionsIn[nRegions++] = r;
    }
    let no = 0;
    for (let q = 0; q < nRegions; q++)
      for (let m = 0; m < nc; m++) if (pool[chosen[m]].regionIx === regionsIn[q]) inOrder[no++] = chosen[m];
    for (let m = 0; m < nc; m++) {
      const s = inOrder[m];
      speeds[m] = slotG[s] * pool[s].tflops;
      maxLs[m] = slotMax[s];
    }
    if (!splitLayers(job.L, speeds, maxLs, nc, layersOf)) return;
    // The judge's rate: slowest stage, or slowest hop between nodes.
    let rate = Infinity;
    let prev = -1;
    let until = job.b;
    let cph = 0;
    let hazard = 0;
    for (let m = 0; m < nc; m++) {
      if (layersOf[m] === 0) continue;
      const s = inOrder[m];
      const w = pool[s];
      rate = Math.min(rate, stageRate(job, slotG[s], w.tflops, layersOf[m]));
      if (prev >= 0 && pool[prev].nodeIx !== w.nodeIx) rate = Math.min(rate, hopRate(job, pool[prev].gbps, w.gbps));
      prev = s;
      until = Math.min(until, slotUntil[s]);
      cph += slotG[s] * w.ask;
      hazard += w.hazard;
    }
    const p = price(job, t, until - t, rate, cph, hazard);
    if (!p || p === UNDER_FLOOR || (mHasBest && !(p.score < multiBest.score))) return;
    Object.assign(multiBest, p);
    mHasBest = true;
    mBestN = 0;
    for (let m = 0; m < nc; m++) {
      if (layersOf[m] === 0) continue;
      bestStageW[mBestN] = inOrder[m];
      bestStageG[mBestN] = slotG[inOrder[m]];
      bestStageL[mBestN++] = layersOf[m];
    }
  }

  /**
   * `from[0..n)` into `into`, by decreasing key[index]; equal keys keep their order in
   * `from` (a stable binary insertion sort: no allocation, and n is at most a few hundred).
   */
  function insertByKey(from: ArrayLike<number>, n: number, key: ArrayLike<number>, into: Int32Array): void {
    for (let m = 0; m < n; m++) {
      const x = from[m];
      const kx = key[x];
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (key[into[mid]] >= kx) lo = mid + 1;
        else hi = mid;
      }
      for (let k = m; k > lo; k--) into[k] = into[k - 1];
      into[lo] = x;
    }
  }

  function sameNumbers(x: Int32Array, y: Int32Array, n: number): boolean {
    for (let k = 0; k < n; k++) if (x[k] !== y[k]) return false;
    return true;
  }

  function overlapsBusy(job: JobState, s: number, e: number): boolean {
    for (let k = 0; k < job.busy.length; k += 2) if (job.busy[k] < e && job.busy[k + 1] > s) return true;
    return false;
  }
}
