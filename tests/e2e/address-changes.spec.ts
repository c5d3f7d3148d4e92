import type { Page } from '@playwright/test';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress, addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import type { Db } from '../../db/database.ts';
import { DEMO, expect, signIn, test, signOut } from './fixtures.ts';

const VIN = '1M8GDM9AXKP042788';

/** A customer with one lease, living in Albany NY; account numbers far from any seeded ones. */
async function plantCustomer(
  db: Db,
  at: string,
  opts: {
    first: string;
    line1?: string;
    city?: string;
    region?: string;
    postal?: string;
    account: string;
  },
) {
  const c = await createCustomer(
    db,
    {
      firstName: opts.first,
      lastName: 'Quillfeather',
      dateOfBirth: '1980-04-12',
      ssnLast4: '4321',
      language: 'en',
    },
    at,
  );
  await addAddress(
    db,
    {
      customerId: c.id,
      line1: opts.line1 ?? '12 MAIN ST',
      city: opts.city ?? 'ALBANY',
      region: opts.region ?? 'NY',
      postalCode: opts.postal ?? '12207',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  await createAccount(
    db,
    {
      accountNumber: opts.account,
      type: 'lease',
      vin: VIN,
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: c.id,
      termMonths: 36,
      frequency: 'monthly',
      paymentCents: 45_000,
      dueDay: 5,
      openedOn: '2024-01-05',
      amountFinancedCents: 3_000_000,
      aprBps: 399,
      residualCents: 1_500_000,
    },
    at,
  );
  return c;
}

async function verifyAndEnter(page: Page, name: string) {
  await page.goto('/address-changes/new');
  await page.getByTestId('customer-search').getByRole('combobox').fill(name);
  await page.getByTestId('customer-search-option').first().click();
  await expect(page.getByTestId('selected-customer')).toContainText(name);
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByLabel('Date of birth').fill('1980-04-12');
  await page.getByLabel('Last 4 of SSN').fill('4321');
  await page.getByLabel('ZIP / postal code on file').fill('12207');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verify-passed')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByLabel('Street address').fill('200 boylston street apartment 5');
  await page.getByLabel('City').fill('Boston');
  await page.getByLabel('State').fill('Massachusetts');
  await page.getByLabel('ZIP or ZIP+4').fill('02116');
  await expect(page.getByTestId('normalized-address')).toContainText('200 BOYLSTON ST APT 5');
  await expect(page.getByTestId('normalized-address')).toContainText('BOSTON MA  02116');
  await page.getByLabel('Reason').fill('Customer moved');
  await page.getByRole('button', { name: 'Preview effects' }).click();
  await expect(page.getByTestId('effects')).toBeVisible();
}

test('verify → enter → preview → apply → letters to both addresses', async ({ page, desk }) => {
  const db = desk.server.deps.db;
  const customer = await plantCustomer(db, desk.clock.now().toISOString(), {
    first: 'Zephyrine',
    account: '9900000001',
  });
  await signIn(page, ...DEMO.agent);
  await verifyAndEnter(page, 'Zephyrine Quillfeather');

  await expect(page.getByTestId('effect-fee')).toContainText('$20.00 (NY) → $10.00 (MA)');
  await expect(page.getByTestId('effect-ma')).toContainText('starts to apply');
  await expect(page.getByTestId('effect-lease')).toContainText('9900000001');
  await expect(page.getByTestId('effect-lockboxes')).toContainText('P.O. BOX 9001065');
  await page.screenshot({
    path: 'test-results/address-changes/effects-preview.png',
    fullPage: true,
  });

  await page.getByRole('button', { name: 'Apply change' }).click();
  await expect(page.getByTestId('done')).toContainText('applied from 2026-11-20');
  await expect(page.getByTestId('letter-old')).toContainText('12 MAIN ST');
  await expect(page.getByTestId('letter-new')).toContainText('200 BOYLSTON ST APT 5');
  await expect(page.getByTestId('address-history')).toContainText('200 BOYLSTON ST APT 5');
  await page.screenshot({ path: 'test-results/address-changes/applied.png', fullPage: true });
  expect((await addressAsOf(db, customer.id, '2026-11-20'))?.city).toBe('BOSTON');
});

test('a flagged change waits for a supervisor, who sees why and approves it', async ({
  page,
  desk,
}) => {
  const db = desk.server.deps.db;
  const at = desk.clock.now().toISOString();
  // Someone else already lives at the new address: the shared-address red flag.
  await plantCustomer(db, at, {
    first: 'Ottoline',
    line1: '200 BOYLSTON ST APT 5',
    city: 'BOSTON',
    region: 'MA',
    postal: '02116',
    account: '9900000002',
  });
  const customer = await plantCustomer(db, at, { first: 'Barnaby', account: '9900000003' });
  await signIn(page, ...DEMO.agent);
  await verifyAndEnter(page, 'Barnaby Quillfeather');
  await expect(page.getByTestId('needs-approval')).toContainText('Ottoline Quillfeather');
  await page.getByRole('button', { name: 'Submit for supervisor approval' }).click();
  await expect(page.getByTestId('done')).toContainText('waiting for a supervisor');
  expect((await addressAsOf(db, customer.id, '2026-11-20'))?.city).toBe('ALBANY');
  await signOut(page);

  await signIn(page, ...DEMO.supervisor);
  await page.goto('/supervisor/address-changes');
  const row = page
    .locator('[data-testid^="approval-"]')
    .filter({ hasText: 'Barnaby Quillfeather' });
  await expect(row).toContainText('The new address is also the address of Ottoline Quillfeather');
  await page.screenshot({
    path: 'test-results/address-changes/approval-queue.png',
    fullPage: true,
  });
  await row.getByRole('button', { name: 'Approve' }).click();
  await page.getByLabel('Reason').fill('Called the customer back at the number on file');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(row).toHaveCount(0);
  expect((await addressAsOf(db, customer.id, '2026-11-20'))?.city).toBe('BOSTON');
  const letters = await db
    .selectFrom('address_change_letters')
    .innerJoin('address_changes', 'address_changes.id', 'address_change_letters.change_id')
    .select('recipient')
    .where('address_changes.customer_id', '=', customer.id)
    .execute();
  expect(letters.map((l) => l.recipient).sort()).toEqual(['new', 'old']);
});
