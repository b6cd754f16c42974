import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapsBetween } from './import-windows';
import { earnings, overlapsWithin, windowProblems } from './windows';

const now = new Date('2026-12-01T00:00:00Z');
const node = { id: 'n1', name: 'dgx', gpuCount: 8, status: 'ACTIVE' };
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
const draft = (s: number, e: number, extra = {}) => ({ startsAt: at(s), endsAt: at(e), gpuCount: 8, askCentsPerGpuHour: 100, noticeMinutes: 30, ...extra });

describe('windowProblems', () => {
  it('accepts a sound window', () => {
    expect(windowProblems(draft(1, 9), node, now)).toEqual([]);
  });
  it('names each rule a window breaks', () => {
    expect(windowProblems(draft(-3, -1), node, now)).toContain('the window starts in the past');
    expect(windowProblems(draft(5, 5), node, now)).toContain('end must be after start');
    expect(windowProblems(draft(1, 1.1), node, now)).toContain('a window must last at least 15 minutes');
    expect(windowProblems(draft(1, 9, { gpuCount: 9 }), node, now)).toContain('node "dgx" has only 8 GPUs, not 9');
    expect(windowProblems(draft(1, 9, { askCentsPerGpuHour: -1 }), node, now)).toContain('the ask cannot be negative');
    expect(windowProblems(draft(1, 2, { minBookingMinutes: 90 }), node, now)).toContain('the minimum booking is longer than the window');
    expect(windowProblems(draft(1, 9), { ...node, status: 'RETIRED' }, now)).toContain('node "dgx" is retired');
  });
  it('forgives a start a minute in the past (a form submitted late)', () => {
    expect(windowProblems({ ...draft(0, 4), startsAt: new Date(now.getTime() - 60_000) }, node, now)).toEqual([]);
  });
});

describe('overlapsWithin', () => {
  it('finds exactly the pairs of one node that overlap, treating intervals as half-open', () => {
    const d = (nodeId: string, s: number, e: number) => ({ nodeId, startsAt: at(s), endsAt: at(e) });
    expect(overlapsWithin([d('a', 0, 2), d('a', 2, 4), d('b', 1, 3)])).toEqual([]);
    expect(overlapsWithin([d('a', 0, 3), d('b', 1, 2), d('a', 2, 4)])).toEqual([[0, 2]]);
  });
  it('agrees with a brute-force check on random sorted-disjoint inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 6 })), { maxLength: 12 }), (xs) => {
        const drafts = xs.map(([s, len]) => ({ nodeId: 'a', startsAt: at(s), endsAt: at(s + len) }));
        const anyOverlap = drafts.some((a, i) => drafts.some((b, j) => i < j && a.startsAt < b.endsAt && b.startsAt < a.endsAt));
        expect(overlapsWithin(drafts).length > 0).toBe(anyOverlap);
      }),
    );
  });
});

describe('gapsBetween', () => {
  it('returns the idle gaps of at least the minimum length between busy intervals', () => {
    const busy = [{ start: at(1), end: at(3) }, { start: at(2), end: at(5) }, { start: at(6), end: at(7) }];
    expect(gapsBetween(busy, at(0), at(12), 120)).toEqual([{ start: at(7), end: at(12) }]);
    expect(gapsBetween(busy, at(0), at(12), 60)).toEqual([{ start: at(0), end: at(1) }, { start: at(5), end: at(6) }, { start: at(7), end: at(12) }]);
  });
  it('never returns a gap that overlaps a busy interval or leaves the range', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: 1, max: 10 })), { maxLength: 15 }), fc.integer({ min: 15, max: 300 }), (xs, minGap) => {
        const busy = xs.map(([s, l]) => ({ start: at(s), end: at(s + l) })).sort((a, b) => +a.start - +b.start);
        const gaps = gapsBetween(busy, at(0), at(48), minGap);
        for (const g of gaps) {
          expect(+g.end - +g.start).toBeGreaterThanOrEqual(minGap * 60_000);
          expect(+g.start).toBeGreaterThanOrEqual(+at(0));
          expect(+g.end).toBeLessThanOrEqual(+at(48));
          for (const b of busy) expect(g.start < b.end && b.start < g.end).toBe(false);
        }
      }),
    );
  });
});

describe('earnings', () => {
  it('values a window at the ask and at the GPU model’s spot and inference prices', () => {
    const e = earnings({ startsAt: at(0), endsAt: at(10), gpuCount: 8, askCentsPerGpuHour: 120 }, 'H100-80G');
    expect(e.gpuHours).toBe(80);
    expect(e.askTotalCents).toBe(9600);
    expect(e.spotTotalCents).toBe(80 * 165);
    expect(e.inferenceTotalCents).toBe(80 * 190);
  });
});
