import { test, expect, open, signInAs, otherPerson } from './fixtures';

test.describe('profile', () => {
  test.use({ allowConsole: /status of 409/ });
  test('two edits of the same profile never silently overwrite each other', async ({ page, browser }) => {
    await signInAs(page, 'manager');
    await open(page, '/profile');
    const other = await otherPerson(browser);
    await signInAs(other.page, 'manager');
    await open(other.page, '/profile');

    const stamp = Date.now().toString(36);
    await page.getByLabel('Name', { exact: true }).fill(`First ${stamp}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('ok')).toHaveText('Saved.');

    // The second editor still holds the old version: refused, not applied.
    await other.page.getByLabel('Name', { exact: true }).fill(`Second ${stamp}`);
    await other.page.getByRole('button', { name: 'Save' }).click();
    await expect(other.page.getByRole('alert')).toContainText('Someone else changed this record');
    await other.page.getByRole('button', { name: 'Show the current version' }).click();
    await expect(other.page.getByLabel('Name', { exact: true })).toHaveValue(`First ${stamp}`);

    // Now, on the current version, the second edit succeeds.
    await other.page.getByLabel('Name', { exact: true }).fill(`Second ${stamp}`);
    await other.page.getByRole('button', { name: 'Save' }).click();
    await expect(other.page.getByTestId('ok')).toHaveText('Saved.');
    await other.context.close();
  });
});
