import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession } from '../../db/repositories/sessions.ts';
import { buildHttpApp } from '../../server/http/app.ts';
import { TRPC_BODY_LIMITS } from '../../server/http/http-edge.ts';
import { formatLogLine } from '../../server/ops/logging.ts';
import {
  storeAttachments,
  sweepPartialAttachments,
  type CheckedAttachment,
} from '../../server/messages/attachments.ts';
import { appRouter } from '../../server/router.ts';
import { createTestApp } from './harness.ts';
import { onPostgres } from './pg-test-db.ts';

/**
 * Issue 19, a full disk: the write fails whole and says why (log: the real cause, never
 * "cannot rollback - no transaction is active"; the user: DISK_FULL; staff: /healthz → the
 * renderer's banner), and no partial attachment file stays behind.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'cic-disk-full-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a full disk', () => {
  // SQLITE_FULL is simulated with max_page_count (the database cannot grow past its size).
  it.skipIf(onPostgres)(
    'a write that does not fit fails whole, with the real cause in the log and DISK_FULL for the user',
    async () => {
      const app = await createTestApp({ kind: 'production' });
      const logs: string[] = [];
      app.deps.log = (message, error) => void logs.push(formatLogLine(message, error));
      const http = await buildHttpApp(app.deps);
      try {
        const admin = await app.as('admin');
        const token = await createSession(app.deps.db, admin.userId, app.clock.now().toISOString());
        const counts = async () => ({
          users: Number(
            (
              await app.deps.db
                .selectFrom('users')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
          audit: Number(
            (
              await app.deps.db
                .selectFrom('audit_log')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        });
        const create = (i: number) =>
          http.inject({
            method: 'POST',
            url: '/trpc/admin.users.create',
            headers: { cookie: `cic_session=${token}`, 'content-type': 'application/json' },
            payload: {
              username: `clerk${i}`,
              displayName: `Clerk ${i} `.padEnd(80, 'x'),
              role: 'agent',
              password: 'long-enough-password-1',
            },
          });
        expect((await create(0)).statusCode).toBe(200);
        const pages = await sql<{ page_count: number }>`pragma page_count`.execute(app.deps.db);
        await sql
          .raw(`pragma max_page_count = ${pages.rows[0]?.page_count ?? 0}`)
          .execute(app.deps.db);

        let failed: { status: number; body: Record<string, unknown> } | null = null;
        let before = await counts();
        for (let i = 1; i < 500 && !failed; i++) {
          before = await counts();
          const res = await create(i);
          if (res.statusCode !== 200) failed = { status: res.statusCode, body: res.json() };
        }
        expect(failed).not.toBeNull();
        // What the user sees: why, and the code to quote.
        const error = (
          failed?.body as {
            error: { message: string; data: { storage: string; messageKey: string } };
          }
        ).error;
        expect(failed?.status).toBe(500);
        expect(error.message).toMatch(
          /^The server's disk is full, so nothing was saved\..*code DISK_FULL/,
        );
        expect(error.data.messageKey).toBe('common.diskFull');
        expect(error.data.storage).toBe('DISK_FULL');
        // What is kept: the failed mutation left nothing (no user without its audit record).
        expect(await counts()).toEqual(before);
        // The log: the real cause, never the rollback's own complaint.
        const log = logs.join('\n');
        expect(log).toMatch(/admin\.users\.create failed: the disk is full \(DISK_FULL\)/);
        expect(log).toMatch(/database or disk is full/);
        expect(log).not.toMatch(/cannot rollback/);
        // Staff: /healthz keeps answering (reads work) and says the disk is full.
        const health = await http.inject({ method: 'GET', url: '/healthz' });
        expect(health.statusCode).toBe(200);
        expect(health.json()).toMatchObject({ status: 'ok', storage: 'disk-full' });
      } finally {
        await http.close();
        await app.close();
      }
    },
  );

  it('a partial attachment file is removed when the disk fills during the write', async (ctx) => {
    const mnt = path.join(temp, 'tiny');
    mkdirSync(mnt, { recursive: true });
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status !== 0)
      return ctx.skip(); // mounting needs root; the clean-up is the same code either way
    try {
      const big: CheckedAttachment = {
        filename: 'statement.pdf',
        mime: 'application/pdf',
        sha256: 'ab'.repeat(32),
        data: Buffer.alloc(256 * 1024, 1),
        size: 256 * 1024,
      } as unknown as CheckedAttachment;
      expect(() => storeAttachments(path.join(mnt, 'attachments'), [big])).toThrow(/ENOSPC/);
      const left = readdirSync(mnt, { recursive: true }).map(String);
      expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(left.filter((f) => f.endsWith('ab'.repeat(32)))).toEqual([]);
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });

  it('partial attachment files a crash left are swept at start', () => {
    const root = path.join(temp, 'attachments');
    mkdirSync(path.join(root, 'ab'), { recursive: true });
    writeFileSync(path.join(root, 'ab', `${'ab'.repeat(32)}.0011aa.tmp`), 'partial');
    writeFileSync(path.join(root, 'ab', 'ab'.repeat(32)), 'a whole file');
    expect(sweepPartialAttachments(root)).toBe(1);
    expect(readdirSync(path.join(root, 'ab'))).toEqual(['ab'.repeat(32)]);
  });
});

describe('body limits', () => {
  it('every per-procedure body limit names a real procedure (the lockbox import was 413 at 1 MB)', () => {
    const procedures = new Set(Object.keys(appRouter._def.procedures));
    for (const name of Object.keys(TRPC_BODY_LIMITS)) expect(procedures, name).toContain(name);
    // 5,000 lockbox items of ~250 bytes of JSON each fit.
    expect(TRPC_BODY_LIMITS['mailPayments.items.importItems']).toBeGreaterThan(5000 * 250);
  });
});
