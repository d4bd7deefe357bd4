// Takes the screenshots in docs/screenshots from a running server:
//   node end2end/tools/screenshots.mjs [base-url]
// (Not a test; a way to look at the app the way a user does.)
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = new URL('../../docs/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function shoot(user, password, shots, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(`${base}/login`);
  await page.waitForSelector('body[data-hydrated="true"]');
  if (shots.login) await page.screenshot({ path: `${out}${shots.login}` });
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.waitForSelector('body[data-hydrated="true"]');
  for (const [path, file, before] of shots.pages ?? []) {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('body[data-hydrated="true"]');
    if (before) await before(page);
    await page.screenshot({ path: `${out}${file}`, fullPage: true });
  }
  await page.close();
}

await shoot('admin', 'cairn-admin-demo', {
  login: 'login.png',
  pages: [['/', 'home.png'], ['/admin/users', 'admin-users.png'], ['/profile', 'profile.png'],
    ['/sales/forecast?currency=USD', 'forecast.png'], ['/admin/pipelines', 'admin-pipelines.png']],
});
await shoot('sales', 'cairn-sales-demo', {
  pages: [
    ['/customers', 'accounts.png'],
    ['/customers/accounts/1', 'account-360.png'],
    ['/customers/my-day', 'my-day.png'],
    ['/customers/leads/1', 'lead-convert.png'],
    ['/customers', 'search.png', async (p) => {
      await p.fill('[data-testid=search]', 'yun');
      await p.waitForSelector('#search-results [data-kind]');
    }],
  ],
});
await shoot('viewer', 'cairn-viewer-demo', { pages: [['/admin/users', 'viewer-denied.png']] });
await shoot('sales', 'cairn-sales-demo', {
  pages: [['/', 'mobile-home.png'], ['/', 'mobile-menu.png', (p) => p.click('.topbar__menu')]],
}, { width: 390, height: 844 });
await browser.close();
console.log(`screenshots written to ${out}`);
