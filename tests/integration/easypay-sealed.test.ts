import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../server/ops/bootstrap.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';
import { createContext } from '../../server/trpc/context.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory } from '../../server/trpc/base.ts';

/** Issue 21, data at rest: EasyPay bank account numbers are sealed; only the last 4 are shown. */

let server: RunningServer | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

const start = async () =>
  (server = await startServer({
    port: 0,
    dataDir: dataDir!,
    staticDir: null,
    fastHash: true,
    quiet: true,
  }));

async function signedIn(s: RunningServer, username: string) {
  let token: string | null = null;
  await createCallerFactory(appRouter)(
    await createContext({ deps: s.deps, setSessionToken: (t) => (token = t) }),
  ).auth.login({ username, password: `${username}-demo-2026` });
  expect(token).not.toBeNull();
  return createCallerFactory(appRouter)(
    await createContext({ deps: s.deps, sessionToken: token ?? '' }),
  );
}

async function storedBankAccounts(s: RunningServer) {
  return (
    await s.deps.db
      .selectFrom('accounts')
      .select(['id', 'holder_customer_id', 'easypay_bank_account', 'easypay_bank_last4'])
      .where('easypay_bank_account', 'is not', null)
      .orderBy('id')
      .execute()
  ).map((r) => ({
    id: r.id,
    customerId: r.holder_customer_id,
    stored: r.easypay_bank_account as string,
    last4: r.easypay_bank_last4 as string,
  }));
}

describe('EasyPay bank account numbers at rest', () => {
  it('are sealed by the demo seed; the 360 shows the last 4 to every role; the audited reveal opens them', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cic-easypay-'));
    const s = await start();
    const rows = await storedBankAccounts(s);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.stored).toMatch(/^sealed:v1\./);
      expect(r.stored).not.toMatch(/\d{6,}/);
      expect(r.last4).toMatch(/^\d{4}$/);
    }
    const first = rows[0]!;
    const supervisor = await signedIn(s, 'supervisor');
    const revealed = await supervisor.customers.reveal({
      customerId: first.customerId,
      field: 'bankAccount',
      targetId: first.id,
      reason: 'Customer asked which account EasyPay debits',
    });
    expect(revealed.value).toMatch(/^\d{8,12}$/);
    expect(revealed.value.endsWith(first.last4)).toBe(true);
    const audit = await s.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.reveal')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(revealed.value);

    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const caller = role === 'supervisor' ? supervisor : await signedIn(s, role);
      const view = await caller.customers.get360({ customerId: first.customerId });
      const json = JSON.stringify(view);
      expect(json, role).not.toContain(revealed.value);
      expect(json, role).not.toContain(first.stored);
      const shown = view.accounts.find((a) => a.id === first.id);
      expect(shown?.easyPay.bankAccountMasked, role).toBe(`XXXX-${first.last4}`);
    }

    const agent = await signedIn(s, 'agent');
    await expect(
      agent.customers.reveal({
        customerId: first.customerId,
        field: 'bankAccount',
        targetId: first.id,
        reason: 'curious',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a plain number from an older database is sealed on the next start and still reveals', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cic-easypay-'));
    const s1 = await start();
    const target = (await storedBankAccounts(s1))[0]!;
    await s1.close();
    server = null;
    // What an older version left: the number in plain text (and a stale last 4, corrected).
    const sqlite = new Database(databasePath(dataDir));
    sqlite
      .prepare('update accounts set easypay_bank_account = ?, easypay_bank_last4 = ? where id = ?')
      .run('123456789012', '0000', target.id);
    sqlite.close();

    const s2 = await start();
    const after = (await storedBankAccounts(s2)).find((r) => r.id === target.id)!;
    expect(after.stored).toMatch(/^sealed:v1\./);
    expect(after.stored).not.toContain('123456789012');
    expect(after.last4).toBe('9012');
    for (const r of await storedBankAccounts(s2)) expect(r.stored).toMatch(/^sealed:/);
    const supervisor = await signedIn(s2, 'supervisor');
    const revealed = await supervisor.customers.reveal({
      customerId: target.customerId,
      field: 'bankAccount',
      targetId: target.id,
      reason: 'Verify the account after the upgrade',
    });
    expect(revealed.value).toBe('123456789012');
    // Idempotent: a third start changes nothing.
    await s2.close();
    server = null;
    const s3 = await start();
    expect((await storedBankAccounts(s3)).find((r) => r.id === target.id)?.stored).toBe(
      after.stored,
    );
  });
});
