import { TRPCError, type AnyProcedure } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../db/database.ts';
import { migrateTo, migrateToLatest } from '../../db/migrate.ts';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { createContext, SESSION_COOKIE } from '../../server/trpc/context.ts';
import {
  idempotencyKey,
  inputHash,
  keyOf,
  resultJson,
  RETENTION_DAYS,
} from '../../server/trpc/idempotency.ts';
import { appRouter } from '../../server/router.ts';
import { agentProcedure, createCallerFactory, router } from '../../server/trpc/base.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import {
  goodLeaseItem,
  ROUTING,
  seedMailFixture,
  type MailFixture,
} from './mail-payments-fixtures.ts';
import { customerWithAccount, httpApp, postIntake } from './messages-fixtures.ts';

/**
 * Idempotency keys (Stripe's model, server/trpc/idempotency.ts): a retry with the same key and input
 * returns the first result and changes nothing; the same key with other input is a CONFLICT; a
 * failed call stores nothing, so its retry runs; keys belong to one user and one procedure.
 */

let app: TestApp;
let fx: MailFixture;
let agent: Caller & { userId: number };

beforeEach(async () => {
  app = await createTestApp({ now: '2026-11-20T15:00:00.000Z' });
  fx = await seedMailFixture(app);
  agent = await app.as('agent');
});
afterEach(async () => app.close());

const TABLES = [
  'audit_log',
  'ledger_entries',
  'mail_batches',
  'mail_items',
  'mail_postings',
  'mail_letters',
  'account_flags',
  'messages',
  'email_outbox',
  'disputes',
  'dispute_events',
  'dispute_letters',
  'address_changes',
  'address_change_letters',
  'customer_addresses',
  'idempotency_keys',
] as const;

/** Row counts of every table a keyed mutation can write. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
      app.deps.db,
    );
    out[table] = Number(r.rows[0]?.n);
  }
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function balancedBatch(count = 1, total = '45000') {
  const batch = await agent.mailPayments.batches.open({
    lockboxId: 'lease-phoenix',
    receiptDate: '2026-11-18',
    controlCount: count,
    controlTotal: total,
  });
  await agent.mailPayments.items.add({
    batchId: batch.id,
    ...goodLeaseItem(fx.lease.accountNumber),
  });
  return batch;
}

describe('the key itself', () => {
  it('is optional, 8 to 100 characters, and reported by field when malformed', async () => {
    expect(idempotencyKey.safeParse(undefined).success).toBe(true);
    expect(idempotencyKey.safeParse('1234567').success).toBe(false);
    expect(idempotencyKey.safeParse('x'.repeat(101)).success).toBe(false);
    const batch = await balancedBatch();
    const e = await errorOf(
      agent.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: 'short' }),
    );
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.cause).toBeInstanceOf(z.ZodError);
    expect((e.cause as z.ZodError).issues[0]?.path).toEqual(['idempotencyKey']);
  });

  it('is refused by a procedure that does not take keys (strict input), and nothing is stored', async () => {
    const batch = await balancedBatch();
    const e = await errorOf(
      agent.mailPayments.items.remove({
        itemId: 1,
        // @ts-expect-error: this procedure declares no key
        idempotencyKey: 'key-for-remove-1',
      }),
    );
    expect(e.code).toBe('BAD_REQUEST');
    expect((await agent.mailPayments.batches.get({ batchId: batch.id })).items).toHaveLength(1);
    expect((await counts()).idempotency_keys).toBe(0);
  });

  it('is taken by exactly these mutations (money, letters, messages, address changes)', () => {
    // At runtime _def.procedures is flat, keyed by path ('mailPayments.batches.post').
    const flat = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
    const keyed = Object.entries(flat)
      .filter(([, proc]) =>
        proc._def.inputs.some(
          (input) => input instanceof z.ZodObject && 'idempotencyKey' in input.shape,
        ),
      )
      .map(([path, proc]) => `${proc._def.type} ${path}`)
      .sort();
    expect(keyed).toEqual([
      'mutation addressChanges.approve',
      'mutation addressChanges.submit',
      'mutation disputes.create',
      'mutation disputes.postCorrection',
      'mutation disputes.postProvisionalCredit',
      'mutation disputes.postReversal',
      'mutation disputes.sendLetter',
      'mutation mailPayments.batches.open',
      'mutation mailPayments.batches.post',
      'mutation mailPayments.items.add',
      'mutation mailPayments.items.importItems',
      'mutation mailPayments.items.returnNsf',
      'mutation mailPayments.items.returnToSender',
      'mutation messages.reply',
    ]);
  });

  it('hashes the input without its key, whatever the key order', () => {
    expect(inputHash({ a: 1, b: { c: 2, d: [1, 2] }, idempotencyKey: 'aaaaaaaa' })).toBe(
      inputHash({ idempotencyKey: 'bbbbbbbb', b: { d: [1, 2], c: 2 }, a: 1 }),
    );
    expect(inputHash({ a: 1 })).not.toBe(inputHash({ a: 2 }));
    expect(keyOf({ idempotencyKey: 'abcdefgh' })).toBe('abcdefgh');
    expect(keyOf({ idempotencyKey: 12345678 })).toBeNull();
    expect(keyOf(undefined)).toBeNull();
  });

  it('stores only plain JSON: a Date, a Buffer or a Map would not come back the same', () => {
    expect(resultJson({ a: 1, b: [null, 'x'], c: undefined }, 'p')).toBe('{"a":1,"b":[null,"x"]}');
    expect(resultJson(undefined, 'p')).toBeNull();
    expect(() => resultJson({ at: new Date() }, 'p.q')).toThrow(/p\.q .* Date at result\.at/);
    expect(() => resultJson({ pdf: Buffer.from('x') }, 'p')).toThrow(/Buffer/);
    expect(() => resultJson([new Map()], 'p')).toThrow(/Map at result\[0\]/);
    expect(() => resultJson({ n: Number.NaN }, 'p')).toThrow(/NaN/);
    expect(() => resultJson({ n: 1n }, 'p')).toThrow(/bigint/);
  });
});

describe('mail payments', () => {
  it('a retried posting returns the first result and changes nothing (no audit record either)', async () => {
    const batch = await balancedBatch();
    const key = 'post-batch-0001';
    const first = await agent.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: key });
    expect(first).toEqual({ alreadyPosted: false, postedCount: 1, postedCents: 45_000 });
    const before = await counts();
    expect(before.idempotency_keys).toBe(1);
    const retry = await agent.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: key });
    expect(retry).toEqual(first);
    expect(await counts()).toEqual(before);
    // Without a key, a repeat is still harmless but answers "already posted" (and audits it).
    const unkeyed = await agent.mailPayments.batches.post({ batchId: batch.id });
    expect(unkeyed.alreadyPosted).toBe(true);
    expect((await counts()).ledger_entries).toBe(before.ledger_entries);
  });

  it('replays over HTTP too: the retried request gets the same JSON answer', async () => {
    const batch = await balancedBatch();
    const http = await httpApp(app.deps);
    const token = await createSession(app.deps.db, agent.userId, app.clock.now().toISOString());
    const post = () =>
      http.inject({
        method: 'POST',
        url: '/trpc/mailPayments.batches.post',
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
        payload: { batchId: batch.id, idempotencyKey: 'http-retry-0001' },
      });
    const first = await post();
    expect(first.statusCode).toBe(200);
    const before = await counts();
    const retry = await post();
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ result: { data: { alreadyPosted: false } } });
    expect(await counts()).toEqual(before);
    await http.close();
  });

  it('the same key with a different input is a CONFLICT with a clear message, and changes nothing', async () => {
    const a = await balancedBatch();
    const b = await balancedBatch();
    await agent.mailPayments.batches.post({ batchId: a.id, idempotencyKey: 'same-key-123' });
    const before = await counts();
    const e = await errorOf(
      agent.mailPayments.batches.post({ batchId: b.id, idempotencyKey: 'same-key-123' }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/key was already used for a different request/);
    expect(await counts()).toEqual(before);
    expect((await agent.mailPayments.batches.get({ batchId: b.id })).batch.status).toBe('open');
  });

  it('a failed first attempt stores nothing: the retry with the same key runs, once', async () => {
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 2,
      controlTotal: '90000',
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const key = 'post-after-fix-1';
    const failed = await errorOf(
      agent.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: key }),
    );
    expect(failed.code).toBe('PRECONDITION_FAILED');
    expect((await counts()).idempotency_keys).toBe(0);
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '1002' }),
    });
    const posted = await agent.mailPayments.batches.post({
      batchId: batch.id,
      idempotencyKey: key,
    });
    expect(posted).toEqual({ alreadyPosted: false, postedCount: 2, postedCents: 90_000 });
    const again = await agent.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: key });
    expect(again).toEqual(posted);
    const ledger = await app.deps.db
      .selectFrom('ledger_entries')
      .select('reference')
      .where('account_id', '=', fx.lease.id)
      .execute();
    expect(ledger).toHaveLength(2);
    const postAudits = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'mail-batch.post%')
      .execute();
    expect(postAudits.map((a) => a.action)).toEqual(['mail-batch.post']);
  });

  it('keys belong to one user and one procedure', async () => {
    const open = {
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
      idempotencyKey: 'shared-key-42',
    };
    const other = await app.as('agent', 'other-agent');
    const mine = await agent.mailPayments.batches.open(open);
    const theirs = await other.mailPayments.batches.open(open);
    expect(theirs.id).not.toBe(mine.id);
    expect((await agent.mailPayments.batches.open(open)).id).toBe(mine.id);
    // The same key on another procedure is another request.
    const item = await agent.mailPayments.items.add({
      batchId: mine.id,
      ...goodLeaseItem(fx.lease.accountNumber),
      idempotencyKey: 'shared-key-42',
    });
    expect(item.batchId).toBe(mine.id);
    expect((await counts()).mail_batches).toBe(2);
    expect((await counts()).idempotency_keys).toBe(3);
  });

  it('an NSF return retried with its key answers as the first time, with one reversal and one fee', async () => {
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'loan-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    const item = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.loan.accountNumber, {
        payee: 'BMW Bank of North America',
        routingNumber: ROUTING,
      }),
    });
    await agent.mailPayments.batches.post({ batchId: batch.id });
    const input = { itemId: item.id, reason: 'NSF', idempotencyKey: 'nsf-return-77' };
    const first = await agent.mailPayments.items.returnNsf(input);
    expect(first).toMatchObject({ alreadyReturned: false, feeCents: 1000 });
    const before = await counts();
    expect(await agent.mailPayments.items.returnNsf(input)).toEqual(first);
    expect(await counts()).toEqual(before);
    expect(before.account_flags).toBe(1);
    expect(before.mail_letters).toBe(1);
  });

  it('a retried return-to-sender gives back the same letter', async () => {
    const batch = await balancedBatch(2, '90000');
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem('9999999999', { remitter: 'Unknown Payer', instrumentNumber: '5' }),
    });
    const input = { itemId: bad.id, reason: 'No account we can find', idempotencyKey: 'rts-0001' };
    const first = await agent.mailPayments.items.returnToSender(input);
    const before = await counts();
    expect(await agent.mailPayments.items.returnToSender(input)).toEqual(first);
    expect(await counts()).toEqual(before);
  });

  it('forgets keys after the retention period', async () => {
    const open = {
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
      idempotencyKey: 'old-key-0001',
    };
    const first = await agent.mailPayments.batches.open(open);
    app.clock.advanceMinutes((RETENTION_DAYS + 1) * 24 * 60);
    const later = await app.as('agent');
    const second = await later.mailPayments.batches.open(open);
    expect(second.id).not.toBe(first.id);
    expect((await counts()).idempotency_keys).toBe(1);
  });
});

describe('messages', () => {
  let http: FastifyInstance;
  beforeEach(async () => {
    http = await httpApp(app.deps);
  });
  afterEach(async () => http.close());

  it('a retried reply is sent once: same message, one e-mail, one audit record', async () => {
    const c = await customerWithAccount(app.deps.db, 9);
    const res = await postIntake(http, {
      customerId: c.customerId,
      accountNumber: c.accountNumber,
      topic: 'payments-easypay',
      text: 'My EasyPay withdrawal happened twice.',
    });
    expect(res.status).toBe(201);
    const { threadId } = res.body as { threadId: number };
    const { version } = await agent.messages.claim({ threadId });
    const reply = {
      threadId,
      expectedVersion: version,
      kind: 'reply' as const,
      body: 'We are refunding the duplicate today.',
      idempotencyKey: 'reply-draft-0001',
    };
    const first = await agent.messages.reply(reply);
    const before = await counts();
    expect(await agent.messages.reply(reply)).toEqual(first);
    expect(await counts()).toEqual(before);
    // Without the key the same retry is refused as stale: the draft's version moved on.
    const { idempotencyKey: _key, ...unkeyed } = reply;
    expect((await errorOf(agent.messages.reply(unkeyed))).code).toBe('CONFLICT');
    // The key with another body is not a retry.
    const other = await errorOf(agent.messages.reply({ ...reply, body: 'Something else.' }));
    expect(other.code).toBe('CONFLICT');
    expect(other.message).toMatch(/different request/);
    expect(await counts()).toEqual(before);
  });
});

describe('disputes and address changes', () => {
  async function customer(region: string) {
    const db = app.deps.db;
    const at = app.clock.now().toISOString();
    const cust = await createCustomer(
      db,
      {
        firstName: 'Hélène',
        lastName: 'Tremblay',
        dateOfBirth: '1980-04-12',
        ssnLast4: '4321',
        language: 'fr',
      },
      at,
    );
    await addAddress(
      db,
      {
        customerId: cust.id,
        line1: '12 MAIN ST',
        city: 'ALBANY',
        region,
        postalCode: '12207',
        country: 'US',
        effectiveFrom: '2020-01-01',
        source: 'origination',
      },
      at,
    );
    const account = await createAccount(
      db,
      {
        accountNumber: '1000000011',
        type: 'lease',
        vin: '1M8GDM9AXKP042788',
        vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
        holderCustomerId: cust.id,
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
    return { customer: cust, account };
  }

  it('a retried provisional credit posts one ledger line and returns the first case', async () => {
    const f = await customer('NY');
    const intake = {
      customerId: f.customer.id,
      accountId: f.account.id,
      channel: 'phone' as const,
      errorType: 'duplicate_debit' as const,
      reason: 'EasyPay took the November payment twice.',
      transactions: [
        { transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay debit' },
      ],
      idempotencyKey: 'intake-call-0001',
    };
    const created = await agent.disputes.create(intake);
    expect(await agent.disputes.create(intake)).toEqual(created);
    expect((await counts()).disputes).toBe(1);
    const view = await agent.disputes.get({ id: created.id });
    const credit = {
      id: created.id,
      amountCents: 45_000,
      version: view.case.version,
      idempotencyKey: 'credit-click-01',
    };
    const first = await agent.disputes.postProvisionalCredit(credit);
    expect(first.provisionalCreditCents).toBe(45_000);
    const before = await counts();
    expect(await agent.disputes.postProvisionalCredit(credit)).toEqual(first);
    expect(await counts()).toEqual(before);
    // Without the key the retry is a stale version (the case moved on): still posted once.
    const { idempotencyKey: _key, ...unkeyed } = credit;
    expect((await errorOf(agent.disputes.postProvisionalCredit(unkeyed))).code).toBe('CONFLICT');
    const letter = {
      id: created.id,
      kind: 'provisional_credit' as const,
      language: 'fr' as const,
      channel: 'mail' as const,
      version: first.version,
      idempotencyKey: 'letter-click-01',
    };
    const sent = await agent.disputes.sendLetter(letter);
    const afterLetter = await counts();
    expect(await agent.disputes.sendLetter(letter)).toEqual(sent);
    expect(await counts()).toEqual(afterLetter);
    expect(afterLetter.dispute_letters).toBe(1);
    expect(afterLetter.ledger_entries).toBe(before.ledger_entries);
  });

  it('a retried address change is applied once, with one pair of letters', async () => {
    const f = await customer('NY');
    const v = await agent.addressChanges.verify({
      customerId: f.customer.id,
      channel: 'phone',
      method: 'dob_ssn_zip',
      dateOfBirth: '1980-04-12',
      ssnLast4: '4321',
      postalCode: '12207',
    });
    const submit = {
      customerId: f.customer.id,
      requesterCustomerId: f.customer.id,
      verificationId: v.verificationId,
      channel: 'phone' as const,
      accountIds: [f.account.id],
      address: {
        country: 'US' as const,
        line1: '200 boylston street apartment 5',
        city: 'Boston',
        region: 'Massachusetts',
        postalCode: '02116',
      },
      effectiveFrom: '2026-11-20',
      reason: 'Customer moved',
      idempotencyKey: 'address-change-call-1',
    };
    const first = await agent.addressChanges.submit(submit);
    expect(first.status).toBe('applied');
    const before = await counts();
    expect(before.address_change_letters).toBe(2);
    expect(await agent.addressChanges.submit(submit)).toEqual(first);
    expect(await counts()).toEqual(before);
  });
});

describe('the middleware', () => {
  /** A router that exists only here: a keyed procedure returning what the test asks. */
  const probe = router({
    write: agentProcedure
      .input(z.strictObject({ returns: z.enum(['nothing', 'date']), idempotencyKey }))
      .mutation(async ({ ctx, input }) => {
        await sql`insert into closures (date, name, created_at) values ('2026-12-24', 'probe', 'x')`.execute(
          ctx.db,
        );
        await ctx.audit({ action: 'probe', entityType: 'closure' });
        return input.returns === 'date' ? { at: new Date() } : undefined;
      }),
  });
  async function probeCaller() {
    const token = await createSession(app.deps.db, agent.userId, app.clock.now().toISOString());
    return createCallerFactory(probe)(await createContext({ deps: app.deps, sessionToken: token }));
  }
  const closures = async () =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from closures`.execute(app.deps.db)).rows[0]
        ?.n,
    );

  it('replays a procedure that returned nothing', async () => {
    const c = await probeCaller();
    expect(await c.write({ returns: 'nothing', idempotencyKey: 'nothing-1' })).toBeUndefined();
    expect(await c.write({ returns: 'nothing', idempotencyKey: 'nothing-1' })).toBeUndefined();
    expect(await closures()).toBe(1);
  });

  it('refuses (and rolls back) a keyed result that is not plain JSON, rather than replay it changed', async () => {
    const c = await probeCaller();
    const e = await errorOf(c.write({ returns: 'date', idempotencyKey: 'dated-0001' }));
    expect(e.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await closures()).toBe(0);
    expect((await counts()).idempotency_keys).toBe(0);
  });
});

describe('migration 0007-idempotency', () => {
  it('adds an empty key table and carries the earlier data across', async () => {
    const { db } = openDatabase(':memory:');
    await migrateTo(db, '0006-mail-payments');
    await sql`insert into users (username, display_name, role, password_hash, active, created_at, updated_at)
      values ('kept', 'Kept User', 'agent', 'scrypt$x', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      db,
    );
    await migrateToLatest(db);
    const users = await sql<{ username: string }>`select username from users`.execute(db);
    expect(users.rows).toEqual([{ username: 'kept' }]);
    await sql`insert into idempotency_keys (user_id, path, key, input_hash, result_json, created_at)
      values (1, 'p', 'abcdefgh', ${'0'.repeat(64)}, null, '2026-01-01T00:00:00Z')`.execute(db);
    // One row per (user, path, key); keys are 8 to 100 characters.
    await expect(
      sql`insert into idempotency_keys (user_id, path, key, input_hash, result_json, created_at)
        values (1, 'p', 'abcdefgh', ${'1'.repeat(64)}, '1', 'x')`.execute(db),
    ).rejects.toThrow(/UNIQUE/);
    await expect(
      sql`insert into idempotency_keys (user_id, path, key, input_hash, result_json, created_at)
        values (1, 'p', 'short', ${'1'.repeat(64)}, '1', 'x')`.execute(db),
    ).rejects.toThrow(/CHECK/);
    await db.destroy();
  });
});
