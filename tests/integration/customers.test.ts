import { afterEach, describe, expect, it } from 'vitest';
import { findAccountByNumber } from '../../db/repositories/accounts.ts';
import {
  addAddress,
  addressAsOf,
  addressHistory,
} from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { accountSummary } from '../../server/ledger/account-position.ts';
import { seededApp } from './customers-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>;
let app: App;
afterEach(async () => app?.close());

const HELENE = 1;
const MARC_ANDRE = 2;
const GENEVIEVE = 3;

/** The customer's first phone number on file (what SQLite's rowid order gives). */
async function firstPhoneOf(customerId: number): Promise<string> {
  const row = await app.db
    .selectFrom('customer_phones')
    .select('number')
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.number;
}

describe('search', () => {
  it('finds a customer by name regardless of accents, case and word order', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    for (const q of ['helene', 'Hélène Tremblay', 'HELENE trem', 'tremblay hél', 'hel trem']) {
      const hits = await agent.customers.search({ q });
      expect(
        hits.map((h) => h.customerId),
        q,
      ).toContain(HELENE);
      expect(hits.find((h) => h.customerId === HELENE)).toMatchObject({
        matchedOn: 'name',
        displayName: 'Hélène Tremblay',
        city: 'Montréal',
        region: 'QC',
      });
    }
    const cote = await agent.customers.search({ q: 'genevieve cote' });
    expect(cote[0]?.customerId).toBe(GENEVIEVE);
    expect((await agent.customers.search({ q: 'boulangerie' }))[0]?.displayName).toBe(
      'Boulangerie Gagnon inc.',
    );
  });

  it('finds the holders of an account by account number (full or prefix), full VIN and last 8', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    const row = await app.db
      .selectFrom('accounts')
      .select(['id', 'account_number', 'vin'])
      .where('holder_customer_id', '=', MARC_ANDRE)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    for (const q of [
      row.account_number,
      `${row.account_number.slice(0, 3)}-${row.account_number.slice(3, 6)}-${row.account_number.slice(6)}`,
      row.vin,
      row.vin.toLowerCase(),
      row.vin.slice(-8),
      row.vin.slice(-8).toLowerCase(),
    ]) {
      const hits = await agent.customers.search({ q });
      const ids = hits.map((h) => h.customerId);
      expect(ids, q).toContain(MARC_ANDRE);
      expect(ids, `${q}: the co-holder too`).toContain(GENEVIEVE);
      expect(hits.find((h) => h.customerId === MARC_ANDRE)?.accountId).toBe(row.id);
    }
    const prefix = await agent.customers.search({ q: row.account_number.slice(0, 7) });
    expect(prefix.map((h) => h.customerId)).toContain(MARC_ANDRE);
  });

  it('finds by phone (any punctuation) and e-mail prefix', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    const phone = await firstPhoneOf(HELENE);
    const email = (
      await app.db
        .selectFrom('customers')
        .select('email')
        .where('id', '=', HELENE)
        .executeTakeFirstOrThrow()
    ).email as string;
    const formatted = `+1 (${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`;
    expect((await agent.customers.search({ q: formatted })).map((h) => h.customerId)).toContain(
      HELENE,
    );
    const byEmail = await agent.customers.search({ q: email.toUpperCase() });
    expect(byEmail[0]).toMatchObject({ customerId: HELENE, matchedOn: 'email' });
    expect(
      (await agent.customers.search({ q: email.slice(0, email.indexOf('@') + 1) })).map(
        (h) => h.customerId,
      ),
    ).toContain(HELENE);
  });

  it('returns nothing for noise and refuses anonymous callers', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    expect(await agent.customers.search({ q: '' })).toEqual([]);
    expect(await agent.customers.search({ q: 'zzzqqqxxyy' })).toEqual([]);
    expect(await agent.customers.search({ q: '"*)( -:' })).toEqual([]);
    // FTS syntax in the box is just words: "OR" is a name prefix (Ortiz), never an operator.
    expect(Array.isArray(await agent.customers.search({ q: '"*) OR (NEAR' }))).toBe(true);
    await expect((await app.anonymous()).customers.search({ q: 'helene' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('customer 360', () => {
  it('masks identifiers and never sends a full bank account number', async () => {
    app = await seededApp();
    const view = await (await app.as('agent')).customers.get360({ customerId: HELENE });
    // SSN last 4 are a verification answer (issue 21): masked whole.
    expect(view.customer.ssnMasked).toBe('XXX-XX-XXXX');
    expect(view.phones[0]?.masked).toMatch(/^XXXXXX-\d{4}$/);
    expect(view.canReveal).toBe(false);
    const bank = (
      await app.db
        .selectFrom('accounts')
        .select('easypay_bank_account')
        .where('holder_customer_id', '=', HELENE)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).easypay_bank_account as string;
    const json = JSON.stringify(view);
    expect(json).not.toContain(bank);
    const phone = await firstPhoneOf(HELENE);
    expect(json).not.toContain(phone);
    expect(view.accounts[0]?.easyPay.bankAccountMasked).toBe(`XXXX-${bank.slice(-4)}`);
  });

  it('shows accounts with amount due, next due date, EasyPay cut-off and address', async () => {
    app = await seededApp();
    const view = await (await app.as('agent')).customers.get360({ customerId: HELENE });
    expect(view.today).toBe('2026-11-23');
    expect(view.address).toMatchObject({
      line1: '4521, rue Saint-Denis',
      city: 'Montréal',
      region: 'QC',
      // The postal code on file is a verification answer: masked (issue 21).
      postalCode: 'XXX XXX',
    });
    const lease = view.accounts[0];
    expect(lease).toMatchObject({ type: 'lease', status: 'active', role: 'holder', dueDay: 28 });
    expect(lease?.summary).toMatchObject({
      nextDueDate: '2026-11-28',
      pastDueCents: 0,
      amountDueCents: lease?.paymentCents,
    });
    expect(lease?.easyPay.outlook).toMatchObject({
      canStopNext: true,
      next: { dueDate: '2026-11-28', debitDate: '2026-11-30', cancelBy: '2026-11-24' },
    });
    expect(view.recentPayments[0]).toMatchObject({
      code: 'easypay',
      amountCents: lease?.paymentCents,
    });
  });

  it('shows a joint account to both holders and its arrears', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    const marc = await agent.customers.get360({ customerId: MARC_ANDRE });
    const gen = await agent.customers.get360({ customerId: GENEVIEVE });
    expect(marc.accounts[0]).toMatchObject({
      role: 'holder',
      otherHolder: { id: GENEVIEVE, displayName: 'Geneviève Côté' },
    });
    expect(gen.accounts[0]).toMatchObject({ role: 'co-holder', otherHolder: { id: MARC_ANDRE } });
    const summary = marc.accounts[0]?.summary;
    expect(summary?.pastDueCents).toBeGreaterThan(0);
    expect(summary?.feesDueCents).toBeGreaterThan(0);
    expect(summary?.daysPastDue).toBeGreaterThan(25);
    expect(summary?.amountDueCents).toBe(
      (summary?.pastDueCents ?? 0) + (summary?.feesDueCents ?? 0) + (summary?.currentDueCents ?? 0),
    );
    const repo = await accountSummary(app.db, marc.accounts[0]?.id ?? 0, '2026-11-23');
    expect(repo).toMatchObject(summary ?? {});
    await expect(agent.customers.get360({ customerId: 999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('serves the ledger newest first with a running balance ending at the summary balance', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    const view = await agent.customers.get360({ customerId: MARC_ANDRE });
    const account = view.accounts[0];
    const { lines } = await agent.customers.ledger({ accountId: account?.id ?? 0 });
    expect(lines[0]?.balanceCents).toBe(account?.summary.balanceCents);
    expect(lines.some((l) => l.kind === 'installment')).toBe(true);
    expect(lines.some((l) => l.kind === 'fee' && l.code === 'late')).toBe(true);
    for (let i = 1; i < lines.length; i++)
      expect((lines[i - 1]?.date ?? '') >= (lines[i]?.date ?? '')).toBe(true);
  });
});

describe('audited reveal', () => {
  it('refuses an agent, and records the attempt', async () => {
    app = await seededApp();
    const agent = await app.as('agent');
    const phoneId = (await agent.customers.get360({ customerId: HELENE })).phones[0]?.id ?? 0;
    await expect(
      agent.customers.reveal({
        customerId: HELENE,
        field: 'phone',
        targetId: phoneId,
        reason: 'caller asked',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const audit = await app.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['customer.reveal-refused']);
  });

  it('shows a supervisor the full value and audits who, what and why — not the value', async () => {
    app = await seededApp();
    const supervisor = await app.as('supervisor');
    const view = await supervisor.customers.get360({ customerId: HELENE });
    expect(view.canReveal).toBe(true);
    const phone = (
      await app.db
        .selectFrom('customer_phones')
        .select('number')
        .where('id', '=', view.phones[0]?.id ?? 0)
        .executeTakeFirstOrThrow()
    ).number;
    const shown = await supervisor.customers.reveal({
      customerId: HELENE,
      field: 'phone',
      targetId: view.phones[0]?.id ?? 0,
      reason: 'callback requested',
    });
    expect(shown.value).toBe(`(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`);
    const bank = await supervisor.customers.reveal({
      customerId: HELENE,
      field: 'bankAccount',
      targetId: view.accounts[0]?.id ?? 0,
      reason: 'EasyPay dispute',
    });
    expect(bank.value.slice(-4)).toBe(view.accounts[0]?.easyPay.bankAccountMasked?.slice(-4));
    const audit = await app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.entity_id, a.reason])).toEqual([
      ['customer.reveal', String(HELENE), 'callback requested'],
      ['customer.reveal', String(HELENE), 'EasyPay dispute'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(phone);
    expect(JSON.stringify(audit)).not.toContain(bank.value);
    await expect(
      supervisor.customers.reveal({
        customerId: MARC_ANDRE,
        field: 'phone',
        targetId: view.phones[0]?.id ?? 0,
        reason: 'wrong customer',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      supervisor.customers.reveal({ customerId: HELENE, field: 'phone', targetId: 1, reason: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('addresses and ledger repository', () => {
  it('keeps address history effective-dated and never rewritten', async () => {
    app = await seededApp({ seed: false });
    const at = '2026-11-23T14:30:00.000Z';
    const c = await createCustomer(
      app.db,
      { firstName: 'Zoé', lastName: 'Lavoie', email: 'Zoe@Example.com', language: 'fr' },
      at,
    );
    expect(c.email).toBe('zoe@example.com');
    const base = {
      customerId: c.id,
      city: 'Laval',
      region: 'QC',
      postalCode: 'H7N 1A1',
      country: 'CA' as const,
      source: 'origination',
    };
    await addAddress(app.db, { ...base, line1: '1, rue A', effectiveFrom: '2020-01-01' }, at);
    await addAddress(
      app.db,
      { ...base, line1: '2, rue B', effectiveFrom: '2026-12-01', source: 'customer-request' },
      at,
    );
    await addAddress(
      app.db,
      { ...base, line1: '3, rue C', effectiveFrom: '2024-05-01', source: 'customer-request' },
      at,
    );
    expect(await addressAsOf(app.db, c.id, '2019-12-31')).toBeNull();
    expect((await addressAsOf(app.db, c.id, '2023-01-01'))?.line1).toBe('1, rue A');
    expect((await addressAsOf(app.db, c.id, '2026-11-23'))?.line1).toBe('3, rue C');
    expect((await addressAsOf(app.db, c.id, '2026-12-01'))?.line1).toBe('2, rue B');
    const history = await addressHistory(app.db, c.id);
    expect(history.map((h) => [h.line1, h.effectiveFrom, h.effectiveTo])).toEqual([
      ['2, rue B', '2026-12-01', null],
      ['3, rue C', '2024-05-01', '2026-12-01'],
      ['1, rue A', '2020-01-01', '2024-05-01'],
    ]);
    await expect(
      app.db
        .updateTable('customer_addresses')
        .set({ line1: 'rewritten' })
        .where('customer_id', '=', c.id)
        .execute(),
    ).rejects.toThrow(/history/);
  });

  it('keeps the ledger append-only and signs amounts by kind', async () => {
    app = await seededApp();
    const account = await findAccountByNumber(
      app.db,
      (
        await app.db
          .selectFrom('accounts')
          .select('account_number')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow()
      ).account_number,
    );
    const at = '2026-11-23T14:30:00.000Z';
    const before = await accountSummary(app.db, account?.id ?? 0, '2026-11-23');
    const e = await postLedgerEntry(
      app.db,
      {
        accountId: account?.id ?? 0,
        postedOn: '2026-11-23',
        kind: 'payment',
        amountCents: -12_345,
        code: 'mail',
        reference: 'mail-item:1',
      },
      at,
    );
    const after = await accountSummary(app.db, account?.id ?? 0, '2026-11-23');
    expect(after.balanceCents).toBe(before.balanceCents - 12_345);
    await expect(
      postLedgerEntry(
        app.db,
        { accountId: 1, postedOn: '2026-11-23', kind: 'payment', amountCents: 500 },
        at,
      ),
    ).rejects.toThrow(/negative/);
    await expect(
      app.db
        .updateTable('ledger_entries')
        .set({ amount_cents: 1 })
        .where('id', '=', e.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      app.db.deleteFrom('ledger_entries').where('id', '=', e.id).execute(),
    ).rejects.toThrow(/append-only/);
  });
});
