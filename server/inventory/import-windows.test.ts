import { describe, expect, it } from 'vitest';
import { busyIntervals, parseCsvRows } from './import-windows';

const now = new Date('2026-12-01T00:00:00Z');
const nodes = [
  { id: 'n1', name: 'dgx-a', gpuCount: 8, gpuModel: 'H100-80G', status: 'ACTIVE' },
  { id: 'n0', name: 'dgx-a', gpuCount: 8, gpuModel: 'H100-80G', status: 'RETIRED' },
];

describe('parseCsvRows', () => {
  it('accepts header aliases, names nodes by name or id, and reports each bad field', () => {
    const rows = parseCsvRows(
      ['Node,Starts At,Ends At,GPU Count,Price Cents,Notice', 'DGX-A,2026-12-02T00:00:00Z,2026-12-02T08:00:00Z,8,100,30', 'n1,2026-12-03,soon,x,100,', ''].join('\n'),
      nodes,
      now,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ line: 2, nodeId: 'n1', gpuCount: 8, askTotalCents: 6400, errors: [] });
    expect(rows[1].errors).toEqual([
      'start "2026-12-03" is not an ISO-8601 date-time with a time zone (e.g. 2026-12-01T22:00:00Z)',
      'end "soon" is not an ISO-8601 date-time with a time zone (e.g. 2026-12-01T22:00:00Z)',
      'gpus "x" is not a whole number',
      'notice is missing',
    ]);
  });
});

describe('busyIntervals', () => {
  it('expands recurring busy events in the range, in the calendar’s time zone', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN',
      'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
      'BEGIN:STANDARD', 'DTSTART:19701025T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
      'BEGIN:DAYLIGHT', 'DTSTART:19700329T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:r', 'DTSTART;TZID=Europe/Berlin:20261201T090000', 'DTEND;TZID=Europe/Berlin:20261201T180000', 'RRULE:FREQ=DAILY;COUNT=5', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261202T200000Z', 'DTEND:20261202T210000Z', 'STATUS:CANCELLED', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const busy = busyIntervals(ics, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T00:00:00Z'));
    expect(busy.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([
      ['2026-12-01T08:00:00.000Z', '2026-12-01T17:00:00.000Z'],
      ['2026-12-02T08:00:00.000Z', '2026-12-02T17:00:00.000Z'],
      ['2026-12-03T08:00:00.000Z', '2026-12-03T17:00:00.000Z'],
    ]);
  });
  it('refuses text that is not iCalendar', () => {
    expect(() => busyIntervals('hello', new Date(), new Date())).toThrow(/not a valid iCalendar file/);
  });
});
