import { DEMO, expect, holdRequests, settled, signIn, test } from './fixtures.ts';

/**
 * The workspace around the screens: a single click opens a queue row, open records become tabs
 * (restored on reload, Ctrl+W closes, Ctrl+Tab cycles), back/forward follow, the palette finds
 * customers, threads, cases and batches and closes with one Esc, `?` answers a real Shift+/.
 */
test('queue rows open on one click; tabs survive a reload, cycle and close', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, ...DEMO.agent);
  await page.goto('/messages?view=team&state=any');
  const rows = page.locator('[role="row"][data-thread-id]');
  await expect(rows.first()).toBeVisible();
  const first = await rows.nth(0).getAttribute('data-thread-id');
  const second = await rows.nth(1).getAttribute('data-thread-id');

  // A tab records a record the agent was shown. The router renders a navigation in a
  // transition, so the address bar changes before the thread is on screen; going back in that
  // gap supersedes the render and (rightly) opens no tab. An agent sees the thread before
  // going back, and so does this test: it waits for the thread's heading, not just the URL.
  const heading = (id: string | null) =>
    page.getByRole('heading', { level: 1, name: `Thread #${id}`, exact: true });
  await rows.nth(0).click();
  await expect(page).toHaveURL(new RegExp(`/messages/${first}$`));
  await expect(heading(first)).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/messages\?/);
  await rows.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/messages/${second}$`));
  await expect(heading(second)).toBeVisible();
  await page.goBack();
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`/messages/${second}$`));

  const tabs = page.getByTestId('workspace-tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(0)).toContainText(`SM-${first}`);

  await page.reload();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');

  await page.locator('main').focus();
  await page.keyboard.press('Control+Tab');
  await expect(page).toHaveURL(new RegExp(`/messages/${first}$`));
  await page.keyboard.press('Control+w');
  await expect(tabs).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`/messages/${second}$`));
});

test('the palette finds a customer, a thread by reference, a case and a batch; one Esc closes', async ({
  page,
  desk,
}) => {
  const db = desk.server.deps.db;
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'last_name'])
    .where('last_name', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const dispute = await db.selectFrom('disputes').select('id').orderBy('id').executeTakeFirst();
  const batch = await db.selectFrom('mail_batches').select('id').orderBy('id').executeTakeFirst();
  await signIn(page, ...DEMO.agent);

  const palette = page.getByRole('combobox', { name: /command palette/i });
  await page.keyboard.press('Control+k');
  await palette.fill(customer.last_name!);
  await expect(page.getByTestId('palette-option').first()).toBeVisible();
  await expect(page.getByRole('listbox').getByText('Customers', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  await page.keyboard.press('Control+k');
  await palette.fill('SM-1');
  await expect(
    page.getByTestId('palette-option').filter({ hasText: 'Thread SM-1 ·' }),
  ).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/messages\/1$/);

  if (dispute) {
    await page.keyboard.press('Control+k');
    await palette.fill(`D-${String(dispute.id).padStart(6, '0')}`);
    await page.getByTestId('palette-option').filter({ hasText: 'Case D-' }).click();
    await expect(page).toHaveURL(new RegExp(`/disputes/${dispute.id}$`));
  }
  if (batch) {
    await page.keyboard.press('Control+k');
    await palette.fill(`B-${batch.id}`);
    await page
      .getByTestId('palette-option')
      .filter({ hasText: `Batch B-${batch.id}` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/mail-payments/batches/${batch.id}$`));
  }

  await page.locator('main').focus();
  await page.keyboard.press('Shift+Slash');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('Ctrl+Tab');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});

/** Screens to look at (CIC_SHOTS_DIR, default test-results/workspace): not assertions on pixels. */
const shot = (name: string) =>
  `${process.env.CIC_SHOTS_DIR ?? 'test-results/workspace'}/${name}.png`;

test('screenshots: queue with tabs at 1280×720, palette, audit diff, French case', async ({
  page,
  desk,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const db = desk.server.deps.db;
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'last_name'])
    .where('last_name', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const dispute = await db
    .selectFrom('disputes')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await signIn(page, ...DEMO.admin);
  await page.goto('/messages?view=team&state=any');
  const rows = page.locator('[role="row"][data-thread-id]');
  await rows.nth(0).click();
  await expect(page.getByTestId('conversation')).toBeVisible();
  await page.goto(`/disputes/${dispute.id}`);
  await expect(page.getByTestId('case-number')).toBeVisible();
  await page.goto('/messages?view=team&state=any');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('workspace-tab')).toHaveCount(2);
  // The Activity column is whole at 1280×720 (nothing cut at the right edge).
  const activity = page.getByRole('columnheader', { name: 'Activity' });
  const box = await activity.boundingBox();
  const table = await page.getByTestId('queue-scroll').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(table!.x + table!.width);
  await page.screenshot({ path: shot('queue-tabs-1280x720') });

  await page.keyboard.press('Control+k');
  await page.keyboard.type(customer.last_name!);
  await expect(page.getByRole('listbox').getByText('Customers', { exact: true })).toBeVisible();
  await page.screenshot({ path: shot('palette-customer') });
  await page.keyboard.press('Escape');

  await page.goto('/admin/settings');
  await page
    .getByTestId('setting-lockboxes')
    .getByRole('button', { name: /Lockboxes/ })
    .click();
  await page.getByTestId('setting-lockboxes').getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('setting-lockboxes').getByLabel('ZIP/postal code').first().fill('12');
  await expect(page.getByTestId('setting-lockboxes').getByTestId('why-disabled')).toBeVisible();
  await page.screenshot({ path: shot('settings-form'), fullPage: true });
  const lockboxes = page.getByTestId('setting-lockboxes');
  await lockboxes.getByLabel('ZIP/postal code').first().fill('85062-8103');
  await lockboxes.getByLabel('City').first().fill('Tempe');
  await lockboxes.getByLabel('Reason').fill('Lockbox moved to the Tempe office');
  await lockboxes.getByRole('button', { name: 'Save' }).click();
  await expect(lockboxes.getByRole('button', { name: 'Edit' })).toBeVisible();

  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-diff').first()).toContainText('#1 › CityPhoenix→ Tempe');
  await page.screenshot({ path: shot('audit-diff') });

  await page.goto('/supervisor/messages');
  await page.getByRole('button', { name: 'Close quiet threads now' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: /^Close \d+ threads?$/ })).toBeEnabled();
  await expect(dialog.locator('..')).toHaveCSS('opacity', '1');
  await page.screenshot({ path: shot('confirm-dialog') });
  await page.keyboard.press('Escape');

  // The 360 beside a thread at 1280×720: the ledger's amounts without a horizontal scroll.
  await page.goto('/messages?view=team&state=any');
  await rows.nth(0).click();
  const panel = page.getByTestId('customer-360');
  const ledgerButton = panel.getByRole('button', { name: 'Ledger' }).first();
  if ((await ledgerButton.getAttribute('aria-expanded')) !== 'true') await ledgerButton.click();
  const ledger = panel.getByTestId('ledger-table').first();
  await expect(ledger.getByTestId('ledger-row').first()).toBeVisible();
  await ledger.scrollIntoViewIfNeeded();
  // The test files compile without the DOM library: read the two widths through a plain shape.
  const overflow = await ledger.evaluate((el) => {
    const box = el as unknown as { scrollWidth: number; clientWidth: number };
    return box.scrollWidth - box.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: shot('thread-360-1280x720') });

  await page.getByRole('button', { name: 'FR (Français)' }).click();
  await page.goto('/messages?view=team&state=any');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Activité' })).toBeVisible();
  await page.screenshot({ path: shot('queue-fr-1280x720') });
  await page.goto(`/disputes/${dispute.id}`);
  await expect(page.getByTestId('case-notice')).toContainText('avis reçu');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await settled(page);
  await page.screenshot({ path: shot('case-fr'), fullPage: true });
});

test('lender configuration is a validated form: the field error shows beside the field, the save says why it waits, the audit shows the change', async ({
  page,
}) => {
  await signIn(page, ...DEMO.admin);
  await page.goto('/admin/settings');
  const section = page.getByTestId('setting-mailPayments');
  await section.getByRole('button', { name: 'Mail payments' }).click();
  await expect(section.getByLabel('Largest single item')).toHaveValue(/^\$[\d,]+\.\d\d$/);
  await section.getByRole('button', { name: 'Edit' }).click();
  const window = section.getByLabel('Duplicate window (days)');
  const before = await window.inputValue();
  await window.fill('400');
  await expect(section.getByText(/365/)).toBeVisible();
  const save = section.getByRole('button', { name: 'Save' });
  await expect(save).toBeDisabled();
  await expect(section.getByTestId('why-disabled')).toHaveText(
    'Still needed: fix 1 field and a reason (3 characters or more).',
  );
  await window.fill('21');
  await section.getByLabel('Reason').fill('Bank asked for a shorter window');
  await expect(section.getByTestId('why-disabled')).toHaveCount(0);
  await save.click();
  await expect(section.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(section.getByLabel('Duplicate window (days)')).toHaveValue('21');

  await page.goto('/admin/audit');
  const diff = page.getByTestId('audit-diff').first();
  await expect(diff).toContainText('Duplicate window (days)');
  await expect(diff.locator('del')).toHaveText(before);
  await expect(diff.locator('ins')).toHaveText('21');
});

test('disputes, address changes, mail payments and supervisor have shortcuts, listed in ?', async ({
  page,
}) => {
  await signIn(page, ...DEMO.supervisor);
  await page.goto('/supervisor/disputes');
  await expect(page.getByRole('tab', { name: 'Dispute deadlines' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  const sheet = page.getByRole('dialog');
  await expect(sheet).toContainText('Tab 2: Mail-payment overrides');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.keyboard.press('2');
  await expect(page).toHaveURL(/\/supervisor\/mail-payments$/);

  await page.goto('/mail-payments/batches');
  await expect(page.getByRole('tab', { name: 'Exceptions' })).toBeVisible();
  await page.locator('body').focus();
  await page.keyboard.press('2');
  await expect(page).toHaveURL(/\/mail-payments\/exceptions$/);

  await page.goto('/disputes');
  await expect(page.getByRole('heading', { name: 'Disputes' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  await expect(sheet).toContainText('New dispute');
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await expect(page).toHaveURL(/\/disputes\/new$/);
  // The intake puts the focus in its customer search (there `l` is typed): leave it first.
  const intakeSearch = page.getByLabel(/Find the customer/);
  await expect(intakeSearch).toBeFocused();
  await intakeSearch.blur();
  await page.keyboard.press('l');
  await expect(page).toHaveURL(/\/disputes$/);

  await page.goto('/address-changes/new');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  // The customer search has the focus (there `?` is typed, not a shortcut): leave it first.
  await page.getByLabel(/Find the customer/).blur();
  await page.keyboard.press('Shift+?');
  await expect(sheet).toContainText('Continue / submit this step');
  await page.keyboard.press('Escape');
});

test('the screen is marked busy while its data is on its way (aria-busy), and not once it is in', async ({
  page,
}) => {
  // The accessibility pass once judged the dispute cockpit while its policy was still loading:
  // the "new draft" button, disabled for want of data, failed contrast. <main> now says it is
  // busy until every query of the screen is in, and the tests' settled() waits for that.
  await signIn(page, ...DEMO.supervisor);
  const release = await holdRequests(page, '**/trpc/*disputes.currentPolicy*');
  await page.goto('/supervisor/disputes');
  const draft = page.getByRole('button', { name: 'New draft from the current version' });
  await expect(draft).toBeDisabled();
  await expect(page.locator('main')).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(draft).toBeEnabled();
  await expect(page.locator('main')).toHaveAttribute('aria-busy', 'false');
  await settled(page);
});
