import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './fixtures.ts';

/** Screenshots to look at (test-results is git-ignored; CIC_SHOTS_DIR moves them elsewhere). */
const shot = (name: string) =>
  path.join(process.env.CIC_SHOTS_DIR ?? 'test-results/mail-payments', `${name}.png`);

/** Two active lease accounts of the demo data (read straight from the test's own database). */
function leaseAccounts(dataDir: string): Array<{ id: number; account_number: string }> {
  const db = new Database(path.join(dataDir, 'cic-desk.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        "select id, account_number from accounts where type = 'lease' and status = 'active' order by id limit 2",
      )
      .all() as Array<{ id: number; account_number: string }>;
  } finally {
    db.close();
  }
}

/** Keys one item the way a keyer does: type, Enter, type, Enter ... Enter on the last field saves. */
async function keyItem(
  page: Page,
  item: { account: string; amount: string; instrument: string; payee: string; remitter: string },
) {
  const account = page.getByLabel('Account number', { exact: true });
  await expect(account).toBeFocused();
  await page.keyboard.type(item.account);
  await page.keyboard.press('Enter');
  await page.keyboard.type(item.amount);
  await page.keyboard.press('Enter');
  await page.keyboard.type(item.instrument);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // type: personal check (default)
  await page.keyboard.type(item.payee);
  await page.keyboard.press('Enter');
  await page.keyboard.type('021000021');
  await page.keyboard.press('Enter');
  await page.keyboard.type(item.remitter);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // notes
  await Promise.all([
    page.waitForResponse(/mailPayments\.items\.add/),
    page.keyboard.press('Enter'),
  ]); // paid in full → save
}

test('key a batch from the keyboard, resolve a payee mismatch, balance, post, then return one item NSF', async ({
  page,
  desk,
}) => {
  const [first, second] = leaseAccounts(desk.dataDir);
  expect(first && second).toBeTruthy();
  if (!first || !second) return;
  await signIn(page, ...DEMO.agent);
  await page.goto('/mail-payments/batches');

  // Deposit ticket: 3 items, $1,234.56 in all ($450.00 + $500.00 + $284.56).
  await page.getByLabel('Control count').fill('3');
  await page.getByLabel('Control total').fill('123456');
  await expect(page.getByText('$1,234.56')).toBeVisible();
  await page.getByRole('button', { name: 'Open batch' }).click();
  await expect(page.getByTestId('balance-bar')).toContainText('Out of balance');
  const batchUrl = page.url();

  await keyItem(page, {
    account: first.account_number,
    amount: '45000',
    instrument: '880001',
    payee: 'MINI FIN SVCS',
    remitter: 'E2E First',
  });
  await expect(page.getByTestId('last-item')).toContainText('All checks passed');
  await keyItem(page, {
    account: second.account_number,
    amount: '500.00',
    instrument: '880002',
    payee: 'BMW Bank of North America',
    remitter: 'E2E Second',
  });
  await expect(page.getByTestId('last-item')).toContainText('Payee mismatch');
  await expect(page.getByTestId('balance-count')).toContainText('2 / 3');
  await expect(page.getByTestId('balance-total')).toContainText('$950.00 / $1,234.56');
  await expect(page.getByTestId('blockers')).toContainText('does not balance');
  await page.screenshot({ path: shot('batch-entry'), fullPage: true });

  // Resolve the exception: the keyer misread the payee; correct it in the queue.
  const resolve = page.getByTestId('item-row-2').getByRole('link', { name: 'Resolve' });
  const itemId = (await resolve.getAttribute('href'))?.split('/').pop() ?? '';
  await resolve.click();
  const panel = page.getByRole('region', { name: 'Resolve the exception' });
  await expect(panel).toContainText('Payee mismatch');
  await panel.getByRole('button', { name: 'Search' }).click();
  await page.screenshot({ path: shot('exceptions-queue'), fullPage: true });
  await panel.getByLabel('Payee as written').fill('MINI Financial Services');
  await panel.getByLabel('Note').fill('Payee misread at keying');
  await panel.getByRole('button', { name: 'Save correction' }).click();
  await expect(page.getByTestId(`exception-row-${itemId}`)).toHaveCount(0);
  await expect(panel).toHaveCount(0);

  // Back to the batch: key the third item, which balances it, then post.
  await page.goto(batchUrl);
  await page.getByLabel('Account number', { exact: true }).focus();
  await keyItem(page, {
    account: first.account_number,
    amount: '28456',
    instrument: '880003',
    payee: 'MINI Financial Services',
    remitter: 'E2E First',
  });
  await expect(page.getByTestId('balance-state')).toHaveText('Balanced');
  await page.getByRole('button', { name: 'Post batch' }).click();
  // Money moves only after the confirmation that states count, total, lockbox and date.
  const confirmPost = page.getByRole('dialog', { name: /^Post batch #\d+\?$/ });
  await expect(confirmPost).toContainText('Items to post3');
  await expect(confirmPost).toContainText('Total$1,234.56');
  await page.screenshot({ path: shot('post-confirm') });
  await confirmPost.getByRole('button', { name: 'Post 3 items, $1,234.56' }).click();
  await expect(page.getByTestId('post-result')).toContainText(
    'Posted 3 items, $1,234.56, as of 2026-11-20',
  );
  await expect(page.getByTestId('item-row-2')).toContainText('Posted');

  // The bank returns item 1 unpaid.
  await page
    .getByTestId('item-row-1')
    .getByRole('button', { name: 'Record NSF return for item 1' })
    .click();
  const confirmNsf = page.getByRole('dialog');
  await expect(confirmNsf).toContainText(first.account_number);
  await expect(confirmNsf.getByRole('button', { name: 'Reverse the payment' })).toBeDisabled();
  await page.getByLabel('Reason').fill('NSF — insufficient funds');
  await confirmNsf.getByRole('button', { name: 'Reverse the payment' }).click();
  await expect(page.getByTestId('item-row-1')).toContainText('Returned unpaid');
  await page.getByRole('link', { name: 'Batch proof' }).click();
  await expect(page.getByTestId('batch-proof')).toContainText('Balanced');
  await page.screenshot({ path: shot('batch-proof'), fullPage: true });

  const db = new Database(path.join(desk.dataDir, 'cic-desk.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        "select kind, amount_cents, posted_on, reference from ledger_entries where reference glob 'mail-*' order by id",
      )
      .all() as Array<{ kind: string; amount_cents: number; posted_on: string; reference: string }>;
    expect(rows.map((r) => [r.kind, r.amount_cents, r.posted_on])).toEqual([
      ['payment', -45_000, '2026-11-20'],
      ['payment', -50_000, '2026-11-20'],
      ['payment', -28_456, '2026-11-20'],
      ['return', 45_000, '2026-11-20'],
      ['fee', expect.any(Number), '2026-11-20'],
    ]);
    const flag = db
      .prepare("select kind from account_flags where account_id = ? and kind = 'nsf'")
      .get(first.id);
    expect(flag).toEqual({ kind: 'nsf' });
  } finally {
    db.close();
  }
});

test('import the lockbox data file: preview, import, exceptions reported', async ({
  page,
  desk,
}) => {
  const [first, second] = leaseAccounts(desk.dataDir);
  expect(first && second).toBeTruthy();
  if (!first || !second) return;
  await signIn(page, ...DEMO.agent);
  await page.goto('/mail-payments/batches');
  await page.getByLabel('Control count').fill('3');
  await page.getByLabel('Control total').fill('123456');
  await page.getByRole('button', { name: 'Open batch' }).click();
  await expect(page.getByTestId('balance-bar')).toContainText('Out of balance');

  const csv = [
    'account_number,amount,instrument_number,instrument_type,payee,routing_number,remitter,notes,paid_in_full',
    `${first.account_number},45000,770001,personal_check,MINI Financial Services,021000021,E2E File One,,no`,
    `${second.account_number},500.00,770002,money_order,"MINI FIN. SVCS",,"Lee, Ann",from the file,`,
    '9999999999,284.56,770003,personal_check,MINI Financial Services,021000021,Unknown,,',
  ].join('\r\n');
  await page
    .getByTestId('lockbox-file')
    .setInputFiles({ name: 'lockbox-0420.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-preview')).toContainText(
    'lockbox-0420.csv: 3 items, $1,234.56.',
  );
  await Promise.all([
    page.waitForResponse(/mailPayments\.items\.importItems/),
    page.getByRole('button', { name: 'Import 3 items' }).click(),
  ]);
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('Imported 3 items ($1,234.56), items 1–3.');
  await expect(result).toContainText('1 item went to the exceptions queue');
  await expect(result).toContainText('Item 3 (account 9999999999');
  await expect(page.getByTestId('balance-count')).toContainText('3 / 3');
  await expect(page.getByTestId('balance-state')).toContainText('Balanced');
  await expect(page.getByTestId('item-row-3').getByRole('link', { name: 'Resolve' })).toBeVisible();
  await page.screenshot({ path: shot('lockbox-import'), fullPage: true });

  // A file with a bad line is refused in the browser: nothing is sent.
  const bad = [
    'account_number,amount,instrument_number,instrument_type,payee',
    `${first.account_number},12x,770009,wire,MINI Financial Services`,
  ].join('\n');
  await page
    .getByTestId('lockbox-file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('import-problems')).toContainText(
    'Line 2: the amount "12x" is not valid.',
  );
  await expect(page.getByTestId('import-problems')).toContainText('unknown instrument type "wire"');
  await expect(page.getByRole('button', { name: 'Import 1 item' })).toBeDisabled();
});
