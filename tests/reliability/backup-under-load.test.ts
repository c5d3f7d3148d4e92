import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test, vi } from 'vitest';
import { Prng } from '../../server/training/seed/prng.ts';
import { auditReport } from '../../server/ops/backup-checks.ts';
import { TRAINING_PORTAL_KEY } from '../../server/messages/intake-route.ts';
import { DeskClient } from './lib/desk-client.ts';
import { nodeBinary, REPO_ROOT, ServerProcess } from './lib/server-process.ts';
import { recordReliabilityRow } from './lib/summary.ts';

/**
 * Backups under load (issue 10, item 8). The real server runs as a child process on a fresh
 * training database; workers post mail-payment batches (open, key items, post: one
 * transaction moves money for every item) and take portal messages, without pause. While they
 * write, `desk backup --to FILE` (a separate process, SQLite's online backup) is run several
 * times. Then the restore drill, for every backup: `desk restore --from FILE` into an empty
 * data folder, and on the restored database:
 *   - PRAGMA integrity_check and foreign_key_check are clean; the audit chain verifies;
 *   - every write acknowledged before the backup started is in it;
 *   - it is ONE consistent instant: no half-posted batch, each posted batch's ledger lines sum to
 *     its control total, every message has its thread and its audit record;
 *   - it is a prefix of the final database: its audit log is the live one cut at some record
 *     (same ids, same hashes), its ledger lines, postings and messages are the live rows.
 * Finally the last backup is served by a real server and a restore over a running server is
 * refused. RELIABILITY_SEED replays the workload (not the timing).
 */

const SEED = process.env.RELIABILITY_SEED ?? String(randomInt(1, 1_000_000));
const BACKUPS = 3;
const WORKERS = 3;
/** Acknowledged writes before each backup starts (the load keeps going during it). */
const WARMUP = [15, 40, 70];

const temp = mkdtempSync(path.join(tmpdir(), 'cic-backup-load-'));
const dataDir = path.join(temp, 'live');
const server = new ServerProcess(dataDir);
afterAll(async () => {
  await server.kill();
  rmSync(temp, { recursive: true, force: true });
});

function desk(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(nodeBinary(), ['server/cli/desk.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const one = (db: Database.Database, sql: string, ...params: unknown[]): number =>
  Number(
    db
      .prepare(sql)
      .pluck()
      .get(...params) ?? 0,
  );

/** The batches of this run (id > ?) that are not all-or-nothing. */
const HALF_POSTED = `
  select b.id from mail_batches b
  where b.id > ? and (
        (b.status = 'posted' and exists (select 1 from mail_items i where i.batch_id = b.id
           and i.status <> 'posted'))
     or (b.status <> 'posted' and (
           exists (select 1 from mail_items i where i.batch_id = b.id and i.status = 'posted')
        or exists (select 1 from mail_items i join mail_postings p on p.item_id = i.id
                   where i.batch_id = b.id)
        or exists (select 1 from mail_items i
                   join ledger_entries l on l.reference = 'mail-item:' || i.id
                   where i.batch_id = b.id)))
     or exists (select 1 from mail_items i where i.batch_id = b.id and i.status = 'posted'
           and (select count(*) from ledger_entries l
                where l.reference = 'mail-item:' || i.id) <> 1))`;

interface Acked {
  kind: 'batch' | 'message';
  /** Batch id (posted) or message id. */
  id: number;
  /** The number of writes acknowledged when this one was. */
  seq: number;
}

test(`online backups under load restore to consistent, complete snapshots (seed ${SEED})`, async () => {
  console.log(`backup under load: seed ${SEED} (replay with RELIABILITY_SEED=${SEED})`);
  const rng = new Prng(`backup:${SEED}`);
  const problems: string[] = [];
  const integrity = { ok: 0, run: 0 };

  await server.start();
  const baseUrl = () => server.url;
  const agents = Array.from(
    { length: WORKERS },
    (_, i) => new DeskClient(baseUrl, i % 2 === 0 ? 'agent' : 'agent2', 'agent-demo-2026'),
  );
  for (const a of agents) await a.login();
  const { today } = await (agents[0] as DeskClient).get<{ today: string }>(
    'mailPayments.config',
    {},
  );
  const liveFile = path.join(dataDir, 'cic-desk.sqlite');
  const setup = new Database(liveFile, { readonly: true, fileMustExist: true });
  const leaseAccounts = setup
    .prepare(
      `select account_number from accounts where type = 'lease' and status = 'active'
       order by id limit 40`,
    )
    .pluck()
    .all() as string[];
  const holders = setup
    .prepare(
      `select holder_customer_id as customerId, account_number as accountNumber from accounts
       where status = 'active' order by id limit 40`,
    )
    .all() as Array<{ customerId: number; accountNumber: string }>;
  const baseBatchId = one(setup, 'select coalesce(max(id), 0) from mail_batches');
  setup.close();
  expect(leaseAccounts.length).toBeGreaterThan(5);

  // ---- the load --------------------------------------------------------------------------
  const acked: Acked[] = [];
  let attempted = 0;
  let stop = false;
  let tag = 0;

  async function mustOk(client: DeskClient, procedure: string, input: unknown): Promise<unknown> {
    attempted += 1;
    const r = await client.mutate(procedure, input);
    if (r.kind !== 'ok') throw new Error(`${procedure}: ${JSON.stringify(r)}`);
    return r.data;
  }

  async function postBatch(client: DeskClient, w: Prng): Promise<void> {
    const k = w.int(2, 5);
    const amounts = Array.from({ length: k }, () => w.int(5_000, 90_000));
    const total = amounts.reduce((s, a) => s + a, 0);
    const batch = (await mustOk(client, 'mailPayments.batches.open', {
      lockboxId: 'lease-phoenix',
      receiptDate: today,
      controlCount: k,
      controlTotal: String(total),
    })) as { id: number };
    for (const amount of amounts) {
      await mustOk(client, 'mailPayments.items.add', {
        batchId: batch.id,
        accountNumber: w.pick(leaseAccounts),
        amount: String(amount),
        instrumentNumber: `BK${SEED}-${++tag}`,
        instrumentType: 'personal_check',
        payee: 'MINI Financial Services',
        routingNumber: '021000021',
        remitter: 'Backup Drill',
        notes: `backup:${SEED}:${tag}`,
        paidInFull: false,
      });
    }
    const posted = (await mustOk(client, 'mailPayments.batches.post', { batchId: batch.id })) as {
      postedCount?: number;
    };
    if (posted.postedCount !== k)
      problems.push(`batch ${batch.id} posted ${posted.postedCount} of ${k} items`);
    acked.push({ kind: 'batch', id: batch.id, seq: acked.length + 1 });
  }

  async function portalMessage(w: Prng): Promise<void> {
    const who = w.pick(holders);
    attempted += 1;
    const res = await fetch(`${server.url}/api/portal/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portal-key': TRAINING_PORTAL_KEY },
      body: JSON.stringify({
        customerId: who.customerId,
        accountNumber: who.accountNumber,
        topic: 'payments-easypay',
        text: `backup:${SEED}:${++tag} When is my next payment due?`,
      }),
    });
    const body = (await res.json()) as { messageId?: number };
    if (res.status !== 201 || !body.messageId)
      throw new Error(`portal intake: ${res.status} ${JSON.stringify(body)}`);
    acked.push({ kind: 'message', id: body.messageId, seq: acked.length + 1 });
  }

  const workers = agents.map(async (client, i) => {
    const w = rng.fork(`worker-${i}`);
    while (!stop) {
      if (w.int(0, 2) === 0) await portalMessage(w);
      else await postBatch(client, w);
    }
  });
  let workerError: unknown = null;
  const load = Promise.all(workers).catch((e: unknown) => {
    workerError = e;
    stop = true;
  });

  // ---- backups while the load runs ---------------------------------------------------------
  const taken: Array<{ file: string; before: Acked[]; writesDuring: number }> = [];
  for (let b = 0; b < BACKUPS; b++) {
    const threshold = WARMUP[b] ?? 0;
    await vi.waitFor(() => expect(acked.length >= threshold || stop).toBe(true), {
      timeout: 120_000,
      interval: 50,
    });
    if (stop) break;
    const file = path.join(temp, 'backups', `b${b + 1}.sqlite`);
    const before = [...acked];
    const r = await desk('backup', '--data-dir', dataDir, '--to', file);
    if (r.code !== 0) problems.push(`backup ${b + 1} failed: ${r.err}`);
    taken.push({ file, before, writesDuring: acked.length - before.length });
  }

  // A restore is refused while the server has the database open.
  const busy = await desk(
    'restore',
    '--data-dir',
    dataDir,
    '--from',
    taken[0]?.file ?? '',
    '--force',
  );
  if (busy.code !== 1 || !/in use/.test(busy.err))
    problems.push(`restore over a running server was not refused: ${busy.code} ${busy.err}`);

  stop = true;
  await load;
  if (workerError)
    throw workerError instanceof Error ? workerError : new Error(String(workerError));
  await server.stop();
  expect(taken).toHaveLength(BACKUPS);

  // ---- restore drill -----------------------------------------------------------------------
  const live = new Database(liveFile, { readonly: true, fileMustExist: true });
  const liveAudit = live.prepare('select id, hash from audit_log order by id').all() as Array<{
    id: number;
    hash: string;
  }>;
  let found = 0;
  let expected = 0;
  let duplicates = 0;
  const details: string[] = [];
  for (const [i, backup] of taken.entries()) {
    const label = `backup ${i + 1}`;
    const target = path.join(temp, `restored-${i + 1}`);
    const r = await desk('restore', '--data-dir', target, '--from', backup.file);
    if (r.code !== 0) {
      problems.push(`${label}: restore failed: ${r.err}`);
      continue;
    }
    const db = new Database(path.join(target, 'cic-desk.sqlite'), { fileMustExist: true });
    try {
      integrity.run += 1;
      const check = db.pragma('integrity_check', { simple: true });
      const fk = db.pragma('foreign_key_check') as unknown[];
      const audit = await auditReport(db);
      if (check === 'ok' && fk.length === 0 && audit.ok) integrity.ok += 1;
      else
        problems.push(
          `${label}: integrity ${String(check)}, ${fk.length} foreign-key problems, audit ${JSON.stringify(audit)}`,
        );

      // Complete: everything acknowledged before the backup started is in it.
      for (const a of backup.before) {
        expected += 1;
        const n =
          a.kind === 'batch'
            ? one(db, `select count(*) from mail_batches where id = ? and status = 'posted'`, a.id)
            : one(db, 'select count(*) from messages where id = ?', a.id);
        if (n === 1) found += 1;
        else problems.push(`${label}: acknowledged ${a.kind} ${a.id} missing`);
      }
      duplicates += one(
        db,
        `select count(*) from (select notes from mail_items where notes like ? group by notes
           having count(*) > 1)`,
        `backup:${SEED}:%`,
      );

      // Consistent: one instant, no write half in.
      const half = db.prepare(HALF_POSTED).all(baseBatchId) as Array<{ id: number }>;
      if (half.length) problems.push(`${label}: half-posted batches ${JSON.stringify(half)}`);
      const unbalanced = db
        .prepare(
          `select b.id, b.control_total_cents as control,
             (select -coalesce(sum(l.amount_cents), 0) from mail_items i
                join ledger_entries l on l.reference = 'mail-item:' || i.id
                where i.batch_id = b.id) as ledger
           from mail_batches b where b.status = 'posted' and b.id > ?`,
        )
        .all(baseBatchId) as Array<{ id: number; control: number; ledger: number }>;
      const off = unbalanced.filter((b) => b.control !== b.ledger);
      if (off.length)
        problems.push(`${label}: ledger lines off the control total ${JSON.stringify(off)}`);
      const orphanMessages = one(
        db,
        `select count(*) from messages m where m.direction = 'inbound' and m.body like ?
           and not exists (select 1 from audit_log a where a.actor_username = 'portal'
             and a.entity_type = 'message_thread' and a.entity_id = cast(m.thread_id as text))`,
        `backup:${SEED}:%`,
      );
      if (orphanMessages)
        problems.push(`${label}: ${orphanMessages} messages without their audit record`);

      // A prefix of the final database.
      const audits = db.prepare('select id, hash from audit_log order by id').all() as Array<{
        id: number;
        hash: string;
      }>;
      const prefixOk =
        audits.length <= liveAudit.length &&
        audits.every((row, k) => liveAudit[k]?.id === row.id && liveAudit[k]?.hash === row.hash);
      if (!prefixOk) problems.push(`${label}: its audit log is not a prefix of the live one`);
      for (const table of ['ledger_entries', 'mail_postings', 'messages']) {
        const key = table === 'mail_postings' ? 'item_id' : 'id';
        const rows = db.prepare(`select * from ${table} order by ${key}`).all() as Array<
          Record<string, unknown>
        >;
        const liveRow = live.prepare(`select * from ${table} where ${key} = ?`);
        const differ = rows.filter(
          (row) => JSON.stringify(liveRow.get(row[key])) !== JSON.stringify(row),
        );
        if (differ.length)
          problems.push(`${label}: ${differ.length} ${table} rows differ from live`);
      }
      details.push(
        `${label}: ${Math.round(statSync(backup.file).size / 1024)} KiB, ` +
          `${backup.before.length} acked before, ${backup.writesDuring} during, audit ${audits.length}/${liveAudit.length}`,
      );
    } finally {
      db.close();
    }
  }
  live.close();

  // The last restored copy is a working desk.
  const restored = new ServerProcess(path.join(temp, `restored-${taken.length}`));
  try {
    await restored.start();
    const health = (await (await fetch(`${restored.url}/healthz`)).json()) as { status: string };
    if (health.status !== 'ok') problems.push(`restored server health: ${JSON.stringify(health)}`);
    await new DeskClient(() => restored.url, 'agent', 'agent-demo-2026').login();
  } catch (error) {
    problems.push(`the restored database did not serve: ${String(error)}`);
  } finally {
    await restored.stop();
  }

  const passed = problems.length === 0;
  recordReliabilityRow({
    test: `backup under load: ${BACKUPS} online backups + restore drill`,
    seed: SEED,
    attempted,
    // Per backup: the writes acknowledged before it started, and how many of them it holds.
    acknowledged: expected,
    found,
    duplicates,
    integrity: `${integrity.ok}/${integrity.run} ok`,
    passed,
    details: [
      `${attempted} write calls, ${acked.length} batches posted / portal messages taken; ` +
        'Acknowledged/Found: the writes acknowledged before each backup started, summed over the backups',
      ...details,
      ...problems.slice(0, 5),
    ].join('; '),
  });
  console.log(details.join('\n'));
  expect(problems.map((p) => p.slice(0, 300))).toEqual([]);
  expect(found).toBe(expected);
  expect(expected).toBeGreaterThan(0);
});
