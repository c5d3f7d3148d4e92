import { extractText, getDocumentProxy } from 'unpdf';
import { DEMO, expect, signIn, test } from './fixtures.ts';

/**
 * A phone dispute from intake to the reversal of its provisional credit, on Fri 2026-11-20
 * (clocks cross Thanksgiving), with the supervisor's cockpit showing the case's clocks.
 */
test('phone intake → acknowledgement → provisional credit → no error → reversal, seen in the cockpit', async ({
  page,
  desk,
  browser,
}) => {
  test.setTimeout(120_000);
  const account = await desk.server.deps.db
    .selectFrom('accounts as a')
    .innerJoin('customer_addresses as ad', 'ad.customer_id', 'a.holder_customer_id')
    .select(['a.account_number', 'ad.region'])
    .where('a.status', '=', 'active')
    .where('ad.effective_to', 'is', null)
    .where('ad.region', 'not in', ['MA'])
    .where('ad.country', '=', 'US')
    .orderBy('a.id')
    .limit(1)
    .executeTakeFirstOrThrow();

  await signIn(page, ...DEMO.agent);
  await page.goto('/disputes/new');
  const search = page.getByTestId('dispute-customer-search').getByRole('combobox');
  await search.fill(account.account_number);
  await expect(page.getByTestId('customer-search-option').first()).toBeVisible();
  await search.press('Enter');
  await expect(page.getByTestId('intake-customer')).not.toHaveText('…');
  await expect(page.getByTestId('intake-residence')).toContainText(account.region);
  // No default error type: the agent chooses it.
  await expect(page.getByRole('button', { name: 'Open the case' })).toBeDisabled();
  await page.getByLabel('Error type').click();
  await page.getByRole('option', { name: 'Duplicate debit' }).click();
  await page.getByLabel("Agent's note").fill('EasyPay took the November payment twice.');
  const tx = page.getByTestId('intake-tx').first();
  await tx.getByLabel('Date').fill('2026-11-05');
  await tx.getByLabel('Amount').fill('450.00');
  await tx.getByLabel('Description').fill('EasyPay debit (duplicate)');
  await page.getByRole('button', { name: 'Open the case' }).click();

  // The case: its clocks, explained.
  await expect(page.getByTestId('case-number')).toHaveText(/^D-\d{6}$/);
  const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
  const caseUrl = page.url();
  const decision = page.getByTestId('clock-determination_or_credit');
  await expect(decision).toContainText('Dec 7, 2026');
  await expect(page.getByTestId('clock-determination_or_credit-explanation')).toHaveText(
    '10 business days from Fri 2026-11-20; skipped Thu 2026-11-26 Thanksgiving Day and 3 weekends',
  );
  await expect(page.getByTestId('clock-written_confirmation')).toContainText('Dec 7, 2026');
  await expect(page.getByTestId('clock-investigation')).toContainText('Jan 4, 2027');
  await page.screenshot({ path: 'test-results/disputes/case-open.png', fullPage: true });

  // Acknowledgement letter: preview reads right, then record it as sent.
  const caseId = caseUrl.split('/').at(-1);
  const preview = await page.request.get(
    `/api/disputes/${caseId}/preview/acknowledgement.pdf?lang=en`,
  );
  expect(preview.headers()['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await preview.body())), {
    mergePages: true,
  });
  expect(text.replace(/\s+/g, ' ')).toContain('P.O. BOX 3608');
  await expect(page.getByTestId('letter-kind')).toHaveValue('acknowledgement');
  await page.getByTestId('record-letter').click();
  await expect(page.getByTestId('case-letters')).toContainText('Acknowledgement');

  // The supervisor's cockpit shows this case's open clock.
  const supervisorContext = await browser.newContext({ baseURL: desk.server.url });
  const sup = await supervisorContext.newPage();
  await signIn(sup, ...DEMO.supervisor);
  await sup.goto('/supervisor/disputes');
  await expect(sup.getByTestId('cockpit-clock-determination_or_credit')).toBeVisible();
  await sup.getByTestId('open-determination_or_credit').click();
  await expect(sup.getByTestId('drill-table')).toContainText(caseNumber);
  await sup.screenshot({ path: 'test-results/disputes/cockpit.png', fullPage: true });

  // Provisional credit, then its notice.
  // Money steps confirm with the amount and the account before anything is posted.
  await page.getByTestId('pc-panel').getByRole('button', { name: 'Post to ledger' }).click();
  const confirmPc = page.getByRole('dialog', { name: 'Post this provisional credit?' });
  await expect(confirmPc).toContainText('$450.00');
  await expect(confirmPc).toContainText(account.account_number);
  await confirmPc.getByRole('button', { name: 'Post to ledger' }).click();
  await expect(decision).toContainText('Met');
  await expect(page.getByTestId('letter-kind')).toHaveValue('provisional_credit');
  await page.getByTestId('record-letter').click();
  await expect(page.getByTestId('case-letters')).toContainText('Provisional credit notice');

  // No error: chosen (no default), and the gate wants a written explanation.
  await page.getByLabel('Outcome').click();
  await page.getByRole('option', { name: 'No error', exact: true }).click();
  await page.getByTestId('explanation').fill('n/a');
  await page.getByRole('button', { name: 'Record determination' }).click();
  await expect(page.getByTestId('action-error')).toContainText('written explanation');
  await page
    .getByTestId('explanation')
    .fill(
      'Only one EasyPay debit of $450.00 reached your account; the second item was a pending authorisation that never posted.',
    );
  await page.getByRole('button', { name: 'Record determination' }).click();
  await expect(page.getByTestId('case-stage')).toHaveText('Results due');
  await expect(page.getByTestId('letter-kind')).toHaveValue('no_error');
  await page.getByTestId('record-letter').click();
  await expect(page.getByTestId('case-stage')).toHaveText('Reversal pending');

  // Reversal notice: the debit date defaults to 5 business days later, across Thanksgiving.
  await expect(page.getByTestId('letter-kind')).toHaveValue('reversal');
  await expect(page.getByLabel('Debit date')).toHaveValue('2026-11-30');
  await page.getByTestId('record-letter').click();
  await expect(page.getByTestId('reversal-panel')).toContainText('Not before');
  await expect(page.getByTestId('reversal-panel')).toContainText('Nov 30, 2026');

  // Gate: a reversal dated earlier than the notice period is refused.
  await page.getByTestId('reversal-on').fill('2026-11-27');
  await page.getByRole('button', { name: 'Post reversal' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Post reversal' }).click();
  await expect(page.getByTestId('action-error')).toContainText(
    'cannot be dated before Mon 2026-11-30',
  );
  await page.screenshot({ path: 'test-results/disputes/case-reversal-gate.png', fullPage: true });

  // Ten days later (the session idles out across the jump: sign in again), post it.
  desk.clock.set('2026-11-30T15:00:00.000Z');
  await signIn(page, ...DEMO.agent);
  await page.goto(caseUrl);
  await page.getByTestId('reversal-on').fill('2026-11-30');
  await page.getByRole('button', { name: 'Post reversal' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Post reversal' }).click();
  await expect(page.getByTestId('case-stage')).toHaveText('Ready to close');
  await expect(page.getByTestId('case-timeline')).toContainText(
    'Provisional credit of $450.00 reversed Mon 2026-11-30',
  );
  await page.getByRole('button', { name: 'Close the case' }).click();
  await expect(page.getByTestId('case-stage')).toHaveText('Closed');
  await page.screenshot({ path: 'test-results/disputes/case-closed.png', fullPage: true });
  await supervisorContext.close();
});
