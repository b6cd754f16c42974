import { describe, expect, it } from 'vitest';
import { GPU_CATALOG, MODEL_PRESETS, jobFieldsOf, paramsPerBlock, profileModel, profilePreset, totalParams } from './profile-model';

describe('profileModel', () => {
  it('counts Llama-2 parameters within 2% of the published 6.74B, 13.0B and 69.0B', () => {
    // Touvron et al. 2023; exact counts of the released checkpoints.
    const published = { '7B': 6_738_415_616, '13B': 13_015_864_320, '70B': 68_976_648_192 } as const;
    for (const [name, n] of Object.entries(published)) {
      const got = totalParams(MODEL_PRESETS[name as keyof typeof published]);
      expect(Math.abs(got - n) / n).toBeLessThan(0.02);
    }
  });

  it('agrees with the per-block numbers measured on an H100 (calibration.md)', () => {
    const measured = {
      '1B': { params: 51.4e6, gflop: 0.333, weightsGiB: 0.77 },
      '7B': { params: 202.4e6, gflop: 1.315, weightsGiB: 3.02 },
      '13B': { params: 317.2e6, gflop: 2.029, weightsGiB: 4.73 },
      '70B': { params: 855.7e6, gflop: 5.335, weightsGiB: 12.75 },
    } as const;
    for (const [name, m] of Object.entries(measured)) {
      const key = name as keyof typeof measured;
      const p = profilePreset(key);
      expect(Math.abs(paramsPerBlock(MODEL_PRESETS[key]) - m.params) / m.params).toBeLessThan(0.002);
      expect(Math.abs(p.layerGflopPerToken - m.gflop) / m.gflop).toBeLessThan(0.01);
      expect(Math.abs(p.weightsGiBPerBlock - m.weightsGiB) / m.weightsGiB).toBeLessThan(0.01);
      // The activation estimate is within 12% of the measured one.
      const act = MODEL_PRESETS[key].measuredActivationGiB;
      expect(Math.abs(p.activationGiBPerBlock - act) / act).toBeLessThan(0.12);
    }
  });

  it('gives the pack-v1 generator numbers for its four models', () => {
    const generator = {
      '1B': { layers: 16, layerMemGiB: 1.4, stageBaseMemGiB: 4, layerGflopPerToken: 0.32, hopMBPerToken: 0.0082 },
      '7B': { layers: 32, layerMemGiB: 5.5, stageBaseMemGiB: 6, layerGflopPerToken: 1.3, hopMBPerToken: 0.0164 },
      '13B': { layers: 40, layerMemGiB: 8.6, stageBaseMemGiB: 6, layerGflopPerToken: 2.0, hopMBPerToken: 0.0205 },
      '70B': { layers: 80, layerMemGiB: 18.8, stageBaseMemGiB: 8, layerGflopPerToken: 5.3, hopMBPerToken: 0.0328 },
    } as const;
    for (const [name, g] of Object.entries(generator)) {
      const f = jobFieldsOf(profilePreset(name as keyof typeof generator));
      expect(f.layers).toBe(g.layers);
      expect(Math.abs(f.layerMemGiB - g.layerMemGiB) / g.layerMemGiB).toBeLessThan(0.07);
      expect(Math.abs(f.stageBaseMemGiB - g.stageBaseMemGiB) / g.stageBaseMemGiB).toBeLessThan(0.1);
      expect(Math.abs(f.layerGflopPerToken - g.layerGflopPerToken) / g.layerGflopPerToken).toBeLessThan(0.05);
      expect(f.hopMBPerToken).toBeCloseTo(g.hopMBPerToken, 4);
    }
  });

  it('takes less activation memory with more recomputation', () => {
    const shape = { ...MODEL_PRESETS['7B'] };
    const none = profileModel(shape, { recompute: 'none' }).layerMemGiB;
    const selective = profileModel(shape, { recompute: 'selective' }).layerMemGiB;
    const full = profileModel(shape, { recompute: 'full' }).layerMemGiB;
    expect(none).toBeGreaterThan(selective);
    expect(selective).toBeGreaterThan(full);
    expect(full).toBeGreaterThan(profilePreset('7B').weightsGiBPerBlock);
  });

  it('exports a catalog that matches the judge instances', () => {
    expect(GPU_CATALOG['H100-80G']).toMatchObject({ memGiB: 80, tflops: 989, onDemandCentsPerGpuHour: 299 });
    expect(GPU_CATALOG['A100-80G']).toMatchObject({ memGiB: 80, tflops: 312, onDemandCentsPerGpuHour: 179 });
    expect(GPU_CATALOG['A100-40G']).toMatchObject({ memGiB: 40, tflops: 312, onDemandCentsPerGpuHour: 129 });
    expect(GPU_CATALOG['L40S-48G']).toMatchObject({ memGiB: 48, tflops: 362, onDemandCentsPerGpuHour: 99 });
    expect(GPU_CATALOG['RTX4090-24G']).toMatchObject({ memGiB: 24, tflops: 165, onDemandCentsPerGpuHour: 59 });
    expect(GPU_CATALOG['M4Pro-48G']).toMatchObject({ memGiB: 48, tflops: 17, onDemandCentsPerGpuHour: 25 });
    expect(GPU_CATALOG['H200-141G']).toMatchObject({ memGiB: 141, tflops: 989 });
  });
});
