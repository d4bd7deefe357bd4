import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { test, expect, open, signInAs } from './fixtures';

// Issue 10, accessibility: axe-core on every main page in both languages,
// after hydration, with 0 serious or critical violations (WCAG 2.1 A and
// AA rules plus axe's best practices). A failure lists page, rule and the
// elements, so it can be fixed without re-running.

const PAGES = [
  '/',
  '/customers',
  '/customers/accounts/1',
  '/customers/accounts/new',
  '/customers/contacts',
  '/customers/contacts/1',
  '/customers/leads',
  '/customers/my-day',
  '/customers/duplicates',
  '/import',
  '/sales',
  '/sales/list',
  '/sales/deals/1',
  '/sales/forecast',
  '/marketing',
  '/marketing/1',
  '/service',
  '/service/board',
  '/service/reports',
  '/service/tickets/1',
  '/projects',
  '/projects/1',
  '/projects/1?tab=risks',
  '/projects/1?tab=costs',
  '/projects/1?tab=quality',
  '/reports',
  '/profile',
  '/admin/users',
  '/admin/automation',
];

type Finding = { page: string; rule: string; impact: string; targets: string[] };

async function scan(page: Page, path: string): Promise<Finding[]> {
  await open(page, path);
  // Let the page's own loads settle (lists, charts) before judging it.
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: path,
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
}

async function setLanguage(page: Page, tag: string) {
  const res = await page.request.post('/api/set_language', {
    form: { tag },
    headers: { Accept: 'application/json' },
  });
  expect(res.status()).toBe(200);
}

for (const lang of ['en', 'zh-CN']) {
  test(`${lang}: every main page has no serious or critical axe violation`, async ({ page }) => {
    test.setTimeout(240_000);
    await signInAs(page, 'admin');
    await setLanguage(page, lang);
    const findings: Finding[] = [];
    try {
      for (const path of PAGES) {
        findings.push(...(await scan(page, path)));
      }
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    } finally {
      // Other tests expect the administrator in English.
      await setLanguage(page, 'en');
    }
    expect(findings, JSON.stringify(findings, null, 1)).toEqual([]);
  });

  test(`${lang}: the sign-in page has no serious or critical axe violation`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/login');
    await setLanguage(page, lang);
    const findings = await scan(page, '/login');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(findings, JSON.stringify(findings, null, 1)).toEqual([]);
    await context.close();
  });
}
