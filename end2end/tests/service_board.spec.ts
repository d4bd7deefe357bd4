import { test, expect, open, signInAs } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

/** Drags a card with the mouse onto a lane. */
async function drag(page: Page, card: Locator, lane: Locator) {
  const from = await card.boundingBox();
  const to = await lane.locator('.board-col__body').boundingBox();
  if (!from || !to) throw new Error('card or lane not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 12 });
  await page.mouse.up();
}

test.describe('service board', () => {
  // The moves the life cycle refuses answer 422 (the browser logs it).
  test.use({ allowConsole: /status of 422/ });

  test('an agent moves a ticket along its life cycle by dragging and with the keyboard; refused moves go back with the reason', async ({ page }) => {
    await signInAs(page, 'service');
    const subject = `Printer offline ${stamp()}`;
    const res = await page.request.post('/api/save_ticket', {
      data: {
        id: null,
        version: 0,
        input: {
          kind: 'ServiceRequest', subject, description: '', account_id: 1, contact_id: null,
          priority: 'High', assignee_id: null, team_id: null,
        },
      },
    });
    expect(res.status(), await res.text()).toBe(200);
    const id: number = (await res.json()).id;

    await open(page, '/service');
    await page.getByTestId('tab-board').click();
    await page.waitForURL(/\/service\/board/);
    const board = page.getByTestId('service-board');
    const lane = (key: string) => board.getByTestId(`lane-${key}`);
    const card = board.getByTestId(`card-${id}`);
    await expect(lane('new').getByTestId(`card-${id}`)).toBeVisible();
    await expect(card).toContainText(subject);

    // Nobody has it yet: "In progress" is refused, and it goes back.
    await drag(page, card, lane('in_progress'));
    await expect(page.getByTestId('move-message')).toContainText('assign the ticket to someone first');
    await expect(lane('new').getByTestId(`card-${id}`)).toBeVisible();

    // Taken on its page, it is Assigned on the board; dragged to In progress.
    await card.getByRole('link', { name: subject }).click();
    await page.waitForURL(new RegExp(`/service/tickets/${id}$`));
    await page.getByTestId('assign-to-me').click();
    await expect(page.getByTestId('ticket-status')).toHaveText('Assigned');
    await open(page, '/service/board');
    await expect(lane('assigned').getByTestId(`card-${id}`)).toBeVisible();
    await drag(page, card, lane('in_progress'));
    await expect(lane('in_progress').getByTestId(`card-${id}`)).toBeVisible();
    await expect(page.getByTestId('service-board-announcer')).toContainText(`Dropped “${subject}” in In progress`);
    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(lane('in_progress').getByTestId(`card-${id}`)).toBeVisible();

    // The keyboard: Space lifts, two steps right (Waiting, Resolved), Space drops.
    await card.focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('service-board-announcer')).toContainText(`Picked up “${subject}”`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(lane('resolved')).toHaveClass(/lane--target/);
    await page.keyboard.press('Space');
    await expect(lane('resolved').getByTestId(`card-${id}`)).toBeVisible();
    await expect(card).toBeFocused();
    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(lane('resolved').getByTestId(`card-${id}`)).toBeVisible();
    // The ticket page agrees.
    await open(page, `/service/tickets/${id}`);
    await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');

    // A resolved ticket cannot wait on the customer.
    await open(page, '/service/board');
    await drag(page, card, lane('waiting'));
    await expect(page.getByTestId('move-message')).toContainText('cannot move to that status');
    await expect(lane('resolved').getByTestId(`card-${id}`)).toBeVisible();

    // The account's 360° view lists it among those done lately.
    await open(page, '/customers/accounts/1');
    const listed = page.getByTestId('tickets-panel').getByTestId('account-ticket').filter({ hasText: subject });
    await expect(listed).toHaveAttribute('data-status', 'resolved');
  });
});

test('a viewer sees the board but cannot lift a card', async ({ page }) => {
  await signInAs(page, 'viewer');
  await open(page, '/service/board');
  const cards = page.getByTestId('service-board').locator('.lane-card');
  await expect(cards.first()).toBeVisible();
  await expect(cards.first()).toHaveClass(/lane-card--fixed/);
});

test('the account 360° view lists its tickets and the campaigns its contacts are in', async ({ page }) => {
  await signInAs(page, 'manager');
  await open(page, '/marketing');
  await page.getByRole('link', { name: 'Spring trade show 2026' }).click();
  await page.waitForURL(/\/marketing\/\d+$/);
  // A member who works for an account: their contact page links to it.
  const links = page.getByTestId('member-row').locator('a.link-strong[href*="/customers/contacts/"]');
  await expect(links.first()).toBeVisible();
  const count = await links.count();
  let person = '';
  for (let i = 0; i < count && !person; i++) {
    const href = await links.nth(i).getAttribute('href');
    const name = ((await links.nth(i).textContent()) ?? '').trim();
    await open(page, href ?? '/');
    if ((await page.locator('.record-head__meta a.link-strong').count()) > 0) person = name;
    else await page.goBack();
  }
  expect(person, 'a member with an account').not.toBe('');
  await page.locator('.record-head__meta a.link-strong').click();
  await page.waitForURL(/\/customers\/accounts\/\d+$/);
  const campaigns = page.getByTestId('campaigns-panel');
  const mine = campaigns.getByTestId('account-campaign').filter({ hasText: 'Spring trade show 2026' }).filter({ hasText: person });
  await expect(mine).toHaveCount(1);
  await expect(page.getByTestId('tickets-panel')).toBeVisible();
});
