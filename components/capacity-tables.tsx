import { GPU_CATALOG } from '@/server/inventory/gpu-catalog';
import { num, usd } from '@/lib/format';
import { Card, EmptyState, td, th } from './ui';

interface Capacity {
  listedByModel: { gpuModel: string; windows: number; gpuHours: number; avgAskCents: number }[];
  listedByRegion: { region: string; gpuHours: number }[];
}

export function CapacityTables({ data }: { data: Capacity }) {
  const max = Math.max(1, ...data.listedByRegion.map((r) => r.gpuHours));
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card title="Open capacity by GPU model" description="Listed over the next 14 days" className="lg:col-span-2" padded={false}>
        {data.listedByModel.length === 0 ? <EmptyState title="Nothing listed yet" /> : (
          <table className="min-w-full divide-y divide-slate-100">
            <thead><tr><th className={th}>GPU</th><th className={th}>Windows</th><th className={th}>GPU-hours</th><th className={th}>Average ask</th><th className={th}>On-demand price</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {data.listedByModel.map((r) => {
                const m = GPU_CATALOG[r.gpuModel as keyof typeof GPU_CATALOG];
                return (
                  <tr key={r.gpuModel}>
                    <td className={td}>{m?.label ?? r.gpuModel}</td>
                    <td className={td}>{num(r.windows)}</td>
                    <td className={td}>{num(r.gpuHours)}</td>
                    <td className={td}>{usd(r.avgAskCents)}/h</td>
                    <td className={td}>{m ? `${usd(m.onDemandCentsPerGpuHour)}/h` : '—'}{m && <span className="ml-2 text-xs text-emerald-600">−{Math.round((1 - r.avgAskCents / m.onDemandCentsPerGpuHour) * 100)}%</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="By region" description="GPU-hours listed, next 14 days">
        <ul className="space-y-3">
          {data.listedByRegion.map((r) => (
            <li key={r.region}>
              <div className="flex justify-between text-xs"><span className="font-medium text-slate-700">{r.region}</span><span className="text-slate-500">{num(r.gpuHours)}</span></div>
              <div className="mt-1 h-2 rounded-full bg-slate-100"><div className="h-2 rounded-full bg-brand-500" style={{ width: `${(r.gpuHours / max) * 100}%` }} /></div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
