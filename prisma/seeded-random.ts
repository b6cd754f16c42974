/** Seeded draws (mulberry32, as ../shared/packing/generate.mjs), so a seeded market is the same every run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (a: number, b: number) => a + (b - a) * rand();
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const weighted = <T,>(pairs: [T, number][]) => {
    let r = rand() * pairs.reduce((s, p) => s + p[1], 0);
    for (const [v, w] of pairs) if ((r -= w) <= 0) return v;
    return pairs[pairs.length - 1][0];
  };
  return { rand, uniform, pick, weighted };
}

/** A time rounded to the minute, as listings are. */
export const toMinute = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000);
