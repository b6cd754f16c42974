import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxLayersOnGpus, minGpusForLayers, partitionLayers, partitionPipeline, splitLayers } from './partition-pipeline';

/** Best min(speed / layers) by brute force over every split (tiny cases only). */
function bruteBest(layers: number, slots: { speed: number; maxLayers: number }[]): number {
  let best = -1;
  const rec = (i: number, left: number, worst: number) => {
    if (i === slots.length) {
      if (left === 0) best = Math.max(best, worst);
      return;
    }
    for (let l = 0; l <= Math.min(left, slots[i].maxLayers); l++) {
      rec(i + 1, left - l, l === 0 ? worst : Math.min(worst, slots[i].speed / l));
    }
  };
  rec(0, layers, Infinity);
  return best;
}

describe('partitionLayers', () => {
  it('maximises the slowest stage, as brute force does', () => {
    const slot = fc.record({ speed: fc.integer({ min: 1, max: 50 }), maxLayers: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(slot, { minLength: 1, maxLength: 4 }), (layers, slots) => {
        const got = partitionLayers(layers, slots);
        const best = bruteBest(layers, slots);
        if (best < 0) {
          expect(got).toBeNull();
          return;
        }
        expect(got).not.toBeNull();
        expect(got!.reduce((a, b) => a + b, 0)).toBe(layers);
        got!.forEach((l, i) => expect(l).toBeLessThanOrEqual(slots[i].maxLayers));
        const worst = Math.min(...got!.map((l, i) => (l === 0 ? Infinity : slots[i].speed / l)));
        expect(worst).toBeCloseTo(best, 9);
      }),
      { numRuns: 500 },
    );
  });

  it('gives exactly what handing out layers one at a time from zero gives', () => {
    // The packer's fast path starts every slot just under its proportional share; the result
    // must not differ in any layer, ties included (equal speeds, caps, fractional TFLOPS).
    const reference = (layers: number, speed: number[], max: number[]) => {
      const out = speed.map(() => 0);
      for (let k = 0; k < layers; k++) {
        let best = -1;
        let bestQ = -1;
        for (let i = 0; i < speed.length; i++) {
          if (out[i] >= max[i]) continue;
          const q = speed[i] / (out[i] + 1);
          if (q > bestQ) (bestQ = q), (best = i);
        }
        out[best]++;
      }
      return out;
    };
    const speedOf = fc.oneof(fc.constantFrom(989, 312, 362, 165, 17, 989 * 8, 312 * 4), fc.double({ min: 0.5, max: 8000, noNaN: true }));
    const slot = fc.record({ speed: speedOf, maxLayers: fc.integer({ min: 0, max: 90 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 126 }), fc.array(slot, { minLength: 1, maxLength: 12 }), (layers, slots) => {
        const speed = slots.map((s) => s.speed);
        const max = slots.map((s) => s.maxLayers);
        const out = new Int32Array(slots.length);
        const ok = splitLayers(layers, speed, max, slots.length, out);
        expect(ok).toBe(max.reduce((a, b) => a + b, 0) >= layers);
        if (ok) expect(Array.from(out)).toEqual(reference(layers, speed, max));
      }),
      { numRuns: 3000 },
    );
  });

  it('splits in proportion to GPU speed', () => {
    expect(partitionLayers(32, [{ speed: 989 * 4, maxLayers: 99 }, { speed: 312 * 4, maxLayers: 99 }])).toEqual([25, 7]);
  });
});

describe('memory rules', () => {
  it('agree with the judge rule base + layers x layerMem <= gpus x mem', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(24, 40, 48, 80, 141),
        (lm, base, gpus, mem) => {
          const job = { layerMemGiB: lm, stageBaseMemGiB: base };
          const l = maxLayersOnGpus(job, gpus, mem);
          if (l > 0) expect(base + l * lm).toBeLessThanOrEqual(gpus * mem);
          expect(base + (l + 1) * lm).toBeGreaterThan(gpus * mem);
          if (l > 0) {
            const g = minGpusForLayers(job, l, mem);
            expect(g).toBeLessThanOrEqual(gpus);
            expect(base + l * lm).toBeLessThanOrEqual(g * mem);
            if (g > 1) expect(base + l * lm).toBeGreaterThan((g - 1) * mem);
          }
        },
      ),
    );
  });

  it('caps a pipeline by its slowest network hop', () => {
    const job = { layers: 32, stageBaseMemGiB: 6, layerMemGiB: 5.5, layerGflopPerToken: 1.3, hopMBPerToken: 0.0164, mfu: 0.4 };
    const p = partitionPipeline(job, [
      { nodeId: 'a', gpus: 8, tflops: 989, memGiB: 80, nodeGbps: 1 },
      { nodeId: 'b', gpus: 8, tflops: 989, memGiB: 80, nodeGbps: 100 },
    ])!;
    expect(p.layers).toEqual([16, 16]);
    expect(p.tokensPerSecond).toBeCloseTo(1e9 / 8 / 16400, 6);
  });
});
