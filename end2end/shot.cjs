const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const base = 'http://127.0.0.1:3920';
  await page.goto(base + '/login');
  await page.fill('input[name=username]', process.argv[2] || 'admin');
  await page.fill('input[name=password]', process.argv[3] || 'cairn-admin-demo');
  await page.click('button[type=submit]');
  await page.waitForTimeout(1500);
  for (const [path, file] of JSON.parse(process.argv[4])) {
    await page.goto(base + path);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.waitForTimeout(1200);
    await page.screenshot({ path: file, fullPage: true });
  }
  await browser.close();
})();
