import { num } from '@/lib/format';
import { Badge, cx } from './ui';

const tones = {
  DRAFT: 'slate', BOOKED: 'blue', RUNNING: 'green', PAUSED: 'amber', COMPLETED: 'green', CANCELLED: 'slate',
} as const;
const labels: Record<string, string> = { DRAFT: 'draft', BOOKED: 'booked', RUNNING: 'running', PAUSED: 'paused', COMPLETED: 'completed', CANCELLED: 'cancelled' };

export function JobStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status as keyof typeof tones] ?? 'slate'}>{labels[status] ?? status.toLowerCase()}</Badge>;
}

/** Tokens as people say them: 2.0B, 350M, 12k. */
export function tokensLabel(n: number) {
  if (n >= 1e12) return `${num(n / 1e12, 2)}T`;
  if (n >= 1e9) return `${num(n / 1e9, n >= 1e10 ? 1 : 2)}B`;
  if (n >= 1e6) return `${num(n / 1e6, 1)}M`;
  if (n >= 1e3) return `${num(n / 1e3, 0)}k`;
  return num(n);
}

export function paramsLabel(n: number) {
  if (n >= 1e9) return `${num(n / 1e9, 2)}B`;
  if (n >= 1e6) return `${num(n / 1e6, 1)}M`;
  return num(n);
}

export function ProgressBar({ value, max, tone = 'brand', className, label }: { value: number; max: number; tone?: 'brand' | 'amber' | 'red' | 'green'; className?: string; label?: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  const bar = { brand: 'bg-brand-600', amber: 'bg-amber-500', red: 'bg-red-500', green: 'bg-emerald-500' }[tone];
  return (
    <div className={cx('h-1.5 w-full overflow-hidden rounded-full bg-slate-100', className)} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <div className={cx('h-full rounded-full transition-all', bar)} style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A short description of the job's model for lists: "7B preset" or "32 × 4096 custom". */
export function modelLabel(model: unknown) {
  const m = model as { preset?: string; architecture?: { layers: number; hidden: number } } | null;
  if (m?.preset) return `${m.preset} (Llama-2 shape)`;
  if (m?.architecture) return `Custom · ${m.architecture.layers} layers × ${m.architecture.hidden}`;
  return '—';
}
