import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { Secret, TOTP } from 'otpauth';
import { TRAINING_PORTAL_KEY } from '../../server/messages/intake-route.ts';

/**
 * No secrets in the server's logs. The real server runs as a child process (web mode, request
 * logging on: CIC_HTTP_LOG=1) with stdout and stderr captured to a file; the test signs in with a
 * wrong then a right password, sets up two-step sign-in and signs in with a code (after a wrong
 * one), reveals a bank account, searches by account number, and sends portal messages naming an
 * account and an SSN. Then it greps the captured log for every secret value it used or saw.
 */
test.setTimeout(120_000);

let child: ChildProcess | null = null;
let dataDir = '';
test.afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The first non-null answer of `probe`, polled (expect.poll) for up to a minute. */
async function waitFor<T>(probe: () => T | null, what: string): Promise<T> {
  let value: T | null = null;
  await expect
    .poll(() => (value = probe()), { message: `waiting for ${what}`, timeout: 60_000 })
    .not.toBeNull();
  return value!;
}

function codeAt(manualKey: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(manualKey.replace(/\s/g, '')) }).generate({
    timestamp: at,
  });
}

async function serverNow(page: Page, url: string): Promise<number> {
  const health = (await (await page.request.get(`${url}/healthz`)).json()) as { now: string };
  return Date.parse(health.now);
}

test('server logs carry no passwords, TOTP secrets or codes, tokens, SSNs or account numbers', async ({
  page,
  context,
}) => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cic-e2e-logs-'));
  const logFile = path.join(dataDir, 'server.log');
  const fd = openSync(logFile, 'a');
  child = spawn(
    process.execPath,
    ['server/main.ts', '--port', '0', '--data-dir', path.join(dataDir, 'data')],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, CIC_FAST_HASH: '1', CIC_HTTP_LOG: '1' },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const url = await waitFor(
    () => /running at (http:\/\/[\d.:]+)/.exec(readFileSync(logFile, 'utf8'))?.[1] ?? null,
    'the server to start',
  );

  const secrets: string[] = [];
  const remember = async () => {
    for (const c of await context.cookies()) if (c.value) secrets.push(c.value);
  };

  // 1. A wrong password, then the right one.
  const wrongPassword = 'Wr0ng-horse-battery';
  secrets.push(wrongPassword, 'supervisor-demo-2026');
  await page.goto(url);
  await page.getByLabel('Username').fill('supervisor');
  await page.getByLabel('Password').fill(wrongPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toBeVisible();
  await page.getByLabel('Password').fill('supervisor-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await remember();

  // 2. Two-step sign-in: enrol from the account menu, then sign in with a code.
  await page.getByTestId('current-user').click();
  await page.getByRole('menuitem', { name: 'Two-step sign-in' }).click();
  await page.getByRole('button', { name: 'Set up' }).click();
  const manualKey = (await page.getByTestId('mfa-manual-key').textContent()) ?? '';
  expect(manualKey.length).toBeGreaterThan(30);
  secrets.push(manualKey, manualKey.replace(/\s/g, ''));
  const t0 = await serverNow(page, url);
  const enrolCode = codeAt(manualKey, t0);
  await page.getByLabel('Code').fill(enrolCode);
  await page.getByRole('button', { name: 'Turn on' }).click();
  // The one-time recovery codes are shown once: they are secrets the log must not carry either.
  // allTextContents() does not wait: wait for the list as an agent would (it read [] once,
  // under load, a moment before the codes were on screen).
  const codeItems = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codeItems).toHaveCount(10);
  const recoveryCodes = await codeItems.allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  secrets.push(...recoveryCodes, ...recoveryCodes.map((c) => c.replaceAll('-', '')));
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByText('Two-step sign-in is on.')).toBeVisible();
  await page
    .getByRole('dialog', { name: 'Two-step sign-in' })
    .getByRole('button', { name: 'Close' })
    .click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').fill('supervisor');
  await page.getByLabel('Password').fill('supervisor-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await remember(); // the half-way token
  const signInCode = codeAt(manualKey, t0 + 30_000); // the next step: inside the ±1 window
  const wrongCode = [enrolCode, signInCode].includes('000000') ? '999999' : '000000';
  await page.getByLabel('Code').fill(wrongCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('mfa-error')).toBeVisible();
  await page.getByLabel('Code').fill(signInCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await remember();
  const codes = [enrolCode, signInCode];

  // 3. Reveal a full bank account; search by account number (a GET: input in the URL).
  const db = new Database(path.join(dataDir, 'data', 'cic-desk.sqlite'), { readonly: true });
  const account = db
    .prepare(
      `select id, holder_customer_id as customerId, account_number as accountNumber
         from accounts where easypay_bank_account is not null order by id limit 1`,
    )
    .get() as { id: number; customerId: number; accountNumber: string };
  const other = db
    .prepare(`select account_number as n from accounts where id <> ? order by id limit 1`)
    .get(account.id) as { n: string };
  db.close();
  const revealed = await page.request.post(`${url}/trpc/customers.reveal`, {
    data: {
      customerId: account.customerId,
      field: 'bankAccount',
      targetId: account.id,
      reason: 'Log hygiene test',
    },
  });
  expect(revealed.ok()).toBe(true);
  const bankAccount = ((await revealed.json()) as { result: { data: { value: string } } }).result
    .data.value;
  expect(bankAccount).toMatch(/\d{6,}/);
  const search = await page.request.get(
    `${url}/trpc/customers.search?input=${encodeURIComponent(JSON.stringify({ q: account.accountNumber }))}`,
  );
  expect(search.ok()).toBe(true);

  // 4. The customer portal: a message naming an account and an SSN; one with a wrong account.
  const ssn = '219-09-9999';
  const portal = (accountNumber: string) =>
    page.request.post(`${url}/api/portal/messages`, {
      headers: { 'x-portal-key': TRAINING_PORTAL_KEY },
      data: {
        customerId: account.customerId,
        accountNumber,
        topic: 'other',
        text: `Please update my file. Account ${accountNumber}, SSN ${ssn}.`,
      },
    });
  expect((await portal(account.accountNumber)).status()).toBeLessThan(500);
  expect((await portal(other.n)).status()).toBeLessThan(500);
  await remember();
  secrets.push(account.accountNumber, other.n, bankAccount, ssn, TRAINING_PORTAL_KEY);

  // 5. Stop the server and read everything it printed.
  // Close the browser's live connection first so the server can stop gracefully.
  await page.close();
  const exited = new Promise((r) => child?.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
  const log = readFileSync(logFile, 'utf8');

  // The capture works: the request log is there (paths only).
  expect(log).toContain('running at');
  expect(log).toContain('/trpc/auth.login');
  expect(log).toContain('/api/portal/messages');

  const found = [...new Set(secrets)].filter((s) => s.length >= 6 && log.includes(s));
  expect(found, 'secret values found in the server log').toEqual([]);
  for (const c of codes) {
    expect(log, `TOTP code ${c} in the log`).not.toMatch(new RegExp(`(?<!\\d)${c}(?!\\d)`));
  }
  expect(log).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/); // SSN-shaped
  expect(log).not.toMatch(/otpauth:\/\//);
  expect(log).not.toMatch(/\bsecret=/i);
});
