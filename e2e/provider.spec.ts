import { expect, test } from '@playwright/test';
import { iso, localInput, shot, signIn } from './helpers';

test('a provider adds a node and windows, is refused an overlap, imports a CSV and sees it all in the calendar', async ({ page }) => {
  const name = `e2e-node-${Date.now() % 100000}`;
  await signIn(page, 'provider');
  await expect(page.getByRole('heading', { name: 'Provider overview' })).toBeVisible();
  await shot(page, 'provider-overview');

  // A node.
  await page.getByRole('link', { name: 'Nodes' }).click();
  await page.getByRole('button', { name: 'Add node' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('GPU model').selectOption('H100-80G');
  await page.getByLabel('GPUs').fill('8');
  await page.getByRole('button', { name: 'Register node' }).click();
  await expect(page.getByText(`Node “${name}” registered.`)).toBeVisible();
  await shot(page, 'nodes');

  // Three windows on it; the third overlaps the first.
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const list = async (fromH: number, toH: number) => {
    await page.getByRole('button', { name: 'List a window' }).click();
    await page.getByLabel('Start (UTC)').fill(localInput(fromH));
    await page.getByLabel('End (UTC)').fill(localInput(toH));
    await page.getByLabel('GPUs').fill('8');
    await page.getByLabel('Ask ($ / GPU-hour)').fill('1.25');
    await expect(page.getByTestId('pricing-help')).toContainText('as spot capacity');
    await page.getByRole('button', { name: 'List window', exact: true }).click();
  };
  await list(2, 10);
  await expect(page.getByText('Window listed:')).toBeVisible();
  await list(12, 20);
  await expect(page.getByTestId('windows-table').locator('tbody tr')).toHaveCount(2);
  await list(6, 14);
  await expect(page.getByText(/overlaps the node's window from .* Windows of one node cannot overlap/)).toBeVisible();
  await shot(page, 'node-overlap-refused');
  await expect(page.getByTestId('windows-table').locator('tbody tr')).toHaveCount(2);
  // A negative price never reaches the server.
  await page.getByLabel('Ask ($ / GPU-hour)').fill('-1');
  await page.getByRole('button', { name: 'List window', exact: true }).click();
  await expect(page.getByText('The ask cannot be negative')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A CSV of ten windows, two of them bad.
  const rows = ['node,start,end,gpus,ask_cents_per_gpu_hour,notice_minutes,min_booking_minutes'];
  for (let i = 0; i < 8; i++) rows.push(`${name},${iso(24 + i * 12)},${iso(30 + i * 12)},${i % 2 ? 4 : 8},${110 + i},30,`);
  rows.push(`${name},${iso(3)},${iso(5)},8,120,30,`); // overlaps a listed window
  rows.push(`no-such-node,${iso(30)},${iso(34)},1,90,0,`);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'windows.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('row-ok')).toHaveCount(8);
  await expect(page.getByTestId('row-error')).toHaveCount(2);
  await expect(page.getByTestId('import-preview')).toContainText('overlaps the listed window');
  await expect(page.getByTestId('import-preview')).toContainText('no node named "no-such-node"');
  await shot(page, 'import-preview');
  await page.getByRole('button', { name: 'Save 8 windows, skip 2' }).click();
  await expect(page.getByText('Saved 8 windows; 2 row(s) with errors were skipped')).toBeVisible();

  // All of it in the node's calendar: 2 by hand + 8 imported, over this week and the next ones.
  await page.getByRole('link', { name: 'Nodes' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('10');
  await page.getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByTestId('week-calendar')).toContainText(name);
  await shot(page, 'fleet-calendar');
});

test('the same steps work through the REST API with the provider key', async ({ request }) => {
  const { creds } = await import('./helpers');
  const headers = { authorization: `Bearer ${creds().provider.apiKey}` };
  const node = await request.post('/api/v1/nodes', { headers, data: { name: `api-${Date.now() % 100000}`, gpuModel: 'A100-80G', gpuCount: 8, networkGbps: 100, region: 'us-east' } });
  expect(node.status()).toBe(201);
  const id = (await node.json()).id;
  const w = (a: number, b: number) => ({ nodeId: id, startsAt: iso(a), endsAt: iso(b), gpuCount: 8, askCentsPerGpuHour: 99, noticeMinutes: 30 });
  expect((await request.post('/api/v1/windows', { headers, data: w(2, 8) })).status()).toBe(201);
  expect((await request.post('/api/v1/windows', { headers, data: w(9, 12) })).status()).toBe(201);
  const clash = await request.post('/api/v1/windows', { headers, data: w(7, 10) });
  expect(clash.status()).toBe(409);
  expect((await clash.json()).error.code).toBe('window_overlap');
  const put = await request.put(`/api/v1/nodes/${id}/windows`, { headers, data: { windows: [w(2, 8), w(9, 12), w(20, 30)].map(({ nodeId: _n, ...x }) => x) } });
  expect(await put.json()).toMatchObject({ created: 1, kept: 2, deleted: 0 });
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  expect(doc.paths['/nodes/{id}/windows'].put.operationId).toBe('replaceNodeWindows');
  expect((await request.get('/api/v1/nodes')).status()).toBe(401);
});
