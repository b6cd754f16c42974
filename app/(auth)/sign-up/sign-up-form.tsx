'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button, ErrorNote, Field, Input } from '@/components/ui';
import { authClient } from '@/lib/auth-client';
import { useTRPC } from '@/lib/trpc';

const SignUp = z
  .object({
    name: z.string().trim().min(2, 'Enter your name'),
    email: z.email('Enter a valid email address'),
    password: z.string().min(8, 'Use at least 8 characters'),
    orgName: z.string().trim().min(2, 'Name your organization (at least 2 characters)'),
    isProvider: z.boolean(),
    isBuyer: z.boolean(),
  })
  .refine((v) => v.isProvider || v.isBuyer, { message: 'Choose at least one: provide GPUs, buy training, or both', path: ['isProvider'] });

export function SignUpForm() {
  const router = useRouter();
  const trpc = useTRPC();
  const createOrg = useMutation(trpc.account.createOrganization.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const form = useForm<z.infer<typeof SignUp>>({
    resolver: zodResolver(SignUp),
    defaultValues: { name: '', email: '', password: '', orgName: '', isProvider: true, isBuyer: false },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    setError(null);
    const res = await authClient.signUp.email({ name: v.name, email: v.email, password: v.password });
    if (res.error) {
      setError(res.error.code === 'USER_ALREADY_EXISTS' || res.error.status === 422 ? 'An account with this email already exists. Sign in instead.' : res.error.message ?? 'Sign-up failed.');
      return;
    }
    try {
      await createOrg.mutateAsync({ name: v.orgName, isProvider: v.isProvider, isBuyer: v.isBuyer });
    } catch (err) {
      setError(`Your account was created, but the organization was not: ${(err as Error).message}. Sign in and create it in Settings.`);
      return;
    }
    router.push(v.isProvider ? '/provider' : '/buyer');
    router.refresh();
  });
  const e = form.formState.errors;
  return (
    <div className="w-full max-w-sm">
      <h1 className="text-xl font-semibold tracking-tight">Create your Interstice account</h1>
      <p className="mt-1 text-sm text-slate-500">
        Already have one? <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">Sign in</Link>
      </p>
      <form onSubmit={onSubmit} className="mt-8 space-y-4" noValidate>
        <Field label="Your name" htmlFor="name" error={e.name?.message}>
          <Input id="name" autoComplete="name" invalid={!!e.name} {...form.register('name')} />
        </Field>
        <Field label="Work email" htmlFor="email" error={e.email?.message}>
          <Input id="email" type="email" autoComplete="email" invalid={!!e.email} {...form.register('email')} />
        </Field>
        <Field label="Password" htmlFor="password" error={e.password?.message}>
          <Input id="password" type="password" autoComplete="new-password" invalid={!!e.password} {...form.register('password')} />
        </Field>
        <Field label="Organization" htmlFor="orgName" error={e.orgName?.message} hint="Your company, lab, or just your name if you list a GPU at home.">
          <Input id="orgName" invalid={!!e.orgName} {...form.register('orgName')} />
        </Field>
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-slate-700">I want to</legend>
          <div className="grid grid-cols-2 gap-2">
            <label className="flex items-center gap-2 rounded-md p-2.5 text-sm ring-1 ring-slate-300">
              <input type="checkbox" {...form.register('isProvider')} /> Sell idle GPU hours
            </label>
            <label className="flex items-center gap-2 rounded-md p-2.5 text-sm ring-1 ring-slate-300">
              <input type="checkbox" {...form.register('isBuyer')} /> Buy training hours
            </label>
          </div>
          {e.isProvider && <p className="mt-1 text-xs text-red-600" role="alert">{e.isProvider.message}</p>}
        </fieldset>
        <ErrorNote error={error ? { message: error } : null} />
        <Button type="submit" className="w-full" loading={form.formState.isSubmitting}>
          Create account
        </Button>
      </form>
    </div>
  );
}
