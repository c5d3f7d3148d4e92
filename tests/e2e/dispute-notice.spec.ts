import { mkdirSync, writeFileSync } from 'node:fs';
import { DEMO, expect, signIn, test, type DeskFixture } from './fixtures.ts';

/**
 * The notice date as received (issue 18): a letter keyed days after it arrived keeps its
 * received date; a secure-message hand-off keeps the message's received time. The centre is in
 * New York; this browser is in Tokyo, because the notice fields are centre time whatever the PC's
 * zone (a field read in the PC's zone dated a Friday 10:30 letter Thursday).
 */
test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

const SHOTS = '/tmp/shots-disputes';
mkdirSync(SHOTS, { recursive: true });

async function nonMaAccount(desk: DeskFixture) {
  return desk.server.deps.db
    .selectFrom('accounts as a')
    .innerJoin('customer_addresses as ad', 'ad.customer_id', 'a.holder_customer_id')
    .select(['a.id', 'a.account_number', 'a.holder_customer_id', 'ad.region'])
    .where('a.status', '=', 'active')
    .where('ad.effective_to', 'is', null)
    .where('ad.region', 'not in', ['MA'])
    .where('ad.country', '=', 'US')
    .orderBy('a.id')
    .limit(1)
    .executeTakeFirstOrThrow();
}

test('a mailed notice received on Friday and keyed on Monday shows Friday’s deadlines', async ({
  page,
  desk,
}) => {
  test.setTimeout(90_000);
  desk.clock.set('2026-11-23T15:00:00.000Z'); // Monday 10:00 in New York
  const account = await nonMaAccount(desk);
  await signIn(page, ...DEMO.agent);
  await page.goto('/disputes/new');
  const search = page.getByTestId('dispute-customer-search').getByRole('combobox');
  await search.fill(account.account_number);
  await expect(page.getByTestId('customer-search-option').first()).toBeVisible();
  await search.press('Enter');
  await expect(page.getByTestId('intake-customer')).not.toHaveText('…');

  await page.getByLabel('Received by').click();
  await page.getByRole('option', { name: 'Mail' }).click();
  // A letter needs its received stamp: no silent "now".
  await page.getByLabel('Error type').click();
  await page.getByRole('option', { name: 'Duplicate debit' }).click();
  await page.getByLabel("Agent's note").fill('Letter from the customer: November taken twice.');
  const tx = page.getByTestId('intake-tx').first();
  await tx.getByLabel('Date').fill('2026-11-05');
  await tx.getByLabel('Amount').fill('450.00');
  await tx.getByLabel('Description').fill('EasyPay debit (duplicate)');
  await expect(page.getByRole('button', { name: 'Open the case' })).toBeDisabled();
  await page.getByTestId('intake-notice-at').fill('2026-11-20T10:30');
  await expect(page.getByText(/Clocks start .*Nov 20, 2026/)).toBeVisible();
  await page.getByRole('button', { name: 'Open the case' }).click();

  await expect(page.getByTestId('case-number')).toHaveText(/^D-\d{6}$/);
  await expect(page.getByTestId('case-notice')).toContainText('Nov 20, 2026');
  // From Friday 11-20: Mon 12-07 (keyed Monday it would have been Tue 12-08).
  await expect(page.getByTestId('clock-determination_or_credit')).toContainText('Dec 7, 2026');
  await expect(page.getByTestId('clock-investigation')).toContainText('Jan 4, 2027');
  await page.screenshot({ path: `${SHOTS}/mail-notice-case.png`, fullPage: true });
});

test('a hand-off keeps the message’s received time and carries the debits it names', async ({
  page,
  desk,
}) => {
  test.setTimeout(90_000);
  desk.clock.set('2026-11-20T15:00:00.000Z'); // the message arrives Friday 10:00
  const account = await nonMaAccount(desk);
  const debit = await desk.server.deps.db
    .selectFrom('ledger_entries')
    .select(['posted_on', 'amount_cents'])
    .where('account_id', '=', account.id)
    .where('kind', '=', 'payment')
    .where('posted_on', '<=', '2026-11-20')
    .orderBy('posted_on', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const amount = (Math.abs(debit.amount_cents) / 100).toFixed(2);
  const response = await fetch(`${desk.server.url}/api/portal/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
    body: JSON.stringify({
      customerId: account.holder_customer_id,
      accountNumber: account.account_number,
      topic: 'erroneous-transaction',
      text: `You took my payment of $${amount} twice. Please put it back.`,
    }),
  });
  expect(response.status).toBe(201);
  const { threadId } = (await response.json()) as { threadId: number };

  desk.clock.set('2026-11-23T16:00:00.000Z'); // handed off on Monday
  await signIn(page, ...DEMO.agent);
  await page.goto(`/disputes/new?fromThread=${threadId}`);
  await expect(page.getByTestId('intake-customer')).not.toHaveText('…');
  await expect(page.getByTestId('intake-notice-at')).toHaveValue('2026-11-20T10:00');
  await expect(page.getByText(/Clocks start .*Nov 20, 2026/)).toBeVisible();
  await expect(page.getByLabel("Reason in the customer's words")).toHaveValue(
    `You took my payment of $${amount} twice. Please put it back.`,
  );
  await expect(page.getByTestId('intake-tx').first().getByLabel('Amount')).toHaveValue(amount);
  await page.getByLabel('Error type').click();
  await page.getByRole('option', { name: 'Duplicate debit' }).click();
  await page.getByLabel(/Reviewed: these are the customer/).check();
  await page.screenshot({ path: `${SHOTS}/handoff-intake.png`, fullPage: true });
  await page.getByRole('button', { name: 'Open the case' }).click();

  await expect(page.getByTestId('case-number')).toHaveText(/^D-\d{6}$/);
  await expect(page.getByTestId('case-notice')).toContainText('Nov 20, 2026, 10:00');
  await expect(page.getByTestId('clock-determination_or_credit')).toContainText('Dec 7, 2026');
});

test('screens to look at: a suspended clock, the policy diff, a French letter dated the 1st', async ({
  page,
  desk,
  browser,
}) => {
  test.setTimeout(120_000);
  desk.clock.set('2026-12-01T15:00:00.000Z'); // Tue 1 Dec: policy version 2 in effect
  const account = await nonMaAccount(desk);
  await signIn(page, ...DEMO.agent);
  await page.goto('/disputes/new');
  const search = page.getByTestId('dispute-customer-search').getByRole('combobox');
  await search.fill(account.account_number);
  await expect(page.getByTestId('customer-search-option').first()).toBeVisible();
  await search.press('Enter');
  await expect(page.getByTestId('intake-customer')).not.toHaveText('…');
  await page.getByLabel('Error type').click();
  await page.getByRole('option', { name: 'Wrong amount' }).click();
  await page.getByLabel("Agent's note").fill('Called: the November debit was higher than agreed.');
  await page
    .getByLabel("Reason in the customer's words")
    .fill('Le prélèvement de novembre est plus élevé que prévu.');
  await page.getByLabel(/Reviewed: these are the customer/).check();
  const tx = page.getByTestId('intake-tx').first();
  await tx.getByLabel('Date').fill('2026-11-25');
  await tx.getByLabel('Amount').fill('125.00');
  await tx.getByLabel('Description').fill('EasyPay debit');
  await page.getByRole('button', { name: 'Open the case' }).click();
  await expect(page.getByTestId('case-number')).toHaveText(/^D-\d{6}$/);
  const caseUrl = page.url();
  const caseId = caseUrl.split('/').at(-1);

  // A French acknowledgement dated Tuesday 1 December: "1er décembre", "d'ici cette date".
  const pdf = await page.request.get(`/api/disputes/${caseId}/preview/acknowledgement.pdf?lang=fr`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  writeFileSync(`${SHOTS}/acknowledgement-fr.pdf`, await pdf.body());

  // No written confirmation by Tue 12-15: from Wed 12-16 the credit clock is suspended.
  desk.clock.set('2026-12-17T15:00:00.000Z');
  await signIn(page, ...DEMO.agent);
  await page.goto(caseUrl);
  const decision = page.getByTestId('clock-determination_or_credit');
  await expect(decision).toContainText('Suspended');
  await expect(page.getByTestId('clock-determination_or_credit-suspension')).toContainText(
    '1005.11(c)(2)(i)(A)',
  );
  await expect(page.getByTestId('clock-investigation')).toContainText('Running');
  await page.screenshot({ path: `${SHOTS}/case-suspended-clock.png`, fullPage: true });

  // The supervisor: the cockpit counts it as suspended, not breached; the policy diff screen.
  const supContext = await browser.newContext({
    baseURL: desk.server.url,
    timezoneId: 'America/New_York',
  });
  const sup = await supContext.newPage();
  await signIn(sup, ...DEMO.supervisor);
  await sup.goto('/supervisor/disputes');
  await expect(sup.getByTestId('suspended-determination_or_credit')).toBeVisible();
  await sup.getByRole('button', { name: 'New draft from the current version' }).click();
  const draft = sup.getByTestId('policy-draft');
  const text = await draft.inputValue();
  await draft.fill(text.replace('"length": 45', '"length": 40'));
  await sup.getByRole('button', { name: 'Compare with the current version' }).click();
  await expect(sup.getByTestId('policy-diff')).toContainText('investigation');
  await sup.getByTestId('policy-editor').scrollIntoViewIfNeeded();
  await sup.screenshot({ path: `${SHOTS}/policy-diff.png`, fullPage: true });
  await supContext.close();
});
