import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const run = (input: string) =>
  spawnSync('sh', ['server/planning/run-pack.sh'], { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 28 });

describe('pack CLI', () => {
  it('plans a sample instance and reports solveMs', () => {
    const inst = readFileSync(path.resolve(root, '../shared/packing/samples/s-seed1.json'), 'utf8');
    const r = run(inst);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Array.isArray(plan.segments)).toBe(true);
    expect(plan.segments.length).toBeGreaterThan(0);
    expect(typeof plan.solveMs).toBe('number');
  });

  it('answers bad input with one line on stderr and exit code 2', () => {
    for (const input of ['{', '{"format":"pack-v1"}', '[]', JSON.stringify({ format: 'pack-v2' })]) {
      const r = run(input);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const inst = JSON.parse(readFileSync(path.resolve(root, '../shared/packing/samples/s-seed1.json'), 'utf8'));
    inst.windows[3].gpuType = 'TPU';
    const r = run(JSON.stringify(inst));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/windows\.3\.gpuType: unknown GPU type TPU/);
  });
});
