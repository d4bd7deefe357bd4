import { test, expect, open, signInAs, otherPerson } from './fixtures';
import type { Page } from '@playwright/test';

const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

type Stage = { id: number; name: string };
type Pipeline = { id: number; name: string; stages: Stage[] };

/** A deal in the first pipeline's first stage, through the form's server function. */
async function createDeal(page: Page, title: string) {
  const res = await page.request.post('/api/list_pipelines', { form: {} });
  const [p] = (await res.json()) as Pipeline[];
  const saved = await page.request.post('/api/save_deal', {
    data: {
      id: null,
      version: 0,
      input: {
        title, account_id: null, contact_ids: [], amount: '25,000', currency: 'CNY',
        expected_close: null, owner_id: null, team_id: null, pipeline_id: p.id,
        stage_id: p.stages[0].id, probability: null, notes: '',
      },
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  return p.stages.findIndex((s) => s.name === 'Negotiation');
}

test('a rule made in Admin › Automation fires when a deal is dragged into Negotiation', async ({ page, browser }) => {
  const name = `Negotiation plan ${stamp()}`;
  await signInAs(page, 'admin');
  await open(page, '/admin/automation');
  await page.getByTestId('new-rule').click();
  const editor = page.getByTestId('rule-editor');
  await editor.locator('input[name=rule-name]').fill(name);
  await editor.locator('select[name=trigger-kind]').selectOption('stage');
  const stage = editor.locator('select[name=trigger-stage]');
  const negotiation = stage.locator('option', { hasText: '· Negotiation' }).first();
  await stage.selectOption((await negotiation.getAttribute('value'))!);
  // Create a task for the owner, due today; and tell them.
  await page.getByTestId('add-action').click();
  await editor.locator('input[name=task-subject]').fill('Prepare the negotiation');
  await editor.locator('input[name=task-due]').fill('0');
  await editor.locator('input[name=task-due]').blur();
  await page.getByTestId('add-action').click();
  await editor.getByTestId('action').nth(1).locator('select[name=action-kind]').selectOption('notify');
  await editor.locator('input[name=notify-message]').fill('Negotiation started');
  await editor.locator('input[name=notify-message]').blur();
  await page.getByTestId('save-rule').click();
  const row = page.getByTestId('rule-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('rule-fired')).toHaveText('0');

  // A sales person drags their deal into Negotiation on the board.
  const sales = await otherPerson(browser);
  const title = `Rule deal ${stamp()}`;
  await signInAs(sales.page, 'sales');
  const col = await createDeal(sales.page, title);
  expect(col).toBeGreaterThan(0);
  await open(sales.page, '/sales');
  const card = sales.page.locator(`[data-testid=deal-card][data-title="${title}"]`);
  await expect(card).toBeVisible();
  const unreadBefore = Number(await sales.page.getByTestId('bell-count').textContent());
  const from = await card.boundingBox();
  const target = await sales.page.locator(`[data-col="${col}"] .board-col__body`).boundingBox();
  if (!from || !target) throw new Error('card or column not on screen');
  await sales.page.mouse.move(from.x + from.width / 2, from.y + 20);
  await sales.page.mouse.down();
  await sales.page.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 3 });
  await sales.page.mouse.move(target.x + target.width / 2, target.y + 20, { steps: 12 });
  await sales.page.mouse.up();
  await expect(sales.page.locator(`[data-col="${col}"]`).locator(`[data-title="${title}"]`)).toBeVisible();

  // The bell rings live, and the notification links to the deal.
  await expect(sales.page.getByTestId('bell-count')).toHaveText(String(unreadBefore + 1));
  await sales.page.getByTestId('bell').click();
  const note = sales.page.getByTestId('notification').first();
  await expect(note).toContainText(name);
  await expect(note).toContainText(`Negotiation started — ${title}`);
  // The task is on their day.
  await open(sales.page, '/customers/my-day');
  await expect(sales.page.getByTestId('my-day')).toContainText(`Prepare the negotiation — ${title}`);
  await sales.context.close();

  // The rule counts its firing; deleting it leaves what it did.
  await open(page, '/admin/automation');
  await expect(row.getByTestId('rule-fired')).toHaveText('1');
  page.once('dialog', (d) => d.accept());
  await row.getByTestId('delete-rule').click();
  await expect(row).toHaveCount(0);
});

test.describe('manager', () => {
  test.use({ allowConsole: /status of 403/ });
  test('is refused the automation rules by the server', async ({ page }) => {
    await signInAs(page, 'manager');
    const response = await page.goto('/admin/automation');
    expect(response?.status()).toBe(403);
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(page.getByTestId('access-denied')).toBeVisible();
    await expect(page.getByTestId('new-rule')).toHaveCount(0);
    const list = await page.request.post('/api/list_rules', { form: {} });
    expect(list.status()).toBe(403);
  });
});
