'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { dateTime, duration, num, usd } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { Badge, Button, ErrorNote, td, th } from './ui';

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
}

export function WindowsTable({ rows, showNode = true }: { rows: WindowRow[]; showNode?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [error, setError] = useState<{ message: string } | null>(null);
  const del = useMutation(trpc.inventory.deleteWindow.mutationOptions({
    onSuccess: () => { setError(null); qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() }); },
    onError: (e) => setError(e),
  }));
  const now = Date.now();
  return (
    <div className="overflow-x-auto">
      {error && <div className="px-5 pt-4"><ErrorNote error={error} /></div>}
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
            return (
              <tr key={w.id} className="hover:bg-slate-50/60">
                {showNode && <td className={td}><Link className="font-medium text-slate-900 hover:text-brand-600" href={`/provider/nodes/${w.node.id}`}>{w.node.name}</Link><div className="text-[11px] text-slate-500">{w.node.gpuModel} · {w.node.region}</div></td>}
                <td className={td}>{dateTime(w.startsAt)} {live && <Badge tone="green">live</Badge>}</td>
                <td className={td}>{dateTime(w.endsAt)}<div className="text-[11px] text-slate-500">{duration(w.startsAt, w.endsAt)}</div></td>
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
                  {!ended && (
                    <Button size="sm" variant="danger" loading={del.isPending && del.variables?.id === w.id}
                      onClick={() => { if (confirm('Withdraw this window from the market?')) del.mutate({ id: w.id }); }}>
                      Withdraw
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
