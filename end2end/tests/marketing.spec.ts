import { test, expect, open, signInAs } from './fixtures';

const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

test('a campaign gathers members by hand and from a saved filter, and its figures follow', async ({ page }) => {
  await signInAs(page, 'admin');
  const name = `Trade fair ${stamp()}`;
  await open(page, '/marketing');
  await page.getByTestId('new-campaign').click();
  await page.waitForURL(/\/marketing\/new/);
  const form = page.getByTestId('campaign-form');
  await form.locator('input[name=name]').fill(name);
  await form.locator('select[name=kind]').selectOption('event');
  await form.locator('select[name=status]').selectOption('active');
  // A bad amount is refused on its field, before anything is saved.
  await form.locator('input[name=budget]').fill('20k');
  await page.getByTestId('save-campaign').click();
  await expect(page.getByTestId('error-budget')).toBeVisible();
  await form.locator('input[name=budget]').fill('20,000');
  await form.locator('input[name=actual_cost]').fill('6000');
  await page.getByTestId('save-campaign').click();
  await page.waitForURL(/\/marketing\/\d+$/);
  await expect(page.getByTestId('campaign-name')).toHaveText(name);
  await expect(page.getByTestId('kpi-members')).toHaveText('0');
  await expect(page.getByTestId('kpi-spent')).toHaveText('30.0 %');

  // By hand: find a contact and add them.
  const add = page.getByTestId('add-members');
  await add.locator('input[name=audience-q]').fill('Nancy Davolio');
  await page.getByTestId('find-members').click();
  await expect(add.getByTestId('found-people')).toContainText('Nancy Davolio');
  await add.getByTestId('add-member').first().click();
  await expect(page.getByTestId('kpi-members')).toHaveText('1');
  await expect(page.getByTestId('member-row')).toHaveCount(1);

  // From a filter, saved on the campaign as its audience.
  await add.locator('input[name=audience-q]').fill('Maria Anders');
  await page.getByTestId('find-members').click();
  await expect(page.getByTestId('add-all-matches')).toContainText('(1)');
  await page.getByTestId('add-all-matches').click();
  await expect(page.getByTestId('kpi-members')).toHaveText('2');
  await expect(page.getByTestId('saved-audience')).toContainText('Maria Anders');

  // Nancy responded: one of two.
  const nancy = page.getByTestId('member-row').filter({ hasText: 'Nancy Davolio' });
  await nancy.getByTestId('member-status').selectOption('responded');
  await expect(page.getByTestId('kpi-response')).toHaveText('50.0 %');

  // A lead from the campaign counts toward it and joins it as responded.
  const campaignUrl = page.url();
  await page.getByTestId('campaign-new-lead').click();
  await page.waitForURL(/\/customers\/leads\/new\?campaign=\d+/);
  const leadForm = page.getByTestId('lead-form');
  await expect(leadForm.getByTestId('lead-campaign').locator('option:checked')).toHaveText(name);
  const leadName = `Visitor ${stamp()}`;
  await leadForm.locator('input[name=name]').fill(leadName);
  await leadForm.locator('input[name=email]').fill(`${stamp()}@fair.example`);
  await leadForm.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/customers\/leads\/\d+$/);
  await page.getByTestId('lead-campaign-link').click();
  await page.waitForURL(campaignUrl);
  await expect(page.getByTestId('kpi-members')).toHaveText('3');
  await expect(page.getByTestId('kpi-leads')).toHaveText('1');
  await expect(page.getByTestId('kpi-cost-per-lead')).toHaveText('CNY 6,000.00');
  await expect(page.getByTestId('kpi-response')).toHaveText('66.7 %');
  await expect(page.getByTestId('campaign-leads')).toContainText(leadName);

  // The list shows the same figures.
  await open(page, '/marketing');
  const row = page.getByTestId('campaign-row').filter({ hasText: name });
  await expect(row.locator('[data-col=members]')).toHaveText('3');
  await expect(row.locator('[data-col=response]')).toHaveText('66.7 %');
  await expect(row.locator('[data-col=leads]')).toHaveText('1');
});

test('sales people read campaigns but do not run them', async ({ page }) => {
  await signInAs(page, 'sales');
  await open(page, '/marketing');
  await expect(page.getByRole('heading', { name: 'Campaigns' })).toBeVisible();
  await expect(page.getByTestId('new-campaign')).toHaveCount(0);
});
