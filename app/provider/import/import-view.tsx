'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Badge, Button, Card, ErrorNote, Field, Input, PageHeader, Select, SuccessNote, td, th } from '@/components/ui';
import { dateTime, fromLocalInput, num, toLocalInput, usd } from '@/lib/format';
import type { RouterOutputs } from '@/lib/router-types';
import { useTRPC } from '@/lib/trpc';

const CSV_EXAMPLE = `node,start,end,gpus,ask_cents_per_gpu_hour,notice_minutes,min_booking_minutes
dgx-07,2026-12-03T22:00:00Z,2026-12-04T06:00:00Z,8,120,30,60`;

type Preview = RouterOutputs['inventory']['previewImport'];

export function ImportView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [format, setFormat] = useState<'csv' | 'ics'>('csv');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [ics, setIcs] = useState(() => ({
    nodeId: '',
    from: toLocalInput(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000)),
    to: toLocalInput(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 14 * 86_400_000)),
    askDollars: '1.20',
    noticeMinutes: '30',
    minGapMinutes: '120',
  }));
  const nodes = useQuery(trpc.inventory.nodes.queryOptions({ page: 1, pageSize: 200, status: 'ACTIVE' }));
  const preview = useMutation(trpc.inventory.previewImport.mutationOptions());
  const commit = useMutation(trpc.inventory.commitImport.mutationOptions({ onSuccess: () => { qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() }); preview.reset(); } }));

  const input = () =>
    format === 'csv'
      ? ({ format: 'csv', text } as const)
      : ({
          format: 'ics',
          text,
          nodeId: ics.nodeId || nodes.data?.items[0]?.id || '',
          from: fromLocalInput(ics.from),
          to: fromLocalInput(ics.to),
          askCentsPerGpuHour: Math.round(Number(ics.askDollars) * 100),
          noticeMinutes: Number(ics.noticeMinutes),
          minGapMinutes: Number(ics.minGapMinutes),
        } as const);

  const readFile = async (f: File | undefined) => {
    if (!f) return;
    setFileName(f.name);
    setText(await f.text());
    preview.reset();
    commit.reset();
    if (f.name.toLowerCase().endsWith('.ics')) setFormat('ics');
    if (f.name.toLowerCase().endsWith('.csv')) setFormat('csv');
  };

  const p = preview.data as Preview | undefined;
  return (
    <>
      <PageHeader title="Import windows" description="List many windows at once: a CSV of windows, or an iCalendar feed of the node's busy times (the gaps become windows). You see every row and its problems before anything is saved." />
      {commit.data && (
        <div className="mb-4">
          <SuccessNote>
            Saved {commit.data.saved} window{commit.data.saved === 1 ? '' : 's'}{commit.data.skipped ? `; ${commit.data.skipped} row(s) with errors were skipped` : ''}. <Link className="font-medium underline" href="/provider/calendar">See them in the calendar →</Link>
          </SuccessNote>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="1. Choose a file" className="lg:col-span-1">
          <div className="space-y-4">
            <div className="flex gap-2" role="tablist">
              {(['csv', 'ics'] as const).map((f) => (
                <button key={f} role="tab" aria-selected={format === f} onClick={() => { setFormat(f); preview.reset(); }}
                  className={`rounded-md px-3 py-1.5 text-sm font-medium ${format === f ? 'bg-slate-900 text-white' : 'text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50'}`}>
                  {f === 'csv' ? 'CSV of windows' : 'iCalendar (busy times)'}
                </button>
              ))}
            </div>
            <Field label={format === 'csv' ? 'CSV file' : '.ics file'} htmlFor="import-file" hint={fileName ?? undefined}>
              <input id="import-file" type="file" accept={format === 'csv' ? '.csv,text/csv' : '.ics,text/calendar'} className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium" onChange={(e) => readFile(e.target.files?.[0])} />
            </Field>
            <Field label="…or paste it" htmlFor="import-text">
              <textarea id="import-text" rows={7} value={text} onChange={(e) => { setText(e.target.value); preview.reset(); }} placeholder={format === 'csv' ? CSV_EXAMPLE : 'BEGIN:VCALENDAR…'}
                className="block w-full rounded-md border-0 p-2 font-mono text-xs shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
            </Field>
            {format === 'csv' ? (
              <p className="text-xs text-slate-500">
                Columns: <code>node</code> (name or id), <code>start</code>, <code>end</code> (ISO-8601 with time zone), <code>gpus</code>, <code>ask_cents_per_gpu_hour</code>, <code>notice_minutes</code>, optional <code>min_booking_minutes</code>.
              </p>
            ) : (
              <div className="grid grid-cols-2 gap-3">
                <Field className="col-span-2" label="Node" htmlFor="ics-node">
                  <Select id="ics-node" value={ics.nodeId} onChange={(e) => setIcs({ ...ics, nodeId: e.target.value })}>
                    {(nodes.data?.items ?? []).map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
                  </Select>
                </Field>
                <Field label="From (UTC)" htmlFor="ics-from"><Input id="ics-from" type="datetime-local" value={ics.from} onChange={(e) => setIcs({ ...ics, from: e.target.value })} /></Field>
                <Field label="To (UTC)" htmlFor="ics-to"><Input id="ics-to" type="datetime-local" value={ics.to} onChange={(e) => setIcs({ ...ics, to: e.target.value })} /></Field>
                <Field label="Ask ($/GPU-h)" htmlFor="ics-ask"><Input id="ics-ask" type="number" step="0.01" value={ics.askDollars} onChange={(e) => setIcs({ ...ics, askDollars: e.target.value })} /></Field>
                <Field label="Notice (min)" htmlFor="ics-notice"><Input id="ics-notice" type="number" value={ics.noticeMinutes} onChange={(e) => setIcs({ ...ics, noticeMinutes: e.target.value })} /></Field>
                <Field className="col-span-2" label="Shortest gap to list (min)" htmlFor="ics-gap"><Input id="ics-gap" type="number" value={ics.minGapMinutes} onChange={(e) => setIcs({ ...ics, minGapMinutes: e.target.value })} /></Field>
              </div>
            )}
            <Button className="w-full" disabled={!text.trim()} loading={preview.isPending} onClick={() => { commit.reset(); preview.mutate(input()); }}>
              Preview
            </Button>
            <ErrorNote error={preview.error} />
          </div>
        </Card>
        <Card title="2. Check and save" className="lg:col-span-2" padded={false}
          description={p ? `${p.summary.valid} of ${p.summary.total} rows can be saved · ${num(p.summary.gpuHours, 1)} GPU-hours · ${usd(p.summary.askTotalCents)} if sold whole` : 'Nothing is saved until you confirm.'}
          actions={p && (
            <Button disabled={p.summary.valid === 0} loading={commit.isPending} onClick={() => commit.mutate(input())}>
              Save {p.summary.valid} window{p.summary.valid === 1 ? '' : 's'}{p.summary.invalid ? `, skip ${p.summary.invalid}` : ''}
            </Button>
          )}
        >
          {commit.error && <div className="px-5 pt-4"><ErrorNote error={commit.error} /></div>}
          {!p ? (
            <p className="px-5 py-10 text-center text-sm text-slate-500">Choose a file and press Preview.</p>
          ) : p.rows.length === 0 ? (
            <p className="px-5 py-10 text-center text-sm text-slate-500">No rows found: the file has no windows, or the calendar has no gap long enough in that range.</p>
          ) : (
            <div className="max-h-[560px] overflow-auto">
              <table className="min-w-full divide-y divide-slate-100" data-testid="import-preview">
                <thead className="sticky top-0 bg-white">
                  <tr><th className={th}>{format === 'csv' ? 'Line' : '#'}</th><th className={th}>Node</th><th className={th}>Start</th><th className={th}>End</th><th className={th}>GPUs</th><th className={th}>Ask</th><th className={th}>Status</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {p.rows.map((r) => (
                    <tr key={r.line} className={r.errors.length ? 'bg-red-50/50' : ''} data-testid={r.errors.length ? 'row-error' : 'row-ok'}>
                      <td className={td}>{r.line}</td>
                      <td className={td}>{r.nodeName ?? '—'}</td>
                      <td className={td}>{r.startsAt ? dateTime(r.startsAt) : '—'}</td>
                      <td className={td}>{r.endsAt ? dateTime(r.endsAt) : '—'}</td>
                      <td className={td}>{r.gpuCount ?? '—'}</td>
                      <td className={td}>{r.askCentsPerGpuHour != null ? usd(r.askCentsPerGpuHour) : '—'}</td>
                      <td className="px-4 py-3 text-sm">
                        {r.errors.length ? <span className="text-red-700">{r.errors.join('; ')}</span> : <Badge tone="green">ready</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
