'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Card, EmptyState, ErrorNote, Input, Loading, PageHeader, td, th } from '@/components/ui';
import { dateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function ApiKeysView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState('scheduler');
  const keys = useQuery(trpc.account.apiKeys.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.account.apiKeys.queryKey() });
  const create = useMutation(trpc.account.createApiKey.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.account.revokeApiKey.mutationOptions({ onSuccess: refresh }));
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <>
      <PageHeader title="API keys" description="Keys belong to your organization and authenticate the REST API (/api/v1) that your scheduler uses to publish windows." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Create a key" className="lg:col-span-1">
          <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); create.mutate({ name }); }}>
            <Input aria-label="Key name" value={name} onChange={(e) => setName(e.target.value)} placeholder="scheduler" />
            <Button type="submit" className="w-full" loading={create.isPending}>Create key</Button>
            <ErrorNote error={create.error} />
            {create.data && (
              <div className="rounded-md bg-amber-50 p-3 text-xs text-amber-900 ring-1 ring-amber-200">
                Copy it now; it is not shown again:
                <code className="mt-1 block break-all rounded bg-white p-2 font-mono text-[11px] text-slate-900 ring-1 ring-amber-200" data-testid="new-api-key">{create.data.key}</code>
              </div>
            )}
          </form>
          <div className="mt-6 space-y-2 text-xs text-slate-600">
            <p className="font-medium text-slate-900">Try it</p>
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-[11px] leading-relaxed text-slate-100">{`curl -H "Authorization: Bearer $KEY" \\
  ${origin}/api/v1/nodes`}</pre>
            <p>The full reference is the <a className="font-medium text-brand-600 hover:underline" href="/api/v1/openapi.json">OpenAPI document</a>.</p>
          </div>
        </Card>
        <Card title="Keys" className="lg:col-span-2" padded={false}>
          {keys.isPending ? <Loading /> : keys.error ? <div className="p-5"><ErrorNote error={keys.error} /></div> : keys.data.length === 0 ? (
            <EmptyState title="No keys yet">Create a key for each system that publishes windows, so you can revoke one without the others.</EmptyState>
          ) : (
            <table className="min-w-full divide-y divide-slate-100">
              <thead><tr><th className={th}>Name</th><th className={th}>Key</th><th className={th}>Created</th><th className={th}>Last used</th><th className={th}></th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {keys.data.map((k) => (
                  <tr key={k.id}>
                    <td className={td}>{k.name}</td>
                    <td className={`${td} font-mono text-xs`}>{k.start}…</td>
                    <td className={td}>{dateTime(k.createdAt)}</td>
                    <td className={td}>{k.lastRequest ? dateTime(k.lastRequest) : 'never'}</td>
                    <td className={`${td} text-right`}>
                      <Button size="sm" variant="danger" loading={revoke.isPending && revoke.variables?.id === k.id} onClick={() => { if (confirm(`Revoke “${k.name}”? Systems using it stop working at once.`)) revoke.mutate({ id: k.id }); }}>Revoke</Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {revoke.error && <div className="p-5"><ErrorNote error={revoke.error} /></div>}
        </Card>
      </div>
    </>
  );
}
