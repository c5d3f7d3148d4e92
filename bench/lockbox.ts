/**
 * Lockbox throughput: `node bench/lockbox.ts [--items 5000] [--key-items 500] [--scale class] [--data-dir D]`.
 *
 * Seeds a fresh training database (temp folder unless --data-dir is given) at the scale, then
 * through the real router (each call a real mutation: one BEGIN IMMEDIATE transaction with its
 * audit record):
 * - headline: opens one lease batch, imports the bank's lockbox file of N items in one
 *   `mailPayments.items.importItems` (every item checked as keying checks it: account, payee,
 *   lockbox, routing, duplicates in the batch and recently, limits) and posts the batch (one
 *   transaction: N ledger entries as of the receipt date with their allocations);
 * - secondary: keys `--key-items` items of a second batch one `items.add` at a time (the
 *   per-item keying cost) and posts it.
 * Checks that every item posted once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSession } from '../db/repositories/sessions.ts';
import { findUserByUsername } from '../db/repositories/users.ts';
import { Prng } from '../server/training/seed/prng.ts';
import { runSeed } from '../server/training/seed/index.ts';
import { openDataDir, prepareDatabase } from '../server/ops/bootstrap.ts';
import { createContext } from '../server/trpc/context.ts';
import { ManualClock } from '../server/domain/clock.ts';
import { DeskEvents } from '../server/events/desk-events.ts';
import { TEST_SCRYPT } from '../server/auth/password.ts';
import { appRouter } from '../server/router.ts';
import { createCallerFactory, type AppDeps } from '../server/trpc/base.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '5000' },
    'key-items': { type: 'string', default: '500' },
    scale: { type: 'string', default: 'class' },
    'data-dir': { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});
const count = Number(values.items);
const keyCount = Number(values['key-items']);
/** Further imports of `count` items for the same receipt date (the day's duplicate check grows). */
const repeat = Math.max(1, Number(values.repeat));
const temp = !values['data-dir'];
const dir = values['data-dir']
  ? path.resolve(values['data-dir'])
  : mkdtempSync(path.join(tmpdir(), 'cic-bench-lockbox-'));
const { db, sqlite } = openDataDir(dir);

try {
  const t0 = performance.now();
  await prepareDatabase(db, {
    kind: 'training',
    demoUsers: true,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-23T14:30:00Z'),
  });
  const seeded = await runSeed({
    sqlite,
    scale: values.scale as 'demo' | 'class' | 'large',
    exclusive: true,
  });
  console.log(
    `seeded ${values.scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s (as of ${seeded.asOf})`,
  );

  const clock = new ManualClock(seeded.startsAt);
  const deps: AppDeps = {
    db,
    clock,
    events: new DeskEvents(),
    databaseKind: 'training',
    dataDir: dir,
    scrypt: TEST_SCRYPT,
    log: () => {},
  };
  const agent = await findUserByUsername(db, 'agent');
  if (!agent) throw new Error('demo user "agent" missing');
  const token = await createSession(db, agent.id, clock.now().toISOString());
  const caller = createCallerFactory(appRouter)(await createContext({ deps, sessionToken: token }));

  const leases = sqlite
    .prepare(
      "select account_number, payment_cents from accounts where type = 'lease' and status = 'active'",
    )
    .all() as Array<{ account_number: string; payment_cents: number }>;
  const rng = new Prng('bench-lockbox');
  const plan = (n: number, firstInstrument: number) =>
    Array.from({ length: n }, (_, i) => {
      const a = rng.pick(leases);
      return {
        accountNumber: a.account_number,
        amount: String(a.payment_cents + rng.int(0, 5000)),
        instrumentNumber: String(firstInstrument + i),
        instrumentType: 'personal_check' as const,
        payee: 'MINI Financial Services',
        routingNumber: '021000021',
        remitter: 'Bench',
        notes: '',
        paidInFull: false,
      };
    });
  const receiptDate = seeded.asOf;
  const openFor = (items: ReadonlyArray<{ amount: string }>) =>
    caller.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate,
      controlCount: items.length,
      controlTotal: String(items.reduce((s, p) => s + Number(p.amount), 0)),
    });
  const s = (t: number) => `${(t / 1000).toFixed(2)} s`;

  // Headline: the lockbox file imported in one mutation, then the batch posted.
  const planned = plan(count, 900_000);
  const batch = await openFor(planned);
  const tImport = performance.now();
  const imported = await caller.mailPayments.items.importItems({
    batchId: batch.id,
    items: planned,
  });
  const importMs = performance.now() - tImport;
  const tPost = performance.now();
  const posted = await caller.mailPayments.batches.post({ batchId: batch.id });
  const postMs = performance.now() - tPost;
  const again = await caller.mailPayments.batches.post({ batchId: batch.id });

  // Repeated imports the same day: each one's duplicate check sees every item imported before.
  const repeatMs: number[] = [importMs];
  for (let r = 1; r < repeat; r++) {
    const more = plan(count, 1_000_000 + r * count);
    const b = await openFor(more);
    const t = performance.now();
    await caller.mailPayments.items.importItems({ batchId: b.id, items: more });
    repeatMs.push(performance.now() - t);
    await caller.mailPayments.batches.post({ batchId: b.id });
  }

  // Secondary: keying by hand, one mutation per item.
  const keyedPlan = plan(keyCount, 800_000);
  let keyMs = 0;
  let keyPostMs = 0;
  let keyExceptions = 0;
  if (keyCount > 0) {
    const keyed = await openFor(keyedPlan);
    const tKey = performance.now();
    for (const p of keyedPlan) {
      const item = await caller.mailPayments.items.add({ batchId: keyed.id, ...p });
      if (item.failures.length > 0) keyExceptions += 1;
    }
    keyMs = performance.now() - tKey;
    const tKeyPost = performance.now();
    await caller.mailPayments.batches.post({ batchId: keyed.id });
    keyPostMs = performance.now() - tKeyPost;
  }

  const entries = (
    sqlite
      .prepare("select count(*) as n from ledger_entries where reference glob 'mail-item:*'")
      .get() as { n: number }
  ).n;
  console.log(
    `items ${count}, exceptions ${imported.exceptionCount}, posted ${posted.postedCount} (${(posted.postedCents / 100).toFixed(2)} USD), repeat post alreadyPosted=${again.alreadyPosted}, ledger entries ${entries} (expected ${count * repeat + keyCount})`,
  );
  console.log(
    `import (validate: check + insert) ${count} items, one mutation: ${s(importMs)} (${(importMs / count).toFixed(3)} ms/item)`,
  );
  console.log(`post the batch (one transaction): ${s(postMs)}`);
  console.log(`validate + post: ${s(importMs + postMs)}`);
  if (repeat > 1) {
    const first = repeatMs[0] ?? Number.NaN;
    const last = repeatMs.at(-1) ?? Number.NaN;
    console.log(
      `${repeat} consecutive imports of ${count} items, same receipt date: ${repeatMs.map(s).join(', ')}; ` +
        `first ${s(first)}, last ${s(last)} (${(last / first).toFixed(2)}x; target ≤ 1.5x)`,
    );
  }
  if (keyCount > 0) {
    console.log(
      `secondary — keyed one by one, ${keyCount} items: ${s(keyMs)} (${(keyMs / keyCount).toFixed(2)} ms/item, ${keyExceptions} exceptions; ≈ ${s((keyMs / keyCount) * count)} for ${count}), post ${s(keyPostMs)}`,
    );
  }
} finally {
  await db.destroy();
  if (temp) rmSync(dir, { recursive: true, force: true });
}
