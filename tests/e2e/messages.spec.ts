import { DEMO, expect, holdRequests, signIn, test } from './fixtures.ts';

/**
 * The secure-message queue end to end, as two agents would work it: a customer message arrives
 * through the portal's HTTP intake, shows up in the queue live, Alex claims it from the
 * keyboard and answers with a canned reply; Brooke, who had the same thread open with a draft,
 * is stopped (her draft kept, Alex's reply shown); the e-mail notice is in the outbox.
 */
test('intake → live queue → claim → canned reply → stale reply stopped → outbox', async ({
  browser,
  desk,
}) => {
  const db = desk.server.deps.db;
  const customer = await db
    .selectFrom('accounts as a')
    .innerJoin('customers as c', 'c.id', 'a.holder_customer_id')
    .select([
      'a.account_number',
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.business_name',
      'c.email',
    ])
    .where('a.status', '=', 'active')
    .where('c.email', 'is not', null)
    .where('c.language', '=', 'en')
    .orderBy('a.id')
    .executeTakeFirstOrThrow();
  const marker = `E2E-${Date.now().toString(36)}`;

  const alexContext = await browser.newContext({
    baseURL: desk.server.url,
    viewport: { width: 1440, height: 900 },
  });
  const brookeContext = await browser.newContext({
    baseURL: desk.server.url,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const alex = await alexContext.newPage();
    const brooke = await brookeContext.newPage();
    await signIn(alex, ...DEMO.agent);
    await signIn(brooke, ...DEMO.agent2);

    await alex.goto('/messages?sort=newest');
    await expect(alex.getByTestId('queue-total')).toBeVisible();

    // The portal posts a new message (real HTTP, API key).
    const response = await fetch(`${desk.server.url}/api/portal/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
      body: JSON.stringify({
        customerId: customer.id,
        accountNumber: customer.account_number,
        topic: 'payments-easypay',
        text: `${marker} I was charged twice for my payment this month. Please refund one.`,
      }),
    });
    expect(response.status).toBe(201);
    const { threadId } = (await response.json()) as { threadId: number };

    // Live: it appears at the top of Alex's queue without a reload.
    const row = alex.locator(`[role=row][data-thread-id="${threadId}"]`);
    await expect(row).toContainText(marker);
    await expect(row.locator('[data-sla]')).toHaveAttribute('data-sla', /ok|at_risk/);
    await alex.screenshot({ path: 'test-results/messages-queue.png' });

    // Keyboard only: the row is first (newest); Enter opens it, c claims it.
    await alex.keyboard.press('j');
    await alex.keyboard.press('k');
    await alex.keyboard.press('Enter');
    await expect(alex).toHaveURL(new RegExp(`/messages/${threadId}$`));
    await expect(alex.getByRole('heading', { name: `Thread #${threadId}` })).toBeVisible();
    await alex.keyboard.press('c');
    await expect(alex.getByTestId('thread-owner')).toContainText('Alex Agent');

    // Brooke opens the same thread and starts writing; both see each other.
    await brooke.goto(`/messages/${threadId}`);
    await expect(brooke.getByTestId('presence')).toContainText('Alex Agent is viewing');
    const brookeDraft = 'Brooke here: we are looking into the double charge.';
    await brooke.getByLabel('Your reply').fill(brookeDraft);
    await expect(alex.getByTestId('presence')).toContainText('Brooke Agent is writing a reply');

    // Alex answers with a canned reply (placeholders filled), Ctrl+Enter.
    await alex.keyboard.press('r');
    await alex.getByRole('combobox', { name: 'Canned reply' }).click();
    await alex.getByRole('option', { name: 'Amount due' }).click();
    const name = customer.business_name ?? `${customer.first_name} ${customer.last_name}`;
    await expect(alex.getByLabel('Your reply')).toHaveValue(
      new RegExp(
        `Hello ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},[\\s\\S]*${customer.account_number}[\\s\\S]*\\$\\d`,
      ),
    );
    await alex.screenshot({ path: 'test-results/messages-thread.png' });
    await alex.getByLabel('Your reply').press('Control+Enter');
    await expect(alex.getByText('Sent. The customer gets an e-mail')).toBeVisible();
    await expect(alex.getByTestId('thread-state')).toHaveText('Waiting on customer');

    // Brooke's reply was written against the old version: stopped, the change shown, draft kept.
    await brooke.getByRole('button', { name: 'Send (Ctrl+Enter)' }).click();
    const notice = brooke.getByTestId('collision-notice');
    await expect(notice).toContainText('Your reply was NOT sent');
    await expect(notice).toContainText(`account ${customer.account_number}`);
    await expect(brooke.getByLabel('Your reply')).toHaveValue(brookeDraft);
    await brooke.screenshot({ path: 'test-results/messages-collision.png' });
    const outbound = await db
      .selectFrom('messages')
      .select('body')
      .where('thread_id', '=', threadId)
      .where('direction', '=', 'outbound')
      .execute();
    expect(outbound).toHaveLength(1);

    // The e-mail notice is in the (training) outbox, without the reply's content.
    await alex.goto('/messages/outbox');
    const emailRow = alex
      .getByTestId('outbox-row')
      .filter({ hasText: customer.email ?? '' })
      .first();
    await expect(emailRow).toContainText('you have a new secure message');
    await expect(emailRow).toContainText('Held (training)');
    await emailRow.click();
    await expect(alex.getByText('does not contain the message itself')).toBeVisible();
    await expect(alex.getByTestId('outbox')).not.toContainText(customer.account_number);
  } finally {
    await alexContext.close();
    await brookeContext.close();
  }
});

/**
 * A message that arrives before the queue's live feed is connected (a slow network, a loaded
 * desk, a reconnect) still shows: the desk refetches what is on screen when the feed connects.
 * The feed's request is held until the message is in, so the change is announced to nobody.
 */
test('a message posted before the live feed connects still shows in the queue', async ({
  page,
  desk,
}) => {
  const account = await desk.server.deps.db
    .selectFrom('accounts')
    .select(['account_number', 'holder_customer_id'])
    .where('status', '=', 'active')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await signIn(page, ...DEMO.agent);
  const connect = await holdRequests(page, '**/trpc/system.changes**');
  await page.goto('/messages?sort=newest');
  // The queue has loaded (its first read is done) before the message comes in.
  await expect(page.locator('[role=row][data-thread-id]').first()).toBeVisible();
  const marker = `E2E-early-${Date.now().toString(36)}`;
  const response = await fetch(`${desk.server.url}/api/portal/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
    body: JSON.stringify({
      customerId: account.holder_customer_id,
      accountNumber: account.account_number,
      topic: 'payments-easypay',
      text: `${marker} Is my payment in?`,
    }),
  });
  expect(response.status).toBe(201);
  const { threadId } = (await response.json()) as { threadId: number };
  connect();
  await expect(page.locator(`[role=row][data-thread-id="${threadId}"]`)).toContainText(marker);
});
