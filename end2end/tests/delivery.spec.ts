import { test, expect, open, signInAs, otherPerson, stamp } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * From won deal to delivery project and back into the CRM: the board's
 * offer when a deal is dropped on Won, the project built from the
 * built-in template, its forecast go-live and health on the deal page,
 * a critical task dragged later in the Gantt moving the deal's go-live
 * and telling its owner; and the admin's template editor.
 */

/** The Monday `weeks` weeks from today, as YYYY-MM-DD. */
function mondayIn(weeks: number) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

async function createDeal(page: Page, title: string, close: string, currency = 'USD') {
  const pipes = await page.request.post('/api/list_pipelines', { form: {} });
  expect(pipes.status()).toBe(200);
  const [p] = await pipes.json();
  const res = await page.request.post('/api/save_deal', {
    data: {
      id: null,
      version: 0,
      input: {
        title, account_id: null, contact_ids: [], amount: '80,000', currency,
        expected_close: close, owner_id: null, team_id: null,
        pipeline_id: p.id, stage_id: p.stages[2].id, probability: null, notes: '',
      },
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const deal = await res.json();
  return deal.id as number;
}

/** Wins the deal and starts its project from the built-in template, managed by the PMO; the project's id. */
async function winAndStart(page: Page, dealId: number, name: string, start: string) {
  const card = await page.request.post('/api/card_of_deal', { form: { id: String(dealId) } });
  expect(card.status(), await card.text()).toBe(200);
  const won = await page.request.post('/api/move_deal', {
    data: { request: { deal_id: dealId, version: (await card.json()).version, to: 'Won' } },
  });
  expect(won.status(), await won.text()).toBe(200);
  const offer = await (await page.request.post('/api/delivery_offer', { form: { deal_id: String(dealId) } })).json();
  const pmo = offer.managers.find((m: { name: string }) => m.name === 'Demo Pmo');
  const res = await page.request.post('/api/delivery_start', {
    data: { input: { deal_id: dealId, template_id: offer.templates[0].id, name, start, manager_id: pmo.id, calendar: 'Standard' } },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).id as number;
}

test.describe('deal to delivery', () => {
  test('a deal dropped on Won starts its delivery project from the template; the deal shows the forecast go-live, which moves when the PMO drags a critical task later, and the owner is told', async ({ page, browser }) => {
    await signInAs(page, 'sales');
    const title = `Rollout ${stamp()}`;
    const close = mondayIn(1);
    const dealId = await createDeal(page, title, close);

    // Won on the board: the offer opens, filled from the deal.
    await open(page, '/sales');
    const card = page.locator(`[data-testid=deal-card][data-title="${title}"]`);
    await expect(card).toBeVisible();
    const from = await card.boundingBox();
    const zone = await page.getByTestId('zone-won').boundingBox();
    if (!from || !zone) throw new Error('card or zone not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 3 });
    await page.mouse.move(zone.x + zone.width / 2, zone.y + zone.height / 2, { steps: 12 });
    await page.mouse.up();
    const dialog = page.getByTestId('won-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(title);
    await expect(dialog.locator('select[name=template] option:checked')).toHaveText('CRM implementation');
    await expect(dialog.locator('input[name=name]')).toHaveValue(title);
    await expect(dialog.locator('input[name=start]')).toHaveValue(close);
    // A salesperson hands the project to a project manager.
    await expect(dialog.locator('select[name=manager] option', { hasText: 'Demo Sales' })).toHaveCount(0);
    await dialog.locator('select[name=manager]').selectOption({ label: 'Demo Pmo' });
    await dialog.getByTestId('start-delivery').click();
    await page.waitForURL(/\/projects\/\d+$/);
    const projectId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.grow[data-row="0"] [data-col="name"]')).toHaveText('Initiation');
    await expect(page.locator('.grow[data-row="1"] [data-col="name"]')).toHaveText('Project charter');

    // The deal page: the project, its go-live and health.
    await open(page, `/sales/deals/${dealId}`);
    const panel = page.getByTestId('delivery-panel');
    await expect(panel.getByTestId('health')).toHaveText('On track');
    await expect(panel.getByRole('link', { name: title })).toHaveAttribute('href', `/projects/${projectId}`);
    const before = ((await panel.getByTestId('go-live').textContent()) ?? '').trim();
    expect(days(before)).toBeGreaterThan(days(close) + 60);
    await expect(panel.getByTestId('offer-delivery')).toHaveCount(0);

    // The PMO drags the first task (critical: everything follows it) ten days later.
    const pmo = await otherPerson(browser);
    try {
      await signInAs(pmo.page, 'pmo');
      await open(pmo.page, `/projects/${projectId}`);
      await expect(pmo.page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
      await pmo.page.locator('[data-zoom=day]').click();
      const bar = pmo.page.locator('[data-testid=bar][data-row="1"]');
      await expect(bar).toHaveAttribute('data-critical', 'true');
      await bar.scrollIntoViewIfNeeded();
      const body = await bar.locator('.bar__body').boundingBox();
      if (!body) throw new Error('no bar');
      await pmo.page.mouse.move(body.x + body.width / 2, body.y + body.height / 2);
      await pmo.page.mouse.down();
      await pmo.page.mouse.move(body.x + body.width / 2 + 5 * 36, body.y + body.height / 2, { steps: 5 });
      await pmo.page.mouse.move(body.x + body.width / 2 + 10 * 36, body.y + body.height / 2, { steps: 5 });
      await pmo.page.mouse.up();
      await expect(pmo.page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
      expect(pmo.errors).toEqual([]);
    } finally {
      await pmo.context.close();
    }

    // Back on the deal: the go-live moved past the threshold, the owner was told.
    await open(page, `/sales/deals/${dealId}`);
    await expect(panel.getByTestId('go-live')).not.toHaveText(before);
    const after = ((await panel.getByTestId('go-live').textContent()) ?? '').trim();
    expect(days(after) - days(before)).toBeGreaterThan(5);
    await page.getByTestId('bell').click();
    const notice = page.getByTestId('notification').filter({ hasText: `Go-live slipped: ${title}` });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`from ${before} to ${after}`);
  });

  test('an admin writes a template (a bad predecessor is refused by row), a PMO starts a project from it, and it can be deleted', async ({ page, browser }) => {
    await signInAs(page, 'admin');
    await open(page, '/admin/templates');
    const builtin = page.getByTestId('template').filter({ hasText: 'CRM implementation' });
    await expect(builtin).toContainText('Built-in');
    const name = `Pilot ${stamp()}`;
    await page.getByTestId('new-template').click();
    const editor = page.getByTestId('template-editor');
    await editor.locator('input[name=name]').fill(name);
    await editor.locator('input[name=name_zh]').fill('试点');
    const row = (i: number) => editor.getByTestId('template-row').nth(i);
    await row(0).locator('input[name=row-name]').fill('Prepare');
    await row(0).locator('input[name=row-days]').fill('2');
    await editor.getByTestId('add-row').click();
    await row(1).locator('input[name=row-name]').fill('Pilot run');
    await row(1).locator('input[name=row-days]').fill('3');
    await row(1).locator('input[name=row-predecessors]').fill('9');
    await editor.getByTestId('add-row').click();
    await row(2).locator('input[name=row-name]').fill('Pilot live');
    await row(2).locator('input[name=row-days]').fill('0');
    await row(2).locator('input[name=row-predecessors]').fill('2');
    await row(2).locator('input[name=row-go-live]').check();
    await editor.getByTestId('save-template').click();
    // Refused in the browser by the domain's own rule, naming the row.
    await expect(editor).toContainText('row 2: predecessor 9 is not a row of this template');
    await row(1).locator('input[name=row-predecessors]').fill('1');
    await editor.getByTestId('save-template').click();
    await expect(page.getByTestId('ok')).toBeVisible();
    const mine = page.getByTestId('template').filter({ hasText: name });
    await expect(mine).toContainText('3 rows');

    // A PMO starts a project from it: the outline, linked, in order.
    const pmo = await otherPerson(browser);
    try {
      await signInAs(pmo.page, 'pmo');
      await open(pmo.page, '/projects/new');
      await pmo.page.locator('input[name=name]').fill(`${name} project`);
      await pmo.page.locator('input[name=start]').fill('2026-03-02');
      await pmo.page.locator('select[name=template]').selectOption({ label: name });
      await pmo.page.getByTestId('save-project').click();
      await pmo.page.waitForURL(/\/projects\/\d+$/);
      await expect(pmo.page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
      const cell = (i: number, col: string) => pmo.page.locator(`.grow[data-row="${i}"] [data-col="${col}"]`);
      await expect(cell(0, 'name')).toHaveText('Prepare');
      await expect(cell(1, 'name')).toHaveText('Pilot run');
      await expect(cell(1, 'start')).toHaveText('2026-03-04');
      await expect(cell(2, 'name')).toHaveText('Pilot live');
      await expect(cell(2, 'finish')).toHaveText('2026-03-06');
      // The PMO uses templates but does not edit them: the page is refused by the server.
      const denied = await pmo.page.goto('/admin/templates');
      expect(denied?.status()).toBe(403);
      await pmo.page.waitForSelector('body[data-hydrated="true"]');
      await expect(pmo.page.getByTestId('access-denied')).toBeVisible();
      await expect(pmo.page.getByTestId('new-template')).toHaveCount(0);
      expect(pmo.errors).toEqual([]);
    } finally {
      await pmo.context.close();
    }

    page.once('dialog', (d) => d.accept());
    await mine.getByTestId('delete-template').click();
    await expect(page.getByTestId('template').filter({ hasText: name })).toHaveCount(0);
    await expect(builtin).toBeVisible();
  });

  test('payment terms tie a won deal’s instalments to delivery milestones; the forecast shows the cash in their months', async ({ page }) => {
    await signInAs(page, 'sales');
    const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const cur = `Z${a[Math.floor(Math.random() * 26)]}${a[Math.floor(Math.random() * 26)]}`;
    const title = `Cash ${stamp()}`;
    const start = mondayIn(1);
    const dealId = await createDeal(page, title, start, cur);
    await winAndStart(page, dealId, title, start);

    await open(page, `/sales/deals/${dealId}`);
    const panel = page.getByTestId('payments-panel');
    await expect(panel).toContainText('No payment terms yet.');
    await panel.getByTestId('edit-payments').click();
    const editor = panel.getByTestId('payments-editor');
    const row = (i: number) => editor.getByTestId('payment-row').nth(i);
    const choose = async (i: number, name: string) => {
      const select = row(i).locator('select[name=milestone]');
      const value = await select.locator('option', { hasText: new RegExp(`^${name} · `) }).getAttribute('value');
      await select.selectOption(value ?? '');
    };
    await choose(0, 'Design approved');
    await row(0).locator('input[name=percent]').fill('30');
    await editor.getByTestId('add-payment').click();
    await choose(1, 'Go-live');
    await row(1).locator('input[name=percent]').fill('60');
    await editor.getByTestId('save-payments').click();
    // 90 %: refused in the browser, by the domain's rule.
    await expect(editor).toContainText('must add up to 100 %, not 90 %');
    await row(1).locator('input[name=percent]').fill('70');
    await editor.getByTestId('save-payments').click();
    const terms = panel.getByTestId('payment-term');
    await expect(terms).toHaveCount(2);
    await expect(terms.nth(0)).toContainText('Design approved');
    await expect(terms.nth(0).locator('[data-col=amount]')).toHaveText('24,000.00');
    await expect(terms.nth(1).locator('[data-col=amount]')).toHaveText('56,000.00');
    const designDue = ((await terms.nth(0).locator('[data-col=due]').textContent()) ?? '').trim();
    const liveDue = ((await terms.nth(1).locator('[data-col=due]').textContent()) ?? '').trim();
    expect(days(designDue)).toBeLessThan(days(liveDue));
    // The go-live instalment is due on the go-live the delivery panel shows.
    await expect(page.getByTestId('delivery-panel').getByTestId('go-live')).toHaveText(liveDue);

    // The forecast (in this deal's currency): the cash in the milestones' months.
    await open(page, `/sales/forecast?currency=${cur}`);
    const cash = page.getByTestId('cash-table');
    const month = (iso: string) => cash.locator(`tr[data-month="${iso.slice(0, 7)}"] [data-col=contracted]`);
    if (designDue.slice(0, 7) === liveDue.slice(0, 7)) {
      await expect(month(designDue)).toHaveText('80,000.00');
    } else {
      await expect(month(designDue)).toHaveText('24,000.00');
      await expect(month(liveDue)).toHaveText('56,000.00');
    }
    await expect(page.getByTestId('cash-chart')).toBeVisible();
  });
});
