import { DEMO, expect, signIn, test } from './fixtures.ts';

/*
 * The e2e server starts on a fresh training database seeded with the demo scenario as of the
 * fixture clock's date (Fri 2026-11-20). Hélène Tremblay (customer 1) is planted: a lease on
 * EasyPay whose next debit (Wed 2026-11-25) can be stopped only until today, Fri 2026-11-20.
 */

test('search → customer 360 → ledger, from the keyboard', async ({ page }) => {
  await signIn(page, ...DEMO.agent);
  await page.getByRole('link', { name: 'Customers' }).click();
  const box = page.getByRole('combobox', { name: 'Find a customer' });
  await expect(box).toBeFocused();
  await box.fill('helene trem'); // no accent: still finds Hélène
  await expect(page.getByTestId('customer-search-option').first()).toContainText('Hélène Tremblay');
  await box.press('Enter');

  await expect(page).toHaveURL(/\/customers\/1$/);
  const panel = page.getByTestId('customer-360');
  await expect(panel.getByTestId('customer-name')).toHaveText('Hélène Tremblay');
  // SSN last 4 is a verification answer: an agent sees none of it (issue 21, least data).
  await expect(panel.getByTestId('ssn')).toHaveText(/^XXX-XX-XXXX$/);
  await expect(panel.getByTestId('phone-value').first()).toHaveText(/^XXXXXX-\d{4}$/);
  await expect(
    panel.getByTestId('phone-value').first().locator('..').getByRole('button', { name: 'Reveal' }),
  ).toHaveCount(0);
  await expect(panel.getByTestId('current-address')).toBeVisible();
  await expect(panel).toContainText('rue Saint-Denis'); // current, or in the history if another area's scenario moved her
  const card = panel.getByTestId('account-card').first();
  await expect(card.getByTestId('amount-due')).toContainText('$');
  await expect(card.getByTestId('next-due-date')).toContainText('Nov 25, 2026');
  await expect(card.getByTestId('easypay-cancel-by')).toContainText('cancel by Fri, Nov 20, 2026');

  await card.getByRole('button', { name: 'Ledger' }).click();
  const ledger = card.getByTestId('ledger-table');
  await expect(ledger.getByTestId('ledger-row').first()).toBeVisible();
  await expect(ledger).toContainText('EasyPay');
  // Virtualised: far fewer rows in the DOM than lines in the ledger once it is long enough.
  const lines = Number((await card.getByText(/\d+ lines/).textContent())?.match(/\d+/)?.[0]);
  expect(lines).toBeGreaterThan(10);

  // Jump to another customer by the last 8 of a VIN (all an agent sees of it), straight from
  // the 360's search box.
  const vin = (await card.getByText(/^X{9}[A-HJ-NPR-Z0-9]{8}$/).textContent()) ?? '';
  const search = page.getByRole('combobox', { name: 'Find a customer' });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await search.fill(vin.slice(-8).toLowerCase());
  await expect(page.getByTestId('customer-search-option').first()).toContainText('Hélène Tremblay');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/customers\/1\?account=\d+$/);
  await expect(page.getByTestId('account-card').first().getByTestId('ledger-table')).toBeVisible();
});

test('a supervisor reveals a phone number with a reason (audited)', async ({ page }) => {
  await signIn(page, ...DEMO.supervisor);
  await page.goto('/customers/1');
  const phone = page.getByTestId('phone-value').first();
  await expect(phone).toHaveText(/^XXXXXX-\d{4}$/);
  await phone.locator('..').getByRole('button', { name: 'Reveal' }).click();
  await page.getByLabel('Reason').fill('Customer asked for a call back');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(phone).toHaveText(/^\(\d{3}\) \d{3}-\d{4}$/);
  await phone.locator('..').getByRole('button', { name: 'Hide' }).click();
  await expect(phone).toHaveText(/^XXXXXX-\d{4}$/);
});

test("the trainer moves the clock and the 360's dates move with it; reset works from the UI", async ({
  page,
}) => {
  await signIn(page, ...DEMO.trainer);
  await page.goto('/customers/1');
  const cancelBy = page.getByTestId('account-card').first().getByTestId('easypay-cancel-by');
  await expect(cancelBy).toContainText('cancel by Fri, Nov 20, 2026');

  await page.getByRole('link', { name: 'Training' }).click();
  await page.getByRole('button', { name: '+1 business day' }).click();
  await expect(page.getByTestId('trainer-clock-now')).toContainText('Mon, Nov 23, 2026');
  // The "set clock" fields follow, in the centre's zone (server/domain/shared/centre-date.ts).
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue('2026-11-23');

  await page.getByRole('link', { name: 'Customers' }).click();
  await page.goto('/customers/1');
  await expect(cancelBy).toContainText('Too late to stop the Wed, Nov 25, 2026 debit');

  await page.getByRole('link', { name: 'Training' }).click();
  await page.getByTestId('reset-button').click();
  await page.getByRole('button', { name: 'Reset now' }).click();
  await expect(page.getByTestId('reset-done')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('planted-records')).toContainText('Hélène Tremblay');
  await expect(page.getByTestId('trainer-clock-now')).toContainText('Mon, Nov 23, 2026');
});

test.describe('the 360 dates an event by the centre’s day, not UTC’s nor the PC’s', () => {
  // A PC far from the centre: neither its zone nor UTC may decide the day shown.
  test.use({ timezoneId: 'Asia/Tokyo' });

  test('a customer created and flagged at 23:30 in New York shows that day', async ({
    page,
    desk,
  }) => {
    const db = desk.server.deps.db;
    // 2026-03-10T03:30Z is 23:30 on Mon Mar 9 in New York (EDT), Mar 10 in UTC and in Tokyo.
    await db
      .updateTable('customers')
      .set({ created_at: '2026-03-10T03:30:00.000Z' })
      .where('id', '=', 1)
      .execute();
    await db
      .insertInto('customer_flags')
      .values({
        customer_id: 1,
        kind: 'vip',
        note: 'Centre-day check',
        raised_at: '2026-11-21T04:30:00.000Z', // 23:30 on Fri Nov 20 in New York (EST)
      })
      .execute();

    await signIn(page, ...DEMO.agent);
    await page.goto('/customers/1');
    const panel = page.getByTestId('customer-360');
    await expect(panel).toContainText('Customer since Mar 9, 2026');
    await expect(
      panel.getByTestId('flag').and(page.getByLabel(/Centre-day check/)),
    ).toHaveAttribute('aria-label', 'Centre-day check (Nov 20, 2026)');
  });
});
