'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CreateJobInput, ModelSpec } from '@/server/jobs/job-input';
import { MODEL_PRESETS } from '@/server/planning/profile-model';
import { REGION_IDS, REGIONS } from '@/server/inventory/regions';
import { fromLocalInput, toLocalInput } from '@/lib/format';
import { JobProfilePanel } from './job-profile';
import { Button, ButtonLink, Card, cx, ErrorNote, Field, Input, Select } from './ui';

const PRESETS = ['1B', '7B', '13B', '70B'] as const;
const ARCH_FIELDS = [
  ['layers', 'Layers (blocks)'], ['hidden', 'Hidden size'], ['heads', 'Attention heads'], ['kvHeads', 'KV heads'],
  ['ffn', 'FFN size'], ['vocab', 'Vocabulary'], ['seqLen', 'Sequence length'], ['microBatch', 'Micro-batch'],
] as const;
type ArchKey = (typeof ARCH_FIELDS)[number][0];

const n = (what: string) => z.number({ message: `Enter ${what}` });
const FormValues = z.object({
  name: z.string().trim().min(1, 'Name the job'),
  modelMode: z.enum(['preset', 'custom']),
  preset: z.enum(PRESETS),
  arch: z.object(Object.fromEntries(ARCH_FIELDS.map(([k]) => [k, n('a number')])) as Record<ArchKey, z.ZodNumber>),
  tokensB: n('the tokens to train').positive('Tokens to train must be positive'),
  earliestStart: z.string().min(1, 'Choose the earliest start'),
  deadline: z.string().min(1, 'Choose a deadline'),
  budgetDollars: n('a budget'),
  capDollars: n('a price cap'),
  regions: z.array(z.string()).min(1, 'Allow at least one region'),
  minNoticeMinutes: n('minutes'),
  image: z.string().trim().min(1, 'Give the container image'),
  command: z.string().trim().min(1, 'Give the command each stage runs'),
});
type Values = z.infer<typeof FormValues>;

/** The form's values in the server's words (dollars → cents, billions → tokens, local UTC inputs → ISO). */
export function toCreateInput(v: Values) {
  return {
    name: v.name,
    model: v.modelMode === 'preset' ? { preset: v.preset } : { architecture: v.arch },
    targetTokens: Math.round(v.tokensB * 1e9),
    earliestStart: fromLocalInput(v.earliestStart),
    deadline: fromLocalInput(v.deadline),
    budgetCents: Math.round(v.budgetDollars * 100),
    maxCentsPerGpuHour: Math.round(v.capDollars * 100),
    regions: v.regions,
    minNoticeMinutes: v.minNoticeMinutes,
    image: v.image,
    command: v.command,
  };
}

// Server paths back to the form's fields, so the server schema's messages land under the right input.
const fieldOf = (path: PropertyKey[]): string => {
  const [head, ...rest] = path.map(String);
  if (head === 'model') return rest[0] === 'architecture' && rest[1] ? `arch.${rest[1]}` : 'preset';
  return ({ targetTokens: 'tokensB', budgetCents: 'budgetDollars', maxCentsPerGpuHour: 'capDollars' } as Record<string, string>)[head] ?? head;
};

const Schema = FormValues.superRefine((v, ctx) => {
  const parsed = CreateJobInput.safeParse(toCreateInput(v));
  const seen = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      if (seen.has(field)) continue;
      seen.add(field);
      ctx.addIssue({ code: 'custom', message: friendly(field, issue.message), path: field.split('.') });
    }
  }
  if (!seen.has('deadline') && v.deadline && Date.parse(fromLocalInput(v.deadline)) <= Date.now()) {
    ctx.addIssue({ code: 'custom', message: 'The deadline is in the past', path: ['deadline'] });
  }
});

/** zod's default range messages read like a compiler; say them as a person would. */
function friendly(field: string, message: string) {
  const m = /expected number to be ([<>]=?)(\d+)/.exec(message);
  if (!m) return message.charAt(0).toUpperCase() + message.slice(1);
  const limit = Number(m[2]).toLocaleString('en-US');
  const what = ARCH_FIELDS.find(([k]) => `arch.${k}` === field)?.[1] ?? 'The value';
  return m[1].startsWith('>') ? `${what} must be at least ${limit}` : `${what} must be at most ${limit}`;
}

function defaults(): Values {
  const deadline = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 5 * 86_400_000);
  return {
    name: '', modelMode: 'preset', preset: '7B', arch: pickShape('7B'), tokensB: 2,
    earliestStart: toLocalInput(new Date()), deadline: toLocalInput(deadline),
    budgetDollars: 2000, capDollars: 2.5, regions: [...REGION_IDS], minNoticeMinutes: 0,
    image: 'ghcr.io/acme/llm-train:1.4', command: 'torchrun train.py --config 7b.yaml',
  };
}
function pickShape(p: (typeof PRESETS)[number]) {
  const { layers, hidden, heads, kvHeads, ffn, vocab, seqLen, microBatch } = MODEL_PRESETS[p];
  return { layers, hidden, heads, kvHeads, ffn, vocab, seqLen, microBatch };
}

/** Debounced, and only valid: the profile panel asks the server for shapes that parse. */
function useModelSpec(v: Pick<Values, 'modelMode' | 'preset' | 'arch'>) {
  const key = JSON.stringify(v.modelMode === 'preset' ? { preset: v.preset } : { architecture: v.arch });
  const [spec, setSpec] = useState<{ spec: ModelSpec | null; error: string | null }>(() => ({ spec: { preset: v.preset }, error: null }));
  useEffect(() => {
    const t = setTimeout(() => {
      const r = ModelSpec.safeParse(JSON.parse(key));
      setSpec(r.success ? { spec: r.data, error: null } : { spec: null, error: 'Fix the architecture to see its profile.' });
    }, 300);
    return () => clearTimeout(t);
  }, [key]);
  return spec;
}

export function JobForm({ onSubmit, error, submitting }: { onSubmit: (v: CreateJobInput) => Promise<unknown>; error?: { message: string } | null; submitting?: boolean }) {
  const form = useForm<Values>({ resolver: zodResolver(Schema), defaultValues: defaults(), mode: 'onTouched' });
  const e = form.formState.errors;
  const w = form.watch();
  const spec = useModelSpec({ modelMode: w.modelMode, preset: w.preset, arch: w.arch });

  const submit = form.handleSubmit(async (v) => {
    await onSubmit(CreateJobInput.parse(toCreateInput(v))).catch(() => undefined);
  });
  const switchToCustom = () => {
    form.setValue('arch', pickShape(w.preset), { shouldValidate: false });
    form.setValue('modelMode', 'custom');
  };
  const regions = w.regions ?? [];
  const toggleRegion = (r: string) =>
    form.setValue('regions', regions.includes(r) ? regions.filter((x) => x !== r) : [...regions, r], { shouldValidate: form.formState.isSubmitted });

  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_420px]">
      <div className="space-y-6">
        <Card title="Job" description="A name your team will recognise on invoices and in the job list.">
          <Field label="Name" htmlFor="j-name" error={e.name?.message}>
            <Input id="j-name" placeholder="e.g. tiny-llama-ablation-3" invalid={!!e.name} {...form.register('name')} />
          </Field>
        </Card>

        <Card title="Model" description="A Llama-2-shaped preset, or your own transformer. The profile beside the form updates as you type.">
          <div className="mb-4 inline-flex rounded-md bg-slate-100 p-0.5 text-sm" role="radiogroup" aria-label="Model">
            {(['preset', 'custom'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={w.modelMode === m}
                onClick={() => (m === 'custom' ? switchToCustom() : form.setValue('modelMode', 'preset'))}
                className={cx('rounded px-3 py-1.5 font-medium transition-colors', w.modelMode === m ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900')}>
                {m === 'preset' ? 'Preset' : 'Custom architecture'}
              </button>
            ))}
          </div>
          {w.modelMode === 'preset' ? (
            <Field label="Model preset" htmlFor="j-preset" error={e.preset?.message} className="max-w-xs">
              <Select id="j-preset" {...form.register('preset')}>
                {PRESETS.map((p) => <option key={p} value={p}>{p} — {MODEL_PRESETS[p].layers} layers, hidden {MODEL_PRESETS[p].hidden}</option>)}
              </Select>
            </Field>
          ) : (
            <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              {ARCH_FIELDS.map(([k, label]) => (
                <Field key={k} label={label} htmlFor={`j-${k}`} error={e.arch?.[k]?.message}>
                  <Input id={`j-${k}`} type="number" min={1} step={1} invalid={!!e.arch?.[k]} {...form.register(`arch.${k}`, { valueAsNumber: true })} />
                </Field>
              ))}
            </div>
          )}
        </Card>

        <Card title="Run" description="How much to train, and between which times. Times are UTC.">
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Field label="Tokens to train (billions)" htmlFor="j-tokens" error={e.tokensB?.message} hint={Number.isFinite(w.tokensB) && w.tokensB > 0 ? `${(w.tokensB * 1e9).toLocaleString('en-US')} tokens` : undefined}>
              <Input id="j-tokens" type="number" step="0.1" min={0} invalid={!!e.tokensB} {...form.register('tokensB', { valueAsNumber: true })} />
            </Field>
            <Field label="Earliest start (UTC)" htmlFor="j-start" error={e.earliestStart?.message} hint="A time in the past means now">
              <Input id="j-start" type="datetime-local" invalid={!!e.earliestStart} {...form.register('earliestStart')} />
            </Field>
            <Field label="Deadline (UTC)" htmlFor="j-deadline" error={e.deadline?.message}>
              <Input id="j-deadline" type="datetime-local" invalid={!!e.deadline} {...form.register('deadline')} />
            </Field>
          </div>
        </Card>

        <Card title="Money" description="The plan never spends more than the budget, and never uses a window above the price cap.">
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Field label="Budget ($)" htmlFor="j-budget" error={e.budgetDollars?.message}>
              <Input id="j-budget" type="number" step="1" min={1} invalid={!!e.budgetDollars} {...form.register('budgetDollars', { valueAsNumber: true })} />
            </Field>
            <Field label="Price cap ($ / GPU-hour)" htmlFor="j-cap" error={e.capDollars?.message} hint="H100 on-demand is about $2.99">
              <Input id="j-cap" type="number" step="0.01" min={0.01} invalid={!!e.capDollars} {...form.register('capDollars', { valueAsNumber: true })} />
            </Field>
            <Field label="Minimum notice (minutes)" htmlFor="j-notice" error={e.minNoticeMinutes?.message} hint="Skip providers promising less">
              <Input id="j-notice" type="number" step="1" min={0} invalid={!!e.minNoticeMinutes} {...form.register('minNoticeMinutes', { valueAsNumber: true })} />
            </Field>
          </div>
          <fieldset className="mt-4">
            <legend className="mb-1 block text-xs font-medium text-slate-700">Allowed regions</legend>
            <div className="flex flex-wrap gap-2">
              {REGION_IDS.map((r) => (
                <label key={r} className={cx('flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-inset', regions.includes(r) ? 'bg-brand-50 text-brand-900 ring-brand-500/40' : 'bg-white text-slate-600 ring-slate-300')}>
                  <input type="checkbox" className="accent-brand-600" checked={regions.includes(r)} onChange={() => toggleRegion(r)} />
                  <span>{REGIONS[r].label}</span>
                </label>
              ))}
            </div>
            {e.regions?.message && <p className="mt-1 text-xs text-red-600" role="alert">{e.regions.message}</p>}
          </fieldset>
        </Card>

        <Card title="Container" description="What each pipeline stage runs. Stages get their layer range and peers through the environment.">
          <div className="grid grid-cols-1 gap-4">
            <Field label="Container image" htmlFor="j-image" error={e.image?.message}>
              <Input id="j-image" className="font-mono" invalid={!!e.image} {...form.register('image')} />
            </Field>
            <Field label="Command" htmlFor="j-command" error={e.command?.message}>
              <Input id="j-command" className="font-mono" invalid={!!e.command} {...form.register('command')} />
            </Field>
          </div>
        </Card>

        <ErrorNote error={error} />
        <div className="flex justify-end gap-2">
          <ButtonLink href="/buyer/jobs" variant="secondary">Cancel</ButtonLink>
          <Button type="submit" loading={form.formState.isSubmitting || submitting}>Create job</Button>
        </div>
      </div>

      <div className="lg:sticky lg:top-6 lg:self-start">
        <JobProfilePanel spec={spec.spec} invalid={spec.error} targetTokens={Number.isFinite(w.tokensB) ? w.tokensB * 1e9 : 0} />
      </div>
    </form>
  );
}
