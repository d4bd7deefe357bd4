import { test, expect, open, signInAs, stamp } from './fixtures';

/** The titles of a PDF's outline (bookmarks): literal or UTF-16 hex strings. */
function outlineTitles(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const titles: string[] = [];
  for (const m of text.matchAll(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]+>)/g)) {
    const raw = m[1];
    if (raw.startsWith('(')) {
      titles.push(raw.slice(1, -1).replace(/\\(.)/g, '$1'));
    } else {
      const hex = raw.slice(1, -1).replace(/\s/g, '');
      const bytes = Buffer.from(hex, 'hex');
      const body = bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2) : bytes;
      let s = '';
      for (let i = 0; i + 1 < body.length; i += 2) s += String.fromCharCode((body[i] << 8) | body[i + 1]);
      titles.push(s);
    }
  }
  return titles;
}

test('the status report has its sections on screen and prints to a PDF of at most two pages with the same sections', async ({ page }) => {
  await signInAs(page, 'pmo');
  const name = `Report ${stamp()}`;
  await open(page, '/projects/new');
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=start]').fill('2030-03-04');
  await page.locator('select[name=template]').selectOption({ label: 'CRM implementation' });
  await page.getByTestId('save-project').click();
  await page.waitForURL(/\/projects\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.getByTestId('gantt')).toHaveAttribute('data-ready', 'true');
  // A baseline, a risk and a change request to report on.
  await page.getByTestId('baseline-form').locator('input').fill('Signed plan');
  await page.getByTestId('baseline-form').locator('button').click();
  await expect(page.getByTestId('baseline-select').locator('option', { hasText: 'Signed plan' })).toHaveCount(1);
  const risk = await page.request.post('/api/project_risk_create', {
    data: { project_id: id, input: {
      title: 'Legacy data is dirty', description: '', category: 'Data', probability: 4, impact: 5,
      response: 'Mitigate', plan: '', owner_id: null, trigger: '', status: 'Open',
      cost_impact: 1_500_000, currency: 'USD', task_id: null,
    } },
  });
  expect(risk.status(), await risk.text()).toBe(200);
  const cr = await page.request.post('/api/change_request_save', {
    data: { project_id: id, id: null, version: 0, input: {
      title: 'Add the ERP integration', description: '', reason: '', scope_impact: '',
      schedule_days: 3, cost_impact: 1_500_000, currency: 'USD', changes: [],
    } },
  });
  expect(cr.status(), await cr.text()).toBe(200);

  await page.getByTestId('status-report-link').click();
  await page.waitForURL(new RegExp(`/projects/${id}/report$`));
  const report = page.getByTestId('status-report');
  await expect(page.getByTestId('report-title')).toHaveText(name);
  const sections = ['Summary', 'Schedule: milestones planned and forecast', 'Critical path', 'Top risks', 'Budget and earned value', 'Open changes'];
  await expect(report.locator('h2')).toHaveText(sections);
  await expect(page.getByTestId('report-schedule')).toContainText('Planned dates from the baseline: Signed plan');
  await expect(page.getByTestId('report-schedule').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('report-schedule').locator('tbody tr').first()).toContainText('+0');
  await expect(page.getByTestId('report-risks')).toContainText('Legacy data is dirty');
  await expect(page.getByTestId('report-risks')).toContainText('USD 10,500.00');
  await expect(page.getByTestId('report-changes')).toContainText('CR-1');
  await expect(page.getByTestId('report-critical').locator('tbody tr').first()).toContainText('Project charter');

  // On paper: no app frame, no controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(report.locator('h2')).toHaveText(sections);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, outline: true, tagged: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(2);
  const titles = outlineTitles(pdf);
  for (const s of sections) expect(titles, titles.join(' | ')).toContain(s);
  await page.emulateMedia({ media: 'screen' });
});
