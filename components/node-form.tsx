'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { GPU_CATALOG, GPU_MODEL_IDS } from '@/server/inventory/gpu-catalog';
import { REGIONS, REGION_IDS } from '@/server/inventory/regions';
import { NodeFields } from '@/server/inventory/schemas';
import { Button, ErrorNote, Field, Input, Select } from './ui';

type Values = z.infer<typeof NodeFields>;

export function NodeForm({ initial, submitLabel, onSubmit, onCancel, error }: {
  initial?: Partial<Values>;
  submitLabel: string;
  onSubmit: (v: Values) => Promise<unknown>;
  onCancel?: () => void;
  error?: { message: string } | null;
}) {
  const form = useForm<Values>({
    resolver: zodResolver(NodeFields),
    defaultValues: { name: '', gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east', ...initial },
  });
  const e = form.formState.errors;
  const model = GPU_CATALOG[form.watch('gpuModel') as keyof typeof GPU_CATALOG];
  return (
    <form onSubmit={form.handleSubmit(async (v) => { await onSubmit(v).catch(() => undefined); })} className="grid grid-cols-1 gap-4 sm:grid-cols-6" noValidate>
      <Field className="sm:col-span-2" label="Name" htmlFor="node-name" error={e.name?.message}>
        <Input id="node-name" placeholder="dgx-07" invalid={!!e.name} {...form.register('name')} />
      </Field>
      <Field className="sm:col-span-2" label="GPU model" htmlFor="node-gpu" error={e.gpuModel?.message} hint={model ? `${model.memGiB} GB · ${model.tflops} TFLOPS bf16` : undefined}>
        <Select id="node-gpu" invalid={!!e.gpuModel} {...form.register('gpuModel')}>
          {GPU_MODEL_IDS.map((id) => (
            <option key={id} value={id}>{GPU_CATALOG[id].label}</option>
          ))}
        </Select>
      </Field>
      <Field label="GPUs" htmlFor="node-count" error={e.gpuCount?.message}>
        <Input id="node-count" type="number" min={1} invalid={!!e.gpuCount} {...form.register('gpuCount', { valueAsNumber: true })} />
      </Field>
      <Field label="Network (Gbit/s)" htmlFor="node-net" error={e.networkGbps?.message}>
        <Input id="node-net" type="number" step="0.5" min={0.1} invalid={!!e.networkGbps} {...form.register('networkGbps', { valueAsNumber: true })} />
      </Field>
      <Field className="sm:col-span-2" label="Region" htmlFor="node-region" error={e.region?.message}>
        <Select id="node-region" invalid={!!e.region} {...form.register('region')}>
          {REGION_IDS.map((id) => (
            <option key={id} value={id}>{REGIONS[id].label}</option>
          ))}
        </Select>
      </Field>
      <div className="flex items-end gap-2 sm:col-span-4 sm:justify-end">
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
        <Button type="submit" loading={form.formState.isSubmitting}>{submitLabel}</Button>
      </div>
      {error && <div className="sm:col-span-6"><ErrorNote error={error} /></div>}
    </form>
  );
}
