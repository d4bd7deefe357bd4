import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3957';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
async function run(viewport, prefix) {
  const page = await browser.newPage({ viewport });
  await page.goto(`${base}/login`);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.fill('input[name=username]', 'manager');
  await page.fill('input[name=password]', 'cairn-manager-demo');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`${base}/sales`);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.screenshot({ path: `/tmp/${prefix}-board.png` });
  if (prefix === 'desk') {
    const card = page.locator('[data-col="0"] [data-testid=deal-card]').first();
    const b = await card.boundingBox();
    const t = await page.locator('[data-col="1"] .board-col__body').boundingBox();
    await page.mouse.move(b.x + 50, b.y + 20); await page.mouse.down();
    await page.mouse.move(b.x + 70, b.y + 40, { steps: 3 });
    await page.mouse.move(t.x + 80, t.y + 60, { steps: 8 });
    await page.screenshot({ path: `/tmp/${prefix}-dragging.png` });
    await page.mouse.up();
    await page.waitForTimeout(500);
    await page.locator('[data-testid=deal-card]').first().getByTestId('move-menu').click();
    await page.screenshot({ path: `/tmp/${prefix}-menu.png` });
    await page.keyboard.press('Escape');
    await page.goto(`${base}/sales/list`);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/${prefix}-list.png` });
    await page.goto(`${base}/sales/deals/1`);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/${prefix}-deal.png`, fullPage: true });
    await page.goto(`${base}/sales/deals/1/edit`);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.screenshot({ path: `/tmp/${prefix}-form.png`, fullPage: true });
  }
}
await run({ width: 1440, height: 900 }, 'desk');
await run({ width: 390, height: 844 }, 'mobile');
await browser.close();
