import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openBankAccount } from '../../server/customers/bank-account-seal.ts';
import { openDatabase } from '../../db/database.ts';
import { runSeed, TRAINING_SCENARIO_KEY } from '../../server/training/seed/index.ts';
import { prepareDatabase } from '../../server/ops/bootstrap.ts';
import { isIsoDate } from '../../server/domain/dates.ts';
import { validateVin } from '../../server/domain/validators/vin.ts';
import { validateRoutingNumber } from '../../server/domain/validators/routing-number.ts';
import { validatePostal } from '../../server/domain/validators/postal.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';
import { TRAINING_CLOCK_KEY } from '../../server/training/clock.ts';

const TABLES = [
  'customers',
  'customer_phones',
  'customer_addresses',
  'accounts',
  'ledger_entries',
  'customer_flags',
  'account_flags',
];

async function freshDatabase(kind: 'training' | 'production' = 'training') {
  const { db, sqlite } = openDatabase(':memory:');
  await prepareDatabase(db, {
    kind,
    demoUsers: false,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-20T15:00:00Z'),
  });
  return { db, sqlite };
}

/** Every seeded row of every table, plus the scenario and clock it recorded, hashed per table. */
function dump(sqlite: Database.Database): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of [...TABLES, 'customer_search']) {
    const rows =
      table === 'customer_search'
        ? sqlite
            .prepare(
              "select rowid from customer_search where customer_search match 'a* OR e*' order by rowid",
            )
            .all()
        : sqlite.prepare(`select * from ${table} order by rowid`).all();
    out[table] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
  out.meta = JSON.stringify(
    sqlite
      .prepare('select key, value from app_meta where key in (?, ?) order by key')
      .all(TRAINING_SCENARIO_KEY, TRAINING_CLOCK_KEY),
  );
  return out;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('demo-data generator', () => {
  it('produces identical data for identical arguments, different data for another seed', async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    const c = await freshDatabase();
    await runSeed({ sqlite: a.sqlite, seed: 7, scale: 'demo' });
    await runSeed({ sqlite: b.sqlite, seed: 7, scale: 'demo' });
    await runSeed({ sqlite: c.sqlite, seed: 8, scale: 'demo' });
    expect(dump(b.sqlite)).toEqual(dump(a.sqlite));
    expect(dump(c.sqlite).customers).not.toEqual(dump(a.sqlite).customers);
    for (const x of [a, b, c]) await x.db.destroy();
  });

  it('re-seeding an existing database gives exactly what a fresh one gets (same ids, clock reset)', async () => {
    const fresh = await freshDatabase();
    await runSeed({ sqlite: fresh.sqlite, seed: 3, scale: 'demo', asOf: '2026-06-15' });
    const reused = await freshDatabase();
    await runSeed({ sqlite: reused.sqlite, seed: 99, scale: 'demo' });
    reused.sqlite.exec("update customers set first_name = 'Changed' where id = 1");
    await runSeed({ sqlite: reused.sqlite, seed: 3, scale: 'demo', asOf: '2026-06-15' });
    expect(dump(reused.sqlite)).toEqual(dump(fresh.sqlite));
    const fts = reused.sqlite.prepare(
      "insert into customer_search(customer_search) values ('integrity-check')",
    );
    expect(() => fts.run()).not.toThrow();
    for (const x of [fresh, reused]) await x.db.destroy();
  });

  it('writes realistic, valid, consistent data', async () => {
    const { db, sqlite } = await freshDatabase();
    const result = await runSeed({ sqlite, seed: 1, scale: 'demo', checkForeignKeys: true });
    expect(result.counts.customers).toBeGreaterThanOrEqual(300);
    expect(result.counts.accounts).toBeGreaterThan(result.counts.customers ?? 0);
    expect(result.plants.map((p) => p.title)).toContain('Hélène Tremblay — EasyPay cancellation');

    const accounts = sqlite.prepare('select * from accounts').all() as Array<
      Record<string, string | number | null>
    >;
    const numbers = new Set(accounts.map((a) => a.account_number));
    expect(numbers.size).toBe(accounts.length);
    expect(new Set(accounts.map((a) => a.vin)).size).toBe(accounts.length);
    for (const a of accounts) {
      expect(String(a.account_number)).toMatch(/^\d{10}$/);
      expect(validateVin(String(a.vin)), String(a.vin)).toMatchObject({ ok: true });
      expect(a.vin_last8).toBe(String(a.vin).slice(-8));
      if (a.easypay_routing)
        expect(validateRoutingNumber(String(a.easypay_routing))).toMatchObject({ ok: true });
    }
    const addresses = sqlite.prepare('select * from customer_addresses').all() as Array<
      Record<string, string>
    >;
    for (const ad of addresses) {
      expect(
        validatePostal(ad.country as 'US' | 'CA', String(ad.postal_code), String(ad.region)),
        JSON.stringify(ad),
      ).toMatchObject({ ok: true });
    }
    const languages = sqlite
      .prepare('select language, count(*) as n from customers group by language')
      .all() as Array<{ language: string; n: number }>;
    expect(languages.find((l) => l.language === 'fr')?.n).toBeGreaterThan(10);
    const latest = sqlite.prepare('select max(posted_on) as d from ledger_entries').get() as {
      d: string;
    };
    expect(latest.d <= result.asOf).toBe(true);
    expect(isIsoDate(latest.d)).toBe(true);
    const accents = sqlite
      .prepare("select count(*) as n from customer_search where customer_search match 'helene'")
      .get() as { n: number };
    expect(accents.n).toBeGreaterThan(0);
    await db.destroy();
  });

  it('refuses a production database', async () => {
    const { db, sqlite } = await freshDatabase('production');
    await expect(runSeed({ sqlite })).rejects.toThrow(/production/);
    expect(sqlite.prepare('select count(*) as n from customers').get()).toEqual({ n: 0 });
    await db.destroy();
  });

  it('`npm run desk -- seed` twice with the same arguments writes identical data', async () => {
    const run = promisify(execFile);
    const node = process.execPath;
    const results: Array<Record<string, string>> = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'cic-seed-'));
      dirs.push(dir);
      const { stdout } = await run(
        node,
        [
          'server/cli/desk.ts',
          'seed',
          '--seed',
          '5',
          '--scale',
          'demo',
          '--as-of',
          '2026-11-23',
          '--data-dir',
          dir,
        ],
        {
          cwd: path.resolve(import.meta.dirname, '../..'),
        },
      );
      expect(stdout).toMatch(/scenario standard, seed 5, scale demo, as of 2026-11-23/);
      const { db, sqlite } = openDatabase(path.join(dir, 'cic-desk.sqlite'));
      // Bank account numbers are sealed (random IV, this folder's key): compare what they open to.
      const banks = sqlite
        .prepare('select id, easypay_bank_account as bank from accounts where bank is not null')
        .all() as Array<{ id: number; bank: string }>;
      expect(banks.length).toBeGreaterThan(0);
      for (const b of banks) {
        expect(b.bank).toMatch(/^sealed:/);
        sqlite
          .prepare('update accounts set easypay_bank_account = ? where id = ?')
          .run(openBankAccount({ dataDir: dir }, b.id, b.bank), b.id);
      }
      results.push(dump(sqlite));
      await db.destroy();
    }
    expect(results[1]).toEqual(results[0]);
  }, 60_000);
});
