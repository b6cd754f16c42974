// `npm run bench:pack`: generate instances of every scale and their reclaim traces, run
// the packer through the judge, print one table and write bench/results/pack.json.
//
// Budget (a few minutes on 2 shared cores): s and m with 3 seeds, static plan and full
// reclaim replay; l with 2 seeds and xl with 1 seed, static plan, plus at l a replay of
// the first reclaims of the trace (a full l replay is thousands of packer calls). The LP
// bound is solved at s and m only (at l it has ~10^6 variables).
//
// Packer command: the judge runs `node <copy of dist/pack-cli.cjs>`, the bundle that `npm
// run -s pack` builds and runs, to spare npm's ~0.3 s start-up on each of hundreds of
// replay calls; the xl row also runs the whole `npm run -s pack` command, start-up
// included. Each full replay is also run in-process ("warm"): the same judge code with
// the packer called as a function, as a long-lived repair worker would call it. The
// issue's speed targets are for one core of this machine: at m, l and xl the static plan,
// and at m the reclaim replay, run again pinned to CPU 0 (`taskset -c 0`, rows "1 core").
// A static row's solve time is the median and max of 5 cold runs (3 at xl; `calls`).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lpBound } from './lp-bound';
import { rateOfStages } from '../server/planning/check-plan';
import { pack } from '../server/planning/pack-plan';
import type { Instance, Plan } from '../server/planning/types';

const root = path.resolve(__dirname, '..');
const shared = path.resolve(root, '../shared/packing');
const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });

const quick = process.argv.includes('--quick');
const RUNS: { scale: string; seeds: number[]; replay: 'full' | number | 'none'; lp: boolean }[] = quick
  ? [
      { scale: 's', seeds: [1], replay: 'full', lp: true },
      { scale: 'm', seeds: [1], replay: 'full', lp: true },
    ]
  : [
      { scale: 's', seeds: [1, 2, 3], replay: 'full', lp: true },
      { scale: 'm', seeds: [1, 2, 3], replay: 'full', lp: true },
      { scale: 'l', seeds: [1, 2], replay: 10, lp: false },
      { scale: 'xl', seeds: [1], replay: 'none', lp: false },
    ];

// Build the bundle once, as `npm run -s pack` would, and run a copy of it, so that an
// edit during the benchmark cannot swap the packer under it.
execFileSync('sh', ['-c', 'sh server/planning/run-pack.sh < /dev/null > /dev/null 2>&1 || true'], { cwd: root });
copyFileSync(path.join(root, 'dist/pack-cli.cjs'), path.join(out, 'pack-cli.cjs'));
const PACKER = `node ${path.join(out, 'pack-cli.cjs')}`;

/**
 * The judge's own replay, with the packer called in this process instead of spawned:
 * the judge's source with its runPacker swapped, so every rule and score stays the
 * judge's. It measures repair as a long-lived repair worker would run it (JIT warm);
 * the spawned replay measures a cold process per call.
 */
async function warmReplay(inst: Instance, trace: unknown) {
  const src = readFileSync(path.join(shared, 'evaluate.mjs'), 'utf8');
  const patched = src.replace(
    'function runPacker(cmd, instance) {',
    'function runPacker(cmd, instance) { const t0 = performance.now(); const plan = globalThis.__benchPack(JSON.parse(JSON.stringify(instance))); plan.solveMs = performance.now() - t0; return { plan, ms: plan.solveMs }; }\nfunction runPackerSpawned(cmd, instance) {',
  );
  if (patched === src) throw new Error('judge changed: cannot patch runPacker');
  const file = path.join(out, 'judge-in-process.mjs');
  writeFileSync(file, patched);
  (globalThis as Record<string, unknown>).__benchPack = pack;
  const { replay } = await import(file);
  return replay(inst, '', trace);
}

interface Row {
  scale: string;
  seed: number;
  mode: string;
  feasible: boolean;
  violations: string[];
  demandFill: number;
  jobsServed: string;
  lpFill: number | null;
  goodput: number | null;
  centsPerMTok: number | null;
  dcRatio: number | null;
  costVsLp: number | null;
  supplyUtil: number;
  solveMsMedian: number | null;
  solveMsMax: number | null;
  packerMsMax: number;
  calls: number;
}

function judge(instFile: string, traceFile: string, packer = PACKER) {
  const r = spawnSync('node', [path.join(shared, 'evaluate.mjs'), '--instance', instFile, '--packer', packer, '--reclaims', traceFile], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (!r.stdout.trim()) throw new Error(`judge failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout);
}

/**
 * A static plan's solve time as the median and max of several cold runs: one cold run on
 * this shared machine can land in a slow minute (the same bundle measured m-3 at 132 ms and
 * at 277 ms within half an hour).
 */
function timeStatic<T extends { solveMsMedian: number; solveMsMax: number; packerCalls: number }>(r: T, instFile: string, cmd: string, runs: number): T {
  const ms: number[] = [r.solveMsMax];
  const input = readFileSync(instFile);
  for (let k = 1; k < runs; k++) {
    const out = spawnSync('sh', ['-c', cmd], { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (out.status !== 0) throw new Error(`packer failed: ${out.stderr.slice(-500)}`);
    ms.push((JSON.parse(out.stdout) as { solveMs: number }).solveMs);
  }
  ms.sort((a, b) => a - b);
  return { ...r, solveMsMedian: ms[(ms.length - 1) >> 1], solveMsMax: ms[ms.length - 1], packerCalls: ms.length };
}

/** Useful tokens per job of a static plan (judge's formulas), for the LP cost bound. */
function usefulTokens(inst: Instance, plan: Plan): Record<string, number> {
  const windows = new Map(inst.windows.map((w) => [w.id, w]));
  const jobs = new Map(inst.jobs.map((j) => [j.id, j]));
  const got: Record<string, number> = {};
  for (const s of plan.segments) {
    const job = jobs.get(s.jobId)!;
    const { rate } = rateOfStages(inst, windows, job, s.stages);
    const secs = (Date.parse(s.end) - Date.parse(s.start)) / 1e3 - job.restartMinutes * 60;
    got[s.jobId] = (got[s.jobId] ?? 0) + rate * Math.max(0, secs);
  }
  for (const j of inst.jobs) got[j.id] = Math.min(j.targetTokens, got[j.id] ?? 0);
  return got;
}

/** `taskset` (util-linux) pins the packer to one core; without it the 1-core rows are left out, and said so. */
const oneCore = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

async function main() {
  if (!oneCore) console.log('taskset -c 0 does not run here: the one-core rows are left out');
  const rows: Row[] = [];
  const t0 = Date.now();
  for (const run of RUNS) {
    for (const seed of run.seeds) {
      const instFile = path.join(out, `${run.scale}-seed${seed}.json`);
      const traceFile = path.join(out, `${run.scale}-seed${seed}.reclaims.json`);
      const gen = spawnSync('node', [path.join(shared, 'generate.mjs'), '--scale', run.scale, '--seed', String(seed), '--reclaims', traceFile], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      writeFileSync(instFile, gen.stdout);
      const inst = JSON.parse(gen.stdout) as Instance;
      const empty = path.join(out, 'no-reclaims.json');
      writeFileSync(empty, '{"reclaims":[]}\n');

      const runs = run.scale === 'xl' ? 3 : 5;
      const st = timeStatic(judge(instFile, empty), instFile, PACKER, runs);
      let lpFill: number | null = null;
      let costVsLp: number | null = null;
      if (run.lp) {
        const planOut = spawnSync('node', [path.join(root, 'dist/pack-cli.cjs')], { input: gen.stdout, encoding: 'utf8', maxBuffer: 1 << 30 });
        const plan = JSON.parse(planOut.stdout) as Plan;
        const lp = await lpBound(inst, usefulTokens(inst, plan));
        lpFill = +lp.fillUpper.toFixed(4);
        if (lp.costLower && lp.costLower > 0) costVsLp = +(st.costCents / lp.costLower).toFixed(3);
      }
      const row = (mode: string, r: Record<string, any>): Row => ({
        scale: run.scale,
        seed,
        mode,
        feasible: r.feasible,
        violations: r.violations,
        demandFill: r.demandFill,
        jobsServed: r.jobsServed,
        lpFill,
        goodput: r.goodput,
        centsPerMTok: r.centsPerMTok,
        dcRatio: r.dcRatio,
        costVsLp: mode === 'static' ? costVsLp : null,
        supplyUtil: r.supplyUtil,
        solveMsMedian: r.solveMsMedian,
        solveMsMax: r.solveMsMax,
        packerMsMax: r.packerMsMax,
        calls: r.packerCalls,
      });
      rows.push(row('static', st));
      print(rows.at(-1)!);
      if (run.scale === 'xl') {
        const whole = judge(instFile, empty, 'npm run -s pack');
        rows.push(row('static npm run -s pack', whole));
        print(rows.at(-1)!);
      }
      // The speed targets are for one core: the same runs pinned to CPU 0.
      if (oneCore && run.scale !== 's') {
        const cmd = run.scale === 'xl' ? 'taskset -c 0 npm run -s pack' : `taskset -c 0 ${PACKER}`;
        const pinned = judge(instFile, empty, cmd);
        rows.push(row(run.scale === 'xl' ? 'static npm run -s pack, 1 core' : 'static, 1 core', run.scale === 'xl' ? pinned : timeStatic(pinned, instFile, cmd, runs)));
        print(rows.at(-1)!);
      }
      if (run.replay !== 'none') {
        let trace = traceFile;
        let mode = 'replay';
        if (typeof run.replay === 'number') {
          const all = JSON.parse(readFileSync(traceFile, 'utf8'));
          trace = path.join(out, `${run.scale}-seed${seed}.reclaims-first${run.replay}.json`);
          writeFileSync(trace, JSON.stringify({ reclaims: all.reclaims.slice(0, run.replay) }));
          mode = `replay first ${run.replay} of ${all.reclaims.length}`;
        }
        rows.push(row(mode, judge(instFile, trace)));
        print(rows.at(-1)!);
        if (oneCore && run.scale === 'm') {
          rows.push(row(`${mode}, 1 core`, judge(instFile, trace, `taskset -c 0 ${PACKER}`)));
          print(rows.at(-1)!);
        }
        if (run.replay === 'full') {
          rows.push(row('replay, in-process (warm)', await warmReplay(inst, JSON.parse(readFileSync(traceFile, 'utf8')))));
          print(rows.at(-1)!);
        }
      }
    }
  }
  writeFileSync(path.join(out, 'pack.json'), JSON.stringify({ rows, seconds: (Date.now() - t0) / 1e3 }, null, 2));
  console.log(`\nall feasible: ${rows.every((r) => r.feasible)}; ${((Date.now() - t0) / 1e3).toFixed(0)} s; bench/results/pack.json`);
}

let header = false;
function print(r: Row) {
  const cols: [string, string][] = [
    ['scale', r.scale],
    ['seed', String(r.seed)],
    ['mode', r.mode],
    ['ok', r.feasible ? 'yes' : 'NO'],
    ['fill', fmt(r.demandFill)],
    ['LP fill', r.lpFill === null ? 'skipped' : fmt(r.lpFill)],
    ['served', r.jobsServed],
    ['goodput', fmt(r.goodput)],
    ['c/MTok', fmt(r.centsPerMTok)],
    ['dcRatio', fmt(r.dcRatio)],
    ['cost/LPmin', r.costVsLp === null ? '-' : fmt(r.costVsLp)],
    ['util', fmt(r.supplyUtil)],
    ['solveMs med', fmt(r.solveMsMedian)],
    ['solveMs max', fmt(r.solveMsMax)],
    ['cmd ms max', String(r.packerMsMax)],
    ['calls', String(r.calls)],
  ];
  const widths = [5, 4, 30, 3, 6, 7, 10, 7, 7, 7, 10, 6, 11, 11, 10, 5];
  if (!header) {
    console.log(cols.map(([h], i) => h.padEnd(widths[i])).join(' | '));
    header = true;
  }
  console.log(cols.map(([, v], i) => v.padEnd(widths[i])).join(' | '));
  if (!r.feasible) console.log('  violations:', r.violations.slice(0, 3).join('; '));
}
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : String(x));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
