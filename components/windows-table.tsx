'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { dateTime, duration, num, usd } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { Badge, Button, ErrorNote, Field, Input, SuccessNote, td, th } from './ui';

export interface WindowRow {
  id: string;
  startsAt: string;
  endsAt: string;
  gpuCount: number;
  askCentsPerGpuHour: number;
  noticeMinutes: number;
  minBookingMinutes: number | null;
  source: string;
  node: { id: string; name: string; gpuModel: string; region: string; gpuCount: number };
  gpuHours: number;
  askTotalCents: number;
  spotTotalCents: number | null;
  inferenceTotalCents: number | null;
  soldGpuHours?: number;
  reclaimedAt?: string | null;
}

export function WindowsTable({ rows, showNode = true }: { rows: WindowRow[]; showNode?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [error, setError] = useState<{ message: string } | null>(null);
  const del = useMutation(trpc.inventory.deleteWindow.mutationOptions({
    onSuccess: () => { setError(null); qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() }); },
    onError: (e) => setError(e),
  }));
  const [reclaiming, setReclaiming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const now = Date.now();
  const cols = (showNode ? 1 : 0) + 9;
  return (
    <div className="overflow-x-auto">
      {error && <div className="px-5 pt-4"><ErrorNote error={error} /></div>}
      {done && <div className="px-5 pt-4"><SuccessNote>{done}</SuccessNote></div>}
      <table className="min-w-full divide-y divide-slate-100" data-testid="windows-table">
        <thead>
          <tr>
            {showNode && <th className={th}>Node</th>}
            <th className={th}>Start (UTC)</th><th className={th}>End (UTC)</th><th className={th}>GPUs</th><th className={th}>Ask</th><th className={th}>If sold whole</th><th className={th}>vs spot / inference</th><th className={th}>Notice</th><th className={th}>Source</th><th className={th}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((w) => {
            const live = Date.parse(w.startsAt) <= now && Date.parse(w.endsAt) > now;
            const ended = Date.parse(w.endsAt) <= now;
            const vsSpot = w.spotTotalCents ? w.askTotalCents / w.spotTotalCents : null;
            const sold = (w.soldGpuHours ?? 0) > 0;
            const reclaimed = !!w.reclaimedAt;
            return (
              <Fragment key={w.id}>
              <tr data-testid="window-row" data-sold={sold || undefined} data-reclaimed={reclaimed || undefined} className={reclaimed ? 'bg-slate-50/60 text-slate-500' : 'hover:bg-slate-50/60'}>
                {showNode && <td className={td}><Link className="font-medium text-slate-900 hover:text-brand-600" href={`/provider/nodes/${w.node.id}`}>{w.node.name}</Link><div className="text-[11px] text-slate-500">{w.node.gpuModel} · {w.node.region}</div></td>}
                <td className={td}>
                  {dateTime(w.startsAt)} {live && !reclaimed && <Badge tone="green">live</Badge>}
                  {(sold || reclaimed) && (
                    <div className="mt-0.5 flex gap-1">
                      {reclaimed ? <Badge tone="red">reclaimed</Badge> : <Badge tone="blue">sold</Badge>}
                      {sold && <span className="text-[11px] text-slate-500">{num(w.soldGpuHours ?? 0, 1)} GPU-h</span>}
                    </div>
                  )}
                </td>
                <td className={td}>{dateTime(w.endsAt)}<div className="text-[11px] text-slate-500">{reclaimed ? (w.endsAt === w.startsAt ? 'taken back before it started' : `reclaimed ${dateTime(w.reclaimedAt!)}, ran ${duration(w.startsAt, w.endsAt)}`) : duration(w.startsAt, w.endsAt)}</div></td>
                <td className={td}>{w.gpuCount} / {w.node.gpuCount}</td>
                <td className={td}>{usd(w.askCentsPerGpuHour)}<span className="text-slate-400">/GPU-h</span></td>
                <td className={td}>{usd(w.askTotalCents)}<div className="text-[11px] text-slate-500">{num(w.gpuHours, 1)} GPU-h</div></td>
                <td className={td}>
                  {usd(w.spotTotalCents)} / {usd(w.inferenceTotalCents)}
                  {vsSpot != null && <div className={`text-[11px] ${vsSpot >= 1 ? 'text-emerald-600' : 'text-amber-700'}`}>ask is {Math.round(vsSpot * 100)}% of spot</div>}
                </td>
                <td className={td}>{w.noticeMinutes} min</td>
                <td className={td}><Badge tone={w.source === 'API' ? 'blue' : 'slate'}>{w.source.toLowerCase()}</Badge></td>
                <td className={`${td} text-right`}>
                  {reclaimed || ended ? null : sold ? (
                    <Button size="sm" variant="danger" onClick={() => { setReclaiming(reclaiming === w.id ? null : w.id); setDone(null); }} aria-expanded={reclaiming === w.id}>
                      Reclaim
                    </Button>
                  ) : (
                    <Button size="sm" variant="danger" loading={del.isPending && del.variables?.id === w.id}
                      onClick={() => { if (confirm('Withdraw this window from the market?')) del.mutate({ id: w.id }); }}>
                      Withdraw
                    </Button>
                  )}
                </td>
              </tr>
              {reclaiming === w.id && !reclaimed && (
                <tr>
                  <td colSpan={cols} className="bg-red-50/40 px-5 py-4">
                    <ReclaimPanel window={w} onClose={() => setReclaiming(null)} onDone={(msg) => { setReclaiming(null); setDone(msg); }} />
                  </td>
                </tr>
              )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Taking a sold window back: the window ends after the notice given now; buyers are refunded and re-planned. */
function ReclaimPanel({ window: w, onClose, onDone }: { window: WindowRow; onClose: () => void; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [notice, setNotice] = useState(String(w.noticeMinutes));
  const minutes = Number(notice);
  const invalid = notice.trim() === '' || !Number.isInteger(minutes) || minutes < 0 ? 'Whole minutes, 0 or more' : minutes > 7 * 24 * 60 ? 'At most 7 days' : null;
  const short = !invalid && minutes < w.noticeMinutes;
  const reclaim = useMutation(trpc.inventory.reclaimWindow.mutationOptions({
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
      onDone(`Window reclaimed: it ends ${dateTime(r.at)} UTC. ${num(r.soldGpuHoursLost, 1)} sold GPU-hours go back to the buyers with a refund, and their jobs are re-planned.${r.brokePromise ? ' This reclaim broke your notice promise and counts against your reliability score.' : ''}`);
    },
  }));
  return (
    <div className="flex flex-wrap items-end gap-4" data-testid="reclaim-panel">
      <div className="max-w-md flex-1 text-sm text-slate-700">
        <p className="font-medium text-slate-900">Reclaim this window</p>
        <p className="mt-0.5 text-xs text-slate-600">
          {num(w.soldGpuHours ?? 0, 1)} GPU-hours of it are sold. The window ends once the notice you give now has passed; the buyers’ pipelines checkpoint (with at least 5 minutes) and move elsewhere.
        </p>
      </div>
      <Field label="Notice given now (minutes)" htmlFor={`reclaim-${w.id}`} error={invalid ?? undefined} hint={`You promised ${w.noticeMinutes} min`} className="w-52">
        <Input id={`reclaim-${w.id}`} type="number" min={0} step={1} value={notice} invalid={!!invalid} onChange={(e) => setNotice(e.target.value)} />
      </Field>
      <div className="flex gap-2 pb-5">
        <Button size="sm" variant="secondary" onClick={onClose}>Keep the window</Button>
        <Button size="sm" variant="danger" className="bg-red-600! text-white! ring-red-600! hover:bg-red-700!" disabled={!!invalid} loading={reclaim.isPending} onClick={() => reclaim.mutate({ id: w.id, reclaim: { noticeMinutes: minutes } })}>
          Reclaim now
        </Button>
      </div>
      {short && (
        <div role="alert" className="basis-full rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-inset ring-amber-200">
          {minutes} minutes is less than the {w.noticeMinutes} minutes you promised: if the window has started by then, this reclaim counts against your reliability score, which buyers see and the packer weighs.
        </div>
      )}
      {reclaim.error && <div className="basis-full"><ErrorNote error={reclaim.error} /></div>}
    </div>
  );
}
