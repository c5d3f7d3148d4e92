import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import {
  dialectOf,
  openDatabase,
  openPostgres,
  type Db,
  type DialectName,
} from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import { exportDatabase, importDatabase } from '../../db/transfer.ts';
import { prepareDatabase, type DatabaseKind } from '../../server/ops/bootstrap.ts';
import { createContext } from '../../server/trpc/context.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { DEFAULT_DISPUTE_POLICY } from '../../server/domain/dispute-policy.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { DeskEvents } from '../../server/events/desk-events.ts';
import { stopSimulator } from '../../server/messages/simulator.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory, type AppDeps } from '../../server/trpc/base.ts';
import type { AccessRole } from '../../server/trpc/access-matrix.ts';
import { countStatementWrites, sqliteWriteCount } from './db-checksum.ts';
import { cloneDatabase, databaseUrl, onPostgres, TEST_DATABASE_URL } from './pg-test-db.ts';

/**
 * Shared by the access-matrix and fuzz tests: a template database (migrated, the whole demo
 * data set at seed 1, the five demo users with a session each) from which every app gets a
 * fresh copy, so each procedure starts from the same state; the list of procedures read from
 * the router; and one valid example input per procedure.
 *
 * On SQLite the template is a file, copied per app. On a PostgreSQL run (CIC_TEST_DATABASE_URL)
 * the demo data is generated into SQLite (the generator writes through better-sqlite3), moved
 * with the desk's own export/import (db/transfer.ts) into a template database built once per
 * run (the first test file to need it builds it under an advisory lock; the run's global setup
 * drops it), and every app is a `CREATE DATABASE ... TEMPLATE` clone of it.
 */

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** The seed's "today": Monday 2026-11-23, 09:30 in New York. */
export const FIXTURE_NOW = '2026-11-23T14:30:00.000Z';
export const FIXTURE_TODAY = '2026-11-23';

/** Demo users (server/training/seed via prepareDatabase): ids are fixed by insertion order. */
export const USER_IDS = { agent: 1, agent2: 2, supervisor: 3, trainer: 4, admin: 5 } as const;
type SignedIn = keyof typeof USER_IDS;
/** bootstrap.ts DEMO_USERS (hashed with TEST_SCRYPT here). */
const DEMO_PASSWORDS: Record<SignedIn, string> = {
  agent: 'agent-demo-2026',
  agent2: 'agent-demo-2026',
  supervisor: 'supervisor-demo-2026',
  trainer: 'trainer-demo-2026',
  admin: 'admin-demo-2026',
};

export interface Template {
  /** SQLite: the template file (null on PostgreSQL). */
  file: string | null;
  /** PostgreSQL: the template database (null on SQLite). */
  database: string | null;
  kind: DatabaseKind;
  tokens: Record<SignedIn, string>;
  dispose(): void;
}

/** tmpfs when there is one: `synchronous=FULL` commits cost nothing there. */
function scratchDir(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtempSync(path.join(base, 'cic-procedures-'));
}

let counter = 0;

/** Builds the (training) template database: once per test file on SQLite, once per run on PG. */
export async function buildTemplate(): Promise<Template> {
  return onPostgres ? buildPostgresTemplate() : buildSqliteTemplate();
}

async function buildSqliteTemplate(): Promise<Template> {
  const dir = scratchDir();
  const file = path.join(dir, 'template.sqlite');
  const { db, sqlite } = openDatabase(file);
  const at = new Date(FIXTURE_NOW);
  await prepareDatabase(db, { kind: 'training', demoUsers: true, scrypt: TEST_SCRYPT, at });
  await runSeed({ sqlite, scale: 'demo', seed: 1 });
  const tokens = {} as Record<SignedIn, string>;
  for (const [name, id] of Object.entries(USER_IDS) as Array<[SignedIn, number]>) {
    const actual = sqlite.prepare('select id from users where username = ?').pluck().get(name);
    if (actual !== id) throw new Error(`demo user ${name} has id ${String(actual)}, not ${id}`);
    tokens[name] = await createSession(db, id, FIXTURE_NOW);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.destroy();
  return {
    file,
    database: null,
    kind: 'training',
    tokens,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The run's seeded template on PostgreSQL: `<migrated template>_procedures`. */
function postgresTemplateName(migratedTemplate: string): string {
  return `${migratedTemplate}_procedures`;
}

async function buildPostgresTemplate(): Promise<Template> {
  const url = TEST_DATABASE_URL ?? '';
  const migrated = inject('pgTemplate');
  const name = postgresTemplateName(migrated);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Test files run in parallel processes: the first one builds, the others wait and reuse.
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    // The session tokens (only their hashes are in the database) ride in the database's comment.
    const found = await admin.query<{ tokens: string | null }>(
      "select shobj_description(oid, 'pg_database') as tokens from pg_database where datname = $1",
      [name],
    );
    const stored = found.rows[0]?.tokens;
    if (stored) return postgresTemplate(name, JSON.parse(stored) as Record<SignedIn, string>);
    // A database without its comment is a build that died half-way.
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const seeded = await buildSqliteTemplate();
    try {
      const file = seeded.file ?? '';
      const dump = path.join(path.dirname(file), 'template.jsonl');
      const source = openDatabase(file);
      await exportDatabase(source.db, dump);
      await source.db.destroy();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${migrated}`);
      const target = openPostgres(databaseUrl(url, name), { max: 1 });
      try {
        await importDatabase(target.db, dump, { migrate: migrateToLatest });
        await sql`analyze`.execute(target.db);
      } finally {
        await target.db.destroy();
      }
      const comment = JSON.stringify(seeded.tokens).replaceAll("'", "''");
      await admin.query(`COMMENT ON DATABASE ${name} IS '${comment}'`);
      return postgresTemplate(name, seeded.tokens);
    } finally {
      seeded.dispose();
    }
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    await admin.end();
  }
}

function postgresTemplate(name: string, tokens: Record<SignedIn, string>): Template {
  // Shared by every file of the run: tests/integration/pg-global-setup.ts drops it at the end.
  return { file: null, database: name, kind: 'training', tokens, dispose: () => {} };
}

export interface ProcedureApp {
  deps: AppDeps;
  db: Db;
  dialect: DialectName;
  /** The better-sqlite3 handle on SQLite; null on PostgreSQL. */
  sqlite: Database.Database | null;
  clock: ManualClock;
  /** A caller per access role (and a second agent); each call builds a fresh context. */
  callers: Record<AccessRole | 'agent2', Caller>;
  /**
   * Writes so far (SQLite: rows changed on the connection; PostgreSQL: statements that may
   * write, see db-checksum.ts), rolled-back ones included: unchanged means nothing was written.
   */
  writeCount(): number;
  /** Raw SQL valid on both engines, `?` placeholders. */
  rows<T>(text: string, ...params: unknown[]): Promise<T[]>;
  /** The first row; throws when there is none. */
  one<T>(text: string, ...params: unknown[]): Promise<T>;
  /** The first column of the first row (undefined when there is no row). */
  value<T = unknown>(text: string, ...params: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A Kysely raw query from SQL text with `?` placeholders (no `?` inside literals). */
function rawQuery<T>(text: string, params: readonly unknown[]) {
  const parts = text.split('?');
  if (parts.length !== params.length + 1)
    throw new Error(`${params.length} parameters for ${parts.length - 1} placeholders: ${text}`);
  const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
  return sql<T>(strings, ...params);
}

/** A fresh copy of the template behind the real router. */
export async function openFromTemplate(template: Template): Promise<ProcedureApp> {
  let opened: { db: Db; sqlite: Database.Database | null; writeCount: () => number };
  let dispose: () => Promise<void>;
  if (template.database) {
    const clone = await cloneDatabase(template.database);
    const { db, pool } = openPostgres(clone.url, { max: 4 });
    opened = { db, sqlite: null, writeCount: countStatementWrites(pool) };
    dispose = async () => {
      await db.destroy();
      await clone.drop();
    };
  } else {
    const source = template.file ?? '';
    const file = path.join(path.dirname(source), `app-${process.pid}-${(counter += 1)}.sqlite`);
    await copyFile(source, file);
    const { db, sqlite } = openDatabase(file);
    opened = { db, sqlite, writeCount: () => sqliteWriteCount(sqlite) };
    dispose = async () => {
      await db.destroy();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    };
  }
  const { db, sqlite } = opened;
  const clock = new ManualClock(FIXTURE_NOW);
  const deps: AppDeps = {
    db,
    clock,
    events: new DeskEvents(),
    databaseKind: template.kind,
    dataDir: null,
    scrypt: TEST_SCRYPT,
    log: () => {},
  };
  // Like the HTTP adapter: every call resolves its session and reads the clock anew.
  const callerWith = (token: string | undefined) =>
    createCaller(() => createContext({ deps, sessionToken: token }));
  const callers = {
    anonymous: callerWith(undefined),
    agent: callerWith(template.tokens.agent),
    agent2: callerWith(template.tokens.agent2),
    supervisor: callerWith(template.tokens.supervisor),
    trainer: callerWith(template.tokens.trainer),
    admin: callerWith(template.tokens.admin),
  };
  const rows = async <T>(text: string, ...params: unknown[]) =>
    (await rawQuery<T>(text, params).execute(db)).rows;
  return {
    deps,
    db,
    dialect: dialectOf(db),
    sqlite,
    clock,
    callers,
    writeCount: opened.writeCount,
    rows,
    async one<T>(text: string, ...params: unknown[]) {
      const [first] = await rows<T>(text, ...params);
      if (first === undefined) throw new Error(`fixture: no row for ${text}`);
      return first;
    },
    async value<T>(text: string, ...params: unknown[]) {
      const [first] = await rows<Record<string, unknown>>(text, ...params);
      return (first === undefined ? undefined : Object.values(first)[0]) as T;
    },
    async close() {
      stopSimulator(deps);
      await dispose();
    },
  };
}

// ------------------------------------------------------------------------------ procedures

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/** Every procedure of the router, read from the router itself (tRPC v11: a flat record). */
export function listProcedures(): Array<{ path: string; type: ProcedureType }> {
  const record = (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def
    .procedures;
  return Object.entries(record).map(([p, proc]) => ({
    path: p,
    type: (proc as { _def: { type: ProcedureType } })._def.type,
  }));
}

export type Outcome =
  { ok: true; value: unknown } | { ok: false; error: TRPCError; shape: FormattedShape };

export interface FormattedShape {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    domainCode: string | null;
    fields: Record<string, string> | null;
    detail: unknown;
  };
}

/** Calls a procedure by its dotted path; a thrown error comes back with its formatted shape. */
export async function callPath(caller: Caller, dotted: string, input: unknown): Promise<Outcome> {
  const parts = dotted.split('.');
  let target: unknown = caller;
  for (const p of parts) target = (target as Record<string, unknown>)[p];
  const type = listProcedures().find((x) => x.path === dotted)?.type ?? 'query';
  try {
    const value = await (target as (i: unknown) => Promise<unknown>)(input);
    if (type === 'subscription' && value && typeof value === 'object') {
      // Never iterate a live feed: close it at once (the role check already ran).
      const it = value as { return?: () => Promise<unknown> };
      await it.return?.();
    }
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type,
      path: dotted,
      input,
      ctx: undefined,
    }) as unknown as FormattedShape;
    return { ok: false, error, shape };
  }
}

export function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof TRPCError && error.cause instanceof DomainError) return error.cause;
  return null;
}

// ------------------------------------------------------------------------------- examples

export interface ExampleEnv {
  app: ProcedureApp;
  /** The caller the example is for (setup that needs rights goes through `app.callers.admin`). */
  userId: number | null;
}

type Example = (env: ExampleEnv) => unknown;

/** Dispute money steps are the case owner's: the caller owns the case first. */
const ownedByCaller = async (env: ExampleEnv, id: number): Promise<number> => {
  await env.app.rows(
    'update disputes set assigned_to = ? where id = ?',
    env.userId ?? USER_IDS.admin,
    id,
  );
  return id;
};

const row = <T>(env: ExampleEnv, text: string, ...params: unknown[]): Promise<T> =>
  env.app.one<T>(text, ...params);
const versionOf = async (env: ExampleEnv, table: string, id: number) =>
  Number(
    (await row<{ version: number }>(env, `select version from ${table} where id = ?`, id)).version,
  );

/** A one-page PDF small enough to fuzz with. */
export const TINY_PDF_BASE64 = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

const US_ADDRESS = {
  country: 'US',
  line1: '200 Boylston St',
  line2: 'Apt 5',
  city: 'Boston',
  region: 'MA',
  postalCode: '02116',
} as const;

const OPEN_DISPUTE = 7; // investigation, customer 1, account 1
const READY_DISPUTE = 8; // ready_to_close, error found, corrected
const OPEN_THREAD = 1; // new, unassigned, customer 167
const OPEN_BATCH = 1377; // lease-louisville, every item ok, received today
const EXCEPTION_ITEM = 1759; // batch 1375, payee mismatch
const OK_ITEM = 1758; // batch 1375
const POSTED_ITEM = 1; // account 107
const PENDING_CHANGE = 29; // pending approval, maker unknown (demo data)

const mailItem = {
  accountNumber: '5682673982', // account 1, a lease
  amount: '450.00',
  instrumentNumber: '10042',
  instrumentType: 'personal_check',
  payee: 'MINI Financial Services',
  routingNumber: '021000021',
  remitter: 'Hélène Tremblay',
} as const;

async function passedVerification(env: ExampleEnv, customerId = 1): Promise<number> {
  const c = await row<{ date_of_birth: string }>(
    env,
    'select date_of_birth from customers where id = ?',
    customerId,
  );
  const a = await row<{ vin: string }>(
    env,
    'select vin from accounts where holder_customer_id = ? order by id limit 1',
    customerId,
  );
  const v = await env.app.callers.admin.addressChanges.verify({
    customerId,
    channel: 'phone',
    method: 'dob_vin',
    dateOfBirth: c.date_of_birth,
    vin: a.vin,
  });
  return v.verificationId;
}

/**
 * An open call of the example's user on the first customer with EasyPay (unverified, or with a
 * passed verification); with no user (anonymous), the id of a seeded call.
 */
async function openCall(
  env: ExampleEnv,
  options: { verified?: boolean; unknownCaller?: boolean } = {},
): Promise<number> {
  if (env.userId === null) return 1;
  const account = await row<{ id: number; holder_customer_id: number }>(
    env,
    "select id, holder_customer_id from accounts where easypay_enrolled = 1 and status = 'active' order by id limit 1",
  );
  const customerId = options.unknownCaller ? null : Number(account.holder_customer_id);
  const call = await row<{ id: number }>(
    env,
    `insert into interactions (channel, customer_id, agent_id, open_agent_id, status, started_at, created_at, updated_at)
     values ('phone_in', ?, ?, ?, 'active', ?, ?, ?) returning id`,
    customerId,
    env.userId,
    env.userId,
    FIXTURE_NOW,
    FIXTURE_NOW,
    FIXTURE_NOW,
  );
  if (options.verified && customerId !== null) {
    const verificationId = await passedVerification(env, customerId);
    await row(
      env,
      `update interactions set verification_id = ?, verification_result = 'passed', verified_customer_id = ?
       where id = ? returning id`,
      verificationId,
      customerId,
      call.id,
    );
  }
  return Number(call.id);
}

async function easyPayAccount(env: ExampleEnv): Promise<number> {
  const a = await row<{ id: number }>(
    env,
    "select id from accounts where easypay_enrolled = 1 and status = 'active' order by id limit 1",
  );
  return Number(a.id);
}

/**
 * One input per procedure that passes validation and, for a role allowed to call it, gets
 * through its role checks (most succeed on the template data). Subscriptions too: the access
 * matrix calls them.
 */
export const EXAMPLES: Record<string, Example> = {
  'auth.login': () => ({ username: 'agent', password: 'agent-demo-2026' }),
  'auth.logout': () => ({}),
  'auth.me': () => undefined,
  'auth.setLanguage': () => ({ language: 'fr' }),
  'auth.changePassword': (env) => ({
    currentPassword:
      DEMO_PASSWORDS[
        (Object.entries(USER_IDS).find(([, id]) => id === env.userId)?.[0] ?? 'agent') as SignedIn
      ],
    newPassword: 'another-pass-2027',
  }),
  'auth.mfa.status': () => undefined,
  'auth.mfa.verify': () => ({ code: '123456' }),
  'auth.mfa.cancel': () => undefined,
  'auth.mfa.beginEnrolment': () => undefined,
  'auth.mfa.confirmEnrolment': () => ({ code: '123456' }),
  'auth.mfa.disable': () => ({ code: '123456' }),
  'auth.mfa.regenerateRecoveryCodes': () => ({ code: '123456' }),
  'auth.mfa.adminReset': () => ({ userId: USER_IDS.agent2, reason: 'Lost phone' }),

  'admin.users.list': () => undefined,
  'admin.users.create': () => ({
    username: 'new.agent',
    displayName: 'New Agent',
    role: 'agent',
    password: 'welcome-2026',
  }),
  'admin.users.resetPassword': () => ({
    userId: USER_IDS.agent2,
    password: 'changed-2026',
    reason: 'Forgot it',
  }),
  'admin.users.unlock': () => ({ userId: USER_IDS.agent2, reason: 'Called the desk' }),
  'admin.users.setActive': () => ({ userId: USER_IDS.agent2, active: false, reason: 'Left' }),
  'admin.settings.get': () => undefined,
  'admin.settings.update': async (env) => ({
    key: 'phones',
    value: JSON.parse(
      (await row<{ value: string }>(env, "select value from settings where key = 'phones'")).value,
    ),
    reason: 'Yearly review',
  }),
  'admin.audit.list': () => ({ limit: 20 }),
  'admin.audit.verify': () => undefined,

  'calendar.year': () => ({ year: 2026 }),
  'calendar.today': () => undefined,
  'calendar.addBusinessDays': () => ({ from: '2026-11-20', days: 10 }),
  'calendar.addClosure': () => ({ date: '2026-12-28', name: 'Staff training day' }),
  'calendar.removeClosure': async (env) => {
    const r = await row<{ id: number }>(
      env,
      "insert into closures (date, name, created_at, created_by) values ('2026-12-29', 'Storm', ?, null) returning id",
      FIXTURE_NOW,
    );
    return { id: Number(r.id), reason: 'Storm passed' };
  },

  'system.info': () => undefined,
  'system.changes': () => undefined,

  'customers.search': () => ({ q: 'Tremblay', limit: 10 }),
  'customers.get360': () => ({ customerId: 1 }),
  'customers.ledger': () => ({ accountId: 1 }),
  'customers.reveal': () => ({
    customerId: 1,
    field: 'phone',
    targetId: 1,
    reason: 'Customer asked to confirm',
  }),

  'training.status': () => undefined,
  'training.scenarios': () => undefined,
  'training.setClock': () => ({ date: '2026-11-24', time: '09:00' }),
  'training.advance': () => ({ unit: 'hours', amount: 2 }),
  'training.setRunning': () => ({ running: false }),
  'training.reset': () => ({ scenarioId: 'standard' }),

  'mailPayments.config': () => undefined,
  'mailPayments.batches.list': () => ({ status: 'open' }),
  'mailPayments.batches.get': () => ({ batchId: OPEN_BATCH }),
  'mailPayments.batches.proof': () => ({ batchId: OPEN_BATCH }),
  'mailPayments.batches.open': () => ({
    lockboxId: 'lease-phoenix',
    receiptDate: '2026-11-20',
    controlCount: 1,
    controlTotal: '450.00',
  }),
  'mailPayments.batches.approve': () => ({ batchId: 1375, note: 'Checked' }),
  'mailPayments.batches.post': async (env) => {
    // A balanced batch of one good item, opened and keyed by the caller (a batch is posted by
    // its opener or a supervisor, issue 21; the admin for a role that cannot open one).
    const who =
      (Object.entries(USER_IDS).find(([, id]) => id === env.userId)?.[0] as
        keyof typeof USER_IDS | undefined) ?? 'admin';
    const admin = env.app.callers[who].mailPayments;
    const batch = await admin.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-20',
      controlCount: 1,
      controlTotal: mailItem.amount,
    });
    await admin.items.add({ batchId: batch.id, ...mailItem });
    return { batchId: batch.id };
  },
  'mailPayments.items.add': () => ({ batchId: OPEN_BATCH, ...mailItem }),
  'mailPayments.items.importItems': () => ({ batchId: OPEN_BATCH, items: [mailItem] }),
  'mailPayments.items.correct': () => ({
    itemId: EXCEPTION_ITEM,
    ...mailItem,
    accountNumber: '5759699100',
    amount: '327.54',
  }),
  'mailPayments.items.remove': () => ({ itemId: OK_ITEM }),
  'mailPayments.items.override': () => ({ itemId: EXCEPTION_ITEM, reason: 'Bank confirmed' }),
  'mailPayments.items.returnToSender': () => ({ itemId: EXCEPTION_ITEM, reason: 'Wrong payee' }),
  'mailPayments.items.returnNsf': () => ({ itemId: POSTED_ITEM, reason: 'Returned NSF' }),
  'mailPayments.items.get': () => ({ itemId: EXCEPTION_ITEM }),
  'mailPayments.items.letterPdf': () => ({ letterId: 1 }),
  'mailPayments.items.findPosted': () => ({ accountNumber: '', instrumentNumber: '' }),
  'mailPayments.exceptions.list': () => ({}),
  'mailPayments.exceptions.research': () => ({ query: 'Tremblay', amount: '327.54' }),
  'mailPayments.approvals.list': () => undefined,
  'mailPayments.reports.daily': () => ({ date: '2026-11-20' }),
  'mailPayments.reports.aging': () => undefined,
  'mailPayments.reports.lockboxTotals': () => ({ from: '2026-11-01', to: '2026-11-23' }),
  'mailPayments.reports.csv': () => ({ report: 'daily', date: '2026-11-20' }),

  'addressChanges.context': () => ({ customerId: 1 }),
  'addressChanges.verify': async (env) => {
    const c = await row<{ date_of_birth: string }>(
      env,
      'select date_of_birth from customers where id = 1',
    );
    const a = await row<{ vin: string }>(env, 'select vin from accounts where id = 1');
    return {
      customerId: 1,
      channel: 'phone',
      method: 'dob_vin',
      dateOfBirth: c.date_of_birth,
      vin: a.vin,
    };
  },
  'addressChanges.normalize': () => ({ address: US_ADDRESS }),
  'addressChanges.preview': () => ({ customerId: 1, accountIds: [1], address: US_ADDRESS }),
  'addressChanges.submit': async (env) => ({
    customerId: 1,
    requesterCustomerId: 1,
    verificationId: await passedVerification(env),
    channel: 'phone',
    accountIds: [1],
    address: US_ADDRESS,
    effectiveFrom: '2026-12-01',
    reason: 'Moved for work',
  }),
  'addressChanges.get': () => ({ id: 1 }),
  'addressChanges.queue': () => undefined,
  'addressChanges.approve': () => ({ id: PENDING_CHANGE, reason: 'Called back, confirmed' }),
  'addressChanges.reject': () => ({ id: PENDING_CHANGE, reason: 'Could not confirm' }),
  'addressChanges.recordRequest': () => ({ customerId: 1, kind: 'payoff', channel: 'phone' }),
  'addressChanges.letterPdf': () => ({ letterId: 1 }),

  'messages.topics': () => undefined,
  'messages.list': () => ({ view: 'unassigned' }),
  'messages.counts': () => undefined,
  'messages.thread': () => ({ id: OPEN_THREAD }),
  'messages.cannedReplies': () => ({ threadId: OPEN_THREAD }),
  'messages.claim': () => ({ threadId: OPEN_THREAD }),
  'messages.release': async (env) => {
    // Released by its owner: the caller (or the admin) holds it first.
    await env.app.rows(
      'update message_threads set assignee_id = ? where id = ?',
      env.userId ?? USER_IDS.admin,
      OPEN_THREAD,
    );
    return { threadId: OPEN_THREAD };
  },
  'messages.next': () => undefined,
  'messages.assign': () => ({ threadIds: [OPEN_THREAD], userId: USER_IDS.agent2 }),
  'messages.bulkClose': () => ({ threadIds: [OPEN_THREAD], reason: 'Duplicate of another' }),
  'messages.reply': async (env) => ({
    threadId: OPEN_THREAD,
    expectedVersion: await versionOf(env, 'message_threads', OPEN_THREAD),
    kind: 'note',
    body: 'Called the customer back.',
  }),
  'messages.setState': async (env) => {
    // Moved by its owner (issue 21): the caller (or the admin) holds it first.
    await env.app.rows(
      'update message_threads set assignee_id = ? where id = ?',
      env.userId ?? USER_IDS.admin,
      OPEN_THREAD,
    );
    return {
      threadId: OPEN_THREAD,
      expectedVersion: await versionOf(env, 'message_threads', OPEN_THREAD),
      action: 'resolve',
    };
  },
  'messages.sweepPreview': () => undefined,
  'messages.sweep': () => undefined,
  'messages.agents': () => undefined,
  'messages.stats': () => undefined,
  'messages.outbox': () => ({}),
  'messages.presence': () => ({ threadId: OPEN_THREAD, mode: 'viewing' }),
  'messages.simulator.status': () => undefined,
  'messages.simulator.start': () => ({ perHour: 60 }),
  'messages.simulator.stop': () => undefined,

  'disputes.policies': () => undefined,
  'disputes.currentPolicy': () => undefined,
  'disputes.intakePreview': () => ({ customerId: 1, accountId: 1, channel: 'phone' }),
  'disputes.create': () => ({
    customerId: 1,
    accountId: 1,
    channel: 'phone',
    errorType: 'duplicate_debit',
    reason: 'EasyPay took the payment twice.',
    transactions: [{ transactionOn: '2026-11-16', amountCents: 45_000, description: 'EasyPay' }],
  }),
  'disputes.handOff': () => ({ threadId: OPEN_THREAD }),
  'disputes.list': () => ({ limit: 20 }),
  'disputes.get': () => ({ id: OPEN_DISPUTE }),
  'disputes.assign': async (env) => ({
    id: OPEN_DISPUTE,
    userId: env.userId ?? USER_IDS.agent,
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.recordWrittenConfirmation': async (env) => ({
    id: OPEN_DISPUTE,
    receivedOn: FIXTURE_TODAY,
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.correctNotice': async (env) => {
    const d = await row<{ notice_at: string }>(
      env,
      'select notice_at from disputes where id = ?',
      OPEN_DISPUTE,
    );
    return {
      id: OPEN_DISPUTE,
      noticeAt: new Date(Date.parse(d.notice_at) - 3_600_000).toISOString(),
      reason: 'Received stamp keyed an hour late.',
      version: await versionOf(env, 'disputes', OPEN_DISPUTE),
    };
  },
  'disputes.setCustomerReason': async (env) => ({
    id: OPEN_DISPUTE,
    customerReason: 'The payment was taken twice.',
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.withdraw': async (env) => ({
    id: OPEN_DISPUTE,
    note: 'The customer found the payment was right.',
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.document': async (env) => {
    const d = await env.app.rows<{ id: number; dispute_id: number }>(
      "select id, dispute_id from dispute_items where kind = 'document' order by id limit 1",
    );
    return { id: d[0]?.dispute_id ?? OPEN_DISPUTE, itemId: d[0]?.id ?? 1 };
  },
  'disputes.policyDiff': () => ({
    draft: { atRiskBusinessDays: 3, clocks: DEFAULT_DISPUTE_POLICY.clocks },
  }),
  'disputes.publishPolicy': () => ({
    draft: { atRiskBusinessDays: 3, clocks: DEFAULT_DISPUTE_POLICY.clocks },
    effectiveFrom: '2027-01-04',
    notes: 'Annual review: at risk three business days ahead.',
  }),
  'disputes.addNote': () => ({ id: OPEN_DISPUTE, kind: 'note', body: 'Asked the bank.' }),
  'disputes.addDocument': () => ({
    id: OPEN_DISPUTE,
    description: 'Bank statement',
    fileName: 'statement.pdf',
    contentBase64: TINY_PDF_BASE64,
  }),
  'disputes.completeTask': async (env) => {
    const t = await row<{ id: number; dispute_id: number }>(
      env,
      "select i.id, i.dispute_id from dispute_items i join disputes d on d.id = i.dispute_id where d.stage <> 'closed' and i.kind = 'task' and i.done_at is null order by i.id limit 1",
    );
    return { id: t.dispute_id, itemId: t.id };
  },
  'disputes.postProvisionalCredit': async (env) => ({
    id: await ownedByCaller(env, OPEN_DISPUTE),
    amountCents: 100,
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.recordDetermination': async (env) => ({
    id: OPEN_DISPUTE,
    outcome: 'error_found',
    explanation: 'The debit was taken twice.',
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.previewLetter': () => ({ id: OPEN_DISPUTE, kind: 'acknowledgement', language: 'en' }),
  'disputes.sendLetter': async (env) => ({
    id: OPEN_DISPUTE,
    kind: 'acknowledgement',
    language: 'fr',
    channel: 'mail',
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.letterPdf': () => ({ letterId: 1 }),
  'disputes.postCorrection': async (env) => {
    await ownedByCaller(env, OPEN_DISPUTE);
    await env.app.callers.admin.disputes.recordDetermination({
      id: OPEN_DISPUTE,
      outcome: 'error_found',
      explanation: 'The debit was taken twice.',
      version: await versionOf(env, 'disputes', OPEN_DISPUTE),
    });
    return {
      id: OPEN_DISPUTE,
      amountCents: 45_000,
      version: await versionOf(env, 'disputes', OPEN_DISPUTE),
    };
  },
  'disputes.postReversal': async (env) => ({
    id: await ownedByCaller(env, OPEN_DISPUTE),
    reversalOn: FIXTURE_TODAY,
    version: await versionOf(env, 'disputes', OPEN_DISPUTE),
  }),
  'disputes.close': async (env) => ({
    id: READY_DISPUTE,
    note: 'All done',
    version: await versionOf(env, 'disputes', READY_DISPUTE),
  }),
  'disputes.resultsLetterKind': () => ({ id: READY_DISPUTE }),
  'disputes.cockpit': () => undefined,
  'disputes.cockpitCases': () => ({ filter: 'open' }),
  'disputes.recomputeClocks': () => ({}),

  'calls.current': () => undefined,
  'calls.get': () => ({ callId: 1 }),
  'calls.start': () => ({ customerId: 1, callerPhone: '(518) 555-0142' }),
  'calls.matchCustomer': async (env) => ({
    callId: await openCall(env, { unknownCaller: true }),
    customerId: 1,
  }),
  'calls.verify': async (env) => {
    const callId = await openCall(env);
    const accountId = await easyPayAccount(env);
    const a = await row<{ vin: string; date_of_birth: string }>(
      env,
      'select a.vin, c.date_of_birth from accounts a join customers c on c.id = a.holder_customer_id where a.id = ?',
      accountId,
    );
    return { callId, method: 'dob_vin', dateOfBirth: a.date_of_birth, vin: a.vin };
  },
  'calls.discloseBalance': async (env) => ({
    callId: await openCall(env, { verified: true }),
    accountId: await easyPayAccount(env),
  }),
  'calls.cancelEasyPay': async (env) => ({
    callId: await openCall(env, { verified: true }),
    accountId: await easyPayAccount(env),
  }),
  'calls.payoffLetter': async (env) => ({
    callId: await openCall(env, { verified: true }),
    accountId: await easyPayAccount(env),
  }),
  'calls.letterPdf': () => ({ letterId: 1 }),
  'calls.reasons.list': () => undefined,
  'calls.reasons.add': () => ({
    code: `fixture-${Math.random().toString(36).slice(2, 8)}`,
    labelEn: 'Insurance',
    labelFr: 'Assurance',
    reason: 'New reason for the fixture',
  }),
  'calls.reasons.update': () => ({
    code: 'other',
    labelEn: 'Other topic',
    reason: 'Clearer label',
  }),
  'calls.sendMessage': async (env) => ({
    callId: await openCall(env),
    threadId: null,
    topic: 'other',
    body: 'Here is the form we spoke about.',
  }),
  'calls.end': async (env) => ({ callId: await openCall(env) }),
  'calls.wrapUp': async (env) => ({
    callId: await openCall(env),
    reasons: ['easypay'],
    outcome: 'resolved',
    notes: 'Explained the next debit.',
  }),
  'calls.timeline': () => ({ customerId: 1, limit: 25 }),
  'calls.report': () => ({ from: '2026-11-16', to: '2026-11-23' }),
  'calls.reportCsv': () => ({ report: 'agents', from: '2026-11-16', to: '2026-11-23' }),
  'calls.portal.status': () => ({ customerId: 1 }),
  'calls.portal.unlock': async (env) => ({ callId: await openCall(env, { verified: true }) }),
  'calls.portal.resendLinkCode': async (env) => ({
    callId: await openCall(env, { verified: true }),
  }),
  'calls.portal.updateEmail': async (env) => ({
    callId: await openCall(env, { verified: true }),
    email: 'new.address@example.com',
  }),

  'authority.rules': () => undefined,
  'authority.updateRule': () => ({
    role: 'agent',
    action: 'correction',
    perItemCents: 400_000,
    perCaseCents: 800_000,
    perDayCents: 4_000_000,
    secondPerson: false,
    reason: 'Quarterly review',
  }),
  'authority.approvals': () => undefined,
  'authority.approve': async (env) => ({ id: await pendingApproval(env), note: 'Checked' }),
  'authority.reject': async (env) => ({ id: await pendingApproval(env), note: 'Not justified' }),
};

/** A request from the second agent waiting in the supervisors' queue. */
async function pendingApproval(env: ExampleEnv): Promise<number> {
  const r = await row<{ id: number }>(
    env,
    `insert into authority_approvals (action, case_key, amount_cents, largest_item_cents, reasons,
       status, requested_by, requested_at) values ('correction', 'dispute:1', 900000, 900000,
       '[]', 'pending', ?, ?) returning id`,
    USER_IDS.agent2,
    FIXTURE_NOW,
  );
  return Number(r.id);
}
