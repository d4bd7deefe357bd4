import { brotliCompressSync, constants as zlibConstants } from 'zlib';
import { test, expect, open, signInAs, DEMO, DemoUser } from './fixtures';

const ROLE_LABEL: Record<DemoUser, string> = {
  admin: 'Administrator',
  manager: 'Manager',
  sales: 'Sales',
  service: 'Service',
  pmo: 'PMO',
  viewer: 'Viewer',
};

for (const user of Object.keys(DEMO) as DemoUser[]) {
  test(`${user} signs in, sees the shell for their role, and signs out`, async ({ page }) => {
    await signInAs(page, user);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('welcome')).toContainText('Welcome back');
    await expect(page.getByTestId('user-role')).toHaveText(ROLE_LABEL[user]);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Projects' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(user === 'admin' ? 1 : 0);

    // A module still to come says so (Projects and Service have arrived).
    await nav.getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
    await expect(page.getByText('Coming soon')).toBeVisible();

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    // The session is gone on the server: a page needing sign-in redirects.
    await open(page, '/');
    await expect(page).toHaveURL(/\/login/);
  });
}

test('a signed-out visitor is sent to sign in, then back to the page they wanted', async ({ page }) => {
  await page.goto('/reports');
  await expect(page).toHaveURL(/\/login\?next=\/reports/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Username', { exact: true }).fill('manager');
  await page.getByLabel('Password').fill(DEMO.manager);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
});

test.describe('wrong password', () => {
  test.use({ allowConsole: /status of 401/ });
  test('gets a clear error and no session', async ({ page }) => {
    await open(page, '/login');
    await page.getByLabel('Username', { exact: true }).fill('service');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(page).toHaveURL(/\/login/);
  });
});

test('switching to 简体中文 translates everything and is remembered; switching back restores English', async ({ page }) => {
  await signInAs(page, 'sales');
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByTestId('welcome')).toContainText('欢迎回来');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const label of ['客户', '销售', '市场营销', '服务', '项目', '报表']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('sign-out')).toHaveText('退出登录');

  // Remembered for the user: survives sign-out and a new sign-in.
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/login/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByRole('heading', { name: '登录 Cairn' })).toBeVisible();
  await signInAs(page, 'sales');
  await expect(page.getByTestId('welcome')).toContainText('欢迎回来');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('welcome')).toContainText('Welcome back');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('narrow screen', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the shell is usable at 390 px: the menu opens the navigation', async ({ page }) => {
    await signInAs(page, 'pmo');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: 'Service' }).click();
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});

test.describe('unknown page', () => {
  test.use({ allowConsole: /status of 404/ });
  test('says so, inside the app frame, with status 404', async ({ page }) => {
    await signInAs(page, 'service');
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByTestId('user-role')).toHaveText('Service');
  });
});

// The main module (every page loads it), as served and compressed the way
// the budget counts it: brotli at its best setting (docs/EVIDENCE.md).
const MAIN_WASM_BROTLI_BUDGET = 300_000;

test('the main wasm module stays within its budget', async ({ request }) => {
  const response = await request.get('/pkg/cairn.wasm');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/wasm');
  const body = await response.body();
  // The app's module, not an error page.
  expect(body.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  const brotli = brotliCompressSync(body, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  expect(brotli).toBeLessThanOrEqual(MAIN_WASM_BROTLI_BUDGET);
});

test('a page downloads the code of its own group of pages only', async ({ page }) => {
  const loaded = new Set<string>();
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) loaded.add(path);
  });
  const groups = () => [...loaded].flatMap((p) => p.match(/split_render_([a-z]+)_/)?.[1] ?? []).sort();

  // Signing in and the home page it leads to share one group.
  await open(page, '/login');
  expect([...loaded]).toContain('/pkg/cairn.wasm');
  expect(groups()).toEqual(['home']);
  await signInAs(page, 'admin');
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect(groups()).toEqual(['home']);

  // A project page, opened directly, hydrates with the projects module.
  loaded.clear();
  await open(page, '/projects');
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  expect(groups()).toEqual(['projects']);

  // Moving to a CRM page in the browser fetches the CRM module, then works.
  loaded.clear();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  expect(groups()).toEqual(['crm']);
  await page.getByRole('link', { name: 'New account' }).click();
  await expect(page).toHaveURL(/\/customers\/accounts\/new$/);
  await expect(page.getByRole('heading', { name: 'New account' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Name/ })).toBeEditable();
});

test.describe('a group of pages that fails to download', () => {
  // The failed fetch, wasm-split's panic and the trap that follows it.
  test.use({ allowConsole: /cairn_app|wasm|panicked|unreachable|Failed to (load|fetch)|ERR_FAILED|net::/i });

  test('puts up a notice with a reload link instead of leaving a dead page', async ({ page }) => {
    await signInAs(page, 'sales');
    await expect(page.getByTestId('welcome')).toBeVisible();
    // The network drops while the user moves to another area of the app.
    await page.route(/split_render_crm_.*\.wasm$/, (r) => r.abort('internetdisconnected'));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers', exact: true }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Cairn stopped working in this tab' });
    await expect(notice).toBeVisible();
    const reload = notice.getByRole('link', { name: 'Reload' });
    await expect(reload).toBeFocused();

    // Back online, the link reloads the page the user was on (the router
    // had not moved yet), and the app works again.
    await page.unroute(/split_render_crm_.*\.wasm$/);
    await reload.click();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Cairn stopped working' })).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await page.getByRole('link', { name: 'New account' }).click();
    await expect(page.getByRole('heading', { name: 'New account' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Name/ })).toBeEditable();
  });

  test('says so in Chinese on a Chinese page', async ({ page }) => {
    await signInAs(page, 'sales');
    await page.getByRole('button', { name: '简体中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    try {
      await page.route(/split_render_crm_.*\.wasm$/, (r) => r.abort('internetdisconnected'));
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '客户', exact: true }).click();
      const notice = page.getByRole('alert').filter({ hasText: 'Cairn 在此标签页中已停止运行' });
      await expect(notice).toBeVisible();
      await expect(notice.getByRole('link', { name: '重新加载' })).toBeFocused();
    } finally {
      // The language is remembered for the user: give sales English back.
      await page.unroute(/split_render_crm_.*\.wasm$/);
      await open(page, '/');
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  });
});
