'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { WeekCalendar } from '@/components/week-calendar';
import { Button, ButtonLink, Card, EmptyState, ErrorNote, Loading, PageHeader, Pager } from '@/components/ui';
import { dayLabel, startOfUtcWeek } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';

export function CalendarView() {
  const trpc = useTRPC();
  const [weekStart, setWeekStart] = useState(() => startOfUtcWeek(new Date()));
  const [page, setPage] = useState(1);
  const cal = useQuery(trpc.inventory.calendar.queryOptions({ from: weekStart.toISOString(), days: 7, page, pageSize: 25 }));
  const shift = (weeks: number) => { setWeekStart(new Date(weekStart.getTime() + weeks * 7 * 86_400_000)); };
  return (
    <>
      <PageHeader
        title="Fleet calendar"
        description={`Week of ${dayLabel(weekStart)} (UTC): what is listed, what is sold, what is idle, node by node.`}
        actions={
          <>
            <Button variant="secondary" onClick={() => shift(-1)}>← Previous week</Button>
            <Button variant="secondary" onClick={() => setWeekStart(startOfUtcWeek(new Date()))}>This week</Button>
            <Button variant="secondary" onClick={() => shift(1)}>Next week →</Button>
          </>
        }
      />
      {cal.isPending ? (
        <Loading />
      ) : cal.error ? (
        <ErrorNote error={cal.error} onRetry={() => cal.refetch()} />
      ) : cal.data.totalNodes === 0 ? (
        <Card><EmptyState title="No nodes yet" action={<ButtonLink href="/provider/nodes">Add a node</ButtonLink>}>Register a node to see its calendar.</EmptyState></Card>
      ) : (
        <>
          <WeekCalendar data={cal.data} />
          {cal.data.totalNodes > 25 && (
            <Card padded={false} className="mt-4"><Pager page={page} pageSize={25} total={cal.data.totalNodes} onPage={setPage} /></Card>
          )}
        </>
      )}
    </>
  );
}
