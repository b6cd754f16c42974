import { expect, test } from '@playwright/test';
import { creds, iso, shot, signIn } from './helpers';

test('a buyer quotes, books and confirms a 7B job; a provider reclaims a sold window and the job is repaired', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const tag = Date.now() % 100000;
  const nodeName = `e2e-cheap-h100-${tag}`;
  const jobName = `e2e-7b-${tag}`;

  // Cheap, long us-east capacity of the demo provider (Northwind Compute), listed through the API
  // before the quote, so the packer puts at least part of the plan on a window we can reclaim.
  const headers = { authorization: `Bearer ${creds().provider.apiKey}` };
  const node = await request.post('/api/v1/nodes', { headers, data: { name: nodeName, gpuModel: 'H100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' } });
  expect(node.status()).toBe(201);
  const nodeId = (await node.json()).id;
  const win = await request.post('/api/v1/windows', { headers, data: { nodeId, startsAt: iso(1), endsAt: iso(49), gpuCount: 8, askCentsPerGpuHour: 50, noticeMinutes: 30 } });
  expect(win.status()).toBe(201);

  // The buyer describes the job.
  await signIn(page, 'buyer');
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Training jobs' })).toBeVisible();
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await shot(page, 'buyer-jobs');
  await page.getByRole('link', { name: 'New job' }).first().click();
  await expect(page.getByRole('heading', { name: 'New training job' })).toBeVisible();
  // A bad value is explained next to its field and never reaches the server.
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByText('Name the job')).toBeVisible();
  await page.getByLabel('Name').fill(jobName);
  for (const label of ['US West (Oregon)', 'EU West (Ireland)', 'EU North (Stockholm)', 'Asia Pacific (Mumbai)']) await page.getByLabel(label).uncheck();
  await expect(page.getByLabel('Model preset')).toHaveValue('7B');
  await expect(page.getByTestId('profile-panel')).toContainText('Total parameters');
  await expect(page.getByTestId('profile-panel')).toContainText('H100-80G');
  await shot(page, 'buyer-new-job');
  await page.getByRole('button', { name: 'Create job' }).click();

  // The job page: quote it.
  await expect(page.getByRole('heading', { name: jobName })).toBeVisible();
  await expect(page).toHaveURL(/\/buyer\/jobs\/[a-z0-9]+$/);
  await page.getByRole('button', { name: 'Get a quote' }).first().click();
  const quote = page.getByTestId('quote');
  await expect(quote).toBeVisible({ timeout: 30_000 });
  await expect(quote).toContainText('Total cost');
  await expect(page.getByTestId('quote-expiry')).toContainText('Valid for');
  await expect(quote.locator(`[data-testid="timeline-bar"][title*="${nodeName}"]`).first()).toBeAttached();
  await shot(page, 'buyer-quote');

  // Book (a double click books once), then confirm.
  await page.getByRole('button', { name: /^Book for / }).dblclick();
  await expect(page.getByTestId('confirm-step')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByTestId('job-events').locator('[data-kind="CONFIRMED"]')).toBeVisible();
  await expect(page.getByTestId('bookings-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('plan-timeline')).toBeVisible();
  await shot(page, 'buyer-booked');

  // The provider reclaims the sold window, giving no notice.
  const providerContext = await browser.newContext();
  const provider = await providerContext.newPage();
  await signIn(provider, 'provider');
  await provider.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(provider.getByTestId('week-calendar')).toContainText(nodeName);
  await shot(provider, 'provider-calendar-sold');
  await provider.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Windows' }).click();
  await provider.getByLabel('Node').selectOption({ label: nodeName });
  const sold = provider.locator('[data-testid="window-row"][data-sold]');
  await expect(sold).toHaveCount(1);
  await expect(sold).toContainText('sold');
  await sold.getByRole('button', { name: 'Reclaim' }).click();
  await expect(provider.getByTestId('reclaim-panel')).toBeVisible();
  await provider.getByLabel('Notice given now (minutes)').fill('0');
  await expect(provider.getByTestId('reclaim-panel')).toContainText('counts against your reliability score');
  await shot(provider, 'provider-reclaim-panel');
  await provider.getByRole('button', { name: 'Reclaim now' }).click();
  await expect(provider.getByText(/Window reclaimed: it ends/)).toBeVisible();
  await expect(provider.locator('[data-testid="window-row"][data-reclaimed]')).toContainText('reclaimed');
  await expect(provider.locator('[data-testid="window-row"][data-reclaimed]').getByRole('button')).toHaveCount(0);
  await provider.getByLabel('Node').selectOption({ label: 'All nodes' });
  await shot(provider, 'provider-windows-reclaimed');
  await providerContext.close();

  // The buyer's page polls: the reclaim and the repair (done by the worker) appear without a reload.
  const events = page.getByTestId('job-events');
  await expect(events.locator('[data-kind="RECLAIM"]')).toBeVisible({ timeout: 30_000 });
  await expect(events.locator('[data-kind="REPAIRED"], [data-kind="PAUSED"]').first()).toBeVisible({ timeout: 30_000 });
  const cancelledToggle = page.getByLabel(/Show \d+ cancelled/);
  if (await cancelledToggle.count()) await cancelledToggle.check();
  await shot(page, 'buyer-job-repaired');
});

test('a job the market cannot fully serve says what binds; a bad architecture is explained field by field', async ({ page }) => {
  const name = `e2e-short-${Date.now() % 100000}`;
  await signIn(page, 'buyer');
  await page.goto('/buyer/jobs/new');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: 'Custom architecture' }).click();
  await expect(page.getByLabel('Layers (blocks)')).toHaveValue('32');
  await page.getByLabel('Attention heads').fill('30');
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByText('Hidden size must be a multiple of the attention heads')).toBeVisible();
  await expect(page.getByTestId('profile-panel')).toContainText('Fix the architecture');
  await shot(page, 'buyer-new-job-invalid');
  await page.getByLabel('Attention heads').fill('32');
  await page.getByLabel('Budget ($)').fill('5');
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByRole('button', { name: 'Get a quote' }).first().click();
  const binding = page.getByTestId('quote-binding');
  await expect(binding).toBeVisible({ timeout: 30_000 });
  await expect(binding).toContainText('budget binds');
  await shot(page, 'buyer-quote-short');
});
