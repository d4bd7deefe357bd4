import path from 'path';
import { Page } from '@playwright/test';
import { test, expect, open, signInAs } from './fixtures';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

/** With CAIRN_SHOTS=dir, each wizard step is saved as a screenshot there. */
async function shot(page: Page, name: string) {
  const dir = process.env.CAIRN_SHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `import-${name}.png`), fullPage: false });
}

const count = (page: Page, key: string) =>
  page.getByTestId('dry-counts').locator(`[data-count="${key}"] .kpi__value`);

test('admin imports accounts: preview, a fixed mapping, an error and a duplicate, commit, then undo', async ({ page }) => {
  await signInAs(page, 'admin');
  await open(page, '/customers');
  await page.getByTestId('import-link').click();
  await page.waitForURL(/\/import\?kind=accounts/);
  await expect(page.getByLabel('What are you importing?')).toHaveValue('accounts');

  // 1. The file, as read: encoding, delimiter, header row, first rows.
  await page.getByLabel('File (CSV or XLSX)').setInputFiles(fixture('import-accounts.csv'));
  await expect(page.getByTestId('import-preview')).toContainText('Zephyrine Analytics');
  await expect(page.getByTestId('import-encoding')).toHaveValue('utf8');
  await expect(page.getByTestId('import-delimiter')).toHaveValue('44');
  await expect(page.getByTestId('import-header-row')).toHaveValue('1');
  await expect(page.getByTestId('import-rows')).toHaveText('4 data rows');
  await shot(page, '1-file');
  await page.getByTestId('to-mapping').click();

  // 2. Chinese headers are recognised; "Kunde" is not, so Name must be chosen.
  await expect(page.getByLabel('Cairn field — 行业')).toHaveValue('Industry');
  await expect(page.getByLabel('Cairn field — 电话')).toHaveValue('Phone');
  await expect(page.getByLabel('Cairn field — 备注')).toHaveValue('Notes');
  await expect(page.getByLabel('Cairn field — Kunde')).toHaveValue('');
  await expect(page.getByText('Map a column to Name')).toBeVisible();
  await expect(page.getByTestId('to-values')).toBeDisabled();
  await page.getByLabel('Cairn field — Kunde').selectOption('Name');
  await expect(page.getByTestId('to-values')).toBeEnabled();
  await shot(page, '2-columns');
  await page.getByTestId('to-values').click();

  // 3. Values: a sector written another way becomes ours.
  const industry = page.getByTestId('values-Industry');
  await expect(industry).toContainText('Shipping');
  await industry.getByLabel('Shipping').fill('Logistics');
  await shot(page, '3-values');
  await page.getByTestId('to-review').click();

  // 4. The dry run: one row error (with its report), one duplicate group.
  await expect(count(page, 'error')).toHaveText('1');
  await expect(count(page, 'create')).toHaveText('2');
  await expect(page.getByTestId('row-errors')).toContainText('电话');
  const download = page.waitForEvent('download');
  await page.getByTestId('error-report').click();
  expect((await download).suggestedFilename()).toBe('import-errors.csv');
  const group = page.getByTestId('dup-group');
  await expect(group).toHaveCount(1);
  await expect(group).toContainText('Rows 2, 5');
  await shot(page, '4-check');
  await group.getByLabel('Create all').check();
  await expect(count(page, 'create')).toHaveText('3');
  await expect(page.getByTestId('commit')).toBeDisabled();
  await page.getByTestId('skip-errors').check();
  await expect(page.getByTestId('commit')).toHaveText('Import 3 records');

  // 5. Commit.
  await page.getByTestId('commit').click();
  await expect(page.getByTestId('import-done')).toContainText('3 created');
  await shot(page, '5-done');
  const row = page.getByTestId('history-row').filter({ hasText: 'import-accounts.csv' }).first();
  await expect(row).toContainText('3 created');

  await open(page, '/customers?q=Zephyrine');
  await expect(page.getByRole('link', { name: 'Zephyrine Analytics', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Zephyrine Analytics Ltd' })).toBeVisible();

  // History: undo, once.
  await open(page, '/import');
  await page.getByRole('button', { name: 'Undo import of import-accounts.csv' }).first().click();
  await expect(page.getByTestId('ok')).toContainText('Import undone');
  await expect(page.getByTestId('history-row').first()).toContainText('Undone');
  await shot(page, '6-history');
  await open(page, '/customers?q=Zephyrine');
  await expect(page.getByRole('link', { name: 'Zephyrine Analytics' })).toHaveCount(0);
});

test('在中文界面导入 GBK 文件：第一步的标签、编码和预览', async ({ page }) => {
  await signInAs(page, 'manager');
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  try {
    await open(page, '/import?kind=accounts');
    await expect(page.getByRole('heading', { name: '导入数据' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '导入步骤' })).toContainText('列映射');
    await expect(page.getByLabel('导入什么数据？')).toHaveValue('accounts');
    await page.getByLabel('文件（CSV 或 XLSX）').setInputFiles(fixture('import-accounts-gbk.csv'));
    await expect(page.getByTestId('import-encoding')).toHaveValue('gb18030');
    await expect(page.getByTestId('import-delimiter')).toHaveValue('44');
    await expect(page.getByTestId('import-preview')).toContainText('北辰星河科技');
    await expect(page.getByTestId('import-rows')).toHaveText('共 2 行数据');
    await shot(page, 'zh-1-file');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByLabel('Cairn 字段 — 公司名称')).toHaveValue('Name');
    await expect(page.getByLabel('Cairn 字段 — 地址')).toHaveValue('Address');
  } finally {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
});

test('a sales history imports as activities on accounts: a type mapped to ours, an unknown account reported, then undone', async ({ page }) => {
  await signInAs(page, 'admin');
  await open(page, '/import?kind=activities');
  await expect(page.getByLabel('What are you importing?')).toHaveValue('activities');
  await page.getByLabel('File (CSV or XLSX)').setInputFiles(fixture('import-activities.csv'));
  await expect(page.getByTestId('import-rows')).toHaveText('3 data rows');
  await page.getByTestId('to-mapping').click();
  await expect(page.getByLabel('Cairn field — Type')).toHaveValue('ActivityKind');
  await expect(page.getByLabel('Cairn field — Account')).toHaveValue('Account');
  await expect(page.getByLabel('Cairn field — Date')).toHaveValue('OccurredAt');
  await page.getByTestId('to-values').click();

  // "Phone" is not one of our kinds: the wizard offers ours to map it to.
  const kinds = page.getByTestId('values-ActivityKind');
  await expect(kinds).toContainText('Phone');
  await kinds.getByLabel('Phone').selectOption('call');
  await page.getByTestId('to-review').click();

  await expect(count(page, 'create')).toHaveText('2');
  await expect(count(page, 'error')).toHaveText('1');
  await expect(page.getByTestId('row-errors')).toContainText('No Such Company Ltd');
  await page.getByTestId('skip-errors').check();
  await page.getByTestId('commit').click();
  await expect(page.getByTestId('import-done')).toContainText('2 created');

  await open(page, '/customers?q=Northwind');
  await page.getByRole('link', { name: 'Northwind Traders', exact: true }).click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('Quarterly review call');
  await expect(timeline).toContainText('On-site workshop');

  await open(page, '/import');
  await page.getByRole('button', { name: 'Undo import of import-activities.csv' }).first().click();
  await expect(page.getByTestId('ok')).toContainText('Import undone');
  await open(page, '/customers?q=Northwind');
  await page.getByRole('link', { name: 'Northwind Traders', exact: true }).click();
  await expect(page.getByTestId('account-head')).toBeVisible();
  await expect(page.getByText('Quarterly review call')).toHaveCount(0);
});

test('a sales person imports leads with their own statuses mapped to ours', async ({ page }) => {
  await signInAs(page, 'sales');
  await open(page, '/import?kind=leads');
  await page.getByLabel('File (CSV or XLSX)').setInputFiles(fixture('import-leads.csv'));
  await page.getByTestId('to-mapping').click();
  await expect(page.getByLabel('Cairn field — Status')).toHaveValue('Status');
  await page.getByTestId('to-values').click();
  const statuses = page.getByTestId('values-Status');
  await statuses.getByLabel('Hot').selectOption('qualified');
  await statuses.getByLabel('Cold').selectOption('disqualified');
  await page.getByTestId('to-review').click();
  await expect(count(page, 'create')).toHaveText('2');
  await expect(count(page, 'error')).toHaveText('0');
  await page.getByTestId('commit').click();
  await expect(page.getByTestId('import-done')).toContainText('2 created');

  await open(page, '/customers/leads?q=Lovelace');
  const row = page.getByRole('row').filter({ hasText: 'Ada Lovelace' });
  await expect(row).toContainText('Qualified');
  await expect(row).toContainText('Analytical Engines');
});
