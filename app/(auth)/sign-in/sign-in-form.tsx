'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button, ErrorNote, Field, Input } from '@/components/ui';
import { authClient } from '@/lib/auth-client';

const SignIn = z.object({ email: z.email('Enter a valid email address'), password: z.string().min(1, 'Enter your password') });

export function SignInForm() {
  const router = useRouter();
  const next = useSearchParams().get('next');
  const [error, setError] = useState<string | null>(null);
  const form = useForm<z.infer<typeof SignIn>>({ resolver: zodResolver(SignIn), defaultValues: { email: '', password: '' } });
  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const res = await authClient.signIn.email(values);
    if (res.error) {
      setError(res.error.status === 401 ? 'That email and password do not match an account.' : res.error.message ?? 'Sign-in failed.');
      return;
    }
    router.push(next && next.startsWith('/') ? next : '/home');
    router.refresh();
  });
  const e = form.formState.errors;
  return (
    <div className="w-full max-w-sm">
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Interstice</h1>
      <p className="mt-1 text-sm text-slate-500">
        New here? <Link className="font-medium text-brand-600 hover:underline" href="/sign-up">Create an account</Link>
      </p>
      <form onSubmit={onSubmit} className="mt-8 space-y-4" noValidate>
        <Field label="Email" htmlFor="email" error={e.email?.message}>
          <Input id="email" type="email" autoComplete="email" invalid={!!e.email} {...form.register('email')} />
        </Field>
        <Field label="Password" htmlFor="password" error={e.password?.message}>
          <Input id="password" type="password" autoComplete="current-password" invalid={!!e.password} {...form.register('password')} />
        </Field>
        <ErrorNote error={error ? { message: error } : null} />
        <Button type="submit" className="w-full" loading={form.formState.isSubmitting}>
          Sign in
        </Button>
      </form>
    </div>
  );
}
