import { readFileSync } from 'node:fs';
import { test, expect, open, signInAs } from './fixtures';
import type { Page } from '@playwright/test';

/** A unique suffix, so reruns against the same database never collide. */
const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);
/** "12,345.60" → 1234560 (minor units of a two-decimal currency). */
const minor = (text: string) => Math.round(parseFloat(text.replace(/[,\s]/g, '')) * 100);
/** The 15th of the month `ahead` months from now (UTC, as the server counts). */
const closeIn = (ahead: number) => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 15));
  return { date: d.toISOString().slice(0, 10), month: d.toISOString().slice(0, 7) };
};

/** The forecast page, as a small page object. */
const forecast = (page: Page) => ({
  filters: page.getByTestId('forecast-filters'),
  months: page.getByTestId('months-table'),
  csv: page.getByTestId('forecast-csv'),
  async weighted(month: string) {
    return minor(await this.months.locator(`tr[data-month="${month}"] td[data-col=weighted]`).innerText());
  },
  async kpi(key: string) {
    return minor(await page.getByTestId(`kpi-${key}`).innerText());
  },
});

/** The pipeline editor on Admin › Pipelines. */
const pipelines = (page: Page) => ({
  form: page.getByTestId('pipeline-form'),
  rows: page.getByTestId('stage-rows').locator('li'),
  names: page.getByTestId('stage-rows').locator('input[name=stage_name]'),
  async save() {
    await this.form.getByRole('button', { name: /^(Save|保存)$/ }).click();
  },
});

test('a manager reads the forecast: charts, tables that match the server, a new deal in its month, filters in the URL, and the CSV', async ({ page }) => {
  await signInAs(page, 'manager');
  await open(page, '/sales/forecast?currency=USD');
  const f = forecast(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forecast');
  // Four SVG charts, each with its table.
  for (const chart of ['month-chart', 'owners-chart', 'stages-chart', 'funnel-chart']) {
    await expect(page.getByTestId(chart)).toBeVisible();
  }
  await expect(page.getByTestId('month-chart').locator('rect.chart__bar')).toHaveCount(36);
  await expect(f.months.locator('tbody tr')).toHaveCount(12);

  // Every month's weighted figure is the server's.
  const report = async () => {
    const res = await page.request.post('/api/sales_forecast', { data: { query: { currency: 'USD' } } });
    expect(res.status()).toBe(200);
    return res.json();
  };
  const server = await report();
  for (const m of server.forecast.months) {
    expect(await f.weighted(m.month.slice(0, 7)), m.month).toBe(m.weighted);
  }
  expect(await f.kpi('weighted')).toBe(server.forecast.weighted_total);

  // A new deal closing in two months' time: that month's weighted figure
  // grows by amount × the first stage's probability.
  const { date, month } = closeIn(2);
  const before = await f.weighted(month);
  const beforeTotal = await f.kpi('weighted');
  const list = await (await page.request.post('/api/list_pipelines', { form: {} })).json();
  const [pipeline] = list;
  const stage = pipeline.stages[0];
  const created = await page.request.post('/api/save_deal', {
    data: {
      id: null,
      version: 0,
      input: {
        title: `Forecast check ${stamp()}`,
        account_id: null,
        contact_ids: [],
        amount: '12,345.60',
        currency: 'USD',
        expected_close: date,
        owner_id: null,
        team_id: null,
        pipeline_id: pipeline.id,
        stage_id: stage.id,
        probability: null,
        notes: '',
      },
    },
  });
  expect(created.status()).toBe(200);
  const weighted = Math.round((1_234_560 * stage.probability) / 100);
  await page.reload();
  await page.waitForSelector('body[data-hydrated="true"]');
  expect(await f.weighted(month)).toBe(before + weighted);
  expect(await f.kpi('weighted')).toBe(beforeTotal + weighted);
  await expect(page.getByTestId('owners-table').locator('tr[data-name="Demo Manager"]')).toBeVisible();

  // The CSV carries the same figure for that month.
  const [download] = await Promise.all([page.waitForEvent('download'), f.csv.click()]);
  expect(download.suggestedFilename()).toMatch(/^forecast-USD-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.split('\n');
  expect(lines[0]).toMatch(/^pipeline,currency,from,to,as_of,weighted,commit,best_case/);
  expect(lines).toContain('month,open_deals,amount,weighted,commit,best_case,closed_won');
  const row = lines.find((l) => l.startsWith(`${month},`));
  expect(row, csv).toBeDefined();
  expect(minor(row!.split(',')[3])).toBe(before + weighted);
  expect(csv).toContain('funnel_step,reached,to_next_pct');

  // Filters live in the URL: a currency applies at once, a period on Apply.
  await f.filters.getByLabel('Currency').selectOption('CNY');
  await expect(page).toHaveURL(/currency=CNY/);
  await expect(page.getByTestId('months-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: /\(CNY\)/ }).first()).toBeVisible();
  await f.filters.getByLabel('Period from').fill('2026-01-01');
  await f.filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/from=2026-01-01/);
  await expect(page).toHaveURL(/currency=CNY/);
  await page.reload();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(f.filters.getByLabel('Period from')).toHaveValue('2026-01-01');
  await expect(f.filters.getByLabel('Currency')).toHaveValue('CNY');
  await expect(f.csv).toHaveAttribute('href', /currency=CNY/);
});

test('an admin creates a pipeline, adds a stage and moves it up; after a reload both are there', async ({ page }) => {
  const name = `E2E pipeline ${stamp()}`;
  await signInAs(page, 'admin');
  await open(page, '/admin/pipelines');
  await expect(page.getByRole('link', { name: 'Pipelines', exact: true })).toHaveAttribute('aria-current', 'page');
  const p = pipelines(page);
  await page.getByTestId('new-pipeline').click();
  await expect(page).toHaveURL(/new=1/);
  await p.form.getByLabel('Pipeline name').fill(name);
  await p.save();
  await expect(page).toHaveURL(/pipeline=\d+/);
  await expect(page.getByTestId('ok')).toHaveText('Pipeline saved.');
  await expect(page.getByTestId('pipeline-list').locator(`[data-pipeline="${name}"]`)).toBeVisible();
  const count = await p.rows.count();

  await p.form.getByTestId('add-stage').click();
  await expect(p.rows).toHaveCount(count + 1);
  await p.names.last().fill('Pilot');
  await p.rows.last().locator('input[name=stage_probability]').fill('60');
  await p.rows.last().locator('input[name=stage_rotting]').fill('10');
  await p.rows.last().getByRole('button', { name: /^Move up/ }).click();
  await expect(p.names.nth(count - 1)).toHaveValue('Pilot');
  await p.save();
  await expect(page.getByTestId('ok')).toHaveText('Pipeline saved.');

  await page.reload();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(p.rows).toHaveCount(count + 1);
  await expect(p.names.nth(count - 1)).toHaveValue('Pilot');
  await expect(p.rows.nth(count - 1).locator('input[name=stage_probability]')).toHaveValue('60');
  await expect(p.rows.nth(count - 1).locator('input[name=stage_rotting]')).toHaveValue('10');
});

test.describe('admin, refused by the store', () => {
  // The refused save answers 422.
  test.use({ allowConsole: /status of 422/ });
  test('removing a stage that still has deals names the stage and keeps it', async ({ page }) => {
    await signInAs(page, 'admin');
    await open(page, '/admin/pipelines');
    const p = pipelines(page);
    const count = await p.rows.count();
    const first = await p.names.first().inputValue();
    await p.rows.first().getByTestId('remove-stage').click();
    await expect(p.rows).toHaveCount(count - 1);
    await p.save();
    await expect(page.getByTestId('error')).toHaveText(
      new RegExp(`“${first}” still has \\d+ deals: move them to another stage first\\.`),
    );
    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(p.rows).toHaveCount(count);
    await expect(p.names.first()).toHaveValue(first);
  });

  test('a missing stage name is shown under its field', async ({ page }) => {
    await signInAs(page, 'admin');
    await open(page, '/admin/pipelines?new=1');
    const p = pipelines(page);
    await p.form.getByLabel('Pipeline name').fill(`E2E empty ${stamp()}`);
    await p.names.nth(1).fill('');
    await p.save();
    await expect(p.rows.nth(1).getByTestId('error-stage-name')).toHaveText('is required');
    await expect(page).toHaveURL(/new=1/);
  });
});

test.describe('sales person', () => {
  test.use({ allowConsole: /status of 403/ });
  test('is refused on Admin › Pipelines by the server', async ({ page }) => {
    await signInAs(page, 'sales');
    const response = await page.goto('/admin/pipelines');
    expect(response?.status()).toBe(403);
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(page.getByTestId('access-denied')).toBeVisible();
    await expect(page.getByTestId('pipeline-form')).toHaveCount(0);
    const save = await page.request.post('/api/save_pipeline', {
      data: { id: null, version: 0, input: { name: 'Sneaky', stages: [{ id: null, name: 'A', probability: 10, rotting_days: null }] } },
    });
    expect(save.status()).toBe(403);
  });
});
