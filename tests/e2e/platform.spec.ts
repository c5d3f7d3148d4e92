import { DEMO, expect, signIn, test } from './fixtures.ts';

test('each demo user signs in and sees exactly the areas of their role', async ({ page, desk }) => {
  expect(desk.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const expected: Record<keyof typeof DEMO, string[]> = {
    agent: ['Messages', 'Customers', 'Calls', 'Disputes', 'Address changes', 'Mail payments'],
    agent2: ['Messages', 'Customers', 'Calls', 'Disputes', 'Address changes', 'Mail payments'],
    supervisor: [
      'Messages',
      'Customers',
      'Calls',
      'Disputes',
      'Address changes',
      'Mail payments',
      'Supervisor',
    ],
    trainer: [
      'Messages',
      'Customers',
      'Calls',
      'Disputes',
      'Address changes',
      'Mail payments',
      'Training',
    ],
    admin: [
      'Messages',
      'Customers',
      'Calls',
      'Disputes',
      'Address changes',
      'Mail payments',
      'Supervisor',
      'Training',
      'Admin',
    ],
  };
  for (const who of ['agent', 'supervisor', 'trainer', 'admin'] as const) {
    const [username, password] = DEMO[who];
    await signIn(page, username, password);
    const nav = page.getByRole('navigation', { name: 'areas' });
    await expect(nav.getByRole('link')).toHaveText(expected[who]);
    await expect(page.getByTestId('training-banner')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }
});

test('an agent cannot open the admin area even by URL', async ({ page }) => {
  await signIn(page, ...DEMO.agent);
  await page.goto('/admin/users');
  await expect(page.getByRole('tab', { name: 'Users' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/\/admin/);
});

test('a sixth password is refused, even the right one, until 30 minutes pass', async ({
  page,
  desk,
}) => {
  await page.goto('/');
  const user = page.getByLabel('Username');
  const pass = page.getByLabel('Password');
  const button = page.getByRole('button', { name: 'Sign in' });
  // Wait for the server's answer each time, so the clock never moves under a request in flight.
  const submit = {
    click: () => Promise.all([page.waitForResponse(/auth\.login/), button.click()]),
  };
  await user.fill('agent');
  // A minute apart: past the backoff per address and per username (server/auth/throttle.ts).
  // Every refusal reads the same: no attempts left, no "locked" to tell a user exists.
  for (let i = 1; i <= 5; i++) {
    await pass.fill(`wrong-${i}`);
    await submit.click();
    await expect(page.getByTestId('sign-in-error')).toContainText('Sign-in refused');
    await expect(page.getByTestId('sign-in-error')).not.toContainText('attempt left');
    desk.clock.advanceMinutes(1);
  }
  // Locked at minute 4 for 30 minutes: the right password gets the same answer.
  await pass.fill('agent-demo-2026');
  await submit.click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Sign-in refused');
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/sign-in-refused.png' });

  desk.clock.advanceMinutes(27);
  await submit.click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Sign-in refused');

  desk.clock.advanceMinutes(2.5); // minute 34.5: the lock has expired
  await submit.click();
  await expect(page.getByTestId('current-user')).toContainText('Alex Agent');
});

test('switching to French translates the desk and is remembered for the user', async ({ page }) => {
  await signIn(page, ...DEMO.supervisor);
  await page.getByRole('button', { name: 'Français' }).click();
  const nav = page.getByRole('navigation', { name: /^(areas|zones)$/i });
  await expect(nav.getByRole('link', { name: 'Contestations' })).toBeVisible();
  await expect(page.getByTestId('training-banner')).toContainText('FORMATION');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await signIn(page, ...DEMO.supervisor);
  await expect(nav.getByRole('link', { name: "Changements d'adresse" })).toBeVisible();
});

test('an admin locks out nobody by accident: unlock a locked user from the Admin area', async ({
  page,
  desk,
}) => {
  await page.goto('/');
  await page.getByLabel('Username').fill('agent2');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill('nope-nope');
    await Promise.all([
      page.waitForResponse(/auth\.login/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    desk.clock.advanceMinutes(1); // past the backoff of this address and username
  }
  await signIn(page, ...DEMO.admin);
  await page.getByRole('link', { name: 'Admin' }).click();
  const row = page.getByTestId('user-row-agent2');
  await expect(row).toContainText('Locked until');
  await row.getByRole('button', { name: 'Unlock' }).click();
  await page.getByLabel('Reason').fill('Called the service desk, identity confirmed');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(row).not.toContainText('Locked until');
  await page.screenshot({ path: 'test-results/admin-users.png' });
});

test('keyboard: Ctrl+K palette jumps to an area, ? lists the shortcuts of the screen', async ({
  page,
}) => {
  await signIn(page, ...DEMO.supervisor);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('combobox', { name: 'Command palette' });
  await expect(palette).toBeFocused();
  await palette.fill('Superv');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/supervisor/);
  await page.keyboard.press('Alt+1');
  await expect(page).toHaveURL(/\/messages/);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Open the command palette');
  await page.screenshot({ path: 'test-results/shortcut-sheet.png' });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});
