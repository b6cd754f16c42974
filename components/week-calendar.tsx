'use client';
import Link from 'next/link';
import { dateTime, dayLabel, num, usd } from '@/lib/format';
import { cx, Stat } from './ui';

interface CalWindow { id: string; startsAt: string; endsAt: string; gpuCount: number; askCentsPerGpuHour: number; noticeMinutes: number; soldGpuHours: number; sold: { startsAt: string; endsAt: string; gpus: number }[]; reclaimed?: boolean }
interface CalNode { id: string; name: string; gpuModel: string; gpuCount: number; region: string; windows: CalWindow[] }
export interface CalendarData {
  from: string;
  to: string;
  nodes: CalNode[];
  totals: { capacityGpuHours: number; listedGpuHours: number; soldGpuHours: number; unsoldGpuHours: number; unlistedGpuHours: number };
}

/** A stretch of days at a glance: one row per node, windows as bars (height = share of the node's GPUs), sold parts darker. */
export function WeekCalendar({ data, linkNodes = true }: { data: CalendarData; linkNodes?: boolean }) {
  const from = Date.parse(data.from), to = Date.parse(data.to);
  const span = to - from;
  const days = Math.round(span / 86_400_000);
  const pct = (t: number) => ((Math.min(Math.max(t, from), to) - from) / span) * 100;
  const now = Date.now();
  const t = data.totals;
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Listed" value={`${num(t.listedGpuHours)} GPU-h`} sub={`${t.capacityGpuHours ? Math.round((t.listedGpuHours / t.capacityGpuHours) * 100) : 0}% of the fleet's hours`} />
        <Stat label="Sold" value={`${num(t.soldGpuHours)} GPU-h`} sub={`${t.listedGpuHours ? Math.round((t.soldGpuHours / t.listedGpuHours) * 100) : 0}% of listed`} />
        <Stat label="Listed, unsold" value={`${num(t.unsoldGpuHours)} GPU-h`} />
        <Stat label="Not listed" value={`${num(t.unlistedGpuHours)} GPU-h`} sub="busy elsewhere or not offered" />
      </div>
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="week-calendar">
        <div className="min-w-[880px]">
          <div className="flex border-b border-slate-100 text-xs font-medium text-slate-500">
            <div className="w-48 shrink-0 px-4 py-2">Node</div>
            <div className="relative flex flex-1">
              {Array.from({ length: days }, (_, i) => (
                <div key={i} className="flex-1 border-l border-slate-100 px-2 py-2">{dayLabel(new Date(from + i * 86_400_000))}</div>
              ))}
            </div>
          </div>
          {data.nodes.map((n) => (
            <div key={n.id} className="flex border-b border-slate-50 last:border-0">
              <div className="w-48 shrink-0 px-4 py-2.5">
                {linkNodes ? (
                  <Link href={`/provider/nodes/${n.id}`} className="text-sm font-medium text-slate-900 hover:text-brand-600">{n.name}</Link>
                ) : (
                  <span className="text-sm font-medium text-slate-900">{n.name}</span>
                )}
                <div className="text-[11px] text-slate-500">{n.gpuCount} × {n.gpuModel} · {n.region}</div>
              </div>
              <div className="relative flex-1">
                {Array.from({ length: days }, (_, i) => (
                  <div key={i} className="absolute inset-y-0 border-l border-slate-100" style={{ left: `${(i / days) * 100}%` }} />
                ))}
                {now > from && now < to && <div className="absolute inset-y-0 z-10 w-px bg-red-400" style={{ left: `${pct(now)}%` }} title="now" />}
                {n.windows.map((w) => {
                  const left = pct(Date.parse(w.startsAt));
                  const width = Math.max(0.4, pct(Date.parse(w.endsAt)) - left);
                  const h = Math.max(30, (w.gpuCount / n.gpuCount) * 100);
                  const ws = Date.parse(w.startsAt), wl = Math.max(1, Date.parse(w.endsAt) - ws);
                  const soldShare = w.soldGpuHours > 0 ? ` · ${num(w.soldGpuHours, 1)} GPU-h sold` : '';
                  return (
                    <div
                      key={w.id}
                      data-testid="calendar-window"
                      data-reclaimed={w.reclaimed || undefined}
                      title={`${dateTime(w.startsAt)} → ${dateTime(w.endsAt)} UTC · ${w.gpuCount} GPU · ${usd(w.askCentsPerGpuHour)}/GPU-h · notice ${w.noticeMinutes} min${soldShare}${w.reclaimed ? ' · reclaimed early' : ''}`}
                      className={cx(
                        'absolute bottom-1.5 overflow-hidden rounded-sm ring-1 ring-inset',
                        w.reclaimed ? 'bg-slate-100 ring-red-400 [background-image:repeating-linear-gradient(135deg,transparent_0_5px,rgb(254_202_202)_5px_7px)]' : 'bg-brand-100 ring-brand-500/40',
                      )}
                      style={{ left: `${left}%`, width: `${width}%`, height: `calc(${h}% - 12px)` }}
                    >
                      {w.sold.map((s, k) => (
                        <div key={k} className={cx('absolute bottom-0', w.reclaimed ? 'bg-slate-400' : 'bg-brand-600')}
                          style={{ left: `${((Date.parse(s.startsAt) - ws) / wl) * 100}%`, width: `${((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / wl) * 100}%`, height: `${Math.min(100, (s.gpus / w.gpuCount) * 100)}%` }} />
                      ))}
                      {width > 6 && (
                        <span className={cx('relative m-0.5 inline-block rounded-sm px-1 text-[10px] font-medium leading-4', w.reclaimed ? 'bg-white/90 text-red-700' : 'bg-white/80 text-brand-900')}>
                          {w.reclaimed ? 'reclaimed' : `${w.gpuCount}× ${usd(w.askCentsPerGpuHour)}`}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      </div>
      <div className="flex items-center gap-4 text-xs text-slate-500">
        <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-5 rounded-sm bg-brand-100 ring-1 ring-brand-500/40" /> listed</span>
        <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-5 rounded-sm bg-brand-600" /> sold (height: GPUs sold)</span>
        <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-5 rounded-sm bg-slate-100 ring-1 ring-red-400 [background-image:repeating-linear-gradient(135deg,transparent_0_3px,rgb(254_202_202)_3px_5px)]" /> reclaimed</span>
        <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-px bg-red-400" /> now</span>
        <span>Bar height: share of the node's GPUs offered. Times in UTC.</span>
      </div>
    </div>
  );
}
