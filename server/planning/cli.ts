/// <reference types="node" />
// `npm run -s pack`: a pack-v1 instance on stdin, a plan on stdout (with solveMs).
// Bad input: one line on stderr, exit code 2.
import { pack } from './pack-plan';
import { validateInstance } from './validate-instance';

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
