'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, Card, ErrorNote, Field, Input, Loading, PageHeader, SuccessNote } from '@/components/ui';
import { useTRPC } from '@/lib/trpc';

export function SettingsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.account.me.queryOptions());
  const [roles, setRoles] = useState<{ isProvider: boolean; isBuyer: boolean } | null>(null);
  const [orgName, setOrgName] = useState('');
  const [saved, setSaved] = useState(false);
  const update = useMutation(trpc.account.updateRoles.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const create = useMutation(trpc.account.createOrganization.mutationOptions({ onSuccess: () => { me.refetch(); router.refresh(); } }));
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorNote error={me.error} />;
  const org = me.data.org;
  const r = roles ?? { isProvider: !!org?.isProvider, isBuyer: !!org?.isBuyer };
  return (
    <>
      <PageHeader title="Settings" description={me.data.user ? `Signed in as ${me.data.user.name} (${me.data.user.email})${me.data.user.role === 'admin' ? ' · platform admin' : ''}` : undefined} />
      {!org ? (
        <Card title="Create your organization" className="max-w-xl">
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); create.mutate({ name: orgName, isProvider: r.isProvider, isBuyer: r.isBuyer }); }}>
            <Field label="Name" htmlFor="org-name"><Input id="org-name" value={orgName} onChange={(e) => setOrgName(e.target.value)} /></Field>
            <RoleBoxes value={r} onChange={setRoles} />
            <ErrorNote error={create.error} />
            <Button type="submit" loading={create.isPending}>Create organization</Button>
          </form>
        </Card>
      ) : (
        <Card title={org.name} description={`Your role: ${org.memberRole}`} className="max-w-xl">
          <div className="space-y-4">
            <RoleBoxes value={r} onChange={(v) => { setRoles(v); setSaved(false); }} />
            <ErrorNote error={update.error} />
            {saved && <SuccessNote>Saved.</SuccessNote>}
            <Button loading={update.isPending} onClick={() => update.mutate(r)}>Save roles</Button>
          </div>
        </Card>
      )}
    </>
  );
}

function RoleBoxes({ value, onChange }: { value: { isProvider: boolean; isBuyer: boolean }; onChange: (v: { isProvider: boolean; isBuyer: boolean }) => void }) {
  return (
    <fieldset className="grid grid-cols-2 gap-2">
      <legend className="mb-1 text-xs font-medium text-slate-700">This organization</legend>
      <label className="flex items-center gap-2 rounded-md p-2.5 text-sm ring-1 ring-slate-300">
        <input type="checkbox" checked={value.isProvider} onChange={(e) => onChange({ ...value, isProvider: e.target.checked })} /> sells idle GPU hours
      </label>
      <label className="flex items-center gap-2 rounded-md p-2.5 text-sm ring-1 ring-slate-300">
        <input type="checkbox" checked={value.isBuyer} onChange={(e) => onChange({ ...value, isBuyer: e.target.checked })} /> buys training hours
      </label>
    </fieldset>
  );
}
