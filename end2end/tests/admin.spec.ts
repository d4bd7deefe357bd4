import { test, expect, open, signIn, signInAs, otherPerson } from './fixtures';

test.describe('viewer', () => {
  test.use({ allowConsole: /status of 403/ });
  test('is refused on Admin by the server, not just by a hidden link', async ({ page }) => {
    await signInAs(page, 'viewer');
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    // The page itself is answered 403 by the server, with an explanation.
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(403);
    await page.waitForSelector('body[data-hydrated="true"]');
    await expect(page.getByTestId('access-denied')).toBeVisible();
    await expect(page.getByTestId('users-table')).toHaveCount(0);
    // Calling the admin server functions directly is refused with 403.
    const list = await page.request.post('/api/list_users', { form: {} });
    expect(list.status()).toBe(403);
    const disable = await page.request.post('/api/set_user_active', {
      form: { id: '1', active: 'false', version: '1' },
    });
    expect(disable.status()).toBe(403);
  });
});

test.describe('admin', () => {
  // Expected refusals: the disabled user's 401s, the duplicate's 422.
  test.use({ allowConsole: /status of (401|422)/ });
  test('creates a user who can then sign in; disabling them ends their open session', async ({ page, browser }) => {
    const username = `e2e-${Date.now().toString(36)}`;
    const password = 'a long enough passphrase';
    await signInAs(page, 'admin');
    await open(page, '/admin/users');
    const form = page.getByTestId('create-user-form');
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Name', { exact: true }).fill('Erin Example');
    await form.getByLabel('Email').fill(`${username}@example.com`);
    await form.getByLabel('Role').selectOption('service');
    await form.getByLabel('Team').selectOption({ label: 'Service Desk' });
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('ok')).toHaveText('User created.');
    const row = page.locator(`tr[data-username="${username}"]`);
    await expect(row).toContainText('Erin Example');
    await expect(row).toContainText('Service Desk');

    // The new user signs in, in their own browser.
    const erin = await otherPerson(browser);
    await signIn(erin.page, username, password);
    await expect(erin.page.getByTestId('welcome')).toContainText('Erin Example');
    await expect(erin.page.getByTestId('user-role')).toHaveText('Service');

    // The admin disables them; their open session ends at once.
    await row.getByTestId('toggle-active').click();
    await expect(row).toContainText('Disabled');
    const call = await erin.page.request.post('/api/my_profile', { form: {} });
    expect(call.status()).toBe(401);
    await erin.page.reload();
    await expect(erin.page).toHaveURL(/\/login/);
    // …and cannot sign in again.
    await erin.page.waitForSelector('body[data-hydrated="true"]');
    await erin.page.getByLabel('Username', { exact: true }).fill(username);
    await erin.page.getByLabel('Password').fill(password);
    await erin.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(erin.page.getByRole('alert')).toHaveText('Wrong username or password.');
    expect(erin.errors).toEqual([]);
    await erin.context.close();
  });

  test('gets a specific message for a bad new user and nothing is created', async ({ page }) => {
    await signInAs(page, 'admin');
    await open(page, '/admin/users');
    const form = page.getByTestId('create-user-form');
    await form.getByLabel('Username', { exact: true }).fill('sales');
    await form.getByLabel('Name', { exact: true }).fill('Duplicate');
    await form.getByLabel('Email').fill('dup@example.com');
    await form.getByLabel('Password').fill('a long enough passphrase');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(form.getByRole('alert')).toHaveText('Username is already taken');
    await expect(page.locator('tr[data-username="sales"]')).toHaveCount(1);
  });
});
