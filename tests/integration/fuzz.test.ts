import fc from 'fast-check';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/repositories/audit.ts';
import { ACCESS_MATRIX, ACCESS_ROLES, type AccessRole } from '../../server/trpc/access-matrix.ts';
import { appRouter } from '../../server/router.ts';
import { stopSimulator } from '../../server/messages/simulator.ts';
import { changedTables, logicalChecksum, type DbChecksum } from './db-checksum.ts';
import { onPostgres } from './pg-test-db.ts';
import {
  buildTemplate,
  callPath,
  domainErrorOf,
  EXAMPLES,
  listProcedures,
  openFromTemplate,
  USER_IDS,
  type ProcedureApp,
  type Template,
} from './procedure-fixture.ts';

/**
 * Fuzzing every procedure of the router (SPEC §8, issue 10 item 4). Each procedure gets a fresh
 * copy of the demo database and is called, as the admin and as the least-privileged role
 * allowed to call it, with generated inputs: random JSON, and mutations of a valid example
 * (wrong types, huge strings, negative/NaN/huge numbers, extra and missing keys, unicode,
 * path-like and SQL-like strings, impossible dates, grown arrays). Properties:
 *
 * - never INTERNAL_SERVER_ERROR (a crash or an unchecked id);
 * - an input the schema refuses is BAD_REQUEST with field paths in `data.fields`;
 * - a rejected call leaves the database exactly as it was (logical checksum of every table),
 *   except the documented DomainError `commit` cases below, which may only touch their tables;
 * - an accepted mutation keeps the invariants: audit chain, foreign keys, ledger signs,
 *   provisional credits and mail postings equal to their ledger entries.
 *
 * Reproduce: FUZZ_SEED=<seed printed below> (and FUZZ_RUNS=<n>) npx vitest run tests/integration/fuzz.test.ts
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
/** Fewer by default on PostgreSQL: every call there is a round trip, every checksum a query. */
const RUNS = Number(process.env.FUZZ_RUNS ?? (onPostgres ? 15 : 40));

/** Live feeds: calling one only subscribes (the access matrix covers their role checks). */
const SKIPPED: Record<string, string> = {
  'system.changes': 'subscription (live change feed): its input is an optional empty object',
  'messages.presence': 'subscription (presence board): no writes; role check in access matrix',
};

/**
 * The only rejections allowed to commit writes (DomainError `commit: true`), and the tables
 * each may touch: a failed login counts the attempt; a refused reveal is audited; a failed
 * identity verification counts towards the lock and may raise a flag; a money step above its
 * maker's authority leaves its approval request.
 */
const COMMIT_EXCEPTIONS: Record<string, readonly string[]> = {
  'auth.login': ['audit_log', 'users'],
  'auth.changePassword': ['audit_log', 'sessions', 'users'],
  'auth.mfa.verify': ['audit_log', 'mfa_pending_sign_ins', 'user_mfa', 'users'],
  'customers.reveal': ['audit_log'],
  // Above the maker's money authority: a request goes to the supervisors' queue (issue 21).
  'disputes.postProvisionalCredit': ['audit_log', 'authority_approvals'],
  'disputes.postCorrection': ['audit_log', 'authority_approvals'],
  'disputes.postReversal': ['audit_log', 'authority_approvals'],
  'mailPayments.batches.post': ['audit_log', 'authority_approvals'],
  'mailPayments.items.override': ['audit_log', 'authority_approvals'],
  'addressChanges.verify': [
    'audit_log',
    'customer_flags',
    'identity_verification_locks',
    'identity_verifications',
  ],
  /** The same counted attempt, also recorded on the call (its verification result). */
  'calls.verify': [
    'audit_log',
    'customer_flags',
    'identity_verification_locks',
    'identity_verifications',
    'interactions',
  ],
};

/** Tables a query may write: only a session's last-seen time (touched once a minute). */
const QUERY_WRITABLE = ['sessions'];

// ------------------------------------------------------------------------------ arbitraries

const HUGE = ['x'.repeat(100_000), '9'.repeat(5_000), 'é'.repeat(20_000), ' '.repeat(10_000)];
const PATHS = [
  '../../etc/passwd',
  '..\\..\\windows\\system32\\config',
  '/dev/null',
  'C:\\boot.ini',
  'file:///etc/shadow',
  '%2e%2e%2f%2e%2e%2f',
  'a/../../b.pdf',
  'nul\u0000.pdf',
  'CON',
  '.',
];
const SQLISH = ["' OR 1=1 --", '"; DROP TABLE users; --', '%', '_%_', '\\', '*', 'NULL'];
const DATES = [
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-13-01',
  '2026-1-1',
  '20261123',
  '2026-11-23T00:00:00Z',
  '1900-01-01',
  '2100-12-31',
  '',
];
/** Real dates at the edges of the calendar, and near-misses, for fields that hold a date. */
const EDGE_DATES = [
  '9999-12-31',
  '0001-01-01',
  '1900-01-01',
  '2199-12-31',
  '2100-02-29',
  '2028-02-29',
  '2026-12-25',
  '1970-01-01',
  '2026-02-29',
  '2026-11-31',
  '02026-11-23',
  '2026-11-23 ',
];
const EDGE_INSTANTS = [
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00.000Z',
  '2026-11-23T14:30:00+14:00',
  '2026-11-23T14:30:00.123456789Z',
  '2026-11-23',
];
const EDGE_TIMES = ['24:00', '23:59', '00:00', '9:05', '12:60', '-1:00'];
const NUMBERS = [
  -1,
  0,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  1e-300,
  1e21,
];

const nastyString = fc.oneof(
  fc.constantFrom(...HUGE),
  fc.constantFrom(...PATHS),
  fc.constantFrom(...SQLISH),
  fc.constantFrom(...DATES, ...EDGE_DATES, ...EDGE_INSTANTS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 8 }),
);
const nastyNumber = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.integer(),
  fc.integer({ min: -3, max: 3000 }),
  fc.double(),
);
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constantFrom<unknown>(null, undefined, true, false, [], {}, [null], { '': null }),
  fc.jsonValue({ maxDepth: 2 }),
);

type Json = unknown;
type Path = Array<string | number>;

function pathsOf(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

function getAt(value: Json, path: Path): Json {
  let v = value;
  for (const p of path) v = (v as Record<string | number, Json>)?.[p];
  return v;
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Puts `next` at `path` (the root when empty); returns the new root. */
function setAt(root: Json, path: Path, next: Json): Json {
  if (path.length === 0) return next;
  const parent = getAt(root, path.slice(0, -1));
  if (parent && typeof parent === 'object')
    (parent as Record<string | number, Json>)[path.at(-1) as string | number] = next;
  return root;
}

/**
 * Where the input schema has keys (optional ones included, which a valid example may leave
 * out): array elements as index 0. Read from the procedure's zod schema (`_zod.def`).
 */
function schemaPaths(schema: unknown, at: Path = [], out: Path[] = [], depth = 0): Path[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def || depth > 6) return out;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return schemaPaths(def.innerType, at, out, depth + 1);
    case 'pipe':
      return schemaPaths(def.in, at, out, depth + 1);
    case 'array':
      return schemaPaths(def.element, [...at, 0], out, depth + 1);
    case 'union':
      for (const option of def.options as unknown[]) schemaPaths(option, at, out, depth + 1);
      return out;
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        out.push([...at, key]);
        schemaPaths(value, [...at, key], out, depth + 1);
      }
      return out;
    default:
      return out;
  }
}

function inputSchemaOf(path: string): unknown {
  const procs = (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def
    .procedures;
  return (procs[path] as { _def: { inputs: unknown[] } } | undefined)?._def.inputs[0];
}

/** Ids and amounts that often exist: other customers', threads', entries' ids. */
const ID_LIKE = [1, 2, 3, 5, 8, 29, 56, 100, 167, 300, 1375, 1759, 99_999_999];

const INSTANT_KEY = /At$/;
const DATE_KEY = /(On|Date|^date|^from|^to)$/;
const ID_KEY = /(Id|^id|Cents|^amount|^version)$/;

/**
 * An edge value of the same kind as `current` (or, for a key the example leaves out, of the
 * kind its name says): real dates at the ends of the calendar, instants, times, ids of other
 * records, numbers at the limits, huge / path-like / SQL-like strings.
 */
function edgeValue(key: string | number | undefined, current: unknown, n: number, fresh: unknown) {
  const pick = (list: readonly unknown[]) => list[n % list.length];
  const name = typeof key === 'string' ? key : '';
  const text = typeof current === 'string' ? current : null;
  const absent = current === undefined;
  if (text !== null ? /^\d{4}-\d\d-\d\dT/.test(text) : absent && INSTANT_KEY.test(name))
    return pick(EDGE_INSTANTS);
  if (text !== null ? /^\d{4}-\d\d-\d\d$/.test(text) : absent && DATE_KEY.test(name))
    return pick(EDGE_DATES);
  if (text !== null && /^\d\d:\d\d$/.test(text)) return pick(EDGE_TIMES);
  if (typeof current === 'number' || (absent && ID_KEY.test(name)))
    return n % 2 === 0 ? pick(ID_LIKE) : pick(NUMBERS);
  if (text !== null) return pick([...HUGE, ...PATHS, ...SQLISH, ...DATES]);
  if (typeof current === 'boolean') return n % 2 === 0 ? !current : String(current);
  return fresh;
}

interface Mutation {
  kind: 'replace' | 'typed' | 'delete' | 'extra' | 'grow' | 'nearby' | 'schemaKey';
  at: number;
  value: unknown;
  key: string;
  times: number;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(
    'replace',
    'typed',
    'typed',
    'delete',
    'extra',
    'grow',
    'nearby',
    'schemaKey',
    'schemaKey',
  ),
  at: fc.nat(),
  value: nasty,
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'extra', 'id', '', 'userId', 'role'),
    fc.string({ maxLength: 6 }),
  ),
  times: fc.integer({ min: 2, max: 60 }),
});

/** Applies mutations to a copy of a valid example: mostly "almost valid" inputs. */
function mutate(base: Json, mutations: readonly Mutation[], keys: readonly Path[]): Json {
  let root = clone(base);
  for (const m of mutations) {
    // Generated values may be shared (constants, shrinking): never mutate them in place.
    const fresh = clone(m.value);
    if (m.kind === 'schemaKey' && keys.length > 0) {
      // Any key of the schema, present in the example or not, gets an edge value for its kind.
      const key = keys[m.at % keys.length] as Path;
      const parent = key.length === 1 ? root : getAt(root, key.slice(0, -1));
      const value = edgeValue(key.at(-1), getAt(root, key), m.times, fresh);
      if (key.length === 1 && (root === undefined || root === null))
        root = { [key[0] as string]: value };
      else if (parent && typeof parent === 'object')
        (parent as Record<string | number, Json>)[key.at(-1) as string | number] = value;
      continue;
    }
    const paths = pathsOf(root);
    const leaves = paths.filter((p) => {
      const v = getAt(root, p);
      return v === null || typeof v !== 'object';
    });
    const path = (
      m.kind === 'typed' && leaves.length > 0
        ? leaves[m.at % leaves.length]
        : paths[m.at % paths.length]
    ) as Path;
    const current = getAt(root, path);
    switch (m.kind) {
      case 'replace':
        root = setAt(root, path, fresh);
        break;
      case 'typed':
        // An edge value of the same kind: the case a schema bound must catch.
        root = setAt(root, path, edgeValue(path.at(-1), current, m.times, fresh));
        break;
      case 'nearby':
        // Numbers: another id, version or amount that is valid for the schema.
        root = setAt(
          root,
          path,
          typeof current === 'number' ? Math.max(1, current + (m.times % 7) - 3) : fresh,
        );
        break;
      case 'delete':
        if (path.length > 0) {
          const parent = getAt(root, path.slice(0, -1));
          if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
          else if (parent && typeof parent === 'object')
            delete (parent as Record<string, unknown>)[path.at(-1) as string];
        } else root = undefined;
        break;
      case 'extra':
        if (current && typeof current === 'object' && !Array.isArray(current))
          Object.defineProperty(current, m.key, {
            value: fresh,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else root = setAt(root, path, { [m.key]: fresh });
        break;
      case 'grow':
        if (Array.isArray(current) && current.length > 0)
          root = setAt(
            root,
            path,
            Array.from({ length: m.times }, (_, i) => clone(current[i % current.length])),
          );
        else
          root = setAt(
            root,
            path,
            Array.from({ length: m.times }, () => fresh),
          );
        break;
    }
  }
  return root;
}

/** The deterministic part: every date-like field at the ends of the calendar, every id unknown. */
const SWEEP_DATES = ['9999-12-31', '0001-01-01', '1900-01-01', '2199-12-31'];
const SWEEP_INSTANTS = ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'];

function edgeSweep(base: Json, keys: readonly Path[]): Json[] {
  const out: Json[] = [];
  const present = pathsOf(base).filter((p) => p.length > 0);
  const all = [
    ...present,
    ...keys.filter((k) => !present.some((p) => p.join('.') === k.join('.'))),
  ];
  for (const path of all) {
    const name = String(path.at(-1));
    const current = getAt(base, path);
    const parent = path.length === 1 ? base : getAt(base, path.slice(0, -1));
    if (path.length > 1 && (!parent || typeof parent !== 'object')) continue;
    const text = typeof current === 'string' ? current : null;
    const absent = current === undefined;
    const values = (
      text !== null ? /^\d{4}-\d\d-\d\dT/.test(text) : absent && INSTANT_KEY.test(name)
    )
      ? SWEEP_INSTANTS
      : (text !== null ? /^\d{4}-\d\d-\d\d$/.test(text) : absent && DATE_KEY.test(name))
        ? SWEEP_DATES
        : typeof current === 'number' || (absent && /(Id|^id)$/.test(name))
          ? [99_999_999]
          : [];
    for (const value of values) {
      const root = clone(base) ?? {};
      out.push(setAt(root, path, value));
    }
  }
  return out;
}

function inputArb(base: Json, keys: readonly Path[]): fc.Arbitrary<Json> {
  const edge = fc.record({
    kind: fc.constantFrom<Mutation['kind']>('typed', 'schemaKey'),
    at: fc.nat(),
    value: fc.constant(null),
    key: fc.constant(''),
    times: fc.nat(),
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(base).map(clone) },
    { weight: 1, arbitrary: nasty },
    // One field at an edge of its kind, the rest valid: reaches the code behind the schema.
    { weight: 4, arbitrary: edge.map((m) => mutate(base, [m], keys)) },
    {
      weight: 4,
      arbitrary: fc
        .array(mutationArb, { minLength: 1, maxLength: 3 })
        .map((ms) => mutate(base, ms, keys)),
    },
  );
}

// ------------------------------------------------------------------------------ invariants

/** What every accepted mutation must leave true (the whole database, not just its rows). */
async function checkInvariants(app: ProcedureApp): Promise<void> {
  expect(await verifyAuditChain(app.db), 'audit chain').toMatchObject({ ok: true });
  // PostgreSQL checks foreign keys on every statement (none is deferred); SQLite is asked.
  if (app.sqlite) expect(app.sqlite.pragma('foreign_key_check'), 'foreign keys').toEqual([]);
  // A BIGINT column holds integers only; SQLite's STRICT tables are checked all the same.
  const notInteger = app.sqlite ? "or typeof(amount_cents) <> 'integer'" : '';
  const badSigns = await app.rows(
    `select id, kind, amount_cents from ledger_entries
      where amount_cents = 0 ${notInteger}
         or (kind in ('payment', 'provisional_credit') and amount_cents > 0)
         or (kind in ('charge', 'fee', 'return', 'provisional_credit_reversal', 'refund')
             and amount_cents < 0)`,
  );
  expect(badSigns, 'ledger amounts have their sign').toEqual([]);
  const credits = await app.rows(
    `select d.id from disputes d
      where coalesce(d.provisional_credit_cents, 0) <> coalesce((
        select -sum(l.amount_cents) from ledger_entries l
         where l.reference = 'dispute:' || d.id and l.kind = 'provisional_credit'), 0)`,
  );
  expect(credits, 'provisional credits equal their ledger entries').toEqual([]);
  const postings = await app.rows(
    `select i.id from mail_items i
      where i.status in ('posted', 'nsf') and (
        select count(*) from mail_postings p
          join ledger_entries l on l.id = p.ledger_entry_id
         where p.item_id = i.id and l.kind = 'payment' and l.account_id = i.account_id
           and l.amount_cents = -i.amount_cents) <> 1`,
  );
  expect(postings, 'every posted mail item is one ledger payment').toEqual([]);
  const returns = await app.rows(
    `select p.item_id from mail_postings p join ledger_entries l on l.id = p.return_entry_id
      where l.kind <> 'return' or l.amount_cents <> p.amount_cents`,
  );
  expect(returns, 'every NSF return reverses its posting').toEqual([]);
}

// ------------------------------------------------------------------------------ the run

const procedures = listProcedures();
let template: Template;
const stats = {
  calls: 0,
  accepted: 0,
  zod: 0,
  domain: {} as Record<string, number>,
  commits: 0,
  fullChecksums: 0,
};

beforeAll(async () => {
  template = await buildTemplate();
  console.log(
    `fuzz (${onPostgres ? 'PostgreSQL' : 'SQLite'}): seed ${SEED}, ${RUNS} runs per procedure, ` +
      `${procedures.length} procedures (${Object.keys(SKIPPED).length} skipped). ` +
      `Reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}.`,
  );
}, 60_000);

afterAll(() => {
  template?.dispose();
  console.log('fuzz:', JSON.stringify(stats));
});

/** A stable per-procedure seed: adding a procedure does not change the others' inputs. */
function seedFor(path: string): number {
  let h = SEED | 0;
  for (const ch of path) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe('the skip list', () => {
  it('names exactly the subscriptions', () => {
    expect(Object.keys(SKIPPED).sort()).toEqual(
      procedures
        .filter((p) => p.type === 'subscription')
        .map((p) => p.path)
        .sort(),
    );
  });

  it('the checksum sees a rolled-back write as no change, and a committed one as a change', async () => {
    const app = await openFromTemplate(template);
    try {
      const before = await logicalChecksum(app);
      const writes = app.writeCount();
      await expect(
        app.db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ display_name: 'x' }).where('id', '=', 1).execute();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(app.writeCount()).toBeGreaterThan(writes);
      expect(changedTables(before, await logicalChecksum(app))).toEqual([]);
      await app.rows("update users set display_name = 'x' where id = 1");
      expect(changedTables(before, await logicalChecksum(app))).toEqual(['users']);
    } finally {
      await app.close();
    }
  });
});

describe.each(procedures.filter((p) => !SKIPPED[p.path]))('$path', ({ path, type }) => {
  it(`${type}: no internal error; rejections change nothing; invariants hold`, async () => {
    const rule = ACCESS_MATRIX[path];
    expect(rule, `${path} is not in server/trpc/access-matrix.ts`).toBeDefined();
    const example = EXAMPLES[path];
    expect(example, `${path} has no example input in procedure-fixture.ts`).toBeDefined();
    // A procedure no role reaches on its own (the half-way sign-in step): the anonymous caller.
    const least: AccessRole = ACCESS_ROLES.find((r) => rule?.roles.includes(r)) ?? 'anonymous';
    const app = await openFromTemplate(template);
    try {
      const userOf = (r: AccessRole) => (r === 'anonymous' ? null : USER_IDS[r]);
      const base = await example!({ app, userId: userOf(least) });
      let known: DbChecksum | null = null;
      let knownWrites = -1;
      const keys = schemaPaths(inputSchemaOf(path));
      const check = async (input: Json, asAdmin: boolean): Promise<void> => {
        const role: AccessRole = asAdmin ? 'admin' : least;
        const writesBefore = app.writeCount();
        if (!known || writesBefore !== knownWrites) {
          known = await logicalChecksum(app);
          stats.fullChecksums += 1;
        }
        const before: DbChecksum = known;
        const auditBefore = Number(await app.value('select count(*) from audit_log'));
        stats.calls += 1;
        const outcome = await callPath(app.callers[role], path, input);
        if (path === 'messages.simulator.start') stopSimulator(app.deps);
        const wrote = app.writeCount() !== writesBefore;
        const after = () => {
          stats.fullChecksums += 1;
          return logicalChecksum(app);
        };

        if (outcome.ok) {
          stats.accepted += 1;
          if (type === 'mutation') {
            const audits = Number(await app.value('select count(*) from audit_log'));
            // A retry carrying a used idempotency key replays its first result: no new record.
            const replayable =
              typeof (input as { idempotencyKey?: unknown } | undefined)?.idempotencyKey ===
              'string';
            // A mutation that found nothing to do (ctx.nothingChanged) writes no audit record,
            // and then nothing at all; any other accepted mutation is audited.
            if (!replayable && audits === auditBefore) {
              expect(
                changedTables(before, await after()),
                'an accepted mutation is audited, unless it changed nothing',
              ).toEqual([]);
            }
            await checkInvariants(app);
            known = null;
          } else if (wrote) {
            const now = await after();
            const changed = changedTables(before, now);
            expect(
              changed.filter((t) => !QUERY_WRITABLE.includes(t)),
              'a query wrote',
            ).toEqual([]);
            known = now;
          }
          knownWrites = app.writeCount();
          return;
        }

        const { error, shape } = outcome;
        const domain = domainErrorOf(error);
        const context = `${path} as ${role} with ${preview(input)}`;
        expect(
          error.code,
          `${context}: ${error.message}\n${(error.cause as Error | undefined)?.stack ?? ''}`,
        ).not.toBe('INTERNAL_SERVER_ERROR');
        if (error.cause instanceof ZodError) {
          stats.zod += 1;
          expect(error.code, context).toBe('BAD_REQUEST');
          expect(shape.data.fields, `${context}: field paths`).toBeTruthy();
          expect(Object.keys(shape.data.fields ?? {}).length, context).toBeGreaterThan(0);
          expect(shape.message).toBe('Some fields are not valid.');
        } else {
          stats.domain[error.code] = (stats.domain[error.code] ?? 0) + 1;
          expect(
            domain,
            `${context}: a rejection is a DomainError or zod (${error.message})`,
          ).not.toBeNull();
        }
        if (domain?.commit) {
          stats.commits += 1;
          const allowed = COMMIT_EXCEPTIONS[path];
          expect(allowed, `${context}: undocumented commit on a rejection`).toBeDefined();
          const now = await after();
          const extra = changedTables(before, now).filter((t) => !allowed?.includes(t));
          expect(extra, `${context}: a committed rejection touched`).toEqual([]);
          await checkInvariants(app);
          known = now;
        } else if (wrote) {
          const now = await after();
          expect(changedTables(before, now), `${context}: a rejected call changed`).toEqual([]);
          known = now;
        }
        knownWrites = app.writeCount();
      };
      // First a deterministic sweep (each date at the calendar's ends, each id unknown), then
      // the random inputs.
      for (const [i, input] of edgeSweep(base, keys).entries()) await check(input, i % 2 === 0);
      await fc.assert(fc.asyncProperty(inputArb(base, keys), fc.boolean(), check), {
        seed: seedFor(path),
        numRuns: RUNS,
        endOnFailure: false,
      });
    } finally {
      await app.close();
    }
  }, 60_000);
});

/** A short, printable summary of an input (huge strings cut). */
function preview(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 60
        ? `${v.slice(0, 20)}…(${v.length} chars)`
        : typeof v === 'number' && !Number.isFinite(v)
          ? String(v)
          : v,
    );
    return text === undefined ? 'undefined' : text.slice(0, 500);
  } catch {
    return String(input);
  }
}
