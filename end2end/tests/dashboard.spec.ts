import { test, expect, open, signInAs } from './fixtures';

/**
 * The home dashboard: an administrator sets the targets (Admin ›
 * Targets), and each role's home page shows its tiles against them —
 * a manager their team's revenue target, the service desk its SLA and
 * satisfaction — each tile opening its report.
 */
test('an administrator sets targets; a manager and a service agent see their tiles against them', async ({ page, browser }) => {
  await signInAs(page, 'admin');
  await open(page, '/admin/targets');
  const form = page.getByTestId('targets-form');
  // A value out of range is refused at the field, nothing saved.
  await form.locator('input[name=win_rate_pct]').fill('150');
  await page.getByTestId('save-targets').click();
  await expect(form.locator('.field__error')).toContainText('between 1 and 100');
  await form.locator('input[name=currency]').fill('CNY');
  await form.locator('input[name=revenue]').fill('2,000,000');
  const east = page.getByTestId('team-targets').locator('tr', { hasText: 'Sales East' }).locator('input');
  await east.fill('500000');
  await form.locator('input[name=win_rate_pct]').fill('50');
  await form.locator('input[name=coverage_tenths]').fill('3');
  await form.locator('input[name=sla_attainment_pct]').fill('80');
  await form.locator('input[name=satisfaction_tenths]').fill('4.2');
  await form.locator('input[name=projects_at_risk]').fill('0');
  await page.getByTestId('save-targets').click();
  await expect(page.getByTestId('ok')).toBeVisible();
  // They are stored: a reload shows them.
  await page.reload();
  await expect(page.getByTestId('targets-form').locator('input[name=satisfaction_tenths]')).toHaveValue('4.2');
  await expect(east).toHaveValue('500000.00');

  // The administrator's home: every module's tiles, the company target.
  await open(page, '/');
  const tile = (p: typeof page, kpi: string) => p.locator(`[data-testid=kpi-tile][data-kpi="${kpi}"]`);
  await expect(tile(page, 'revenue').getByTestId('kpi-target')).toContainText('CNY 2,000,000.00');
  for (const kpi of ['win-rate', 'coverage', 'sla', 'satisfaction', 'projects-at-risk']) {
    await expect(tile(page, kpi)).toBeVisible();
  }

  // A manager of Sales East: their team's target, and the tile opens the forecast.
  const manager = await browser.newPage();
  await signInAs(manager, 'manager');
  await open(manager, '/');
  const revenue = tile(manager, 'revenue');
  await expect(revenue.getByTestId('kpi-target')).toContainText('CNY 500,000.00');
  await expect(revenue).toHaveAttribute('data-standing', /^(met|behind)$/);
  await expect(tile(manager, 'win-rate').getByTestId('kpi-target')).toContainText('50 %');
  await revenue.locator('a').click();
  await manager.waitForURL(/\/sales\/forecast\?from=\d{4}-\d{2}-01&to=.*currency=CNY/);
  await manager.close();

  // The service desk: SLA and satisfaction against 80 % and 4.2, no sales tiles.
  const agent = await browser.newPage();
  await signInAs(agent, 'service');
  await open(agent, '/');
  await expect(tile(agent, 'sla').getByTestId('kpi-target')).toContainText('80 %');
  await expect(tile(agent, 'satisfaction').getByTestId('kpi-target')).toContainText('4.2 / 5');
  await expect(tile(agent, 'revenue')).toHaveCount(0);
  await tile(agent, 'sla').locator('a').click();
  await agent.waitForURL(/\/service\/reports\?from=/);
  await agent.close();
});

test.describe('refused', () => {
  test.use({ allowConsole: /status of 403/ });
  test('only administrators open Admin › Targets', async ({ page }) => {
    await signInAs(page, 'manager');
    const response = await page.goto('/admin/targets');
    expect(response?.status()).toBe(403);
  });
});
