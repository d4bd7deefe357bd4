import fs from 'fs';
import path from 'path';
import type { Page } from '@playwright/test';
import { test, expect, open, signInAs } from './fixtures';

/**
 * Microsoft Project files in and out, as a PMO does it: import a plan
 * saved as XML (a person on leave on their own calendar stretches their
 * task, as in Project), then download it back as XML, the schedule as
 * CSV and the milestones as iCalendar.
 */
// A refused file (422) and the viewer's refusal (403) are the server's
// answers the page shows, not console errors.
test.use({ allowConsole: /status of (403|422)/ });

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);
const stamp = () => Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);
const cell = (page: Page, row: number, col: string) =>
  page.locator(`.grow[data-row="${row}"] [data-col="${col}"]`);

async function download(page: Page, testid: string): Promise<string> {
  // The menu stays open after a download: open it only when closed.
  const menu = page.getByTestId('project-exports');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const where = await file.path();
  if (!where) throw new Error(`${testid}: nothing downloaded`);
  return fs.readFileSync(where, 'utf8');
}

test('a PMO imports a Microsoft Project file: a person’s leave on their own calendar moves the dates; it exports back as XML, CSV and iCalendar', async ({ page }) => {
  await signInAs(page, 'pmo');
  await open(page, '/projects');
  await page.getByTestId('import-project-link').click();
  await page.waitForURL(/\/projects\/import$/);

  // A file that is not a plan is refused, naming what is wrong.
  await page.getByTestId('project-file').setInputFiles(fixture('import-accounts.csv'));
  await page.getByTestId('import-project').click();
  await expect(page.getByTestId('error-file')).toContainText('Microsoft Project');
  await expect(page.getByTestId('project-imported')).toHaveCount(0);

  const name = `Relaunch ${stamp()}`;
  await page.getByTestId('project-file').setInputFiles(fixture('project-leave.xml'));
  await page.locator('input[name=name]').fill(name);
  await page.getByTestId('import-project').click();
  const done = page.getByTestId('project-imported');
  await expect(done).toContainText(name);
  await expect(done.locator('[data-fact=tasks]')).toHaveText('3');
  await expect(done.locator('[data-fact=milestones]')).toHaveText('1');
  await expect(done.locator('[data-fact=links]')).toHaveText('2');
  await expect(done.locator('[data-fact=person-calendars]')).toHaveText('1');
  await expect(page.getByTestId('resources-matched')).toContainText('Demo Sales');
  await expect(page.getByTestId('resources-unmatched')).toContainText('Freelance designer');

  await page.getByTestId('open-imported').click();
  await page.waitForURL(/\/projects\/\d+$/);
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('project-name')).toHaveText(name);
  // Design: three days of Demo Sales, who is away Tuesday and Wednesday.
  await expect(cell(page, 0, 'name')).toHaveText('Design');
  await expect(cell(page, 0, 'start')).toHaveText('2027-03-01');
  await expect(cell(page, 0, 'finish')).toHaveText('2027-03-05');
  await expect(cell(page, 1, 'finish')).toHaveText('2027-03-09');
  await expect(cell(page, 2, 'finish')).toHaveText('2027-03-09');
  await page.getByTestId('tab-resources').click();
  const row = page.getByTestId('load-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('own-calendar')).toContainText('Demo Sales');
  // Their first week has three working days, all of them taken.
  await expect(row.locator('td').first()).toHaveText('100%');

  const xml = await download(page, 'export-mspdi');
  expect(xml).toContain(`<Title>${name}</Title>`);
  expect(xml).toContain('<Name>Leave</Name>');
  expect(xml).toContain('<Name>Demo Sales</Name>');
  const csv = await download(page, 'export-schedule-csv');
  expect(csv).toContain('Design');
  expect(csv).toContain('2027-03-05');
  const ics = await download(page, 'export-milestones-ics');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toMatch(/SUMMARY:.*Launch/);
});

test('a viewer may not import a plan', async ({ page }) => {
  await signInAs(page, 'viewer');
  await open(page, '/projects/import');
  await page.getByTestId('project-file').setInputFiles(fixture('project-leave.xml'));
  await page.getByTestId('import-project').click();
  await expect(page.getByTestId('error')).toBeVisible();
  await expect(page.getByTestId('project-imported')).toHaveCount(0);
});
