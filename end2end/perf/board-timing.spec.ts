import { test, expect, signInAs } from '../tests/fixtures';
import type { Page } from '@playwright/test';

/**
 * Against a board of 10,000 open deals (scripts/bench-board seeds them):
 * the first paint of /sales is under a second, only the cards in view are
 * in the DOM, and a drop is in the DOM before the next frame is drawn.
 * Prints the figures; fails when a budget is missed.
 */

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstPaint(page: Page) {
  const start = Date.now();
  await page.goto('/sales');
  await page.waitForSelector('[data-testid=deal-card]');
  const visible = Date.now() - start;
  await page.waitForSelector('body[data-hydrated="true"]');
  const interactive = Date.now() - start;
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { ttfb: nav.responseStart, html: nav.responseEnd, fcp: fcp ? fcp.startTime : NaN, bytes: nav.transferSize };
  });
  return { ...t, visible, interactive };
}

/** Time from the drop's event to the card being in its new column, and
 * whether that happened before the next animation frame. */
async function armDropProbe(page: Page, title: string, column: number, event: 'keydown' | 'pointerup') {
  await page.evaluate(
    ({ title, column, event }) => {
      const w = window as unknown as { __drop?: { ms: number; inFrame: boolean } };
      w.__drop = undefined;
      const sel = `[data-col="${column}"] [data-title="${CSS.escape(title)}"]`;
      const handler = (e: Event) => {
        if (event === 'keydown' && (e as KeyboardEvent).key !== ' ') return;
        window.removeEventListener(event, handler, true);
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (document.querySelector(sel) && !w.__drop) {
            w.__drop = { ms: performance.now() - t0, inFrame: true };
            obs.disconnect();
          }
        });
        obs.observe(document.body, { childList: true, subtree: true, attributes: true });
        requestAnimationFrame(() => {
          if (!w.__drop) {
            const there = !!document.querySelector(sel);
            w.__drop = { ms: performance.now() - t0, inFrame: there };
            obs.disconnect();
          }
        });
      };
      window.addEventListener(event, handler, true);
    },
    { title, column, event },
  );
}

test('a board of 10,000 open deals paints in under a second and a drop renders within one frame', async ({ page }) => {
  test.skip(!process.env.CAIRN_E2E_URL, 'CAIRN_E2E_URL is not set: no seeded server (scripts/bench-board starts one)');
  await signInAs(page, 'admin');
  const paints = [];
  for (let i = 0; i < RUNS; i++) paints.push(await firstPaint(page));
  const count = await page.evaluate(async () => {
    const cols = [...document.querySelectorAll('[data-col] [data-testid=count]')].map((e) => Number(e.textContent));
    return cols.reduce((a, b) => a + b, 0);
  });
  const inDom = await page.locator('[data-testid=deal-card]').count();
  const html = await page.evaluate(() => document.documentElement.outerHTML.length);

  // A drop with the keyboard, then one with the mouse.
  const drops: { how: string; ms: number; inFrame: boolean }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const card = page.locator('[data-col="0"] [data-testid=deal-card]').first();
    const title = (await card.getAttribute('data-title')) ?? '';
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await armDropProbe(page, title, 1, 'keydown');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/move_deal'));
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (window as any).__drop);
    drops.push({ how: 'keyboard', ...(await page.evaluate(() => (window as any).__drop)) });
    await saved;

    const c2 = page.locator('[data-col="1"] [data-testid=deal-card]').first();
    const t2 = (await c2.getAttribute('data-title')) ?? '';
    const from = await c2.boundingBox();
    const to = await page.locator('[data-col="2"] .board-col__body').boundingBox();
    if (!from || !to) throw new Error('not on screen');
    await page.mouse.move(from.x + 40, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 30, { steps: 2 });
    await page.mouse.move(to.x + 60, to.y + 20, { steps: 8 });
    await armDropProbe(page, t2, 2, 'pointerup');
    const saved2 = page.waitForResponse((r) => r.url().endsWith('/api/move_deal'));
    await page.mouse.up();
    await page.waitForFunction(() => (window as any).__drop);
    drops.push({ how: 'mouse', ...(await page.evaluate(() => (window as any).__drop)) });
    await saved2;
  }

  const report = {
    open_deals_on_board: count,
    cards_in_dom: inDom,
    html_chars: html,
    ttfb_ms: median(paints.map((p) => p.ttfb)),
    first_contentful_paint_ms: median(paints.map((p) => p.fcp)),
    cards_visible_ms: median(paints.map((p) => p.visible)),
    hydrated_ms: median(paints.map((p) => p.interactive)),
    first_contentful_paint_max_ms: Math.max(...paints.map((p) => p.fcp)),
    drop_to_dom_ms_median: median(drops.map((d) => d.ms)),
    drop_to_dom_ms_max: Math.max(...drops.map((d) => d.ms)),
    drops_rendered_within_the_frame: `${drops.filter((d) => d.inFrame).length}/${drops.length}`,
  };
  console.log('BOARD TIMING ' + JSON.stringify(report, null, 2));

  expect(count).toBeGreaterThanOrEqual(10_000);
  expect(inDom, 'only the cards in view are rendered').toBeLessThan(200);
  expect(report.first_contentful_paint_max_ms).toBeLessThan(1_000);
  expect(drops.every((d) => d.inFrame), 'every drop is in the DOM before the next frame').toBe(true);
});
