import { expect, test } from '@playwright/test';
import { creds, shot, signIn } from './helpers';

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(creds().provider.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That email and password do not match an account.')).toBeVisible();
  await shot(page, 'sign-in-error');
});

test('a signed-out visitor is sent to sign in, then back where they were going', async ({ page }) => {
  await page.goto('/provider/nodes');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprovider/);
  await page.getByLabel('Email').fill(creds().provider.email);
  await page.getByLabel('Password').fill(creds().provider.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Provider overview' })).toBeVisible();
});

test('a new buyer signs up and lands on the market; provider pages are closed to them', async ({ page }) => {
  const email = `buyer-${Date.now()}@e2e.interstice.dev`;
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Eve Buyer');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('a-long-password');
  await page.getByLabel('Organization').fill('Eve Labs');
  await page.getByLabel('Sell idle GPU hours').uncheck();
  await page.getByLabel('Buy training hours').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Market' })).toBeVisible();
  await expect(page.getByText('Open capacity by GPU model')).toBeVisible();
  await shot(page, 'buyer-market');
  await page.goto('/provider/nodes');
  await expect(page.getByText('Your organization is not a provider')).toBeVisible();
});

test('the admin sees the platform overview', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Platform overview' })).toBeVisible();
  await shot(page, 'admin-overview');
});
