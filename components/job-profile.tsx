'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ModelSpec } from '@/server/jobs/job-input';
import { num } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { paramsLabel } from './job-status';
import { Card, cx, ErrorNote, Loading, Spinner } from './ui';

/** What the model needs, as the buyer types: size, memory per layer, and GPUs one pipeline takes per GPU model. */
export function JobProfilePanel({ spec, invalid, targetTokens }: { spec: ModelSpec | null; invalid: string | null; targetTokens: number }) {
  const trpc = useTRPC();
  const profile = useQuery({ ...trpc.jobs.profile.queryOptions(spec ?? { preset: '7B' }), enabled: !!spec, placeholderData: keepPreviousData });
  const p = profile.data;
  return (
    <Card
      title="Model profile"
      description="Memory and compute of one pipeline; the packer splits its layers across GPUs of many providers."
      actions={profile.isFetching && <Spinner className="h-3.5 w-3.5 text-slate-400" />}
      padded={false}
    >
      <div data-testid="profile-panel" className={cx('transition-opacity', (invalid || profile.isPlaceholderData) && 'opacity-60')}>
        {invalid && <div className="px-5 pt-4 text-xs text-amber-800">{invalid}</div>}
        {profile.error ? (
          <div className="p-5"><ErrorNote error={profile.error} onRetry={() => profile.refetch()} /></div>
        ) : !p ? (
          <Loading label="Profiling…" />
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-5 py-4 text-sm">
              <Item label="Total parameters" value={paramsLabel(p.totalParams)} strong />
              <Item label="Layers" value={num(p.layers)} strong />
              <Item label="Parameters per block" value={paramsLabel(p.paramsPerBlock)} />
              <Item label="Memory per layer" value={`${num(p.layerMemGiB, 2)} GiB`} />
              <Item label="Fixed stage memory" value={`${num(p.stageBaseMemGiB, 2)} GiB`} />
              <Item label="GFLOP per token per block" value={num(p.layerGflopPerToken, 2)} />
            </dl>
            <table className="min-w-full border-t border-slate-100 text-xs">
              <thead>
                <tr className="text-left text-[11px] uppercase tracking-wide text-slate-500">
                  <th className="px-4 py-2 font-medium">GPU</th>
                  <th className="px-2 py-2 text-right font-medium">Layers per GPU</th>
                  <th className="px-2 py-2 text-right font-medium">GPUs per pipeline</th>
                  <th className="px-4 py-2 text-right font-medium" title="At the model's MFU, before restarts and checkpoints">GPU-hours for the target</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-50">
                {p.gpus.map((g) => {
                  const gpuHours = g.gpusForPipeline && g.tokensPerSecPerGpu > 0 && targetTokens > 0 ? targetTokens / g.tokensPerSecPerGpu / 3600 : null;
                  return (
                    <tr key={g.gpuModel} className={g.gpusForPipeline == null ? 'text-slate-400' : 'text-slate-700'}>
                      <td className="whitespace-nowrap px-4 py-1.5" title={g.label}>{g.gpuModel}</td>
                      <td className="px-2 py-1.5 text-right tabular-nums">{g.layersPerGpu || '—'}</td>
                      <td className="px-2 py-1.5 text-right tabular-nums">{g.gpusForPipeline ?? <span className="italic">does not fit</span>}</td>
                      <td className="whitespace-nowrap px-4 py-1.5 text-right tabular-nums">{gpuHours == null ? '—' : `≈ ${num(gpuHours)}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </div>
    </Card>
  );
}

function Item({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div>
      <dt className="text-[11px] font-medium text-slate-500">{label}</dt>
      <dd className={cx('tabular-nums text-slate-900', strong ? 'text-lg font-semibold' : 'text-sm font-medium')}>{value}</dd>
    </div>
  );
}
