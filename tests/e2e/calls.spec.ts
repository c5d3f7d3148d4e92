import { mkdirSync } from 'node:fs';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { addPhone, createCustomer } from '../../db/repositories/customers.ts';
import type { Db } from '../../db/database.ts';
import { DEMO, expect, signIn, test } from './fixtures.ts';

const SHOTS = '/tmp/shots-calls';

/**
 * A customer on EasyPay, due on the 28th: Sat 2026-11-28 is debited Mon 2026-11-30, and the
 * last day to stop it is Tue 2026-11-24 (Thanksgiving skipped). The desk's clock is Fri 2026-11-20.
 * Her online access is locked (five failed sign-ins, seed 001).
 */
async function plant(db: Db, at: string) {
  const c = await createCustomer(
    db,
    {
      firstName: 'Ottoline',
      lastName: 'Quillfeather',
      dateOfBirth: '1980-04-12',
      ssnLast4: '4321',
      language: 'en',
      email: 'ottoline@example.com',
    },
    at,
  );
  await addPhone(
    db,
    { customerId: c.id, kind: 'mobile', number: '5185550142', isPrimary: true },
    at,
  );
  await addAddress(
    db,
    {
      customerId: c.id,
      line1: '12 MAIN ST',
      city: 'ALBANY',
      region: 'NY',
      postalCode: '12207',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  const lease = await createAccount(
    db,
    {
      accountNumber: '9900000171',
      type: 'lease',
      vin: '1M8GDM9AXKP042788',
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: c.id,
      termMonths: 48,
      frequency: 'monthly',
      paymentCents: 45_000,
      dueDay: 28,
      openedOn: '2024-01-05',
      amountFinancedCents: 3_000_000,
      aprBps: 399,
      residualCents: 1_500_000,
      easyPay: { bankAccount: '000123456789', routing: '011000015' },
    },
    at,
  );
  await db
    .insertInto('portal_accounts')
    .values({
      customer_id: c.id,
      login_email: 'ottoline@example.com',
      enrolled_at: '2024-02-01T15:00:00.000Z',
      activated_at: '2024-02-01T15:10:00.000Z',
      paperless: 1,
      failed_sign_ins: 5,
      locked_until: '2026-11-20T15:20:00.000Z',
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('portal_account_links')
    .values({ customer_id: c.id, account_id: lease.id, linked_at: '2024-02-01T15:12:00.000Z' })
    .execute();
  return c;
}

test('a call from a phone-number search: verify, cancel EasyPay, wrap up, then see it on the timeline', async ({
  page,
  desk,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  const customer = await plant(desk.server.deps.db, desk.clock.now().toISOString());
  await signIn(page, ...DEMO.agent);
  await page
    .getByRole('navigation', { name: 'areas' })
    .getByRole('link', { name: 'Calls' })
    .click();

  // Find the caller by the number the phone shows.
  await page.getByTestId('caller-phone').fill('(518) 555-0142');
  await page.getByTestId('call-customer-search').getByRole('combobox').fill('518-555-0142');
  await page
    .getByTestId('customer-search-option')
    .filter({ hasText: 'Ottoline Quillfeather' })
    .click();
  await expect(page.getByText('Caller: Ottoline Quillfeather')).toBeVisible();
  await page.getByTestId('start-call').click();

  const panel = page.getByTestId('call-panel');
  await expect(panel.getByRole('heading', { name: 'Ottoline Quillfeather' })).toBeVisible();
  await expect(page.getByTestId('call-verification')).toHaveText('Not verified');
  // Gated until verified.
  await expect(page.getByTestId('cancel-easypay')).toBeDisabled();

  // A wrong answer first, then the right ones.
  await page.getByTestId('verify-dob').fill('1980-04-12');
  await page.getByTestId('verify-ssn').fill('1111');
  await page.getByTestId('verify-zip').fill('12207');
  await page.getByTestId('verify-submit').click();
  await expect(panel.getByText(/do not match our records\. 2 attempts left\./)).toBeVisible();
  await page.getByTestId('verify-ssn').fill('4321');
  await page.getByTestId('verify-submit').click();
  await expect(page.getByTestId('call-verification')).toHaveText('Verified');

  // A payoff quote letter: the quote, and the PDF one click away.
  await page.getByTestId('payoff-letter').click();
  await expect(page.getByTestId('payoff-letter-sent')).toContainText(
    /Payoff letter sent: \$[\d,]+\.\d\d good through Mon, Nov 30, 2026/,
  );
  // One payoff on every screen: the letter's figure for today is (below) the 360's "Payoff
  // today"; the lease instalment falling due in the window is named.
  const sent = page.getByTestId('payoff-letter-sent');
  await expect(sent).toContainText('includes $450.00 due Sat, Nov 28, 2026');
  const payoffToday = /Payoff today: (\$[\d,]+\.\d\d)/.exec(await sent.innerText())?.[1];
  expect(payoffToday).toBeDefined();
  await expect(page.getByTestId('call-action').first()).toContainText(
    'Payoff quote letter for 9900000171',
  );

  // A secure message from the call: she has no open thread, so a new one.
  await page.getByTestId('message-body').fill('Here is the payoff quote we discussed.');
  await page.getByTestId('message-send').click();
  await expect(page.getByTestId('message-sent')).toContainText(/Sent: new thread #\d+/);

  // EasyPay cancellation: which debit it stops, confirmed before it is sent.
  await expect(
    panel.getByText(/Cancelling today stops the debit of Mon, Nov 30, 2026/),
  ).toBeVisible();
  await page.getByTestId('cancel-easypay').click();
  const dialog = page.getByRole('dialog', { name: 'Cancel EasyPay?' });
  await expect(dialog.getByText('First debit stopped')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel EasyPay' }).click();
  await expect(page.getByTestId('easypay-cancelled')).toContainText(
    'It stops the debit of Mon, Nov 30, 2026 (due Sat, Nov 28, 2026)',
  );
  await expect(page.getByTestId('call-action').nth(1)).toContainText('Secure message sent');
  await expect(
    page.getByTestId('call-action').first().getByRole('button', { name: 'Open letter' }),
  ).toBeVisible();
  await expect(
    page.getByTestId('call-action').nth(1).getByRole('link', { name: 'Open the thread' }),
  ).toBeVisible();
  await expect(page.getByTestId('call-action').nth(2)).toContainText(
    'EasyPay cancelled on 9900000171',
  );
  await expect(page.getByTestId('portal-lock')).toContainText('Locked until');
  await page.screenshot({ path: `${SHOTS}/call-panel.png`, fullPage: true });

  // Wrap-up is required: no reason → refused; then done, and the agent is free again.
  await page.getByTestId('wrap-up').click();
  await expect(panel.getByText('Pick at least one reason')).toBeVisible();
  await page.getByTestId('reason-easypay').click();
  await page.getByTestId('wrap-notes').fill('Customer switches to paying by mail.');
  await page.getByTestId('wrap-up').click();
  await expect(page.getByRole('heading', { name: 'Start a call' })).toBeVisible();

  // The same contact on the customer's timeline, newest first.
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByTestId('payoff')).toContainText(payoffToday!);
  const timeline = page.getByTestId('customer-timeline');
  const items = timeline.getByTestId('timeline-item');
  // All at the same paused instant: ties go by kind, then newest first.
  await expect(items.first()).toHaveAttribute('data-kind', 'message');
  // Words, never codes: the thread's topic and state by name (no "waiting_on_customer").
  await expect(items.first()).toContainText('Secure message: ');
  await expect(items.first()).not.toContainText(/\b[a-z]+_[a-z_]+\b/);
  await expect(items.nth(1)).toHaveAttribute('data-kind', 'easypay-change');
  await expect(items.nth(2)).toHaveAttribute('data-kind', 'call-action');
  await expect(items.nth(2)).toContainText('From a call: secure message sent');
  await expect(items.nth(3)).toContainText('From a call: payoff quote letter');
  // In the agent's language, its date a date (the stored English summary is for exports).
  await expect(items.nth(3)).toContainText(/good through Mon 2026-11-30/);
  await expect(items.nth(3).getByRole('button', { name: 'Open letter' })).toBeVisible();
  await expect(items.nth(4)).toHaveAttribute('data-kind', 'call');
  await expect(items.nth(4)).toContainText('Incoming call');
  await expect(items.nth(4)).toContainText('Customer switches to paying by mail.');
  await timeline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/timeline.png`, fullPage: true });
  // Filters narrow it to calls (and what they sent).
  await timeline.getByRole('button', { name: 'Calls' }).click();
  await expect(items).toHaveCount(3);
});

test('an admin adds and retires a call reason code, with a reason for each change', async ({
  page,
}) => {
  await signIn(page, ...DEMO.admin);
  await page.goto('/admin/call-reasons');
  const admin = page.getByTestId('reason-codes-admin');
  await admin.getByRole('button', { name: 'Add a reason code' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a reason code' });
  await dialog.getByTestId('reason-form-code').fill('Insurance!');
  await dialog.getByTestId('reason-form-labelEn').fill('Insurance and title');
  await dialog.getByTestId('reason-form-labelFr').fill('Assurance et titre');
  await dialog.getByLabel('Reason').fill('Insurance calls were filed as other');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  // Refused with the field named; fixed, accepted.
  await expect(dialog.getByText('Lower-case letters, digits and dashes (2–40)')).toBeVisible();
  await dialog.getByTestId('reason-form-code').fill('insurance');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  const row = page.getByTestId('reason-row-insurance');
  await expect(row).toContainText('Insurance and title');
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Retire' }).click();
  const retire = page.getByRole('dialog', { name: 'Retire insurance' });
  await retire.getByLabel('Reason').fill('Merged back into other');
  await retire.getByRole('button', { name: 'Confirm' }).click();
  await expect(row).toContainText('Retired');
  await page.screenshot({ path: `${SHOTS}/reason-codes-admin.png`, fullPage: true });
});
