'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { dateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { Badge, Button, Card, ErrorNote, Field, Input, SuccessNote } from './ui';

/** A node's busy-calendar feed: the worker re-lists the node's windows from its gaps every 15 minutes. */
export function FeedCard({ nodeId }: { nodeId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const feed = useQuery(trpc.inventory.feed.queryOptions({ id: nodeId }));
  const [f, setF] = useState({ url: '', askDollars: '1.20', noticeMinutes: '30', minGapMinutes: '120', horizonDays: '14' });
  const [queued, setQueued] = useState(false);
  useEffect(() => {
    if (feed.data) setF({ url: feed.data.url, askDollars: (feed.data.askCentsPerGpuHour / 100).toFixed(2), noticeMinutes: String(feed.data.noticeMinutes), minGapMinutes: String(feed.data.minGapMinutes), horizonDays: String(feed.data.horizonDays) });
  }, [feed.data]);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
  const save = useMutation(trpc.inventory.saveFeed.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.inventory.removeFeed.mutationOptions({ onSuccess: refresh }));
  const sync = useMutation(trpc.inventory.syncFeedNow.mutationOptions({ onSuccess: () => { setQueued(true); setTimeout(refresh, 3000); } }));
  const d = feed.data;
  return (
    <Card title="Calendar feed" description="Point us at an iCalendar feed of this node's busy times; every 15 minutes its gaps replace the node's unsold windows."
      actions={d && (d.lastError ? <Badge tone="red">last sync failed</Badge> : d.lastSyncedAt ? <Badge tone="green">synced</Badge> : <Badge>not synced yet</Badge>)}>
      <form className="grid grid-cols-2 gap-3 sm:grid-cols-6" onSubmit={(e) => { e.preventDefault(); save.mutate({ nodeId, feed: { url: f.url, askCentsPerGpuHour: Math.round(Number(f.askDollars) * 100), noticeMinutes: Number(f.noticeMinutes), minGapMinutes: Number(f.minGapMinutes), horizonDays: Number(f.horizonDays), enabled: true } }); }}>
        <Field className="col-span-2 sm:col-span-6" label="Feed URL" htmlFor="feed-url"><Input id="feed-url" placeholder="https://calendar.example.com/node-07/busy.ics" value={f.url} onChange={(e) => setF({ ...f, url: e.target.value })} /></Field>
        <Field label="Ask ($/GPU-h)" htmlFor="feed-ask"><Input id="feed-ask" type="number" step="0.01" value={f.askDollars} onChange={(e) => setF({ ...f, askDollars: e.target.value })} /></Field>
        <Field label="Notice (min)" htmlFor="feed-notice"><Input id="feed-notice" type="number" value={f.noticeMinutes} onChange={(e) => setF({ ...f, noticeMinutes: e.target.value })} /></Field>
        <Field label="Shortest gap (min)" htmlFor="feed-gap"><Input id="feed-gap" type="number" value={f.minGapMinutes} onChange={(e) => setF({ ...f, minGapMinutes: e.target.value })} /></Field>
        <Field label="Days ahead" htmlFor="feed-days"><Input id="feed-days" type="number" value={f.horizonDays} onChange={(e) => setF({ ...f, horizonDays: e.target.value })} /></Field>
        <div className="col-span-2 flex items-end justify-end gap-2">
          {d && <Button type="button" variant="danger" loading={remove.isPending} onClick={() => remove.mutate({ id: nodeId })}>Remove</Button>}
          {d && <Button type="button" variant="secondary" loading={sync.isPending} onClick={() => sync.mutate({ id: nodeId })}>Sync now</Button>}
          <Button type="submit" loading={save.isPending}>{d ? 'Save' : 'Connect feed'}</Button>
        </div>
      </form>
      <div className="mt-3 space-y-2">
        <ErrorNote error={save.error ?? remove.error ?? sync.error} />
        {queued && <SuccessNote>Sync queued; the worker picks it up within seconds.</SuccessNote>}
        {d?.lastSyncedAt && <p className="text-xs text-slate-500">Last sync {dateTime(d.lastSyncedAt)} UTC: {d.lastError ? <span className="text-red-700">{d.lastError}</span> : d.lastResult}</p>}
      </div>
    </Card>
  );
}
