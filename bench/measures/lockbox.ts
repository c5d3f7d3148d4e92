import { Prng } from '../../db/seed/prng.ts';
import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms } from '../lib/stats.ts';

/**
 * Validate + post a lockbox batch over HTTP, as bench/lockbox.ts does through the caller: open
 * one lease batch, key N items (each a mutation that checks account, payee, lockbox, routing,
 * duplicates and limits), post it (one transaction, N ledger entries). One run (a batch can be
 * posted once); the work copy keeps it.
 */
export async function measureLockbox(ctx: BenchContext): Promise<Row[]> {
  const label = 'validate + post a lockbox batch (HTTP)';
  const gone = missing(
    'mailPayments.batches.open',
    'mailPayments.items.add',
    'mailPayments.batches.post',
  );
  if (gone.length > 0)
    return [notAvailable(label, '≤ 2 s for 5,000 items', `not available: ${gone.join(', ')}`)];
  const count = size(ctx, 5000, 500);
  const raw = openRaw(ctx.dir, true);
  const leases = raw
    .prepare(
      "select account_number, payment_cents from accounts where type = 'lease' and status = 'active' order by id limit 50000",
    )
    .all() as Array<{ account_number: string; payment_cents: number }>;
  raw.close();
  if (leases.length === 0)
    return [notAvailable(label, '≤ 2 s for 5,000 items', 'no active leases in the dataset')];
  const rng = new Prng('bench-lockbox');
  const planned = Array.from({ length: count }, (_, i) => {
    const a = rng.pick(leases);
    return {
      accountNumber: a.account_number,
      amount: String(((a.payment_cents + rng.int(0, 5000)) / 100).toFixed(2)),
      instrumentNumber: String(900_000 + i),
    };
  });
  const totalCents = planned.reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0);
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  const batch = await client.mutate<{ id: number }>('mailPayments.batches.open', {
    lockboxId: 'lease-phoenix',
    receiptDate: ctx.asOf,
    controlCount: count,
    controlTotal: (totalCents / 100).toFixed(2),
  });
  let exceptions = 0;
  const tKey = performance.now();
  for (const p of planned) {
    const item = await client.mutate<{ failures: unknown[] }>('mailPayments.items.add', {
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
  let postMs = Number.NaN;
  let posted = 0;
  let postError = '';
  try {
    const r = await client.mutate<{ postedCount: number }>('mailPayments.batches.post', {
      batchId: batch.id,
    });
    postMs = performance.now() - tPost;
    posted = r.postedCount;
  } catch (error) {
    postError = error instanceof Error ? error.message.slice(0, 160) : String(error);
  }
  const total = keyMs + postMs;
  return [
    {
      measure: `${label}, ${count.toLocaleString('en-US')} items`,
      target: '≤ 2 s',
      result: postError
        ? `validate ${ms(keyMs)}; post failed: ${postError}`
        : `${(total / 1000).toFixed(2)} s (validate ${(keyMs / 1000).toFixed(2)} s = ${(keyMs / count).toFixed(2)} ms/item, post ${ms(postMs)}; ${posted} posted, ${exceptions} exceptions)`,
      // The target is for 5,000 items: a quick run keys fewer and only reports.
      pass: postError ? false : count >= 5000 ? total <= 2000 : null,
      method: `one run: ${count} sequential POST mailPayments.items.add (each its own transaction + audit) then POST mailPayments.batches.post (one transaction), agent session, items drawn from active leases with a fixed PRNG seed`,
      data: { count, keyMs, postMs, posted, exceptions },
    },
  ];
}
