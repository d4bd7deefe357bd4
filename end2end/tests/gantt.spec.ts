import { test, expect, open, signInAs, otherPerson, newProject, stamp } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The project page's Gantt chart, driven as a PMO would: the mouse for
 * drags, the grid for numbers, the keyboard for everything a drag does.
 * Projects start on Monday 2026-03-02 (standard calendar), so the dates
 * below are exact.
 */

const gantt = (page: Page) => ({
  root: page.getByTestId('gantt'),
  row: (i: number) => page.locator(`.grow[data-row="${i}"]`),
  cell: (i: number, col: string) => page.locator(`.grow[data-row="${i}"] [data-col="${col}"]`),
  bar: (i: number) => page.locator(`[data-testid=bar][data-row="${i}"]`),
  async text(i: number, col: string) {
    return ((await this.cell(i, col).textContent()) ?? '').trim();
  },
  async saved() {
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  },
  /** The row's task is stored (its temporary id replaced). */
  async stored(i: number) {
    await expect(page.locator(`.grow[data-row="${i}"]`)).toHaveAttribute('data-task-id', /^[1-9]/);
  },
});

/** Adds tasks with the toolbar and names them through the grid. */
async function addTasks(page: Page, names: string[]) {
  const g = gantt(page);
  for (const [i, name] of names.entries()) {
    await page.getByTestId('add-task').click();
    await g.stored(i);
    await g.cell(i, 'name').dblclick();
    const input = g.cell(i, 'name').getByTestId('cell-input');
    await input.fill(name);
    await input.press('Enter');
    await expect(g.cell(i, 'name')).toHaveText(name);
  }
  await g.saved();
}

/** Drags from the link dot after bar `from` onto the body of bar `to`. */
async function dragLink(page: Page, from: number, to: number) {
  const g = gantt(page);
  await g.bar(from).locator('.bar__body, .bar__diamond').first().hover();
  const dot = await g.bar(from).getByTestId('bar-link').boundingBox();
  const target = await g.bar(to).locator('.bar__body, .bar__diamond').first().boundingBox();
  if (!dot || !target) throw new Error('bars not drawn');
  await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function critical(page: Page, i: number) {
  return (await gantt(page).bar(i).getAttribute('data-critical')) === 'true';
}

test.describe('Gantt chart', () => {
  test('a PMO builds a plan: five tasks, links dragged between bars, a bar dragged (successors and the critical path follow), a duration typed, undo and redo, and all of it after a reload', async ({ page }) => {
    await signInAs(page, 'pmo');
    const name = `Rollout ${stamp()}`;
    await newProject(page, name);
    const g = gantt(page);
    await page.locator('[data-zoom=day]').click();
    await addTasks(page, ['Kick-off', 'Approve scope', 'Configure', 'Migrate', 'Train']);
    for (let i = 0; i < 5; i++) expect(await g.text(i, 'start')).toBe('2026-03-02');

    // Two chains: 1→2 and 3→4→5, linked by dragging bar to bar.
    await dragLink(page, 0, 1);
    await expect(g.cell(1, 'predecessors')).toHaveText('1');
    await dragLink(page, 2, 3);
    await dragLink(page, 3, 4);
    await expect(g.cell(4, 'predecessors')).toHaveText('4');
    await g.saved();
    expect(await g.text(1, 'start')).toBe('2026-03-03');
    expect(await g.text(4, 'start')).toBe('2026-03-04');
    // The longer chain (3 days) is critical; the other has a day of float.
    expect(await critical(page, 4)).toBe(true);
    expect(await critical(page, 0)).toBe(false);

    // Drag the first bar two days right: its successor moves along, and
    // that chain (now 4 days) becomes the critical one.
    const body = await g.bar(0).locator('.bar__body').boundingBox();
    if (!body) throw new Error('no bar');
    const dayPx = 36;
    await page.mouse.move(body.x + body.width / 2, body.y + body.height / 2);
    await page.mouse.down();
    await page.mouse.move(body.x + body.width / 2 + dayPx, body.y + body.height / 2, { steps: 4 });
    // Mid-drag, the successor has already moved (the browser reschedules).
    await expect(g.cell(1, 'start')).toHaveText('2026-03-04');
    await page.mouse.move(body.x + body.width / 2 + 2 * dayPx, body.y + body.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect(g.cell(0, 'start')).toHaveText('2026-03-04');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-05');
    await expect(g.bar(0)).toHaveAttribute('data-critical', 'true');
    await expect(g.bar(4)).toHaveAttribute('data-critical', 'false');
    await g.saved();

    // A duration typed in the grid: task 5 takes three days, so its
    // chain is critical again.
    await g.cell(4, 'duration').dblclick();
    await g.cell(4, 'duration').getByTestId('cell-input').fill('3d');
    await g.cell(4, 'duration').getByTestId('cell-input').press('Enter');
    await expect(g.cell(4, 'finish')).toHaveText('2026-03-06');
    await expect(g.bar(4)).toHaveAttribute('data-critical', 'true');
    await expect(g.bar(0)).toHaveAttribute('data-critical', 'false');
    await g.saved();

    // Undo and redo, with the keyboard, after saving.
    await g.cell(0, 'num').focus();
    await page.keyboard.press('Control+z');
    await expect(g.cell(4, 'duration')).toHaveText('1d');
    await g.saved();
    await page.keyboard.press('Control+z');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-02');
    await g.saved();
    await page.keyboard.press('Control+Shift+z');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-04');
    await page.keyboard.press('Control+Shift+z');
    await expect(g.cell(4, 'duration')).toHaveText('3d');
    await g.saved();

    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(g.root).toHaveAttribute('data-ready', 'true');
    const names = [];
    for (let i = 0; i < 5; i++) names.push(await g.text(i, 'name'));
    expect(names).toEqual(['Kick-off', 'Approve scope', 'Configure', 'Migrate', 'Train']);
    expect(await g.text(0, 'start')).toBe('2026-03-04');
    expect(await g.text(1, 'predecessors')).toBe('1');
    expect(await g.text(3, 'predecessors')).toBe('3');
    expect(await g.text(4, 'predecessors')).toBe('4');
    expect(await g.text(4, 'duration')).toBe('3d');
    expect(await g.text(4, 'finish')).toBe('2026-03-06');
    expect(await critical(page, 4)).toBe(true);

    // The list shows it, late on its critical path (its dates are past).
    await open(page, `/projects?q=${encodeURIComponent(name)}`);
    const row = page.getByTestId('project-row').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('critical-late')).toBeVisible();
    await expect(row.getByTestId('percent')).toHaveText('0%');
  });

  test('two PMOs on one plan: one sees the other’s edit live; editing the same task second gets the conflict message and the current state', async ({ page, browser }) => {
    await signInAs(page, 'pmo');
    const id = await newProject(page, `Shared ${stamp()}`);
    await addTasks(page, ['Design', 'Build']);
    const g = gantt(page);

    const live = await otherPerson(browser);
    await signInAs(live.page, 'admin');
    await open(live.page, `/projects/${id}`);
    const theirs = gantt(live.page);
    await expect(theirs.root).toHaveAttribute('data-ready', 'true');
    await live.page.waitForTimeout(300);
    await g.cell(0, 'name').dblclick();
    await g.cell(0, 'name').getByTestId('cell-input').fill('Design v2');
    await g.cell(0, 'name').getByTestId('cell-input').press('Enter');
    await expect(theirs.cell(0, 'name')).toHaveText('Design v2', { timeout: 2_000 });

    // A third browser that hears nothing live still shows version 1.
    const deaf = await otherPerson(browser);
    await signInAs(deaf.page, 'admin');
    await deaf.page.route('**/api/projects/*/events', () => {});
    await open(deaf.page, `/projects/${id}`);
    const stale = gantt(deaf.page);
    await expect(stale.root).toHaveAttribute('data-ready', 'true');

    await g.cell(1, 'duration').dblclick();
    await g.cell(1, 'duration').getByTestId('cell-input').fill('4d');
    await g.cell(1, 'duration').getByTestId('cell-input').press('Enter');
    await g.saved();

    await stale.cell(1, 'duration').dblclick();
    const refused = deaf.page.waitForResponse((r) => r.url().endsWith('/api/project_edit'));
    await stale.cell(1, 'duration').getByTestId('cell-input').fill('2d');
    await stale.cell(1, 'duration').getByTestId('cell-input').press('Enter');
    expect((await refused).status()).toBe(409);
    await expect(deaf.page.getByTestId('gantt-message')).toContainText('Someone else changed');
    // The current state, not the refused edit.
    await expect(stale.cell(1, 'duration')).toHaveText('4d');
    await expect(stale.cell(0, 'name')).toHaveText('Design v2');

    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(g.cell(1, 'duration')).toHaveText('4d');
    await live.context.close();
    await deaf.context.close();
  });

  test('keyboard only: name and indent in the grid, “Link to…”, arrow keys move a bar by a unit of the zoom', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `Keys ${stamp()}`);
    const g = gantt(page);
    await page.locator('[data-zoom=day]').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('add-task').focus();
    await page.keyboard.press('Enter');
    await g.stored(0);

    // The grid: Enter edits, Enter saves; Insert adds below.
    await g.cell(0, 'name').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Plan');
    await page.keyboard.press('Enter');
    await expect(g.cell(0, 'name')).toHaveText('Plan');
    await g.cell(0, 'name').focus();
    await page.keyboard.press('Insert');
    await g.stored(1);
    await expect(g.cell(1, 'name')).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Do');
    await page.keyboard.press('Enter');
    await expect(g.cell(1, 'name')).toHaveText('Do');
    await expect(g.cell(1, 'name')).toBeFocused();
    await page.keyboard.press('Insert');
    await g.stored(2);
    await expect(g.cell(2, 'name')).toBeFocused();
    // Typing starts the edit, keeping what is typed.
    await page.keyboard.type('Check');
    await page.keyboard.press('Enter');
    await expect(g.cell(2, 'name')).toHaveText('Check');

    // Tab indents under the task above; Shift+Tab brings it back.
    await g.cell(2, 'name').focus();
    await page.keyboard.press('Tab');
    await expect(g.cell(2, 'num')).toHaveText('2.1');
    await page.keyboard.press('Shift+Tab');
    await expect(g.cell(2, 'num')).toHaveText('3');
    await g.saved();
    // The answer puts the focus back on the grid cursor two frames later
    // (keep_focus); let that settle before the keyboard moves to the bar.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));

    // "Link to…" from the focused bar: L, the successor's number, Enter.
    await g.bar(0).focus();
    await page.keyboard.press('l');
    await expect(page.getByTestId('link-dialog')).toBeVisible();
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect(g.cell(1, 'predecessors')).toHaveText('1');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-03');

    // Arrow keys move the focused bar by one day (day zoom); the
    // successor follows. Shift+→ lengthens it by a day.
    await g.bar(0).focus();
    await page.keyboard.press('ArrowRight');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-03');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-04');
    await g.bar(0).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(g.cell(0, 'duration')).toHaveText('2d');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-05');
    await g.saved();

    await page.reload();
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-03');
    await expect(g.cell(1, 'predecessors')).toHaveText('1');
    await expect(g.cell(0, 'duration')).toHaveText('2d');
  });

  test('assignments in the grid feed the weekly load; two full-time tasks at once overload the week', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `Load ${stamp()}`);
    await addTasks(page, ['Interviews', 'Workshops']);
    const g = gantt(page);
    for (const i of [0, 1]) {
      await g.cell(i, 'resources').dblclick();
      await g.cell(i, 'resources').getByTestId('cell-input').fill('Demo Pmo');
      await g.cell(i, 'resources').getByTestId('cell-input').press('Enter');
      await expect(g.cell(i, 'resources')).toHaveText('Demo Pmo');
    }
    await g.saved();
    await page.getByTestId('tab-resources').click();
    const row = page.getByTestId('load-row');
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-over=true]')).toHaveCount(1);
  });

  test('a baseline is saved and its ghost bars show under the moved plan', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `Base ${stamp()}`);
    await addTasks(page, ['Survey']);
    const g = gantt(page);
    await page.getByTestId('baseline-form').locator('input').fill('Signed');
    await page.getByTestId('baseline-form').locator('button').click();
    await expect(page.getByTestId('baseline-select').locator('option', { hasText: 'Signed' })).toHaveCount(1);
    await g.cell(0, 'start').dblclick();
    await g.cell(0, 'start').getByTestId('cell-input').fill('2026-03-09');
    await g.cell(0, 'start').getByTestId('cell-input').press('Enter');
    await g.saved();
    await page.getByTestId('baseline-select').selectOption({ label: 'Signed' });
    const ghost = g.bar(0).getByTestId('baseline-bar');
    await expect(ghost).toHaveCount(1);
    const ghostX = Number(await ghost.getAttribute('x'));
    const barX = Number(await g.bar(0).getAttribute('data-x0'));
    expect(barX - ghostX).toBeGreaterThan(0);
  });
  test('a summary bracket dragged moves its subtasks; undo puts them back', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `Summary ${stamp()}`);
    await page.locator('[data-zoom=day]').click();
    await addTasks(page, ['Phase', 'Step']);
    const g = gantt(page);
    await g.cell(1, 'name').focus();
    await page.keyboard.press('Tab');
    await expect(g.cell(1, 'num')).toHaveText('1.1');
    await g.saved();
    await expect(g.bar(0)).toHaveClass(/bar--summary/);
    const bracket = await g.bar(0).locator('.bar__summary').boundingBox();
    if (!bracket) throw new Error('summary not drawn');
    // One week at 36 px a day: Monday 2 March to Monday 9 March.
    const x = bracket.x + 10;
    const y = bracket.y + 3;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 7 * 36, y, { steps: 10 });
    await page.mouse.up();
    await expect(g.cell(1, 'start')).toHaveText('2026-03-09');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-09');
    await g.saved();
    await page.getByTestId('undo').click();
    await expect(g.cell(1, 'start')).toHaveText('2026-03-02');
    await g.saved();
    await page.reload();
    await expect(g.root).toHaveAttribute('data-ready', 'true');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-02');
  });

  test('the project’s details are edited on its page: the new name shows at once, a new start moves every task, both after a reload', async ({ page }) => {
    await signInAs(page, 'pmo');
    await newProject(page, `Edit ${stamp()}`);
    await addTasks(page, ['Plan', 'Build']);
    const g = gantt(page);
    expect(await g.text(1, 'start')).toBe('2026-03-02');
    const renamed = `Renamed ${stamp()}`;
    await page.getByTestId('edit-project').click();
    const form = page.getByTestId('project-form');
    await form.locator('input[name=name]').fill(renamed);
    await form.locator('input[name=start]').fill('2026-03-09');
    await form.locator('select[name=status]').selectOption('active');
    await page.getByTestId('save-project').click();
    await expect(form).toHaveCount(0);
    await expect(page.getByTestId('project-name')).toHaveText(renamed);
    await expect(page.getByTestId('project-facts')).toContainText('2026-03-09');
    await expect(g.cell(0, 'start')).toHaveText('2026-03-09');
    await expect(g.cell(1, 'start')).toHaveText('2026-03-09');
    await page.reload();
    await expect(g.root).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('project-name')).toHaveText(renamed);
    await expect(g.cell(1, 'start')).toHaveText('2026-03-09');
    // A bad edit names its field and changes nothing.
    await page.getByTestId('edit-project').click();
    await form.locator('input[name=name]').fill('  ');
    await page.getByTestId('save-project').click();
    await expect(form.locator('.field__error')).toHaveCount(1);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('project-name')).toHaveText(renamed);
  });

  test('用中文界面制定计划：中国大陆日历跳过国庆假期', async ({ page }) => {
    await signInAs(page, 'pmo');
    await open(page, '/projects/new');
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    try {
      await page.waitForSelector('body[data-hydrated="true"]');
      await page.locator('input[name=name]').fill(`国庆 ${stamp()}`);
      await page.locator('select[name=calendar]').selectOption('china_mainland');
      await page.locator('input[name=start]').fill('2026-09-30');
      await page.getByTestId('save-project').click();
      await page.waitForURL(/\/projects\/\d+$/);
      const g = gantt(page);
      await expect(g.root).toHaveAttribute('data-ready', 'true');
      await expect(page.getByTestId('add-task')).toHaveText('添加任务');
      await expect(page.locator('.gantt__gridhead')).toContainText('任务');
      await page.getByTestId('add-task').click();
      await g.stored(0);
      await g.cell(0, 'name').dblclick();
      await g.cell(0, 'name').getByTestId('cell-input').fill('系统配置');
      await g.cell(0, 'name').getByTestId('cell-input').press('Enter');
      await g.cell(0, 'duration').dblclick();
      await g.cell(0, 'duration').getByTestId('cell-input').fill('3d');
      await g.cell(0, 'duration').getByTestId('cell-input').press('Enter');
      // 9-30 (Wednesday), then 10-1 to 10-7 off: days two and three are
      // 10-8 and 10-9.
      await expect(g.cell(0, 'finish')).toHaveText('2026-10-09');
      await g.saved();
      await expect(page.getByTestId('save-status')).toHaveText('所有更改已保存');
    } finally {
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
    }
  });
});
