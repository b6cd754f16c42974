import { describe, expect, it } from 'vitest';
import { db, hoursFromNow, seedAccount } from '@/test/factories';

describe('bulk import', () => {
  it('previews a CSV of ten windows with two bad rows, then saves the eight good ones', async () => {
    const { caller, org } = await seedAccount();
    await caller.inventory.createNode({ name: 'dgx-a', gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' });
    await caller.inventory.createNode({ name: 'dgx-b', gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' });
    const rows = ['node,start,end,gpus,ask_cents_per_gpu_hour,notice_minutes,min_booking_minutes'];
    for (let i = 0; i < 4; i++) rows.push(`dgx-a,${hoursFromNow(2 + i * 12)},${hoursFromNow(10 + i * 12)},8,110,30,`);
    for (let i = 0; i < 4; i++) rows.push(`dgx-b,${hoursFromNow(3 + i * 12)},${hoursFromNow(9 + i * 12)},4,95,0,60`);
    rows.push(`dgx-zz,${hoursFromNow(2)},${hoursFromNow(5)},1,90,0,`); // unknown node
    rows.push(`dgx-a,${hoursFromNow(4)},${hoursFromNow(6)},8,-3,30,`); // negative price and overlap
    const text = rows.join('\n');
    const preview = await caller.inventory.previewImport({ format: 'csv', text });
    expect(preview.summary).toMatchObject({ total: 10, valid: 8, invalid: 2 });
    expect(preview.rows[8].errors.join()).toMatch(/no node named "dgx-zz"/);
    expect(preview.rows[9].errors.join()).toMatch(/cannot be negative/);
    expect(await db.window.count({ where: { orgId: org!.id } })).toBe(0);
    const saved = await caller.inventory.commitImport({ format: 'csv', text });
    expect(saved).toMatchObject({ saved: 8, skipped: 2 });
    expect(await db.window.count({ where: { orgId: org!.id, source: 'CSV' } })).toBe(8);
    // The same file again: every row now overlaps what was saved, so nothing more is stored.
    const again = await caller.inventory.previewImport({ format: 'csv', text });
    expect(again.summary.valid).toBe(0);
    expect(again.rows[0].errors.join()).toMatch(/overlaps the listed window/);
  });

  it('reports a CSV without the needed columns as one clear error', async () => {
    const { caller } = await seedAccount();
    await expect(caller.inventory.previewImport({ format: 'csv', text: 'a,b\n1,2' })).rejects.toThrow(/lacks the columns node, start, end, gpus, ask, notice/);
  });

  it('turns the gaps of an iCalendar busy feed into windows', async () => {
    const { caller, org } = await seedAccount();
    const node = await caller.inventory.createNode({ name: 'cal', gpuModel: 'A100-80G', gpuCount: 8, networkGbps: 100, region: 'us-west' });
    const from = new Date(hoursFromNow(1));
    const day = (h: number) => new Date(from.getTime() + h * 3_600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
      'BEGIN:VEVENT', 'UID:a', `DTSTART:${day(0)}`, `DTEND:${day(10)}`, 'SUMMARY:training run', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b', `DTSTART:${day(14)}`, `DTEND:${day(30)}`, 'SUMMARY:customer', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:c', `DTSTART:${day(31)}`, `DTEND:${day(32)}`, 'SUMMARY:maintenance', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:d', `DTSTART:${day(40)}`, `DTEND:${day(44)}`, 'TRANSP:TRANSPARENT', 'SUMMARY:free', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const input = { format: 'ics' as const, text: ics, nodeId: node.id, from: from.toISOString(), to: new Date(from.getTime() + 48 * 3_600_000).toISOString(), askCentsPerGpuHour: 100, noticeMinutes: 15, minGapMinutes: 120 };
    const preview = await caller.inventory.previewImport(input);
    // Gaps: 10-14 h (4 h), 30-31 h (1 h, too short), 32-48 h (16 h; the transparent event does not block).
    expect(preview.rows.map((r) => [r.startsAt, r.endsAt])).toEqual([
      [new Date(from.getTime() + 10 * 3_600_000).toISOString(), new Date(from.getTime() + 14 * 3_600_000).toISOString()],
      [new Date(from.getTime() + 32 * 3_600_000).toISOString(), new Date(from.getTime() + 48 * 3_600_000).toISOString()],
    ]);
    expect(preview.rows.every((r) => r.gpuCount === 8)).toBe(true);
    await caller.inventory.commitImport(input);
    expect(await db.window.count({ where: { orgId: org!.id, source: 'ICS' } })).toBe(2);
  });
});
