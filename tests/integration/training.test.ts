import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../../server/trpc/context.ts';
import { appRouter } from '../../server/router.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';
import { TrainingClock } from '../../server/training/clock.ts';
import { createCallerFactory } from '../../server/trpc/base.ts';
import { seededApp } from './customers-app.ts';
import { onPostgres } from './pg-test-db.ts';

type App = Awaited<ReturnType<typeof seededApp>>;
let app: App | null = null;
let server: RunningServer | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await app?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  app = null;
  server = null;
  dataDir = null;
});

const HELENE = 1;

describe("the trainer's clock", () => {
  it('moves every derived date of the 360 with it', async () => {
    app = await seededApp();
    const trainer = await app.as('trainer');
    const agent = await app.as('agent');
    const changes: unknown[] = [];
    // Listens until the test has seen what it waits for (not for a fixed 1.5 s, which a loaded
    // machine could spend before the first clock move).
    const controller = new AbortController();
    const listening = (async () => {
      try {
        for await (const e of app.deps.events.listen('changed', controller.signal)) changes.push(e);
      } catch {
        // aborted
      }
    })();

    const monday = await agent.customers.get360({ customerId: HELENE });
    expect(monday.today).toBe('2026-11-23');
    expect(monday.accounts[0]?.easyPay.outlook).toMatchObject({
      canStopNext: true,
      next: { cancelBy: '2026-11-24' },
    });

    const moved = await trainer.training.advance({ unit: 'businessDays', amount: 2 });
    expect(moved).toMatchObject({ today: '2026-11-25', now: '2026-11-25T14:30:00.000Z' });
    const wednesday = await (await app.as('agent')).customers.get360({ customerId: HELENE });
    expect(wednesday.today).toBe('2026-11-25');
    expect(wednesday.accounts[0]?.easyPay.outlook).toMatchObject({
      canStopNext: false,
      firstStoppable: { dueDate: '2026-12-28', cancelBy: '2026-12-22' },
    });

    // Past Thanksgiving and the weekend: the EasyPay debit of the 28th is taken on Monday the 30th.
    const later = await trainer.training.setClock({ date: '2026-12-01', time: '10:00' });
    expect(later.scheduledPaymentsPosted).toBeGreaterThan(0);
    const tuesday = await (await app.as('agent')).customers.get360({ customerId: HELENE });
    expect(tuesday.today).toBe('2026-12-01');
    expect(tuesday.accounts[0]?.summary).toMatchObject({
      nextDueDate: '2026-12-28',
      pastDueCents: 0,
    });
    expect(tuesday.recentPayments[0]).toMatchObject({ postedOn: '2026-11-30', code: 'easypay' });

    // Back in time: later postings disappear from view, nothing is deleted.
    await trainer.training.setClock({ date: '2026-11-23', time: '09:30' });
    const again = await (await app.as('agent')).customers.get360({ customerId: HELENE });
    expect(again.accounts[0]?.summary).toEqual(monday.accounts[0]?.summary);
    // Forward again: the debit is not posted twice.
    expect(
      (await trainer.training.setClock({ date: '2026-12-01', time: '10:00' }))
        .scheduledPaymentsPosted,
    ).toBe(0);

    await vi.waitFor(() => expect(changes).toContainEqual({ area: 'clock' }));
    controller.abort();
    await listening;
    const actions = (await app.db.selectFrom('audit_log').select('action').execute()).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      'training.clock-advance',
      'training.clock-set',
      'training.clock-set',
      'training.clock-set',
    ]);
  });

  it('advances by hours and keeps signed-in staff signed in across a jump', async () => {
    app = await seededApp();
    const agentToken = await app.tokenFor('agent');
    // A caller's context reads "now" once, like one HTTP request: a fresh caller per request.
    await (await app.as('trainer')).training.advance({ unit: 'hours', amount: 3 });
    expect(app.clock.now().toISOString()).toBe('2026-11-23T17:30:00.000Z');
    await (await app.as('trainer')).training.advance({ unit: 'businessDays', amount: 5 });
    expect(app.clock.now().toISOString()).toBe('2026-12-01T17:30:00.000Z'); // Thanksgiving skipped
    const caller = createCallerFactory(appRouter)(
      await createContext({ deps: app.deps, sessionToken: agentToken }),
    );
    expect(await caller.auth.me()).toMatchObject({ role: 'agent' });
    const status = await caller.training.status();
    expect(status).toMatchObject({
      training: true,
      today: '2026-12-01',
      clock: { running: false },
    });
  });

  it('is for trainers, and a production database refuses it outright', async () => {
    app = await seededApp();
    await expect(
      (await app.as('agent')).training.advance({ unit: 'hours', amount: 1 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      (await app.as('supervisor')).training.reset({ scenarioId: 'standard' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await app.close();
    app = await seededApp({ kind: 'production' });
    const admin = await app.as('admin');
    await expect(
      admin.training.setClock({ date: '2026-12-01', time: '10:00' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.training.reset({ scenarioId: 'standard' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await (await app.as('agent')).training.status()).toMatchObject({
      training: false,
      clock: null,
      seeded: null,
    });
    expect(app.clock.now().toISOString()).toBe('2026-11-23T14:30:00.000Z');
  });

  it('lists the scenario and its planted records', async () => {
    app = await seededApp();
    const status = await (await app.as('agent')).training.status();
    expect(status.seeded).toMatchObject({
      scenarioId: 'standard',
      seed: 1,
      scale: 'demo',
      asOf: '2026-11-23',
    });
    expect(status.seeded?.plants.find((p) => p.customerId === HELENE)?.title).toMatch(/Hélène/);
    const { scenarios, scales } = await (await app.as('trainer')).training.scenarios();
    expect(scenarios.map((s) => s.id)).toContain('standard');
    expect(scales.map((s) => s.name)).toEqual(['demo', 'class', 'large']);
  });
});

describe('reset in one click', () => {
  it.runIf(onPostgres)(
    'is refused on the central PostgreSQL server, which a local re-seed would not reach',
    async () => {
      app = await seededApp();
      // Even with a data folder (attachments live there), the database is not a local file.
      dataDir = mkdtempSync(path.join(tmpdir(), 'cic-pg-reset-'));
      app.deps.dataDir = dataDir;
      const trainer = await app.as('trainer');
      await expect(trainer.training.reset({ scenarioId: 'standard' })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/central PostgreSQL server/),
      });
      expect(readdirSync(dataDir)).toEqual([]);
    },
  );

  it('re-seeds the chosen scenario in the running server, with progress, and restarts the clock', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cic-training-'));
    server = await startServer({ port: 0, dataDir, staticDir: null, fastHash: true, quiet: true });
    expect(server.deps.clock).toBeInstanceOf(TrainingClock);
    expect(server.deps.clock.now().toISOString()).toBe('2026-11-23T14:30:00.000Z'); // first run: demo data, clock at its start
    const caller = async (token?: string) =>
      createCallerFactory(appRouter)(
        await createContext({ deps: server!.deps, ...(token ? { sessionToken: token } : {}) }),
      );
    let token: string | null = null;
    await (
      await createCallerFactory(appRouter)(
        await createContext({ deps: server.deps, setSessionToken: (t) => (token = t) }),
      )
    ).auth.login({
      username: 'trainer',
      password: 'trainer-demo-2026',
    });
    const trainer = await caller(token ?? undefined);
    const before = await trainer.customers.search({ q: 'helene tremblay' });
    expect(before[0]?.customerId).toBe(HELENE);
    await trainer.training.advance({ unit: 'businessDays', amount: 3 });
    await server.deps.db
      .insertInto('customer_flags')
      .values({
        customer_id: HELENE,
        kind: 'note',
        note: 'class exercise',
        raised_at: '2026-11-26T15:00:00.000Z',
      })
      .execute();
    const fractions: number[] = [];
    const changes: unknown[] = [];
    const controller = new AbortController();
    const listening = (async () => {
      try {
        for await (const e of server!.deps.events.listen('changed', controller.signal))
          changes.push(e);
      } catch {
        // aborted
      }
    })();

    expect(await trainer.training.reset({ scenarioId: 'standard', seed: 4 })).toEqual({
      started: true,
      scenarioId: 'standard',
    });
    await expect(trainer.training.reset({ scenarioId: 'standard' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Until the reset is over, however long a loaded machine takes (not a fixed 200 polls).
    let status = await trainer.training.status();
    await vi.waitFor(
      async () => {
        status = await trainer.training.status();
        if (status.reset?.state === 'running') fractions.push(status.reset.fraction);
        expect(status.reset?.state).not.toBe('running');
      },
      { timeout: 25_000, interval: 20 },
    );
    expect(status.reset).toMatchObject({ state: 'done', fraction: 1, scenarioId: 'standard' });
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y)); // progress only goes up
    // The re-seeded EasyPay bank account numbers were sealed inside the seed's transaction.
    const banks = await server.deps.db
      .selectFrom('accounts')
      .select('easypay_bank_account')
      .where('easypay_bank_account', 'is not', null)
      .execute();
    expect(banks.length).toBeGreaterThan(0);
    for (const b of banks) expect(b.easypay_bank_account).toMatch(/^sealed:v1\./);
    expect(status.seeded).toMatchObject({ seed: 4, scenarioId: 'standard' });
    expect(server.deps.clock.now().toISOString()).toBe('2026-11-23T14:30:00.000Z');
    expect(status.today).toBe('2026-11-23');
    expect(await trainer.auth.me()).toMatchObject({ username: 'trainer' }); // still signed in
    const flags = await server.deps.db
      .selectFrom('customer_flags')
      .selectAll()
      .where('kind', '=', 'note')
      .execute();
    expect(flags).toEqual([]);
    const after = await trainer.customers.search({ q: 'helene tremblay' });
    expect(after[0]?.customerId).toBe(HELENE);
    controller.abort();
    await listening;
    expect(changes).toContainEqual({ area: 'all' });
    const actions = (await server.deps.db.selectFrom('audit_log').select('action').execute()).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['training.reset', 'training.reset-completed']));
  }, 30_000);
});
