import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';
import { verifyAuditChain } from '../../db/repositories/audit.ts';
import { SIGN_IN_FAILED as SIGN_IN_FAILED_MESSAGE } from '../../server/auth/session.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

// The server sends it by key; its `message` is the English.
const SIGN_IN_FAILED = englishOf(SIGN_IN_FAILED_MESSAGE);

let app: TestApp;
afterEach(async () => app?.close());

async function login(username: string, password: string) {
  let token: string | null = null;
  const caller = await app.withToken(undefined, (t) => (token = t));
  try {
    const user = await caller.auth.login({ username, password });
    return { ok: true as const, user, token };
  } catch (error) {
    return { ok: false as const, error: error as { code: string; message: string } };
  }
}

describe('sign-in and lockout', () => {
  it('signs in a demo user and returns a session that identifies them', async () => {
    app = await createTestApp({ demoUsers: true });
    const result = await login('supervisor', 'supervisor-demo-2026');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    const me = await (await app.withToken(result.token ?? undefined)).auth.me();
    expect(me).toMatchObject({ username: 'supervisor', role: 'supervisor' });
  });

  it('locks after 5 wrong passwords, refuses the right one until 30 minutes pass', async () => {
    app = await createTestApp({ demoUsers: true });
    // A minute apart: past the per-username and per-address backoff (server/auth/throttle.ts).
    for (let i = 1; i <= 5; i++) {
      const r = await login('agent', 'nope');
      expect(!r.ok && r.error).toMatchObject({ code: 'UNAUTHORIZED', message: SIGN_IN_FAILED });
      app.clock.advanceMinutes(1);
    }
    const locked = await app.deps.db
      .selectFrom('users')
      .select(['failed_attempts', 'locked_until'])
      .where('username', '=', 'agent')
      .executeTakeFirstOrThrow();
    expect(locked.failed_attempts).toBe(5);
    expect(locked.locked_until).not.toBeNull();
    const sixthRight = await login('agent', 'agent-demo-2026');
    expect(!sixthRight.ok && sixthRight.error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: SIGN_IN_FAILED,
    });
    // Locked at minute 4 for 30 minutes (now minute 5).
    app.clock.advanceMinutes(28);
    expect((await login('agent', 'agent-demo-2026')).ok).toBe(false);
    app.clock.advanceMinutes(1.01);
    expect((await login('agent', 'agent-demo-2026')).ok).toBe(true);

    const row = await app.deps.db
      .selectFrom('users')
      .select(['failed_attempts', 'locked_until'])
      .where('username', '=', 'agent')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('resets the counter on success', async () => {
    app = await createTestApp({ demoUsers: true });
    const tries = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await login('agent', 'nope');
        app.clock.advanceMinutes(1);
      }
    };
    await tries(4);
    expect((await login('agent', 'agent-demo-2026')).ok).toBe(true);
    await tries(4);
    expect((await login('agent', 'agent-demo-2026')).ok).toBe(true);
  });

  it('treats an unknown user like a wrong password and records every attempt in a valid chain', async () => {
    app = await createTestApp({ demoUsers: true });
    const r = await login('nobody', 'x');
    expect(!r.ok && r.error.message).toBe(SIGN_IN_FAILED);
    await login('agent', 'nope');
    const actions = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['auth.login-failed', 'auth.login-failed']);
    expect(await verifyAuditChain(app.deps.db)).toEqual({ ok: true, count: 2 });
  });

  it('expires an idle session', async () => {
    app = await createTestApp({ demoUsers: true });
    const r = await login('agent', 'agent-demo-2026');
    const token = r.ok ? (r.token ?? undefined) : undefined;
    app.clock.advanceMinutes(29);
    expect(await (await app.withToken(token)).auth.me()).not.toBeNull();
    app.clock.advanceMinutes(29); // touched at minute 29, so 29 more is still within 30
    expect(await (await app.withToken(token)).auth.me()).not.toBeNull();
    app.clock.advanceMinutes(31);
    expect(await (await app.withToken(token)).auth.me()).toBeNull();
  });
});

describe('roles and validation', () => {
  it('enforces roles on the server', async () => {
    app = await createTestApp();
    const agent = await app.as('agent');
    await expect(agent.admin.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const anon = await app.anonymous();
    await expect(anon.admin.settings.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const admin = await app.as('admin');
    expect((await admin.admin.users.list()).map((u) => u.role)).toContain('admin');
  });

  it('rejects bad input with field errors and changes nothing', async () => {
    app = await createTestApp();
    const admin = await app.as('admin');
    const before = await app.deps.db.selectFrom('users').select('id').execute();
    await expect(
      admin.admin.users.create({
        username: 'x',
        displayName: '',
        role: 'agent',
        password: 'short',
        language: 'en',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.admin.settings.update({
        key: 'security',
        value: { maxFailedLogins: 0 },
        reason: 'test',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // A setting's field errors are keys the admin screen shows in the admin's language.
    const hours = await admin.admin.settings
      .update({
        key: 'hours',
        value: {
          ...(await admin.admin.settings.get()).hours,
          monday: { open: '9h', close: '21:00' },
        },
        reason: 'test',
      })
      .catch((e: unknown) => e);
    expect(hours).toMatchObject({
      code: 'BAD_REQUEST',
      cause: {
        fields: { 'monday.open': 'Use HH:MM (24-hour)' },
        fieldMessages: { 'monday.open': { key: 'fields.timeOfDay', params: {} } },
      },
    });
    expect(await app.deps.db.selectFrom('users').select('id').execute()).toEqual(before);
    expect(await app.deps.db.selectFrom('audit_log').select('id').execute()).toEqual([]);
  });

  it('audits admin changes with before and after', async () => {
    app = await createTestApp();
    const admin = await app.as('admin');
    const created = await admin.admin.users.create({
      username: 'jdoe',
      displayName: 'J Doe',
      role: 'agent',
      password: 'longpassword1',
      language: 'fr',
    });
    await admin.admin.users.setActive({
      userId: created.id,
      active: false,
      reason: 'left the team',
    });
    const rows = await app.deps.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'user.deactivate']);
    expect(JSON.parse(rows[1]?.after_json ?? '{}')).toEqual({ active: false });
    expect(rows[1]?.reason).toBe('left the team');
  });

  it('refuses to edit or delete the audit log', async () => {
    app = await createTestApp();
    const admin = await app.as('admin');
    await admin.calendar.addClosure({ date: '2026-12-24', name: 'Christmas Eve' });
    await expect(
      app.deps.db.updateTable('audit_log').set({ reason: 'x' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(app.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
