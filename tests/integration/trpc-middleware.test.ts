import { sql } from 'kysely';
import type { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpApp } from '../../server/http/app.ts';
import { createContext } from '../../server/trpc/context.ts';
import { DomainError, englishOf, msg } from '../../server/domain/errors.ts';
import { agentProcedure, createCallerFactory, router } from '../../server/trpc/base.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { zodFields } from '../../server/trpc/zod-messages.ts';
import { readSetting } from '../../server/core/settings.ts';
import { localDateOf } from '../../server/domain/dates.ts';

/** A router that exists only here, to drive the shared middleware through every outcome. */
const probe = router({
  writeThenFail: agentProcedure
    .input(z.strictObject({ commit: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await sql`insert into closures (date, name, created_at) values ('2026-12-24', 'probe', 'x')`.execute(
        ctx.db,
      );
      await ctx.audit({ action: 'probe', entityType: 'closure' });
      throw new DomainError('VALIDATION', msg('zod.invalid'), { commit: input.commit });
    }),
  writeWithoutAudit: agentProcedure.input(z.strictObject({})).mutation(async ({ ctx }) => {
    await sql`insert into closures (date, name, created_at) values ('2026-12-24', 'probe', 'x')`.execute(
      ctx.db,
    );
    return 'ok';
  }),
  sqliteError: agentProcedure.input(z.strictObject({})).mutation(async ({ ctx }) => {
    await ctx.audit({ action: 'probe', entityType: 'closure' });
    await sql`insert into no_such_table values (1)`.execute(ctx.db);
  }),
  ok: agentProcedure.input(z.strictObject({})).mutation(async ({ ctx }) => {
    await sql`insert into closures (date, name, created_at) values ('2026-12-24', 'probe', 'x')`.execute(
      ctx.db,
    );
    await ctx.audit({ action: 'probe', entityType: 'closure' });
    return 'ok';
  }),
});

let app: TestApp;
afterEach(async () => app?.close());

async function caller() {
  app = await createTestApp();
  const agent = await app.as('agent');
  const token = await createSession(app.deps.db, agent.userId, app.clock.now().toISOString());
  return createCallerFactory(probe)(await createContext({ deps: app.deps, sessionToken: token }));
}
const count = async (table: 'closures' | 'audit_log') =>
  (
    await app.deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('one transaction per mutation', () => {
  it('rolls back every write of a failed mutation, audit record included', async () => {
    const c = await caller();
    await expect(c.writeThenFail({ commit: false })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: englishOf(msg('zod.invalid')),
    });
    expect(await count('closures')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('keeps the writes of a failure marked commit (like a counted failed login)', async () => {
    const c = await caller();
    await expect(c.writeThenFail({ commit: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await count('closures')).toBe(1);
    expect(await count('audit_log')).toBe(1);
  });

  it('refuses a mutation that wrote no audit record', async () => {
    const c = await caller();
    await expect(c.writeWithoutAudit({})).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(await count('closures')).toBe(0);
  });

  it('hides raw SQLite errors behind a generic message and changes nothing', async () => {
    const c = await caller();
    const error = await c.sqliteError({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    await expect(count('audit_log')).resolves.toBe(0);
  });

  it('answers over HTTP with a generic message, never the SQL error', async () => {
    app = await createTestApp({ demoUsers: true });
    const http = await buildHttpApp(app.deps, { staticDir: null });
    const login = await http.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'admin', password: 'admin-demo-2026' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    await sql`drop table closures`.execute(app.deps.db);
    const res = await http.inject({
      method: 'GET',
      url: '/trpc/calendar.year?input=' + encodeURIComponent(JSON.stringify({ year: 2026 })),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(500);
    const body = res.json() as { error: { message: string } };
    expect(body.error.message).toBe(
      'The server could not complete this. Nothing was changed; please try again.',
    );
    expect(res.body).not.toMatch(/closures|sqlite|SELECT/i);
    expect(
      (res.json() as { error: { data: { messageKey: string | null } } }).error.data.messageKey,
    ).toBe('common.serverFailed');
    await http.close();
  });

  it('sends a domain error as a message key with parameters, its English as the message', async () => {
    app = await createTestApp({ demoUsers: true });
    const http = await buildHttpApp(app.deps, { staticDir: null });
    const login = await http.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'admin', password: 'admin-demo-2026' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const res = await http.inject({
      method: 'POST',
      url: '/trpc/calendar.addClosure',
      payload: { date: '2026-12-25', name: 'Christmas again' },
      headers: { cookie },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as {
      error: { message: string; data: { messageKey: string; messageParams: unknown } };
    };
    expect(error.data.messageKey).toBe('calendar.alreadyClosed');
    expect(error.data.messageParams).toEqual({ date: '2026-12-25', reason: expect.any(String) });
    expect(error.message).toMatch(/^Fri 2026-12-25 is already closed \(.+\)\.$/);
    await http.close();
  });

  it('commits a successful mutation with its audit record', async () => {
    const c = await caller();
    expect(await c.ok({})).toBe('ok');
    expect(await count('closures')).toBe(1);
    expect(await count('audit_log')).toBe(1);
  });
});

describe('today at the centre on the context', () => {
  it('is the clock’s date in the centre’s zone, read once when the request starts', async () => {
    app = await createTestApp({ now: '2026-11-21T03:30:00.000Z' });
    const { timeZone } = await readSetting(app.deps.db, 'identity');
    const ctx = await createContext({ deps: app.deps });
    expect(ctx.timeZone).toBe(timeZone);
    // 03:30 UTC is still the evening before in the Americas: the centre's date, not UTC's.
    expect(ctx.today).toBe(localDateOf(new Date('2026-11-21T03:30:00.000Z'), timeZone));
    expect(ctx.today).toBe('2026-11-20');
    app.clock.set('2026-11-21T15:00:00.000Z');
    expect(ctx.today).toBe('2026-11-20');
    expect((await createContext({ deps: app.deps })).today).toBe('2026-11-21');
  });
});

describe('the NUL guard', () => {
  it('refuses a NUL like a field error, keyed for the screen', async () => {
    const c = await caller();
    const error = await c.ok({ 'a\u0000': 1 } as never).catch((e: unknown) => e as TRPCError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const { english, keyed } = zodFields((error as TRPCError).cause as never);
    expect(keyed['a\u0000']).toEqual({ key: 'fields.noNul', params: {} });
    expect(english['a\u0000']).toBe('Must not contain a NUL character.');
  });
});
