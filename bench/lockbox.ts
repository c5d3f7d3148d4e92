/**
 * Lockbox throughput: `node bench/lockbox.ts [--items 5000] [--scale class] [--data-dir D]`.
 *
 * Seeds a fresh training database (temp folder unless --data-dir is given) at the scale, then
 * through the real router (each call a real mutation: one BEGIN IMMEDIATE transaction with its
 * audit record) opens one lease batch, keys N items (every item checked as it is keyed: account,
 * payee, lockbox, routing, duplicates in the batch and recently, limits) and posts the batch
 * (one transaction: N ledger entries as of the receipt date with their allocations). Prints the
 * time to validate (key) all items, the time to post, and checks that every item posted once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSession } from '../db/repositories/sessions.ts';
import { findUserByUsername } from '../db/repositories/users.ts';
import { Prng } from '../db/seed/prng.ts';
import { runSeed } from '../db/seed/index.ts';
import { openDataDir, prepareDatabase } from '../server/bootstrap.ts';
import { createContext } from '../server/context.ts';
import { ManualClock } from '../server/domain/clock.ts';
import { DeskEvents } from '../server/events.ts';
import { TEST_SCRYPT } from '../server/password.ts';
import { appRouter } from '../server/router.ts';
import { createCallerFactory, type AppDeps } from '../server/trpc.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '5000' },
    scale: { type: 'string', default: 'class' },
    'data-dir': { type: 'string' },
  },
});
const count = Number(values.items);
const temp = !values['data-dir'];
const dir = values['data-dir'] ? path.resolve(values['data-dir']) : mkdtempSync(path.join(tmpdir(), 'cic-bench-lockbox-'));
const { db, sqlite } = openDataDir(dir);

try {
  const t0 = performance.now();
  await prepareDatabase(db, { kind: 'training', demoUsers: true, scrypt: TEST_SCRYPT, at: new Date('2026-11-23T14:30:00Z') });
  const seeded = await runSeed({ sqlite, scale: values.scale as 'demo' | 'class' | 'large', exclusive: true });
  console.log(`seeded ${values.scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s (as of ${seeded.asOf})`);

  const clock = new ManualClock(seeded.startsAt);
  const deps: AppDeps = { db, clock, events: new DeskEvents(), databaseKind: 'training', dataDir: dir, scrypt: TEST_SCRYPT, log: () => {} };
  const agent = await findUserByUsername(db, 'agent');
  if (!agent) throw new Error('demo user "agent" missing');
  const token = await createSession(db, agent.id, clock.now().toISOString());
  const caller = createCallerFactory(appRouter)(await createContext({ deps, sessionToken: token }));

  const leases = sqlite.prepare("select account_number, payment_cents from accounts where type = 'lease' and status = 'active'").all() as Array<{ account_number: string; payment_cents: number }>;
  const rng = new Prng('bench-lockbox');
  const planned = Array.from({ length: count }, (_, i) => {
    const a = rng.pick(leases);
    return { accountNumber: a.account_number, amount: String(a.payment_cents + rng.int(0, 5000)), instrumentNumber: String(900_000 + i) };
  });
  const total = planned.reduce((s, p) => s + Number(p.amount), 0);
  const receiptDate = seeded.asOf;
  const batch = await caller.mailPayments.batches.open({ lockboxId: 'lease-phoenix', receiptDate, controlCount: count, controlTotal: String(total) });

  const tKey = performance.now();
  let exceptions = 0;
  for (const p of planned) {
    const item = await caller.mailPayments.items.add({
      batchId: batch.id,
      ...p,
      instrumentType: 'personal_check',
      payee: 'MINI Financial Services',
      routingNumber: '021000021',
      remitter: 'Bench',
      notes: '',
      paidInFull: false,
    });
    if (item.failures.length > 0) exceptions += 1;
  }
  const keyMs = performance.now() - tKey;

  const tPost = performance.now();
  const posted = await caller.mailPayments.batches.post({ batchId: batch.id });
  const postMs = performance.now() - tPost;
  const again = await caller.mailPayments.batches.post({ batchId: batch.id });

  const entries = (sqlite.prepare("select count(*) as n from ledger_entries where reference glob 'mail-item:*'").get() as { n: number }).n;
  console.log(`items ${count}, exceptions ${exceptions}, posted ${posted.postedCount} (${(posted.postedCents / 100).toFixed(2)} USD), repeat post alreadyPosted=${again.alreadyPosted}, ledger entries ${entries}`);
  console.log(`validate (key + check) ${count} items: ${(keyMs / 1000).toFixed(2)} s (${(keyMs / count).toFixed(2)} ms/item)`);
  console.log(`post the batch (one transaction): ${(postMs / 1000).toFixed(2)} s`);
  console.log(`validate + post: ${((keyMs + postMs) / 1000).toFixed(2)} s`);
} finally {
  await db.destroy();
  if (temp) rmSync(dir, { recursive: true, force: true });
}
