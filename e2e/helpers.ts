import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const creds = () => JSON.parse(readFileSync('test-results/e2e-credentials.json', 'utf8')) as Record<'admin' | 'provider' | 'buyer', { email: string; password: string; apiKey: string }>;

export async function signIn(page: Page, who: 'admin' | 'provider' | 'buyer') {
  const c = creds()[who];
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(c.email);
  await page.getByLabel('Password').fill(c.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** A minute-aligned UTC time h hours from now, as an <input type="datetime-local"> value. */
export const localInput = (h: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + h * 3_600_000).toISOString().slice(0, 16);
export const iso = (h: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + h * 3_600_000).toISOString();

export const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
