import { test as base, expect, Page, Browser } from '@playwright/test';

export const DEMO = {
  admin: 'cairn-admin-demo',
  manager: 'cairn-manager-demo',
  sales: 'cairn-sales-demo',
  service: 'cairn-service-demo',
  pmo: 'cairn-pmo-demo',
  viewer: 'cairn-viewer-demo',
} as const;
export type DemoUser = keyof typeof DEMO;

type Fixtures = {
  /** Console messages and page errors a test expects (e.g. a deliberate 401); anything else fails it. */
  allowConsole: RegExp | null;
  consoleGuard: void;
};

/** Every test fails on a browser console error or page error it did not expect. */
export const test = base.extend<Fixtures>({
  allowConsole: [null, { option: true }],
  consoleGuard: [
    async ({ page, allowConsole }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !(allowConsole && allowConsole.test(m.text()))) {
          problems.push(`console: ${m.text()}`);
        }
      });
      page.on('pageerror', (e) => {
        if (!(allowConsole && allowConsole.test(e.message))) problems.push(`pageerror: ${e.message}`);
      });
      await use();
      expect(problems, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Navigates and waits until the wasm app has hydrated. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector('body[data-hydrated="true"]');
}

export async function signIn(page: Page, username: string, password: string) {
  await open(page, '/login');
  await page.getByLabel(/Username|用户名/).fill(username);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.waitForSelector('body[data-hydrated="true"]');
}

export async function signInAs(page: Page, user: DemoUser) {
  await signIn(page, user, DEMO[user]);
}

/** A second, independent browser (its own cookies): another person. */
export async function otherPerson(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** A name no earlier run has used. */
export const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

/** Creates a project starting Monday 2026-03-02 and waits for its chart; its id. */
export async function newProject(page: Page, name: string) {
  await open(page, '/projects/new');
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=start]').fill('2026-03-02');
  await page.getByTestId('save-project').click();
  await page.waitForURL(/\/projects\/\d+$/);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
  return Number(new URL(page.url()).pathname.split('/').pop());
}
