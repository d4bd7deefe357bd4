import { test, expect, open, signInAs, otherPerson, stamp } from './fixtures';

/**
 * Change control on the project page: the PMO drafts a change request
 * carrying a schedule change and submits it; the PMO cannot approve it, a
 * manager does (with a note); the PMO implements it — the task's new
 * length is in the plan and a baseline named after the request is saved —
 * and the change log shows who moved it when.
 */
test('a change request is drafted, approved by a manager and implemented into the plan with a baseline', async ({ page, browser }) => {
  await signInAs(page, 'pmo');
  const name = `Change control ${stamp()}`;
  await open(page, '/projects/new');
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=start]').fill('2030-03-04');
  await page.locator('select[name=template]').selectOption({ label: 'CRM implementation' });
  await page.getByTestId('save-project').click();
  await page.waitForURL(/\/projects\/\d+$/);
  const projectId = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');

  await page.getByTestId('tab-changes').click();
  await expect(page).toHaveURL(/tab=changes/);
  await expect(page.getByTestId('changes')).toContainText('No change requests yet.');
  await page.getByTestId('new-change').click();
  const form = page.getByTestId('change-form');
  await form.locator('input[name=title]').fill('Add the ERP integration');
  await form.locator('textarea[name=reason]').fill('The customer moved billing into the ERP');
  await form.locator('input[name=schedule_days]').fill('3');
  await form.locator('input[name=cost_impact]').fill('15,000');
  await form.getByTestId('add-change-row').click();
  await form.getByTestId('change-row').locator('select[name=task]').selectOption({ label: 'Integrations' });
  await form.getByTestId('change-row').locator('input[name=days]').fill('11');
  await form.getByTestId('save-change').click();
  const card = page.getByTestId('change-request');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('CR-1');
  await expect(card).toContainText('Integrations → 11');
  await expect(card.getByTestId('change-status')).toHaveText('Draft');
  await card.getByTestId('submit-change').click();
  await expect(card.getByTestId('change-status')).toHaveText('Submitted');
  // The PMO may not decide.
  await expect(card.getByTestId('approve-change')).toHaveCount(0);

  const boss = await otherPerson(browser);
  try {
    await signInAs(boss.page, 'manager');
    await open(boss.page, `/projects/${projectId}?tab=changes`);
    const theirs = boss.page.getByTestId('change-request');
    await expect(theirs.getByTestId('change-status')).toHaveText('Submitted');
    await expect(theirs.getByTestId('implement-change')).toHaveCount(0);
    await theirs.locator('input[name=note]').fill('Within the contingency');
    await theirs.getByTestId('approve-change').click();
    await expect(theirs.getByTestId('change-status')).toHaveText('Approved');
    await expect(theirs).toContainText('Within the contingency');
    expect(boss.errors).toEqual([]);
  } finally {
    await boss.context.close();
  }

  await open(page, `/projects/${projectId}?tab=changes`);
  await expect(card.getByTestId('change-status')).toHaveText('Approved');
  await card.getByTestId('implement-change').click();
  await expect(card.getByTestId('change-status')).toHaveText('Implemented');
  const log = card.getByTestId('change-log');
  await expect(log.locator('li')).toHaveCount(4);
  await expect(log).toContainText('Demo Manager');
  await expect(log).toContainText('Demo Pmo');

  // The plan has the new length and a baseline named after the request.
  await open(page, `/projects/${projectId}`);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
  const row = page.locator('.grow', { has: page.locator('[data-col=name]', { hasText: /^Integrations$/ }) });
  await expect(row.locator('[data-col=duration]')).toHaveText('11d');
  await expect(page.getByTestId('baseline-select').locator('option', { hasText: 'CR-1: Add the ERP integration' })).toHaveCount(1);
});
