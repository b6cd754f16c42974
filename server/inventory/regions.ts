// Regions a node can be in, and the round-trip latency between them in milliseconds. The figures
// are typical public-internet RTTs between the regions' hubs and match the pack-v1 generator.
export const REGIONS = {
  'us-east': { label: 'US East (Virginia)' },
  'us-west': { label: 'US West (Oregon)' },
  'eu-west': { label: 'EU West (Ireland)' },
  'eu-north': { label: 'EU North (Stockholm)' },
  'ap-south': { label: 'Asia Pacific (Mumbai)' },
} as const;

export type RegionId = keyof typeof REGIONS;
export const REGION_IDS = Object.keys(REGIONS) as [RegionId, ...RegionId[]];

const FAR: Record<string, number> = {
  'us-east|us-west': 65, 'us-east|eu-west': 80, 'us-east|eu-north': 90, 'us-east|ap-south': 210,
  'us-west|eu-west': 140, 'us-west|eu-north': 150, 'us-west|ap-south': 180, 'eu-west|eu-north': 35,
  'eu-west|ap-south': 120, 'eu-north|ap-south': 140,
};

export function latencyMs(a: RegionId, b: RegionId): number {
  if (a === b) return 2;
  return FAR[`${a}|${b}`] ?? FAR[`${b}|${a}`];
}

export const LATENCY_MS: Record<RegionId, Record<RegionId, number>> = Object.fromEntries(
  REGION_IDS.map((a) => [a, Object.fromEntries(REGION_IDS.map((b) => [b, latencyMs(a, b)]))]),
) as Record<RegionId, Record<RegionId, number>>;
