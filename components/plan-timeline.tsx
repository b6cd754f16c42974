'use client';
import { dateTime, dayLabel, num, timeOnly, usd } from '@/lib/format';
import { cx } from './ui';

export interface TimelineStage {
  nodeName: string;
  providerName: string;
  region: string;
  gpuModel: string;
  gpus: number;
  layerFrom: number;
  layerTo: number;
  centsPerGpuHour: number;
}
export type SegmentStatus = 'QUOTED' | 'PLANNED' | 'RUNNING' | 'DONE' | 'CUT' | 'CANCELLED';
export interface TimelineSegment {
  id: string;
  start: string;
  end: string;
  status: SegmentStatus;
  cutAt?: string | null;
  cutHard?: boolean;
  stages: TimelineStage[];
}

const HOUR = 3_600_000;
const STEPS = [1, 2, 3, 6, 12, 24, 48, 96].map((h) => h * HOUR);

const barTone: Record<SegmentStatus, string> = {
  QUOTED: 'bg-brand-100 text-brand-900 ring-brand-500/50',
  PLANNED: 'bg-brand-50 text-brand-900 ring-brand-500/60',
  RUNNING: 'bg-brand-600 text-white ring-brand-700',
  DONE: 'bg-emerald-100 text-emerald-900 ring-emerald-500/50',
  CUT: 'bg-amber-100 text-amber-900 ring-amber-500/60',
  CANCELLED: 'bg-slate-50 text-slate-400 ring-slate-300 opacity-60 [background-image:repeating-linear-gradient(135deg,transparent_0_6px,rgb(226_232_240)_6px_8px)]',
};
const statusLabel: Record<SegmentStatus, string> = { QUOTED: 'quoted', PLANNED: 'planned', RUNNING: 'running', DONE: 'done', CUT: 'cut by a reclaim', CANCELLED: 'cancelled' };

/** One row per pipeline stage index; each segment of the plan is a column of bars across time. */
export function PlanTimeline({ segments, now = Date.now(), legend = true }: { segments: TimelineSegment[]; now?: number; legend?: boolean }) {
  if (!segments.length) return null;
  const starts = segments.map((s) => Date.parse(s.start));
  const ends = segments.map((s) => Date.parse(s.end));
  const lo = Math.min(...starts), hi = Math.max(...ends, lo + HOUR);
  const pad = (hi - lo) * 0.02;
  const from = lo - pad, to = hi + pad, span = to - from;
  const pct = (t: number) => ((Math.min(Math.max(t, from), to) - from) / span) * 100;
  const step = STEPS.find((s) => span / s <= 10) ?? STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  const rows = Math.max(...segments.map((s) => s.stages.length));
  const statuses = [...new Set(segments.map((s) => s.status))];

  return (
    <div data-testid="plan-timeline">
      <div className="overflow-x-auto">
        <div className="min-w-[760px]">
          <div className="flex text-[11px] text-slate-500">
            <div className="w-24 shrink-0" />
            <div className="relative h-6 flex-1">
              {ticks.map((t, i) => {
                const d = new Date(t);
                const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
                // The first tick always carries its day, so a plan of a few hours still says which day.
                const label = step >= 24 * HOUR || midnight ? dayLabel(d) : i === 0 ? `${dayLabel(d)}, ${timeOnly(d)}` : timeOnly(d);
                return (
                  <span key={t} className="absolute top-1 -translate-x-1/2 whitespace-nowrap" style={{ left: `${pct(t)}%` }}>{label}</span>
                );
              })}
            </div>
          </div>
          {Array.from({ length: rows }, (_, row) => (
            <div key={row} className="flex border-t border-slate-100">
              <div className="w-24 shrink-0 py-2 pr-2 text-xs font-medium text-slate-600">Stage {row + 1}</div>
              <div className="relative h-12 flex-1">
                {ticks.map((t) => <div key={t} className="absolute inset-y-0 border-l border-slate-100" style={{ left: `${pct(t)}%` }} />)}
                {now > from && now < to && <div className="absolute inset-y-0 z-20 w-px bg-red-400" style={{ left: `${pct(now)}%` }} title={`now, ${dateTime(new Date(now))} UTC`} />}
                {segments.map((s) => {
                  const st = s.stages[row];
                  if (!st) return null;
                  const left = pct(Date.parse(s.start));
                  const width = Math.max(0.3, pct(Date.parse(s.end)) - left);
                  const hours = (Date.parse(s.end) - Date.parse(s.start)) / HOUR;
                  const title = [
                    `${st.providerName} · ${st.nodeName} (${st.region})`,
                    `${st.gpus} × ${st.gpuModel}, layers ${st.layerFrom}–${st.layerTo - 1}`,
                    `${dateTime(s.start)} → ${dateTime(s.end)} UTC (${num(hours, 1)} h)`,
                    `${usd(st.centsPerGpuHour)}/GPU-h · ${statusLabel[s.status]}`,
                    s.cutAt ? `cut at ${dateTime(s.cutAt)} UTC${s.cutHard ? ', without enough notice: work since the last checkpoint lost' : ', checkpointed first'}` : '',
                  ].filter(Boolean).join('\n');
                  return (
                    <div key={s.id}
                      data-testid="timeline-bar" data-status={s.status}
                      title={title}
                      className={cx('absolute inset-y-1.5 overflow-hidden rounded px-1.5 py-0.5 text-[10px] leading-tight ring-1 ring-inset', barTone[s.status], s.status === 'RUNNING' && 'animate-pulse')}
                      style={{ left: `${left}%`, width: `${width}%` }}
                    >
                      {width > 7 && (
                        <>
                          <div className={cx('truncate font-semibold', s.status === 'CANCELLED' && 'line-through')}>{st.providerName}</div>
                          <div className="truncate opacity-80">{st.gpus}× {st.gpuModel} · L{st.layerFrom}–{st.layerTo - 1}</div>
                        </>
                      )}
                      {s.status === 'CUT' && <span aria-hidden className="absolute inset-y-0 right-0 w-1 bg-red-500" />}
                    </div>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      </div>
      {legend && (
        <div className="mt-3 flex flex-wrap items-center gap-4 text-xs text-slate-500">
          {statuses.map((st) => (
            <span key={st} className="flex items-center gap-1.5"><span className={cx('inline-block h-3 w-5 rounded-sm ring-1 ring-inset', barTone[st])} /> {statusLabel[st]}</span>
          ))}
          {statuses.includes('CUT') && <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-1 bg-red-500" /> where the reclaim cut it</span>}
          {now > from && now < to && <span className="flex items-center gap-1.5"><span className="inline-block h-3 w-px bg-red-400" /> now</span>}
          <span>Hover a bar for provider, node, GPUs and layers. Times in UTC.</span>
        </div>
      )}
    </div>
  );
}
