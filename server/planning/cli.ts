/// <reference types="node" />
// `npm run -s pack`: a pack-v1 instance on stdin, a plan on stdout (with solveMs).
// Bad input: one line on stderr, exit code 2.
import { setFlagsFromString } from 'node:v8';
import { pack } from './pack-plan';
import { validateInstance } from './validate-instance';

/** Plans with at most this many jobs run without V8's optimizing compiler (see main). */
const BASELINE_ONLY_MAX_JOBS = 300;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): never {
  process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(2);
}

async function main() {
  const text = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    fail(`invalid JSON on stdin: ${(err as Error).message}`);
  }
  const result = validateInstance(input);
  if (!result.ok) fail(result.error);
  // One process per plan: a plan of a few hundred jobs or fewer (m is ~110, and every repair
  // call of an m replay) is over before V8's optimizing compiler pays back its compile time,
  // which on one core comes out of the planning itself. Such plans run on the baseline
  // compiler only (--max-opt=1, Sparkplug; same plans, same code, only how V8 runs it).
  // Measured cold, median of 5-15 runs: m-3 full plan 218 -> 134 ms on one core (taskset -c 0),
  // 125 -> 140 ms on two; repair calls of the m-3 replay 121 -> 44 ms on one core, 28 -> 28 on
  // two. Larger plans need the optimizing compiler: l-1 takes 0.69 s with it, 4.2 s without.
  if (result.instance.jobs.length <= BASELINE_ONLY_MAX_JOBS) setFlagsFromString('--max-opt=1');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const plan = pack(result.instance);
  const solveMs = +(performance.now() - t0).toFixed(2);
  // CPU time beside wall time: on a shared machine the wall time also counts waiting.
  const cpu = process.cpuUsage(cpu0);
  const solveCpuMs = +((cpu.user + cpu.system) / 1000).toFixed(2);
  process.stdout.write(`${JSON.stringify({ segments: plan.segments, solveMs, solveCpuMs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`packer failed: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
  process.exit(1);
});
