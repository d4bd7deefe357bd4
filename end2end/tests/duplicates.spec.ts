import { test, expect, open, signInAs } from './fixtures';
import type { Page } from '@playwright/test';

const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

/** An account through the server function the account form uses. */
async function account(page: Page, fields: Record<string, string>) {
  const res = await page.request.post('/api/save_account', {
    data: {
      id: null,
      version: 0,
      input: {
        name: '', industry: '', source: '', website: '', phone: '', email: '', address: '',
        owner_id: null, team_id: null, tags: [], lifecycle: null, annual_revenue: null, notes: '',
        ...fields,
      },
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).id as number;
}

async function deal(page: Page, title: string, accountId: number) {
  const [p] = await (await page.request.post('/api/list_pipelines', { form: {} })).json();
  const res = await page.request.post('/api/save_deal', {
    data: {
      id: null,
      version: 0,
      input: {
        title, account_id: accountId, contact_ids: [], amount: '1000', currency: 'USD', expected_close: null,
        owner_id: null, team_id: null, pipeline_id: p.id, stage_id: p.stages[0].id, probability: null, notes: '',
      },
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** The queue's group that holds exactly these records. */
const group = (page: Page, ids: number[]) =>
  page.locator(`[data-testid=dup-group][data-ids="${[...ids].sort((a, b) => a - b).join(',')}"]`);

test('duplicates are proposed with their reasons, merged field by field (deals follow the record kept), and the merge undone', async ({ page }) => {
  const s = stamp();
  await signInAs(page, 'sales');
  const phone = `+1 312 555 ${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const a = await account(page, { name: `Northwind Traders ${s}`, phone, website: '' });
  const b = await account(page, { name: `Northwind Traders Inc ${s}`, phone, website: `northwind-${s}.example` });
  await deal(page, `Northwind renewal ${s}`, b);

  await open(page, '/customers/duplicates?kind=account');
  // Only the kind shown is marked current.
  await expect(page.getByTestId('kind-account')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('kind-contact')).not.toHaveAttribute('aria-current', 'page');
  const g = group(page, [a, b]);
  await expect(g).toBeVisible();
  await expect(g).toContainText(/same phone/);
  await g.getByTestId('review-merge').click();
  await page.waitForURL(/\/customers\/duplicates\/merge\?/);

  // Keep the first record; its empty website is filled from the other
  // on its own, and the name is taken from the other by hand.
  const table = page.getByTestId('merge-table');
  await table.locator(`th[data-col="${a}"] [data-testid=keep]`).check();
  await expect(page.getByTestId(`pick-website-${b}`)).toBeChecked();
  await page.getByTestId(`pick-name-${b}`).check();
  await page.getByTestId('merge-now').click();
  const done = page.getByTestId('merge-done');
  await expect(done).toContainText(/Merged/);
  await expect(done).toContainText(/Deals 1/);

  // The record kept has the chosen values and the other's deal; the
  // other is in the Trash.
  await done.getByTestId('survivor-link').click();
  await page.waitForURL(`**/customers/accounts/${a}`);
  await expect(page.getByTestId('account-name')).toHaveText(`Northwind Traders Inc ${s}`);
  await expect(page.getByTestId('deals-panel').getByTestId('account-deal')).toHaveText([new RegExp(`Northwind renewal ${s}`)]);
  await open(page, `/customers/accounts/${b}`);
  await expect(page.getByRole('status').filter({ hasText: /Trash/ })).toBeVisible();

  // Undo from the history: both back as they were, the deal with its own.
  await open(page, '/customers/duplicates?kind=account');
  const row = page.getByTestId('merge-row').filter({ hasText: `Northwind Traders Inc ${s}` }).first();
  await row.getByTestId('undo-merge').click();
  await expect(page.getByTestId('merge-undone')).toBeVisible();
  await open(page, `/customers/accounts/${a}`);
  await expect(page.getByTestId('account-name')).toHaveText(`Northwind Traders ${s}`);
  await expect(page.getByTestId('deals-panel')).not.toContainText(`Northwind renewal ${s}`);
  await open(page, `/customers/accounts/${b}`);
  await expect(page.getByTestId('deals-panel').getByTestId('account-deal')).toHaveCount(1);

  // "Not duplicates": the pair is not proposed again.
  await open(page, '/customers/duplicates?kind=account');
  await group(page, [a, b]).getByTestId('not-duplicates').click();
  await expect(group(page, [a, b])).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('groups-found').or(page.locator('.empty'))).toBeVisible();
  await expect(group(page, [a, b])).toHaveCount(0);

  // The mark is listed and can be taken back: the pair is proposed again.
  const ids = [a, b].sort((x, y) => x - y).join(',');
  const mark = page.locator(`[data-testid=dismissal][data-ids="${ids}"]`);
  await expect(mark).toContainText(`Northwind Traders ${s}`);
  await expect(mark).toContainText(`Northwind Traders Inc ${s}`);
  await mark.getByTestId('undo-dismissal').click();
  await expect(page.getByTestId('dismissal-undone')).toBeVisible();
  await expect(mark).toHaveCount(0);
  await expect(group(page, [a, b])).toBeVisible();
  await page.reload();
  await expect(group(page, [a, b])).toBeVisible();
});
