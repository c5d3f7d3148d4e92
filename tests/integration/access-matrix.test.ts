import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_MATRIX, ACCESS_ROLES, mayCall } from '../../server/trpc/access-matrix.ts';
import { createTestApp } from './harness.ts';
import {
  buildTemplate,
  callPath,
  EXAMPLES,
  listProcedures,
  openFromTemplate,
  USER_IDS,
  type Caller,
  type Outcome,
  type ProcedureApp,
  type Template,
} from './procedure-fixture.ts';

/**
 * The access matrix (issue 10 item 5): the ONE declared table server/trpc/access-matrix.ts, proven
 * by calling every procedure of the router as every role on a fresh copy of the demo data;
 * object-level checks (an id changed by hand reaches nothing the role cannot reach); and the
 * trainer's actions refused on a production database whatever the role.
 */

const procedures = listProcedures();
let template: Template;

beforeAll(async () => {
  template = await buildTemplate();
}, 60_000);
afterAll(() => template?.dispose());

const codeOf = (o: Outcome) => (o.ok ? 'OK' : o.error.code);
const why = (o: Outcome) => (o.ok ? 'accepted' : `${o.error.code}: ${o.error.message}`);

async function withApp<T>(fn: (app: ProcedureApp) => Promise<T>): Promise<T> {
  const app = await openFromTemplate(template);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

describe('the declared table', () => {
  it('declares every procedure of the router: a new procedure must be added to server/trpc/access-matrix.ts', () => {
    const missing = procedures.map((p) => p.path).filter((p) => !ACCESS_MATRIX[p]);
    expect(missing, 'procedures missing from server/trpc/access-matrix.ts').toEqual([]);
  });

  it('declares nothing the router does not have', () => {
    const paths = new Set(procedures.map((p) => p.path));
    expect(Object.keys(ACCESS_MATRIX).filter((p) => !paths.has(p))).toEqual([]);
  });

  it('has an example input for every procedure (tests/integration/procedure-fixture.ts)', () => {
    expect(procedures.map((p) => p.path).filter((p) => !EXAMPLES[p])).toEqual([]);
  });

  it('denies by default what it does not name', () => {
    expect(mayCall('no.such.procedure', 'admin')).toBe(false);
    expect(mayCall('admin.users.list', 'admin')).toBe(true);
    expect(mayCall('admin.users.list', 'supervisor')).toBe(false);
  });
});

describe.each(procedures)('$path ($type)', ({ path }) => {
  it('is allowed exactly for the roles of the table', async () => {
    const rule = ACCESS_MATRIX[path];
    expect(rule, `${path} is not in server/trpc/access-matrix.ts`).toBeDefined();
    if (!rule) return;
    for (const role of ACCESS_ROLES) {
      await withApp(async (app) => {
        const userId = role === 'anonymous' ? null : USER_IDS[role];
        const input = await EXAMPLES[path]!({ app, userId });
        const writes = app.writeCount();
        const outcome = await callPath(app.callers[role], path, input);
        const code = codeOf(outcome);
        if (rule.roles.includes(role)) {
          expect(
            ['UNAUTHORIZED', 'FORBIDDEN'],
            `${path} as ${role}: ${why(outcome)}`,
          ).not.toContain(code);
          return;
        }
        if (rule.enforcedBy === 'procedure') {
          expect(['UNAUTHORIZED', 'FORBIDDEN'], `${path} as ${role}: ${why(outcome)}`).toContain(
            code,
          );
          return;
        }
        // Refused by the role middleware: before the input is read and before anything is written.
        const expected = role === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
        expect(code, `${path} as ${role}: ${why(outcome)}`).toBe(expected);
        expect(app.writeCount(), `${path} as ${role} wrote`).toBe(writes);
        for (const garbage of [{ not: 'valid' }, 42, 'x'.repeat(10_000)]) {
          const again = await callPath(app.callers[role], path, garbage);
          expect(codeOf(again), `${path} as ${role} with a bad input`).toBe(expected);
        }
      });
    }
  });
});

// ---------------------------------------------------------------------------- production

const PRODUCTION_INPUTS: Record<string, unknown> = {
  'training.setClock': { date: '2026-11-24', time: '09:00' },
  'training.advance': { unit: 'businessDays', amount: 2 },
  'training.setRunning': { running: true },
  'training.reset': { scenarioId: 'standard' },
  'messages.simulator.start': { perHour: 60 },
  'messages.simulator.stop': undefined,
};

describe('on a production database', () => {
  const trainingOnly = Object.entries(ACCESS_MATRIX)
    .filter(([, rule]) => rule.trainingOnly)
    .map(([p]) => p);

  it('the trainer-only actions are declared training-only', () => {
    expect(trainingOnly.sort()).toEqual(Object.keys(PRODUCTION_INPUTS).sort());
  });

  it.each(trainingOnly)('%s is refused, even for the trainer and the admin', async (path) => {
    const app = await createTestApp({ kind: 'production' });
    try {
      expect(app.deps.databaseKind).toBe('production');
      for (const role of ['trainer', 'admin'] as const) {
        const caller = await app.as(role);
        const audits = await app.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const outcome = await callPath(caller as Caller, path, PRODUCTION_INPUTS[path]);
        expect(codeOf(outcome), `${path} as ${role}: ${why(outcome)}`).toBe('FORBIDDEN');
        expect(outcome.ok ? '' : outcome.error.message).toMatch(/production|training database/);
        const after = await app.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(after.n), 'nothing audited: nothing happened').toBe(Number(audits.n));
        // The clock did not move (a manual clock stands still unless told).
        expect(app.clock.now().toISOString()).toBe('2026-11-20T15:00:00.000Z');
      }
      const meta = await app.deps.db
        .selectFrom('app_meta')
        .select('key')
        .where('key', '=', 'training_clock')
        .execute();
      expect(meta, 'no trainer clock was ever stored').toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('the training banner still answers, and says production', async () => {
    const app = await createTestApp({ kind: 'production' });
    try {
      const trainer = await app.as('trainer');
      const status = await trainer.training.status();
      expect(status).toMatchObject({ databaseKind: 'production', training: false, clock: null });
      expect(await trainer.messages.simulator.status()).toMatchObject({ available: false });
    } finally {
      await app.close();
    }
  });
});

// ------------------------------------------------------------------------- object level

describe('object-level checks: changing an id reaches nothing the role cannot reach', () => {
  it('an agent reveals no full phone or bank account of any customer; each attempt is audited', async () => {
    await withApp(async (app) => {
      const phones = await app.rows<{ id: number; customer_id: number; number: string }>(
        'select id, customer_id, number from customer_phones where customer_id in (1, 2, 300) order by id',
      );
      const accounts = await app.rows<{
        id: number;
        holder_customer_id: number;
        easypay_bank_account: string;
      }>(
        'select id, holder_customer_id, easypay_bank_account from accounts where easypay_bank_account is not null order by id limit 3',
      );
      expect(phones.length).toBeGreaterThan(2);
      expect(accounts.length).toBeGreaterThan(0);
      const attempts = [
        ...phones.map((p) => ({ customerId: p.customer_id, field: 'phone', targetId: p.id })),
        ...accounts.map((a) => ({
          customerId: a.holder_customer_id,
          field: 'bankAccount',
          targetId: a.id,
        })),
      ];
      for (const attempt of attempts) {
        const outcome = await callPath(app.callers.agent, 'customers.reveal', {
          ...attempt,
          reason: 'Just curious',
        });
        expect(codeOf(outcome)).toBe('FORBIDDEN');
        const shown = JSON.stringify(outcome.ok ? outcome.value : outcome.shape);
        for (const p of phones) expect(shown).not.toContain(p.number.slice(-7));
        for (const a of accounts) expect(shown).not.toContain(a.easypay_bank_account);
      }
      const refused = await app.value(
        "select count(*) from audit_log where action = 'customer.reveal-refused' and actor_user_id = ?",
        USER_IDS.agent,
      );
      expect(Number(refused)).toBe(attempts.length);

      // The 360 an agent reads has no full identifier either.
      for (const customerId of [1, 2, 300]) {
        const view = JSON.stringify(await app.callers.agent.customers.get360({ customerId }));
        for (const p of phones.filter((x) => x.customer_id === customerId))
          expect(view).not.toContain(p.number.slice(-7));
        for (const a of accounts) expect(view).not.toContain(a.easypay_bank_account);
      }
    });
  });

  it('a supervisor reveals only an identifier that is on the customer named', async () => {
    await withApp(async (app) => {
      const phoneOf = (customerId: number) =>
        app.value<number>(
          'select id from customer_phones where customer_id = ? order by id limit 1',
          customerId,
        );
      const accountOf = (customerId: number) =>
        app.value<number | undefined>(
          'select id from accounts where holder_customer_id = ? and easypay_bank_account is not null order by id limit 1',
          customerId,
        );
      const sup = app.callers.supervisor;
      const reason = 'Customer asked';
      const otherPhone = await callPath(sup, 'customers.reveal', {
        customerId: 1,
        field: 'phone',
        targetId: await phoneOf(2),
        reason,
      });
      expect(codeOf(otherPhone)).toBe('NOT_FOUND');
      const holder = await app.value<number>(
        'select holder_customer_id from accounts where easypay_bank_account is not null and holder_customer_id <> 1 order by id limit 1',
      );
      const otherAccount = await callPath(sup, 'customers.reveal', {
        customerId: 1,
        field: 'bankAccount',
        targetId: await accountOf(holder),
        reason,
      });
      expect(codeOf(otherAccount)).toBe('NOT_FOUND');
      const own = await sup.customers.reveal({
        customerId: 2,
        field: 'phone',
        targetId: await phoneOf(2),
        reason,
      });
      expect(own.value.replace(/\D/g, '')).toHaveLength(10);
    });
  });

  it('staff records: only the admin reads or changes a user, whichever id is asked for', async () => {
    await withApp(async (app) => {
      for (const role of ['agent', 'supervisor', 'trainer'] as const) {
        for (const userId of Object.values(USER_IDS)) {
          for (const [path, input] of [
            ['admin.users.resetPassword', { userId, password: 'taken-over-1', reason: 'mine' }],
            ['admin.users.setActive', { userId, active: false, reason: 'gone' }],
            ['admin.users.unlock', { userId, reason: 'let me in' }],
            ['auth.mfa.adminReset', { userId, reason: 'lost phone' }],
          ] as const) {
            expect(
              codeOf(await callPath(app.callers[role], path, input)),
              `${path} as ${role}`,
            ).toBe('FORBIDDEN');
          }
        }
        expect(codeOf(await callPath(app.callers[role], 'admin.users.list', undefined))).toBe(
          'FORBIDDEN',
        );
      }
      // Own settings only: a user id cannot be slipped into one's own language change.
      const slipped = await callPath(app.callers.agent, 'auth.setLanguage', {
        language: 'fr',
        userId: USER_IDS.agent2,
      });
      expect(codeOf(slipped)).toBe('BAD_REQUEST');
      expect(slipped.ok ? null : slipped.shape.data.fields).toHaveProperty('_');
      const language = (id: number) => app.value('select language from users where id = ?', id);
      const before = await language(USER_IDS.agent2);
      await app.callers.agent.auth.setLanguage({ language: 'fr' });
      expect(await language(USER_IDS.agent)).toBe('fr');
      expect(await language(USER_IDS.agent2)).toBe(before);
      // Signing out ends one's own session only.
      await app.callers.agent.auth.logout();
      expect(await app.callers.agent.auth.me()).toBeNull();
      expect(await app.callers.agent2.auth.me()).toMatchObject({ id: USER_IDS.agent2 });
    });
  });

  it('address changes: an agent approves nothing; a supervisor cannot approve or reject their own change', async () => {
    await withApp(async (app) => {
      const sup = app.callers.supervisor;
      const verified = async () => {
        const c = await app.value<string>('select date_of_birth from customers where id = 1');
        const vin = await app.value<string>('select vin from accounts where id = 1');
        return (
          await sup.addressChanges.verify({
            customerId: 1,
            channel: 'phone',
            method: 'dob_vin',
            dateOfBirth: c,
            vin,
          })
        ).verificationId;
      };
      const submit = async (line1: string) =>
        sup.addressChanges.submit({
          customerId: 1,
          requesterCustomerId: 1,
          verificationId: await verified(),
          channel: 'phone',
          accountIds: [1],
          address: {
            country: 'US',
            line1,
            city: 'Boston',
            region: 'MA',
            postalCode: '02116',
          },
          effectiveFrom: '2026-11-30',
          reason: 'Moved',
        });
      await submit('200 Boylston St');
      const second = await submit('12 Newbury St');
      expect(second.status, 'a second change within 30 days waits for a checker').toBe(
        'pending_approval',
      );
      for (const id of [second.id, 29]) {
        for (const path of ['addressChanges.approve', 'addressChanges.reject'] as const) {
          expect(
            codeOf(await callPath(app.callers.agent, path, { id, reason: 'Looks fine' })),
          ).toBe('FORBIDDEN');
        }
      }
      for (const path of ['addressChanges.approve', 'addressChanges.reject'] as const) {
        const own = await callPath(sup, path, { id: second.id, reason: 'Looks fine' });
        expect(codeOf(own), why(own)).toBe('FORBIDDEN');
        expect(own.ok ? '' : own.error.message).toMatch(/maker-checker/);
      }
      expect(
        await app.callers.admin.addressChanges.approve({ id: second.id, reason: 'Called back' }),
      ).toEqual({ ok: true });
    });
  });

  it('mail batches: the supervisor who opened a batch cannot approve its overrides', async () => {
    await withApp(async (app) => {
      const sup = app.callers.supervisor.mailPayments;
      const batch = await sup.batches.open({
        lockboxId: 'lease-phoenix',
        receiptDate: '2026-11-20',
        controlCount: 1,
        controlTotal: '450.00',
      });
      // A lease check payable to the bank: an exception a keyer may override.
      const item = await sup.items.add({
        batchId: batch.id,
        accountNumber: '5682673982',
        amount: '450.00',
        instrumentNumber: '777',
        instrumentType: 'personal_check',
        payee: 'BMW Bank of North America',
        routingNumber: '021000021',
        remitter: 'Hélène Tremblay',
      });
      expect(item.status).toBe('exception');
      // Another agent cannot work the supervisor's batch (issue 21); its opener overrides.
      expect(
        codeOf(
          await callPath(app.callers.agent, 'mailPayments.items.override', {
            itemId: item.id,
            reason: 'Bank ok',
          }),
        ),
      ).toBe('FORBIDDEN');
      await app.callers.supervisor.mailPayments.items.override({
        itemId: item.id,
        reason: 'Bank ok',
      });
      expect(
        codeOf(
          await callPath(app.callers.agent, 'mailPayments.batches.approve', { batchId: batch.id }),
        ),
      ).toBe('FORBIDDEN');
      const own = await callPath(app.callers.supervisor, 'mailPayments.batches.approve', {
        batchId: batch.id,
      });
      expect(why(own)).toMatch(/PRECONDITION_FAILED: You opened this batch/);
      expect(await app.callers.admin.mailPayments.batches.approve({ batchId: batch.id })).toEqual({
        ok: true,
      });
    });
  });

  it('disputes: an agent takes a case only for themselves and cannot keep a provisional credit', async () => {
    await withApp(async (app) => {
      const version = async () =>
        Number(await app.value('select version from disputes where id = 7'));
      for (const userId of [USER_IDS.agent2, USER_IDS.supervisor, USER_IDS.admin]) {
        const o = await callPath(app.callers.agent, 'disputes.assign', {
          id: 7,
          userId,
          version: await version(),
        });
        expect(codeOf(o)).toBe('FORBIDDEN');
      }
      expect(
        codeOf(
          await callPath(app.callers.agent, 'disputes.assign', {
            id: 7,
            userId: USER_IDS.agent,
            version: await version(),
          }),
        ),
      ).toBe('OK');
      const keep = await callPath(app.callers.agent, 'disputes.close', {
        id: 8,
        note: 'Keeping the credit as goodwill',
        keepProvisionalCredit: true,
        version: Number(await app.value('select version from disputes where id = 8')),
      });
      expect(codeOf(keep)).toBe('FORBIDDEN');
    });
  });

  it('disputes: a disputed debit is one of the account’s own ledger entries', async () => {
    await withApp(async (app) => {
      const base = (await EXAMPLES['disputes.create']!({ app, userId: USER_IDS.agent })) as {
        transactions: Array<Record<string, unknown>>;
      };
      const foreign = await app.value<number>(
        'select id from ledger_entries where account_id <> 1 order by id limit 1',
      );
      for (const ledgerEntryId of [foreign, 99_999_999]) {
        const o = await callPath(app.callers.agent, 'disputes.create', {
          ...base,
          transactions: [{ ...base.transactions[0], ledgerEntryId }],
        });
        expect(why(o)).toMatch(/^BAD_REQUEST/);
        expect(o.ok ? null : o.shape.data.fields).toHaveProperty(['transactions.0.ledgerEntryId']);
      }
    });
  });

  it('messages: an agent cannot release or reassign another agent’s thread', async () => {
    await withApp(async (app) => {
      const owned = await app.value<number>(
        'select id from message_threads where assignee_id = ? and is_active = 1 order by id limit 1',
        USER_IDS.agent,
      );
      expect(owned).toBeTruthy();
      expect(
        codeOf(await callPath(app.callers.agent2, 'messages.release', { threadId: owned })),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(
          await callPath(app.callers.agent2, 'messages.assign', {
            threadIds: [owned],
            userId: USER_IDS.agent2,
          }),
        ),
      ).toBe('FORBIDDEN');
      const mine = await app.callers.agent2.messages.list({ view: 'mine', state: 'any' });
      expect(mine.rows.map((r) => r.id)).not.toContain(owned);
      expect(
        Number(await app.value('select assignee_id from message_threads where id = ?', owned)),
      ).toBe(USER_IDS.agent);
    });
  });

  it('messages: only the owner or a supervisor replies to, moves or closes a thread (issue 21)', async () => {
    await withApp(async (app) => {
      const owned = await app.value<number>(
        "select id from message_threads where assignee_id = ? and is_active = 1 and state in ('open', 'waiting') order by id limit 1",
        USER_IDS.agent,
      );
      expect(owned).toBeTruthy();
      const version = async () =>
        Number(await app.value('select version from message_threads where id = ?', owned));
      const writes = app.writeCount();
      const attempts: Array<[string, unknown]> = [
        [
          'messages.reply',
          { threadId: owned, expectedVersion: await version(), kind: 'reply', body: 'Not mine' },
        ],
        ...(['wait', 'resolve', 'close'] as const).map(
          (action) =>
            ['messages.setState', { threadId: owned, expectedVersion: 0, action }] as [
              string,
              unknown,
            ],
        ),
      ];
      for (const [path, input] of attempts) {
        const fixed =
          path === 'messages.setState'
            ? { ...(input as object), expectedVersion: await version() }
            : input;
        for (const who of ['agent2', 'trainer'] as const) {
          const outcome = await callPath(app.callers[who], path, fixed);
          expect(codeOf(outcome), `${path} ${JSON.stringify(fixed)} as ${who}`).toBe('FORBIDDEN');
        }
      }
      expect(app.writeCount(), 'a refused thread action wrote').toBe(writes);
      // The owner and a supervisor may.
      expect(
        codeOf(
          await callPath(app.callers.supervisor, 'messages.setState', {
            threadId: owned,
            expectedVersion: await version(),
            action: 'wait',
          }),
        ),
      ).toBe('OK');
      expect(
        codeOf(
          await callPath(app.callers.agent, 'messages.reply', {
            threadId: owned,
            expectedVersion: await version(),
            kind: 'reply',
            body: 'Your refund is on its way.',
          }),
        ),
      ).toBe('OK');
      // An unowned thread is taken by a reply, but must be claimed before it is closed.
      const unowned = await app.value<number>(
        "select id from message_threads where assignee_id is null and state = 'open' order by id limit 1",
      );
      if (unowned) {
        const v = Number(
          await app.value('select version from message_threads where id = ?', unowned),
        );
        expect(
          codeOf(
            await callPath(app.callers.agent2, 'messages.setState', {
              threadId: unowned,
              expectedVersion: v,
              action: 'close',
            }),
          ),
        ).toBe('FORBIDDEN');
      }
    });
  });

  it('mail batches: only the opener or a supervisor keys, overrides or posts a batch (issue 21)', async () => {
    await withApp(async (app) => {
      const batch = await app.callers.agent.mailPayments.batches.open({
        lockboxId: 'lease-phoenix',
        receiptDate: '2026-11-20',
        controlCount: 1,
        controlTotal: '100',
      });
      const input = (await EXAMPLES['mailPayments.items.add']!({
        app,
        userId: USER_IDS.agent,
      })) as object;
      const writes = app.writeCount();
      for (const [path, body] of [
        ['mailPayments.items.add', { ...input, batchId: batch.id }],
        [
          'mailPayments.items.importItems',
          { batchId: batch.id, items: [{ ...input, batchId: undefined }] },
        ],
        ['mailPayments.batches.post', { batchId: batch.id }],
      ] as const) {
        for (const who of ['agent2', 'trainer'] as const) {
          const o = await callPath(app.callers[who], path, body);
          expect(codeOf(o), `${path} as ${who}: ${why(o)}`).toMatch(/FORBIDDEN|BAD_REQUEST/);
          if (path !== 'mailPayments.items.importItems') expect(codeOf(o)).toBe('FORBIDDEN');
        }
      }
      expect(app.writeCount(), 'a refused batch action wrote').toBe(writes);
      const o = await callPath(app.callers.supervisor, 'mailPayments.items.add', {
        ...input,
        batchId: batch.id,
      });
      expect(why(o)).toBe('accepted');
    });
  });

  it('money limits: every role’s money step above its authority waits for a second person (issue 21)', async () => {
    await withApp(async (app) => {
      for (const role of ['agent', 'supervisor', 'trainer', 'admin'] as const) {
        await app.callers.admin.authority.updateRule({
          role,
          action: 'provisional-credit',
          perItemCents: 50,
          perCaseCents: null,
          perDayCents: null,
          secondPerson: false,
          reason: 'Access-matrix test',
        });
      }
      for (const role of ['agent', 'supervisor', 'trainer', 'admin'] as const) {
        const input = await EXAMPLES['disputes.postProvisionalCredit']!({
          app,
          userId: USER_IDS[role],
        });
        const o = await callPath(app.callers[role], 'disputes.postProvisionalCredit', input);
        expect(codeOf(o), `${role}: ${why(o)}`).toBe('PRECONDITION_FAILED');
        expect(o.ok ? '' : o.error.message).toMatch(/above your limit of \$0\.50 per item/);
      }
      const pending = await app.rows<{ requested_by: number }>(
        "select requested_by from authority_approvals where status = 'pending' order by id",
      );
      expect(pending.map((p) => Number(p.requested_by))).toEqual([
        USER_IDS.agent,
        USER_IDS.supervisor,
        USER_IDS.trainer,
        USER_IDS.admin,
      ]);
    });
  });

  it('hand-offs link only a thread of the same customer (and a missing thread is a clear error)', async () => {
    await withApp(async (app) => {
      const thread = await app.one<{ id: number; customer_id: number }>(
        'select id, customer_id from message_threads where customer_id <> 1 order by id limit 1',
      );
      const dispute = (await EXAMPLES['disputes.create']!({
        app,
        userId: USER_IDS.agent,
      })) as object;
      const change = (await EXAMPLES['addressChanges.submit']!({
        app,
        userId: USER_IDS.agent,
      })) as object;
      for (const fromThreadId of [thread.id, 99_999_999]) {
        for (const [path, base] of [
          ['disputes.create', dispute],
          ['addressChanges.submit', change],
        ] as const) {
          const o = await callPath(app.callers.agent, path, { ...base, fromThreadId });
          expect(why(o), `${path} from thread ${fromThreadId}`).toMatch(/^BAD_REQUEST/);
          expect(o.ok ? null : o.shape.data.fields).toHaveProperty('fromThreadId');
        }
      }
      const links = await app.value('select count(*) from message_thread_links');
      // The customer's own thread still hands off.
      const account = await app.value<number>(
        'select id from accounts where holder_customer_id = ? order by id limit 1',
        thread.customer_id,
      );
      const created = await app.callers.agent.disputes.create({
        ...(dispute as Parameters<Caller['disputes']['create']>[0]),
        customerId: thread.customer_id,
        accountId: account,
        fromThreadId: thread.id,
      });
      expect(created.id).toBeGreaterThan(0);
      expect(Number(await app.value('select count(*) from message_thread_links'))).toBe(
        Number(links) + 1,
      );
    });
  });
});
