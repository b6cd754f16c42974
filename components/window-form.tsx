'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { GPU_CATALOG } from '@/server/inventory/gpu-catalog';
import { fromLocalInput, toLocalInput, usd } from '@/lib/format';
import { Button, ErrorNote, Field, Input, Select } from './ui';

export interface NodeOption { id: string; name: string; gpuCount: number; gpuModel: string }

const FormValues = z
  .object({
    nodeId: z.string().min(1, 'Choose a node'),
    startsAt: z.string().min(1, 'Choose a start'),
    endsAt: z.string().min(1, 'Choose an end'),
    gpuCount: z.number({ message: 'Enter a number' }).int('Whole GPUs only').min(1, 'At least 1 GPU'),
    askDollars: z.number({ message: 'Enter a price' }).min(0, 'The ask cannot be negative').max(1000, 'At most $1,000 per GPU-hour'),
    noticeMinutes: z.number({ message: 'Enter minutes' }).int('Whole minutes').min(0, 'The notice cannot be negative'),
    minBookingMinutes: z.number().int('Whole minutes').min(15, 'At least 15 minutes').optional().or(z.nan().transform(() => undefined)),
  })
  .refine((v) => !v.startsAt || !v.endsAt || v.endsAt > v.startsAt, { message: 'The end must be after the start', path: ['endsAt'] });
type Values = z.input<typeof FormValues>;

export interface WindowSubmit {
  nodeId: string;
  startsAt: string;
  endsAt: string;
  gpuCount: number;
  askCentsPerGpuHour: number;
  noticeMinutes: number;
  minBookingMinutes: number | null;
}

export function WindowForm({ nodes, fixedNodeId, onSubmit, error, submitLabel = 'List window', onCancel, initial }: {
  nodes: NodeOption[];
  fixedNodeId?: string;
  onSubmit: (v: WindowSubmit) => Promise<unknown>;
  error?: { message: string } | null;
  submitLabel?: string;
  onCancel?: () => void;
  initial?: Partial<WindowSubmit>;
}) {
  const nextHour = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
  const first = nodes.find((n) => n.id === (initial?.nodeId ?? fixedNodeId)) ?? nodes[0];
  const form = useForm<Values>({
    resolver: zodResolver(FormValues),
    defaultValues: {
      nodeId: initial?.nodeId ?? fixedNodeId ?? first?.id ?? '',
      startsAt: toLocalInput(initial?.startsAt ?? nextHour),
      endsAt: toLocalInput(initial?.endsAt ?? new Date(nextHour.getTime() + 8 * 3_600_000)),
      gpuCount: initial?.gpuCount ?? first?.gpuCount ?? 1,
      askDollars: initial?.askCentsPerGpuHour != null ? initial.askCentsPerGpuHour / 100 : 1.2,
      noticeMinutes: initial?.noticeMinutes ?? 30,
      minBookingMinutes: initial?.minBookingMinutes ?? undefined,
    },
  });
  const e = form.formState.errors;
  const w = form.watch();
  const node = nodes.find((n) => n.id === w.nodeId);
  const model = node ? GPU_CATALOG[node.gpuModel as keyof typeof GPU_CATALOG] : undefined;
  const hours = Math.max(0, (Date.parse(fromLocalInput(w.endsAt) || '') - Date.parse(fromLocalInput(w.startsAt) || '')) / 3_600_000) || 0;
  const gpuHours = hours * (Number(w.gpuCount) || 0);
  const askCents = Math.round((Number(w.askDollars) || 0) * 100);

  const submit = form.handleSubmit(async (v) => {
    const parsed = FormValues.parse(v);
    await onSubmit({
      nodeId: parsed.nodeId,
      startsAt: fromLocalInput(parsed.startsAt),
      endsAt: fromLocalInput(parsed.endsAt),
      gpuCount: parsed.gpuCount,
      askCentsPerGpuHour: Math.round(parsed.askDollars * 100),
      noticeMinutes: parsed.noticeMinutes,
      minBookingMinutes: parsed.minBookingMinutes ?? null,
    }).catch(() => undefined);
  });

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-6">
        {!fixedNodeId && (
          <Field className="sm:col-span-2" label="Node" htmlFor="w-node" error={e.nodeId?.message}>
            <Select id="w-node" invalid={!!e.nodeId} {...form.register('nodeId')}>
              {nodes.map((n) => (
                <option key={n.id} value={n.id}>{n.name} ({n.gpuCount} × {n.gpuModel})</option>
              ))}
            </Select>
          </Field>
        )}
        <Field className="sm:col-span-2" label="Start (UTC)" htmlFor="w-start" error={e.startsAt?.message}>
          <Input id="w-start" type="datetime-local" invalid={!!e.startsAt} {...form.register('startsAt')} />
        </Field>
        <Field className="sm:col-span-2" label="End (UTC)" htmlFor="w-end" error={e.endsAt?.message}>
          <Input id="w-end" type="datetime-local" invalid={!!e.endsAt} {...form.register('endsAt')} />
        </Field>
        <Field label="GPUs" htmlFor="w-gpus" error={e.gpuCount?.message} hint={node ? `of ${node.gpuCount}` : undefined}>
          <Input id="w-gpus" type="number" min={1} invalid={!!e.gpuCount} {...form.register('gpuCount', { valueAsNumber: true })} />
        </Field>
        <Field label="Ask ($ / GPU-hour)" htmlFor="w-ask" error={e.askDollars?.message}>
          <Input id="w-ask" type="number" step="0.01" invalid={!!e.askDollars} {...form.register('askDollars', { valueAsNumber: true })} />
        </Field>
        <Field label="Notice (minutes)" htmlFor="w-notice" error={e.noticeMinutes?.message} hint="before a reclaim">
          <Input id="w-notice" type="number" min={0} invalid={!!e.noticeMinutes} {...form.register('noticeMinutes', { valueAsNumber: true })} />
        </Field>
        <Field label="Min. booking (min)" htmlFor="w-minb" error={e.minBookingMinutes?.message} hint="optional">
          <Input id="w-minb" type="number" min={15} invalid={!!e.minBookingMinutes} {...form.register('minBookingMinutes', { valueAsNumber: true })} />
        </Field>
      </div>
      {model && gpuHours > 0 && (
        <div className="rounded-lg bg-brand-50 px-4 py-3 text-sm text-brand-900 ring-1 ring-inset ring-brand-100" data-testid="pricing-help">
          <span className="font-medium">{gpuHours.toFixed(1)} GPU-hours</span> at your ask earn <span className="font-semibold">{usd(gpuHours * askCents)}</span>.
          The same hours of a {model.label} earn about {usd(gpuHours * model.spotCentsPerGpuHour)} as spot capacity ({usd(model.spotCentsPerGpuHour)}/h) or {usd(gpuHours * model.inferenceCentsPerGpuHour)} serving inference ({usd(model.inferenceCentsPerGpuHour)}/h); on-demand list price is {usd(model.onDemandCentsPerGpuHour)}/h.
        </div>
      )}
      <ErrorNote error={error} />
      <div className="flex justify-end gap-2">
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
        <Button type="submit" loading={form.formState.isSubmitting}>{submitLabel}</Button>
      </div>
    </form>
  );
}
