import { test, expect, open, signInAs } from './fixtures';
import type { Page } from '@playwright/test';
import * as fs from 'node:fs';

/** A unique suffix, so reruns against the same database never collide. */
const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);
/** Today as the server counts days (UTC), for due dates. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The fields of one CSV line (RFC 4180 quoting; no line breaks inside). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** The account 360° page, as a small page object. */
const account = (page: Page) => ({
  name: page.getByTestId('account-name'),
  composer: page.getByTestId('activity-form'),
  timeline: page.getByTestId('timeline'),
  contacts: page.getByTestId('contacts-panel'),
  async log(kind: RegExp, subject: string, due?: string) {
    await this.composer.locator('label.chip', { hasText: kind }).click();
    await this.composer.locator('input[name=subject]').fill(subject);
    if (due) await this.composer.locator('input[name=due_on]').fill(due);
    await this.composer.getByRole('button', { name: /Save activity|保存活动/ }).click();
    await expect(this.timeline.locator(`[data-subject="${subject}"]`)).toBeVisible();
  },
});

async function createAccount(page: Page, name: string, extra: Record<string, string> = {}) {
  await open(page, '/customers');
  await page.getByTestId('new-account').click();
  await page.waitForURL('**/customers/accounts/new');
  const form = page.getByTestId('account-form');
  await form.locator('input[name=name]').fill(name);
  for (const [field, value] of Object.entries(extra)) await form.locator(`[name=${field}]`).fill(value);
  await form.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await page.waitForURL(/\/customers\/accounts\/\d+$/);
  await expect(account(page).name).toHaveText(name);
}

test('a sales person creates an account, adds a contact, logs a call, and completes a follow-up from My day', async ({ page }) => {
  const s = stamp();
  await signInAs(page, 'sales');
  await createAccount(page, `Orbit Analytics ${s}`, { website: `orbit-${s}.example`, industry: 'Technology', tags: 'vip, pilot' });
  const a = account(page);
  await expect(page.getByTestId('account-head').locator('[data-grade]')).toHaveText(/[ABCD]/);
  const accountUrl = page.url();

  await a.contacts.getByTestId('add-contact').click();
  const cf = page.getByTestId('contact-form');
  await cf.locator('input[name=name]').fill(`Ada Lovelace ${s}`);
  await cf.locator('input[name=email]').fill(`ada-${s}@orbit.example`);
  await cf.locator('input[name=phone]').fill('+44 20 7946 0001');
  await cf.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(accountUrl);
  await expect(a.contacts.locator(`[data-contact="Ada Lovelace ${s}"]`)).toBeVisible();

  await a.log(/Call/, `Intro call ${s}`);
  await a.log(/Task/, `Send the pilot plan ${s}`, todayUtc());

  await open(page, '/customers/my-day');
  const task = page.getByTestId('my-day').locator(`[data-subject="Send the pilot plan ${s}"]`);
  await expect(task).toBeVisible();
  await task.getByTestId('toggle-done').click();
  await expect(task.getByTestId('task-done')).toBeVisible();

  // Both are on the account's timeline, the task shown as done; the
  // creation is there too, from the audit log.
  await page.goto(accountUrl);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(a.timeline.locator(`[data-subject="Intro call ${s}"]`)).toBeVisible();
  const done = a.timeline.locator(`[data-subject="Send the pilot plan ${s}"]`);
  await expect(done).toHaveClass(/activity--done/);
  await expect(a.timeline.locator('[data-testid=change][data-action=create]')).toBeVisible();
  await expect(page.getByTestId('account-head')).toContainText('Prospect');
});

test('a lead is qualified and converted into an account and a contact in one step; a second one is offered the existing records', async ({ page }) => {
  const s = stamp();
  await signInAs(page, 'sales');
  const newLead = async (name: string) => {
    await open(page, '/customers/leads');
    await page.getByTestId('new-lead').click();
    const form = page.getByTestId('lead-form');
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=company]').fill(`Hopper Labs ${s}`);
    await form.locator('input[name=email]').fill(`grace-${s}@hopper.example`);
    await form.locator('input[name=website]').fill(`hopper-${s}.example`);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/customers\/leads\/\d+$/);
    await expect(page.getByTestId('lead-name')).toHaveText(name);
  };
  await newLead(`Grace Hopper ${s}`);
  await page.getByTestId('qualify').click();
  await expect(page.getByTestId('lead-status')).toHaveText('Qualified');
  const convert = page.getByTestId('convert-form');
  await expect(page.getByTestId('duplicates')).toHaveCount(0);
  await convert.locator('input[name=follow_up]').fill(`Pilot deal ${s}`);
  await convert.getByTestId('convert').click();
  await page.waitForURL(/\/customers\/accounts\/\d+$/);
  const a = account(page);
  await expect(a.name).toHaveText(`Hopper Labs ${s}`);
  await expect(a.contacts.locator(`[data-contact="Grace Hopper ${s}"]`)).toBeVisible();
  await expect(a.timeline.locator(`[data-subject="Pilot deal ${s}"]`)).toBeVisible();
  await expect(a.timeline.locator('[data-testid=change][data-action=convert]')).toBeVisible();
  const accountUrl = page.url();

  // The same company again: the form warns and offers to attach.
  await newLead(`G. Hopper ${s}`);
  await expect(page.getByTestId('duplicates')).toBeVisible();
  await page.getByTestId('attach-account').locator('input').check();
  await page.getByTestId('attach-contact').locator('input').check();
  await page.getByTestId('convert').click();
  await page.waitForURL(accountUrl);
  await expect(a.contacts.locator('li')).toHaveCount(1);
});

test('the search box finds accounts, contacts and leads while typing, in English and Chinese', async ({ page }) => {
  await signInAs(page, 'viewer');
  const box = page.getByTestId('search');
  await box.fill('nancy');
  const results = page.locator('#search-results');
  await expect(results.locator('[data-kind=contact]', { hasText: 'Nancy Davolio' })).toBeVisible();
  await expect(results.locator('[data-kind=lead]', { hasText: 'Nancy Davolio' })).toBeVisible();
  await box.fill('云杉');
  await expect(results.locator('[data-kind=account]', { hasText: '北京云杉科技有限公司' })).toBeVisible();
  await box.fill('yunshan');
  await expect(results.locator('[data-kind=account]', { hasText: '北京云杉科技有限公司' })).toBeVisible();
  await box.fill('+86 138 0013 8000');
  await expect(results.locator('[data-kind=contact]', { hasText: '李伟' })).toBeVisible();
  // Keyboard: arrow to the first hit, Enter opens it.
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.waitForURL(/\/customers\/contacts\/\d+$/);
  await expect(page.getByTestId('contact-name')).toHaveText('李伟');
  await box.fill('zzzz-no-such-thing');
  await expect(results).toContainText('Nothing found.');
});

test('list filters live in the URL, so a filtered view can be bookmarked and shared', async ({ page }) => {
  await signInAs(page, 'viewer');
  await open(page, '/customers');
  await page.getByRole('combobox', { name: 'Lifecycle stage' }).selectOption('customer');
  await page.waitForURL(/lifecycle=customer/);
  const rows = page.getByTestId('accounts-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const stage of await rows.locator('.pill').allTextContents()) expect(stage).toBe('Customer');
  await page.getByRole('combobox', { name: 'Grade' }).selectOption('A');
  await page.waitForURL(/grade=A/);
  // The URL changes first; the list follows when the server answers.
  await expect
    .poll(async () => (await rows.locator('[data-grade]').allTextContents()).every((g) => g === 'A'))
    .toBe(true);
  const shared = page.url();
  const count = await rows.count();
  // Opening the link fresh (a bookmark, a colleague) shows the same list.
  await page.goto(shared);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(rows).toHaveCount(count);
  await expect(page.getByRole('combobox', { name: 'Grade' })).toHaveValue('A');
  await expect(page.getByTestId('pager-info')).toContainText(`${count} records`);
  for (const g of await rows.locator('[data-grade]').allTextContents()) expect(g).toBe('A');
});

test('a filtered list downloads as CSV and as Excel with the rows the page shows', async ({ page }) => {
  await signInAs(page, 'viewer');
  await open(page, '/customers?lifecycle=customer&grade=A');
  const rows = page.getByTestId('accounts-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-account')));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/^accounts-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  expect(header.split(',').slice(0, 3)).toEqual(['id', 'name', 'industry']);
  // The same accounts in the same order.
  expect(lines.map((l) => csvFields(l)[1])).toEqual(shown);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^accounts-.*\.xlsx$/);
  // An XLSX file is a zip archive.
  expect(fs.readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe('PK');
});

test('an account moved to the Trash disappears from lists and search and can be restored', async ({ page }) => {
  const s = stamp();
  await signInAs(page, 'sales');
  await createAccount(page, `Trashable ${s}`);
  await page.getByTestId('trash-toggle').click();
  await expect(page.getByRole('status').filter({ hasText: 'in the Trash' })).toBeVisible();
  await open(page, `/customers?q=Trashable+${s}`);
  await expect(page.getByTestId('empty')).toBeVisible();
  await open(page, '/customers/trash');
  await page.getByRole('link', { name: `Trashable ${s}` }).click();
  await page.getByTestId('trash-toggle').click();
  await expect(page.getByTestId('trash-toggle')).toHaveText('Move to Trash');
  await open(page, `/customers?q=Trashable+${s}`);
  await expect(page.getByTestId('accounts-table')).toContainText(`Trashable ${s}`);
});

test.describe('in Chinese', () => {
  test.use({ allowConsole: /status of 422/ });
  test('一个销售在中文界面中创建客户、看到中文的字段错误并记录电话', async ({ page }) => {
    const s = stamp();
    await signInAs(page, 'manager');
    await page.getByRole('button', { name: '简体中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    try {
      await open(page, '/customers');
      await expect(page.getByRole('heading', { name: '客户', exact: true })).toBeVisible();
      await page.getByTestId('new-account').click();
      const form = page.getByTestId('account-form');
      await form.getByRole('button', { name: '保存' }).click();
      await expect(page.getByTestId('error-name')).toHaveText('为必填项');
      await form.locator('input[name=name]').fill(`深圳蓝鲸科技有限公司 ${s}`);
      await form.locator('input[name=phone]').fill('电话号码');
      await form.getByRole('button', { name: '保存' }).click();
      await expect(page.getByTestId('error-phone')).toContainText('只能包含数字');
      await form.locator('input[name=phone]').fill('+86 755 8888 0000');
      await form.locator('textarea[name=address]').fill('广东省深圳市南山区科技园');
      await form.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/customers\/accounts\/\d+$/);
      const a = account(page);
      await expect(a.name).toHaveText(`深圳蓝鲸科技有限公司 ${s}`);
      await expect(page.getByText('广东省深圳市南山区科技园')).toBeVisible();
      await a.log(/电话/, `初次沟通 ${s}`);
      await expect(a.timeline.locator(`[data-subject="初次沟通 ${s}"]`)).toContainText('电话');
      await expect(a.timeline).toContainText('创建了记录');
      await page.getByTestId('search').fill('蓝鲸');
      await expect(page.locator('#search-results [data-kind=account]', { hasText: `深圳蓝鲸科技有限公司 ${s}` })).toBeVisible();
    } finally {
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  });
});

test('the account 360° view lists its deals with totals per currency, and prints as a clean page with everything on it', async ({ page }) => {
  const s = stamp();
  await signInAs(page, 'sales');
  const name = `Harbor Freight Lines ${s}`;
  await createAccount(page, name, { industry: 'Logistics' });
  const accountUrl = page.url();
  const accountId = Number(/(\d+)$/.exec(accountUrl)![1]);
  await account(page).contacts.getByTestId('add-contact').click();
  const cf = page.getByTestId('contact-form');
  await cf.locator('input[name=name]').fill(`Grace Hopper ${s}`);
  await cf.locator('input[name=email]').fill(`grace-${s}@harbor.example`);
  await cf.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(accountUrl);

  // Three deals through the server function the deal form uses.
  const [p] = await (await page.request.post('/api/list_pipelines', { form: {} })).json();
  const deals: [string, string, string][] = [
    [`Fleet pilot ${s}`, '12000', 'USD'],
    [`Depot rollout ${s}`, '8000.50', 'USD'],
    [`Shanghai hub ${s}`, '50000', 'CNY'],
  ];
  for (const [title, amount, currency] of deals) {
    const res = await page.request.post('/api/save_deal', {
      data: {
        id: null,
        version: 0,
        input: {
          title, account_id: accountId, contact_ids: [], amount, currency, expected_close: null,
          owner_id: null, team_id: null, pipeline_id: p.id, stage_id: p.stages[0].id, probability: null, notes: '',
        },
      },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  await open(page, accountUrl);
  const panel = page.getByTestId('deals-panel');
  await expect(panel.getByTestId('account-deal')).toHaveCount(3);
  // Currencies are never added together: one line each, in code order.
  await expect(panel.getByTestId('total-open')).toHaveText(['50,000.00 CNY', '20,000.50 USD']);

  await page.getByTestId('print-account').click();
  await page.waitForURL(`**/customers/accounts/${accountId}/print`);
  const dossier = page.getByTestId('dossier');
  await expect(dossier.getByTestId('dossier-name')).toHaveText(name);
  await expect(dossier.getByTestId('dossier-contacts')).toContainText(`Grace Hopper ${s}`);
  await expect(dossier.getByTestId('dossier-deals').locator('tbody tr')).toHaveCount(3);
  await expect(dossier.getByTestId('total-open')).toHaveText(['50,000.00 CNY', '20,000.50 USD']);
  await expect(dossier).toContainText('Logistics');

  // On paper: no top bar, no buttons; the dossier itself is all there.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(dossier.getByTestId('dossier-deals')).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  if (process.env.CAIRN_SHOTS) await page.screenshot({ path: `${process.env.CAIRN_SHOTS}/account-print.png`, fullPage: true });
});
