'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { JobForm } from '@/components/job-form';
import { PageHeader } from '@/components/ui';
import { useTRPC } from '@/lib/trpc';

export function NewJobView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const create = useMutation(trpc.jobs.create.mutationOptions({
    onSuccess: (job) => {
      qc.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
      router.push(`/buyer/jobs/${job.id}`);
    },
  }));
  return (
    <>
      <PageHeader
        title="New training job"
        description="Describe the model and the run. Nothing is booked yet: after saving you get a quote that shows where each pipeline stage would run and what it costs."
      />
      <JobForm onSubmit={(input) => create.mutateAsync(input)} error={create.error} submitting={create.isPending || create.isSuccess} />
    </>
  );
}
