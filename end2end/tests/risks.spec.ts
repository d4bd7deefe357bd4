import { test, expect, open, signInAs, newProject, stamp } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The project's risk register: a PMO records risks, the heat map counts
 * them in the cell of their probability × impact, the register ranks them
 * by score with band and expected monetary value, a cell filters the
 * list, an edit moves a risk, a closed risk leaves the map, and a viewer
 * reads without the editing controls. Works in Chinese too.
 */
async function addRisk(
  page: Page,
  r: { title: string; probability: number; impact: number; cost?: string; category?: string },
) {
  await page.getByTestId('new-risk').click();
  const form = page.getByTestId('risk-form');
  await form.locator('input[name=title]').fill(r.title);
  await form.locator('select[name=probability]').selectOption(String(r.probability));
  await form.locator('select[name=impact]').selectOption(String(r.impact));
  if (r.category) await form.locator('select[name=category]').selectOption(r.category);
  if (r.cost) {
    await form.locator('select[name=currency]').selectOption('USD');
    await form.locator('input[name=cost_impact]').fill(r.cost);
  }
  await page.getByTestId('save-risk').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('risk-row').filter({ hasText: r.title })).toBeVisible();
}

test.describe('Risk register', () => {
  test('a PMO records risks: heat map cells, ranking by score, EMV, a cell as filter, an edit that moves a risk, closing one; a viewer only reads', async ({ page, browser }) => {
    await signInAs(page, 'pmo');
    const path = `/projects/${await newProject(page, `Risks ${stamp()}`)}`;
    await page.getByTestId('tab-risks').click();
    await expect(page.getByTestId('no-risks')).toBeVisible();
    // The chart's tools are hidden with the register; the tab is in the address.
    await expect(page.getByTestId('add-task')).toBeHidden();
    await expect(page).toHaveURL(/\?tab=risks$/);

    // The form refuses a risk without a title, naming the field.
    await page.getByTestId('new-risk').click();
    await page.getByTestId('save-risk').click();
    await expect(page.getByTestId('error-title')).toBeVisible();
    await page.getByTestId('risk-form').getByRole('button', { name: 'Cancel' }).click();

    // Key user leaves: 3 × 4 = 12, medium, EMV 50 % of 40,000.00.
    await addRisk(page, { title: 'Key user leaves', probability: 3, impact: 4, cost: '40,000', category: 'people' });
    // Migration overrun: 4 × 5 = 20, high, EMV 70 % of 15,000.00.
    await addRisk(page, { title: 'Data migration overruns', probability: 4, impact: 5, cost: '15000', category: 'data' });
    // Vendor late: 1 × 2 = 2, low, not costed.
    await addRisk(page, { title: 'Vendor ships late', probability: 1, impact: 2 });

    const rows = page.getByTestId('risk-row');
    await expect(rows).toHaveCount(3);
    // Ranked by score, highest first, each with its band.
    await expect(rows.nth(0)).toContainText('Data migration overruns');
    await expect(rows.nth(0).getByTestId('risk-score')).toHaveText('20 High');
    await expect(rows.nth(1).getByTestId('risk-score')).toHaveText('12 Medium');
    await expect(rows.nth(2).getByTestId('risk-score')).toHaveText('2 Low');
    await expect(rows.nth(0).getByTestId('risk-emv')).toHaveText('USD 10,500.00');
    await expect(rows.nth(1).getByTestId('risk-emv')).toHaveText('USD 20,000.00');
    await expect(page.getByTestId('risk-exposure')).toContainText('USD 30,500.00');

    // The heat map: each risk in the cell of probability × impact.
    await expect(page.getByTestId('heat-4-5')).toHaveText('1');
    await expect(page.getByTestId('heat-3-4')).toHaveText('1');
    await expect(page.getByTestId('heat-1-2')).toHaveText('1');
    await expect(page.getByTestId('heat-5-5')).toHaveText('');
    await expect(page.getByTestId('heat-4-5')).toHaveClass(/heat__cell--high/);
    await expect(page.getByTestId('heat-1-2')).toHaveClass(/heat__cell--low/);

    // A cell lists its risks; choosing it again (or "show all") lists all.
    await page.getByTestId('heat-3-4').click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Key user leaves');
    await page.getByTestId('show-all-risks').click();
    await expect(rows).toHaveCount(3);

    // Mitigated: the key user's probability drops to 2 (2 × 4 = 8).
    await rows.filter({ hasText: 'Key user leaves' }).getByTestId('edit-risk').click();
    const form = page.getByTestId('risk-form');
    await expect(form.locator('input[name=title]')).toHaveValue('Key user leaves');
    await expect(form.locator('input[name=cost_impact]')).toHaveValue('40,000.00');
    await form.locator('select[name=probability]').selectOption('2');
    await page.getByTestId('save-risk').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('heat-3-4')).toHaveText('');
    await expect(page.getByTestId('heat-2-4')).toHaveText('1');
    await expect(rows.filter({ hasText: 'Key user leaves' }).getByTestId('risk-score')).toHaveText('8 Medium');
    await expect(rows.filter({ hasText: 'Key user leaves' }).getByTestId('risk-emv')).toHaveText('USD 12,000.00');

    // Closed: it stays in the register but leaves the map and the exposure.
    await rows.filter({ hasText: 'Data migration overruns' }).getByTestId('edit-risk').click();
    await form.locator('select[name=status]').selectOption('closed');
    await page.getByTestId('save-risk').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('heat-4-5')).toHaveText('');
    await expect(rows).toHaveCount(3);
    await expect(page.getByTestId('risk-exposure')).toHaveText(/USD 12,000\.00$/);

    // Deleted after a confirmation.
    await rows.filter({ hasText: 'Vendor ships late' }).getByTestId('edit-risk').click();
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('delete-risk').click();
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('heat-1-2')).toHaveText('');

    // Everything is stored: after a reload, the same tab and register.
    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('heat-2-4')).toHaveText('1');

    // A viewer reads the register and the map, and cannot change them.
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await signInAs(viewer, 'viewer');
    await open(viewer, path);
    await viewer.getByTestId('tab-risks').click();
    await expect(viewer.getByTestId('risk-row')).toHaveCount(2);
    // Back to the chart: its tools and the plain address return.
    await viewer.getByRole('button', { name: 'Gantt' }).click();
    await expect(viewer.getByTestId('gantt')).toBeVisible();
    await expect(viewer).toHaveURL(/\/projects\/\d+$/);
    await viewer.getByTestId('tab-risks').click();
    await expect(viewer.getByTestId('heat-2-4')).toHaveText('1');
    await expect(viewer.getByTestId('new-risk')).toHaveCount(0);
    await expect(viewer.getByTestId('edit-risk')).toHaveCount(0);
    await context.close();
  });

  test('in Chinese: the register, the heat map and the form speak Chinese', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `风险 ${stamp()}`);
    // The language is remembered for the user: always switched back, so
    // the PMO's other tests keep English.
    await page.getByTestId('tab-risks').click();
    await page.getByRole('button', { name: '简体中文' }).click();
    try {
      // The language reloads the page; the register stays open.
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(page.getByTestId('risk-register')).toContainText('风险登记册');
      await expect(page.getByTestId('heat-map')).toContainText('热力图');
      await page.getByTestId('new-risk').click();
      const form = page.getByTestId('risk-form');
      await expect(form).toContainText('可能性');
      await form.locator('input[name=title]').fill('关键用户离职');
      await form.locator('select[name=probability]').selectOption('5');
      await form.locator('select[name=impact]').selectOption('5');
      await page.getByTestId('save-risk').click();
      await expect(page.getByTestId('risk-row').first().getByTestId('risk-score')).toHaveText('25 高');
      await expect(page.getByTestId('heat-5-5')).toHaveText('1');
    } finally {
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  });
});
