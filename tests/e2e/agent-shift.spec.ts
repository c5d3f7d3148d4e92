import type { Page } from '@playwright/test';
import { DEMO, expect, test } from './fixtures.ts';

/**
 * A full agent shift by keyboard alone: the palette finds a customer, then their thread, which
 * opens in a tab; c claims, r + Ctrl+Enter replies (focus leaves the composer, so the queue keys
 * work again), the palette's "Hand off to a dispute" opens the intake, the case is opened and
 * its provisional credit confirmed in the money dialog (amount, account), and n takes the next thread.
 *
 * Form fields of the dispute intake are reached with focus() where a real agent would press Tab
 * a known number of times; every action is a key press, never a click.
 */
const palette = async (page: Page, text: string) => {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: /command palette/i });
  await expect(box).toBeFocused();
  await page.keyboard.type(text);
  return box;
};

test('an agent shift by keyboard only', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const db = desk.server.deps.db;
  const thread = await db
    .selectFrom('message_threads as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('customer_addresses as ad', 'ad.customer_id', 'c.id')
    .select(['t.id', 'c.id as customerId', 'c.last_name', 'c.first_name'])
    .where('t.topic', '=', 'erroneous-transaction')
    .where('t.assignee_id', 'is', null)
    .where('t.state', 'in', ['new', 'open'])
    .where('a.status', '=', 'active')
    .where('c.business_name', 'is', null)
    .where('ad.effective_to', 'is', null)
    .where('ad.country', '=', 'US')
    .where('ad.region', '!=', 'MA')
    .orderBy('t.id')
    .executeTakeFirstOrThrow();

  // Sign in from the keyboard.
  await page.goto('/');
  await page.getByLabel(/username/i).focus();
  await page.keyboard.type(DEMO.agent[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO.agent[1]);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();

  // Palette → the customer (the same search as the search box).
  await palette(page, `${thread.first_name} ${thread.last_name}`);
  const customerOption = page
    .getByTestId('palette-option')
    .filter({ hasText: `${thread.first_name} ${thread.last_name}` })
    .first();
  await expect(customerOption).toBeVisible();
  for (let i = 0; i < 10 && (await customerOption.getAttribute('aria-selected')) !== 'true'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/customers/${thread.customerId}`));
  await page.screenshot({ path: '/tmp/shots-workspace/agent-shift-customer.png' });

  // Palette → the thread, by reference: it opens as a second tab.
  await palette(page, `SM-${thread.id}`);
  await expect(page.getByTestId('palette-option').first()).toContainText(`SM-${thread.id}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/messages/${thread.id}$`));
  const tabs = page.getByTestId('workspace-tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');

  // Claim, reply, send.
  await page.keyboard.press('c');
  await expect(page.getByTestId('thread-owner')).toContainText('Alex Agent');
  await page.keyboard.press('r');
  await expect(page.getByLabel('Your reply')).toBeFocused();
  await page.keyboard.type('Thank you, we are opening a dispute for this transaction today.');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText(/^Sent\./)).toBeVisible();
  await expect(page.getByLabel('Your reply')).not.toBeFocused();
  await expect(page.getByLabel('Your reply')).toHaveValue('');

  // Hand off to a dispute from the palette's actions for this thread.
  await page.getByRole('button', { name: /open a dispute from this message/i }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/disputes\/new\?fromThread=/);
  await expect(page.getByTestId('intake-customer')).not.toHaveText('…');
  // The hand-off brings the customer's words and the transaction; the agent adds the error type
  // and confirms the words are the customer's own.
  await page.getByRole('combobox', { name: /error type/i }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('checkbox', { name: /reviewed/i }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Open the case' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-number')).toHaveText(/^D-\d{6}$/);
  await expect(tabs.filter({ hasText: 'D-' })).toHaveCount(1);

  // The provisional credit: Enter on "Post to ledger", then confirm the money dialog.
  const post = page.getByTestId('pc-panel').getByRole('button', { name: /post to ledger/i });
  await post.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // The confirmation states the amount and account; Cancel has focus, Tab reaches Confirm.
  await expect(dialog).toContainText(/Amount\$[\d,]+\.\d{2}/);
  await expect(dialog).toContainText('Account');
  await page.screenshot({ path: '/tmp/shots-workspace/agent-shift-credit-confirm.png' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('clock-determination_or_credit')).toContainText('Met');

  // Next thread: Ctrl+Shift+Tab back to the thread tab, then n takes the next most urgent one.
  await page.locator('main').focus();
  await page.keyboard.press('Control+Shift+Tab');
  await expect(page).toHaveURL(new RegExp(`/messages/${thread.id}$`));
  await expect(page.getByTestId('conversation')).toBeVisible();
  await page.keyboard.press('n');
  await expect(page).not.toHaveURL(new RegExp(`/messages/${thread.id}$`));
  await expect(page).toHaveURL(/\/messages\/\d+$/);
  await expect(page.getByTestId('conversation')).toBeVisible();
});
