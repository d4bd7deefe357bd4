import { test, expect, signInAs } from '../tests/fixtures';
import type { Page, TestInfo } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The Gantt chart at 10,000 tasks / 20,000 links, in the same Chromium run:
 * Cairn (when a seeded server is given, see scripts/bench-gantt) and, for
 * comparison, dhtmlx-gantt (MIT edition) and frappe-gantt drawing the same
 * generated plan (bench/gantt/). For each: time from data arrival to the
 * drawn chart, frame times while scrolling, DOM size; for Cairn also frame
 * times while dragging a bar, and the same again at 100,000 tasks.
 * Prints one table, writes bench/gantt/results.json and checks Cairn's
 * budgets (CAIRN_PERF_LENIENT=1 reports a miss instead of failing).
 *
 * Env: CAIRN_E2E_URL, CAIRN_GANTT_PROJECT (10k project id; Cairn is skipped
 * without it), CAIRN_GANTT_PROJECT_100K, CAIRN_GANTT_USER (default pmo),
 * GANTT_TASKS (library data size, default 10000), GANTT_RUNS (page loads
 * per tool, median taken; default 3), CAIRN_PERF_LENIENT.
 */

const BENCH_DIR = path.resolve(__dirname, '../../bench/gantt');
const TASKS = Number(process.env.GANTT_TASKS ?? 10_000);
const RUNS = Number(process.env.GANTT_RUNS ?? 3);
const FRAME_MS = 1000 / 60;
// A library page that has not drawn the chart after this long is reported
// as such (frappe-gantt draws every row in SVG up front).
const LIBRARY_RENDER_TIMEOUT = 120_000;
const BUDGET = { interactiveMs: 1000, frameP95Ms: 16.7, domNodes: 5000, domGrowth: 1.1 };
// rAF timestamps of frames that all made their vsync still differ by a few
// tenths of a millisecond (an idle page here measures p95 16.8): allowed on
// top of the 16.7 ms frame budget so only a missed frame fails it.
const FRAME_JITTER_MS = 0.5;
const LENIENT = process.env.CAIRN_PERF_LENIENT === '1';

type FrameStats = { frames: number; p50: number; p95: number; max: number; dropped: number; over16_7: number };
type Result = {
  tool: string;
  tasks?: number;
  links?: number;
  interactiveMs?: number; // median over the loads
  interactiveRuns?: number[];
  fromArrivalMs?: number; // libraries: from the body read, before JSON.parse
  renderMs?: number; // libraries: the render call alone
  scroll?: FrameStats & { distancePx: number };
  idle?: FrameStats; // no input: what this machine's frame clock looks like
  drag?: FrameStats & { movedPx: number; undone: boolean };
  domNodes?: number;
  error?: string;
};

/** What bench/gantt/harness.js leaves in window.__bench (times are
 * performance.now() milliseconds). */
type PageBench = {
  arrivedAt: number;
  parsedAt: number;
  convertedAt: number;
  renderedAt: number;
  readyAt: number;
  tasks: number;
  links: number;
  scrollSelector: string;
  error?: string;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/** rAF deltas → p50/p95/max; `dropped` counts the vsync intervals missed
 * (a 50 ms frame is two dropped frames), `over16_7` the frames longer than
 * one interval plus 2 ms of timer jitter. */
function frameStats(deltas: number[]): FrameStats {
  if (deltas.length === 0) return { frames: 0, p50: NaN, p95: NaN, max: NaN, dropped: NaN, over16_7: NaN };
  return {
    frames: deltas.length,
    p50: round1(quantile(deltas, 0.5)),
    p95: round1(quantile(deltas, 0.95)),
    max: round1(Math.max(...deltas)),
    dropped: deltas.reduce((n, d) => n + Math.max(0, Math.round(d / FRAME_MS) - 1), 0),
    over16_7: deltas.filter((d) => d > FRAME_MS + 2).length,
  };
}

// ---- in-page probes (plain functions run by page.evaluate) ----

/** Scrolls `selector` down at a steady speed for `ms`, one step per
 * animation frame (position from elapsed time, so a slow page covers the
 * same distance and its long frames show), recording rAF deltas. */
async function scrollProbe(page: Page, selector: string, ms = 2000, pxPerSecond = 3000) {
  return page.evaluate(
    ({ selector, ms, pxPerSecond }) =>
      new Promise<{ deltas: number[]; distance: number }>((resolve, reject) => {
        const el = document.querySelector(selector) as HTMLElement | null;
        if (!el) return reject(new Error(`no scroll container ${selector}`));
        const max = el.scrollHeight - el.clientHeight;
        const start = el.scrollTop;
        const deltas: number[] = [];
        let t0 = -1;
        let last = -1;
        const frame = (now: number) => {
          if (t0 < 0) t0 = now;
          else deltas.push(now - last);
          last = now;
          if (now - t0 >= ms) return resolve({ deltas, distance: el.scrollTop - start });
          el.scrollTop = Math.min(max, start + (pxPerSecond * (now - t0)) / 1000);
          requestAnimationFrame(frame);
        };
        // Two frames first, so the run starts on a frame boundary.
        requestAnimationFrame(() => requestAnimationFrame(frame));
      }),
    { selector, ms, pxPerSecond },
  );
}

/** Starts recording rAF deltas until stopFrames() (used around a drag). */
async function startFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { deltas: number[]; stop: boolean } };
    const rec = (w.__frames = { deltas: [] as number[], stop: false });
    let last = -1;
    const frame = (now: number) => {
      if (last >= 0) rec.deltas.push(now - last);
      last = now;
      if (!rec.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: { deltas: number[]; stop: boolean } };
    w.__frames.stop = true;
    return w.__frames.deltas;
  });
}

async function idleFrames(page: Page, ms = 1000) {
  await startFrames(page);
  await page.waitForTimeout(ms);
  return frameStats(await stopFrames(page));
}

const domNodes = (page: Page) => page.evaluate(() => document.querySelectorAll('*').length);

// ---- results shared between the tests of this file ----
// Each test writes its result to the run's output folder (emptied by
// Playwright at the start of every run), so the report still sees them if
// a failing test made Playwright start a fresh worker.

function partialDir(info: TestInfo) {
  return path.join(info.project.outputDir, 'gantt-compare-results');
}
function save(info: TestInfo, key: string, r: Result) {
  const dir = partialDir(info);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(r));
}
function load(info: TestInfo): Record<string, Result> {
  const dir = partialDir(info);
  const out: Record<string, Result> = {};
  try {
    for (const f of readdirSync(dir)) out[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  } catch {
    // nothing measured yet
  }
  return out;
}

// ---- the libraries ----

test.describe('libraries on the same plan', () => {
  // dhtmlx-gantt's stylesheet asks Google Fonts for Inter; external requests
  // are refused (no network here, and none wanted in a benchmark), which the
  // browser logs as a failed resource.
  test.use({ allowConsole: /Failed to load resource/ });

  let server: { url: string; close: () => Promise<void> };
  test.beforeAll(async () => {
    // An ES module outside this package: imported at run time by URL.
    const mod = await import(pathToFileURL(path.join(BENCH_DIR, 'serve.mjs')).href);
    server = await mod.startServer(0);
  });
  test.afterAll(async () => server?.close());

  async function measureLibrary(page: Page, file: string, tool: string): Promise<Result> {
    await page.route((url) => !url.href.startsWith(server.url), (route) => route.abort());
    const result: Result = { tool };
    const loads: PageBench[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        await page.goto(`${server.url}/${file}?n=${TASKS}`);
        await page.waitForSelector('[data-testid=gantt][data-ready]', { state: 'attached', timeout: LIBRARY_RENDER_TIMEOUT });
        const b: PageBench = await page.evaluate(() => (window as any).__bench);
        if (b.error) throw new Error(b.error);
        loads.push(b);
        // Once a load takes this long, more loads only make the run longer.
        if (b.readyAt - b.parsedAt > 10_000) break;
      }
    } catch (e) {
      const msg = String(e instanceof Error ? e.message : e).split('\n')[0];
      result.error = /Timeout/i.test(msg)
        ? `did not finish drawing ${TASKS} tasks within ${LIBRARY_RENDER_TIMEOUT / 1000} s`
        : msg;
      if (loads.length === 0) return result;
    }
    const last = loads[loads.length - 1];
    result.tasks = last.tasks;
    result.links = last.links;
    result.interactiveRuns = loads.map((b) => round1(b.readyAt - b.parsedAt));
    result.interactiveMs = median(result.interactiveRuns);
    result.fromArrivalMs = round1(median(loads.map((b) => b.readyAt - b.arrivedAt)));
    result.renderMs = round1(median(loads.map((b) => b.renderedAt - b.convertedAt)));
    result.domNodes = await domNodes(page);
    result.idle = await idleFrames(page); // also lets deferred work settle
    const s = await scrollProbe(page, last.scrollSelector);
    result.scroll = { ...frameStats(s.deltas), distancePx: Math.round(s.distance) };
    return result;
  }

  test('dhtmlx-gantt', async ({ page }, info) => {
    test.setTimeout(300_000);
    save(info, 'dhtmlx', await measureLibrary(page, 'dhtmlx.html', 'dhtmlx-gantt'));
  });

  test('frappe-gantt', async ({ page }, info) => {
    test.setTimeout(LIBRARY_RENDER_TIMEOUT * 2 + 120_000);
    save(info, 'frappe', await measureLibrary(page, 'frappe.html', 'frappe-gantt'));
  });
});

// ---- Cairn ----

const CAIRN_USER = (process.env.CAIRN_GANTT_USER ?? 'pmo') as Parameters<typeof signInAs>[1];

/** Opens the project's Gantt and measures load, DOM size and scrolling. */
async function measureCairn(page: Page, project: string, tool: string): Promise<Result> {
  // A fallback clock in case the page does not set window.__ganttReadyAt:
  // the moment the gantt root gets data-ready="true".
  await page.addInitScript(() => {
    const w = window as any;
    const check = () => {
      if (w.__benchReadyObserved === undefined && document.querySelector('[data-testid="gantt"][data-ready="true"]')) {
        w.__benchReadyObserved = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
  });
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`/projects/${project}`);
    // The contract is the attribute; the root's own box may be empty.
    await page.waitForSelector('[data-testid="gantt"][data-ready="true"]', { state: 'attached', timeout: 90_000 });
    const t = await page.evaluate(() => {
      const w = window as any;
      const plan = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) =>
        e.name.includes('/api/project_plan'),
      );
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      // The plan's request, or, if the server put the plan in the page
      // itself, the document's response.
      const arrived = plan.length ? plan[plan.length - 1].responseEnd : nav.responseEnd;
      const ready = w.__ganttReadyAt ?? w.__benchReadyObserved;
      return { arrived, ready, fromPlanRequest: plan.length > 0 };
    });
    if (typeof t.ready !== 'number') throw new Error('no ready time (neither __ganttReadyAt nor data-ready observed)');
    runs.push(round1(t.ready - t.arrived));
  }
  const result: Result = { tool, interactiveRuns: runs, interactiveMs: median(runs) };
  result.tasks = await page.evaluate(() => {
    const n = document.querySelector('[data-testid="gantt"]')?.getAttribute('data-task-count');
    return n ? Number(n) : undefined;
  });
  result.domNodes = await domNodes(page);
  result.idle = await idleFrames(page);
  const s = await scrollProbe(page, '[data-testid="gantt-body"]');
  result.scroll = { ...frameStats(s.deltas), distancePx: Math.round(s.distance) };
  return result;
}

/** Presses on a bar in view, moves it right in 30 steps over about a
 * second while recording frames, releases, then undoes (Control+Z) so the
 * seeded project is unchanged for the next run. */
async function measureDrag(page: Page) {
  await page.evaluate(() => ((document.querySelector('[data-testid="gantt-body"]') as HTMLElement).scrollTop = 0));
  await page.waitForTimeout(300);
  const body = await page.locator('[data-testid="gantt-body"]').boundingBox();
  if (!body) throw new Error('gantt-body not on screen');
  // The first bar wholly inside the scrolling area and wide enough to grab.
  // The body of a task's bar (a bar's group also holds its label and
  // link dot; summaries are not dragged).
  const bars = page.locator('[data-testid="bar"]:not(.bar--summary):not(.bar--milestone) .bar__body');
  let id: string | null = null;
  let box: { x: number; y: number; width: number; height: number } | null = null;
  for (let i = 0, n = await bars.count(); i < n && !id; i++) {
    const b = await bars.nth(i).boundingBox();
    if (b && b.width >= 12 && b.x >= body.x && b.y >= body.y && b.x + b.width <= body.x + body.width && b.y + b.height <= body.y + body.height) {
      id = await bars.nth(i).locator('xpath=..').getAttribute('data-task-id');
      box = b;
    }
  }
  if (!id || !box) throw new Error('no bar in view to drag');
  // Positions from the bar's own x (data-x0), not its box: the selected
  // bar gets an outline stroke, which widens its box by a pixel.
  const group = page.locator(`[data-testid="bar"][data-task-id="${id}"]`);
  const x0Of = async () => Number(await group.getAttribute('data-x0'));
  const before = await x0Of();
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  await startFrames(page);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(x0 + i * 4, y0);
    await page.waitForTimeout(33);
  }
  await page.mouse.up();
  const deltas = await stopFrames(page);
  await page.waitForTimeout(500);
  const moved = (await x0Of()) - before;
  // Lower-case: what a real Ctrl+Z sends (key "z"); "Control+Z" would
  // send key "Z", as if Shift were held too.
  await page.keyboard.press('Control+z');
  let undone = false;
  for (let i = 0; i < 50 && !undone; i++) {
    await page.waitForTimeout(100);
    undone = (await x0Of()) === before;
  }
  return { ...frameStats(deltas), movedPx: Math.round(moved), undone };
}

test.describe('Cairn', () => {
  test('Cairn, 10,000 tasks', async ({ page }, info) => {
    const project = process.env.CAIRN_GANTT_PROJECT;
    test.skip(!project, 'CAIRN_GANTT_PROJECT is not set: no seeded Cairn to measure (scripts/bench-gantt seeds one)');
    test.setTimeout(300_000);
    await signInAs(page, CAIRN_USER);
    const r = await measureCairn(page, project!, 'Cairn');
    r.drag = await measureDrag(page);
    save(info, 'cairn', r);
    expect(r.drag.movedPx, 'the dragged bar moved').toBeGreaterThan(0);
    expect(r.drag.undone, 'Control+Z put the dragged bar back').toBe(true);
  });

  test('Cairn, 100,000 tasks', async ({ page }, info) => {
    const project = process.env.CAIRN_GANTT_PROJECT_100K;
    test.skip(!project, 'CAIRN_GANTT_PROJECT_100K is not set (GANTT_100K=1 scripts/bench-gantt seeds one)');
    test.setTimeout(600_000);
    await signInAs(page, CAIRN_USER);
    save(info, 'cairn100k', await measureCairn(page, project!, 'Cairn 100k'));
  });
});

// ---- the report ----

test('report: one table, results.json, Cairn budgets', async ({ browser }, info) => {
  const all = load(info);
  const cairn = all.cairn;
  const rows = [cairn ?? { tool: 'Cairn', error: 'not measured (CAIRN_GANTT_PROJECT unset)' }, all.dhtmlx, all.frappe, all.cairn100k].filter(
    (r): r is Result => !!r,
  );
  const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? round1(a / b) : undefined);
  const ratios = Object.fromEntries(
    [all.dhtmlx, all.frappe]
      .filter((r): r is Result => !!r)
      .map((r) => [
        r.tool,
        {
          interactive: ratio(r.interactiveMs, cairn?.interactiveMs),
          scrollP95: ratio(r.scroll?.p95, cairn?.scroll?.p95),
          domNodes: ratio(r.domNodes, cairn?.domNodes),
        },
      ]),
  );

  const fmt = (x: number | undefined, w: number) => (x === undefined || Number.isNaN(x) ? '–' : String(x)).padStart(w);
  const lines = [
    `Gantt, ${TASKS} tasks / ${2 * TASKS} links, Chromium ${browser.version()}, ${cpus().length} CPUs` +
      `, load average ${loadavg()[0].toFixed(1)}` +
      ` (interactive: median of up to ${RUNS} loads; frames: rAF deltas in ms, 60 Hz = 16.7)`,
    `${'tool'.padEnd(14)}${'interactive'.padStart(12)}${'scroll p50'.padStart(11)}${'p95'.padStart(7)}${'max'.padStart(8)}` +
      `${'dropped'.padStart(8)}${'DOM nodes'.padStart(10)}${'drag p95'.padStart(9)}   ratio lib/Cairn (interactive, p95, DOM)`,
  ];
  for (const r of rows) {
    const q = ratios[r.tool];
    lines.push(
      `${r.tool.padEnd(14)}${fmt(r.interactiveMs, 12)}${fmt(r.scroll?.p50, 11)}${fmt(r.scroll?.p95, 7)}${fmt(r.scroll?.max, 8)}` +
        `${fmt(r.scroll?.dropped, 8)}${fmt(r.domNodes, 10)}${fmt(r.drag?.p95, 9)}` +
        (q ? `   ${fmt(q.interactive, 6)}× ${fmt(q.scrollP95, 5)}× ${fmt(q.domNodes, 5)}×` : '') +
        (r.error ? `   ${r.error}` : ''),
    );
  }
  console.log('\nGANTT COMPARISON\n' + lines.join('\n') + '\n');

  // Cairn's budgets.
  const misses: string[] = [];
  const check = (ok: boolean, what: string) => ok || misses.push(what);
  for (const r of [cairn, all.cairn100k].filter((r): r is Result => !!r)) {
    if (r.error) misses.push(`${r.tool}: ${r.error}`);
    // The 1 s budget is the 10,000-task one; at 100,000 the issue asks
    // only that the chart opens and scrolls (its time is reported).
    if (r === cairn) {
      check((r.interactiveMs ?? Infinity) < BUDGET.interactiveMs, `${r.tool}: interactive ${r.interactiveMs} ms ≥ ${BUDGET.interactiveMs} ms`);
    }
    check((r.scroll?.p95 ?? Infinity) <= BUDGET.frameP95Ms + FRAME_JITTER_MS, `${r.tool}: scroll p95 ${r.scroll?.p95} ms > ${BUDGET.frameP95Ms} ms`);
    check((r.domNodes ?? Infinity) < BUDGET.domNodes, `${r.tool}: ${r.domNodes} DOM nodes ≥ ${BUDGET.domNodes}`);
    if (r.drag) check(r.drag.p95 <= BUDGET.frameP95Ms + FRAME_JITTER_MS, `${r.tool}: drag p95 ${r.drag.p95} ms > ${BUDGET.frameP95Ms} ms`);
  }
  if (cairn?.domNodes && all.cairn100k?.domNodes) {
    check(
      all.cairn100k.domNodes <= cairn.domNodes * BUDGET.domGrowth,
      `DOM grows with task count: ${cairn.domNodes} nodes at 10k, ${all.cairn100k.domNodes} at 100k`,
    );
  }

  const report = {
    measured_at: new Date().toISOString(),
    chromium: browser.version(),
    cpus: cpus().length,
    load_average_1min: loadavg()[0],
    tasks: TASKS,
    links: 2 * TASKS,
    runs: RUNS,
    lenient: LENIENT,
    budgets: { ...BUDGET, frameJitterMs: FRAME_JITTER_MS },
    budget_misses: misses,
    results: rows,
    ratios_library_over_cairn: ratios,
  };
  writeFileSync(path.join(BENCH_DIR, 'results.json'), JSON.stringify(report, null, 2) + '\n');

  if (!cairn) test.info().annotations.push({ type: 'note', description: 'Cairn not measured: budgets not checked' });
  if (misses.length && LENIENT) console.warn('CAIRN BUDGET MISSES (CAIRN_PERF_LENIENT=1, not failing):\n  ' + misses.join('\n  '));
  else expect(misses, 'Cairn Gantt budgets').toEqual([]);
});
