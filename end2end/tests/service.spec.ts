import { test, expect, open, signInAs } from './fixtures';

const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

test('a service agent opens a ticket, takes it, answers, resolves it and the customer rates it', async ({ page }) => {
  await signInAs(page, 'service');
  const subject = `Invoices arrive twice ${stamp()}`;
  await open(page, '/service');
  await page.getByTestId('new-ticket').click();
  await page.waitForURL(/\/service\/tickets\/new/);
  const form = page.getByTestId('ticket-form');
  await form.locator('select[name=kind]').selectOption('complaint');
  await form.locator('select[name=priority]').selectOption('high');
  await form.locator('input[name=subject]').fill(subject);
  await form.locator('input[name=account_search]').fill('Northwind');
  // Other tests add look-alike accounts ("Northwind Traders Inc"): take the demo one.
  await form.getByTestId('account-hits').getByRole('button', { name: /^Northwind Traders northwind\.example/ }).click();
  await form.locator('textarea[name=description]').fill('Since the upgrade every invoice is emailed twice.');
  await page.getByTestId('save-ticket').click();
  await page.waitForURL(/\/service\/tickets\/\d+$/);
  await expect(page.getByTestId('ticket-subject')).toHaveText(subject);
  await expect(page.getByTestId('ticket-status')).toHaveText('New');
  // A new high-priority ticket: both clocks are running.
  await expect(page.locator('[data-sla]')).toHaveCount(2);

  // Take it, start work.
  await page.getByTestId('assign-to-me').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Assigned');
  await page.getByTestId('move-start').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');

  // Raised to urgent through the edit panel; it stays assigned.
  await page.getByTestId('edit-ticket').click();
  await page.getByTestId('ticket-edit').locator('select[name=priority]').selectOption('urgent');
  await page.getByTestId('save-ticket-edit').click();
  await expect(page.locator('.record-head__meta .pill--urgent')).toHaveText('Urgent');
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');

  // An internal note does not answer the customer; a reply does.
  const comments = page.getByTestId('comments');
  await comments.getByLabel('Add comment').fill('Mail queue retries on timeout.');
  await comments.getByLabel('Internal note').check();
  await page.getByTestId('add-comment').click();
  await expect(comments.getByTestId('comment')).toHaveCount(1);
  await expect(comments.getByTestId('comment').first()).toContainText('Internal note');
  await comments.getByLabel('Add comment').fill('We found the cause and are fixing it.');
  await comments.getByLabel('Reply to customer').check();
  await page.getByTestId('add-comment').click();
  await expect(comments.getByTestId('comment')).toHaveCount(2);
  await expect(page.locator('[data-sla]').first()).toHaveAttribute('data-sla', 'met');

  // Waiting on the customer stops the resolution clock; resuming starts it.
  const resolution = page.locator('[data-sla]').nth(1);
  await page.getByTestId('move-wait').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Waiting on customer');
  await expect(resolution).toHaveAttribute('data-sla', 'paused');
  await expect(resolution).toContainText('Paused');
  await page.getByTestId('move-start').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('In progress');
  await expect(resolution).not.toHaveAttribute('data-sla', 'paused');

  // Resolve, then close with the customer's rating.
  await page.getByTestId('move-resolve').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');
  const rating = page.getByTestId('rating-form');
  await rating.getByLabel('4').check();
  await rating.getByLabel("Customer's comment").fill('Quick once it reached the right person');
  await page.getByTestId('close-with-rating').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Closed');
  await expect(page.getByTestId('ticket-rating')).toContainText('★★★★☆');

  // The account's 360° timeline shows the ticket as it stands now.
  await page.getByTestId('ticket-account').click();
  await page.waitForURL(/\/customers\/accounts\/\d+$/);
  const mention = page.getByTestId('timeline-ticket').filter({ hasText: subject });
  await expect(mention).toBeVisible();
  await expect(mention.getByTestId('ticket-status')).toHaveText('Closed');
  await mention.getByRole('link', { name: subject }).click();
  await page.waitForURL(/\/service\/tickets\/\d+$/);
  await expect(page.getByTestId('ticket-subject')).toHaveText(subject);

  // Closed tickets leave the open queue, and show under Closed.
  await open(page, '/service');
  await expect(page.getByRole('link', { name: subject })).toHaveCount(0);
  await open(page, '/service?status=closed');
  await expect(page.getByRole('link', { name: subject })).toBeVisible();
});

test('sales can read the queue but not open tickets', async ({ page }) => {
  await signInAs(page, 'sales');
  await open(page, '/service');
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  const res = await page.request.post('/api/save_ticket', {
    data: {
      id: null,
      version: 0,
      input: {
        kind: 'Question', subject: 'x', description: '', account_id: 1, contact_id: null,
        priority: 'Normal', assignee_id: null, team_id: null,
      },
    },
  });
  expect(res.status()).toBe(403);
});

test('an admin sets the service levels: targets per priority, the China mainland calendar and Beijing time', async ({ page }) => {
  await signInAs(page, 'admin');
  await open(page, '/admin/service');
  const form = page.getByTestId('levels-form');
  await expect(form.getByLabel('Urgent · First response (working hours)')).toHaveValue('1');
  await form.getByLabel('Urgent · First response (working hours)').fill('1.5');
  await form.getByLabel('Urgent · Resolution (working hours)').fill('6');
  await form.locator('select[name=calendar]').selectOption('china_mainland');
  await form.locator('input[name=utc_offset]').fill('+08:00');
  await page.getByTestId('save-levels').click();
  await expect(page.getByText('Service levels saved.')).toBeVisible();
  await page.reload();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(form.getByLabel('Urgent · First response (working hours)')).toHaveValue('1.50');
  await expect(form.getByLabel('Urgent · Resolution (working hours)')).toHaveValue('6');
  await expect(form.locator('select[name=calendar]')).toHaveValue('china_mainland');
  await expect(form.locator('input[name=utc_offset]')).toHaveValue('+08:00');
  // A resolution shorter than the first response is refused, by field.
  await form.getByLabel('Low · Resolution (working hours)').fill('1');
  await page.getByTestId('save-levels').click();
  await expect(page.getByTestId('error-resolution_minutes')).toBeVisible();
});

test.describe('service agent', () => {
  test.use({ allowConsole: /status of 403/ });
  test('only admins reach the service levels page', async ({ page }) => {
    await signInAs(page, 'service');
    const res = await page.goto('/admin/service');
    expect(res?.status()).toBe(403);
    const save = await page.request.post('/api/save_service_levels', {
      data: { levels: { policies: [], calendar: 'Standard', utc_offset_minutes: 0 }, version: 0 },
    });
    expect(save.status()).toBe(403);
  });
});

test('service reports count a new ticket in this period, with charts and tables, by month or by week', async ({ page }) => {
  await signInAs(page, 'service');
  await open(page, '/service');
  await page.getByTestId('tab-reports').click();
  await page.waitForURL(/\/service\/reports/);
  await expect(page.getByRole('heading', { name: 'Service reports' })).toBeVisible();
  const opened = page.getByTestId('kpi-opened');
  const before = Number(await opened.textContent());
  const month = new Date().toISOString().slice(0, 7);
  const row = page.locator(`[data-testid=periods-table] tr[data-period^="${month}"]`);
  const rowBefore = Number(await row.locator('[data-col=opened]').textContent());

  const res = await page.request.post('/api/save_ticket', {
    data: {
      id: null,
      version: 0,
      input: {
        kind: 'Question', subject: `Report me ${stamp()}`, description: '', account_id: 1, contact_id: null,
        priority: 'Normal', assignee_id: null, team_id: null,
      },
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.reload();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(opened).toHaveText(String(before + 1));
  await expect(row.locator('[data-col=opened]')).toHaveText(String(rowBefore + 1));
  await expect(page.getByTestId('periods-chart')).toBeVisible();
  await expect(page.getByTestId('ratings-table').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('kpi-backlog')).not.toHaveText('0');

  // By week: the URL keeps the choice, the rows are weeks.
  await page.locator('select[name=bucket]').selectOption('week');
  await page.getByTestId('apply-range').click();
  await page.waitForURL(/bucket=week/);
  const rows = page.getByTestId('periods-table').locator('tbody tr');
  await expect.poll(async () => rows.count()).toBeGreaterThan(20);
});
