import { afterEach, describe, expect, it } from 'vitest';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { checkTotp, totpCode, totpStep } from '../../server/domain/totp.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';

let app: TestApp;
afterEach(async () => app?.close());

const PASSWORD = 'correct-horse-42';

/** A caller carrying `token` that remembers the cookie the server sets (or clears). */
async function client(token: string | undefined) {
  const jar: { token: string | null | undefined } = { token: undefined };
  const caller = await app.withToken(token, (t) => (jar.token = t));
  return { caller, jar };
}

async function login(username: string, password = PASSWORD) {
  const { caller, jar } = await client(undefined);
  const result = await caller.auth.login({ username, password });
  return { result, token: jar.token ?? undefined };
}

async function addUser(username: string, role: Role): Promise<number> {
  const user = await insertUser(
    app.deps.db,
    {
      username,
      displayName: `${role} ${username}`,
      role,
      passwordHash: await hashPassword(PASSWORD, TEST_SCRYPT),
    },
    app.clock.now().toISOString(),
  );
  return user.id;
}

/** Enrols a signed-in caller; returns the secret as an authenticator app would store it. */
async function enrol(caller: Caller): Promise<string> {
  const started = await caller.auth.mfa.beginEnrolment();
  const secret = started.manualKey.replace(/\s/g, '');
  await caller.auth.mfa.confirmEnrolment({ code: totpCode(secret, app.clock.now()) });
  return secret;
}

const at = (offsetSeconds: number) => new Date(app.clock.now().getTime() + offsetSeconds * 1000);
const code = (secret: string, offsetSeconds = 0) => totpCode(secret, at(offsetSeconds));

/** Signs in with password + code; returns the session token. */
async function loginWithCode(username: string, password: string, secret: string) {
  const first = await login(username, password);
  expect(first.result.mfa).toBe('verify');
  const { caller, jar } = await client(first.token);
  const user = await caller.auth.mfa.verify({ code: code(secret) });
  return { user, token: jar.token ?? undefined, pendingToken: first.token };
}

async function me(token: string | undefined) {
  return (await app.withToken(token)).auth.me();
}

describe('TOTP rules (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1: secret "12345678901234567890" (ASCII) = this base32.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it.each([
    ['1970-01-01T00:00:59Z', '287082'],
    ['2005-03-18T01:58:29Z', '081804'],
    ['2009-02-13T23:31:30Z', '005924'],
    ['2033-05-18T03:33:20Z', '279037'],
  ])('matches the RFC test vector at %s', (iso, expected) => {
    expect(totpCode(rfcSecret, new Date(iso))).toBe(expected);
  });

  it('accepts one step either side, not two; never a step already used', () => {
    const now = new Date('2026-11-20T15:00:10Z');
    const step = totpStep(now);
    const c = (s: number) => totpCode(rfcSecret, new Date(now.getTime() + s * 1000));
    expect(checkTotp(rfcSecret, c(-30), now, 0)).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(rfcSecret, c(0), now, 0)).toEqual({ ok: true, step });
    expect(checkTotp(rfcSecret, c(30), now, 0)).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(rfcSecret, c(-60), now, 0)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(rfcSecret, c(60), now, 0)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(rfcSecret, c(0), now, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(rfcSecret, c(-30), now, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(rfcSecret, `${c(0).slice(0, 3)} ${c(0).slice(3)}`, now, 0).ok).toBe(true);
    expect(checkTotp(rfcSecret, 'abcdef', now, 0)).toEqual({ ok: false, reason: 'wrong' });
  });
});

describe('enrolment', () => {
  it('shows the secret once, stores it sealed, and switches on only with a right code', async () => {
    app = await createTestApp({ demoUsers: true });
    const signedIn = await login('supervisor', 'supervisor-demo-2026');
    expect(signedIn.result.mfa).toBeNull(); // training: optional
    const { caller } = await client(signedIn.token);
    expect(await caller.auth.mfa.status()).toEqual({
      enabled: false,
      enabledAt: null,
      required: false,
      recoveryCodesLeft: 0,
    });

    const started = await caller.auth.mfa.beginEnrolment();
    expect(started.manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/); // 160 bits
    expect(started.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = started.manualKey.replace(/\s/g, '');

    await expect(caller.auth.mfa.confirmEnrolment({ code: '000000' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await caller.auth.mfa.status()).enabled).toBe(false);
    await caller.auth.mfa.confirmEnrolment({ code: code(secret) });
    expect(await caller.auth.mfa.status()).toMatchObject({ enabled: true, required: false });
    await expect(caller.auth.mfa.beginEnrolment()).rejects.toMatchObject({ code: 'CONFLICT' });

    const stored = await app.deps.db.selectFrom('user_mfa').selectAll().executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain(secret);
    expect(stored.enabled_at).toBe(app.clock.now().toISOString());
    const audit = await app.deps.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.mfa-enrol-start', 'auth.mfa-enabled']),
    );
  });

  it('a user turns it off with a current code where it is optional', async () => {
    app = await createTestApp({ demoUsers: true });
    const { caller } = await client((await login('agent', 'agent-demo-2026')).token);
    const secret = await enrol(caller);
    app.clock.advanceMs(30_000);
    await expect(caller.auth.mfa.disable({ code: '123' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await caller.auth.mfa.disable({ code: code(secret) });
    expect((await caller.auth.mfa.status()).enabled).toBe(false);
    expect((await login('agent', 'agent-demo-2026')).result.mfa).toBeNull();
  });
});

describe('sign-in with a code', () => {
  async function enrolledSupervisor() {
    app = await createTestApp({ demoUsers: true });
    const { caller } = await client((await login('supervisor', 'supervisor-demo-2026')).token);
    const secret = await enrol(caller);
    app.clock.advanceMs(30_000); // the enrolment used this step's code
    return secret;
  }

  it('a right password alone gives no session; the code does', async () => {
    const secret = await enrolledSupervisor();
    const first = await login('supervisor', 'supervisor-demo-2026');
    expect(first.result).toMatchObject({ username: 'supervisor', mfa: 'verify' });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await me(first.token)).toBeNull();
    const half = await app.withToken(first.token);
    await expect(half.customers.search({ q: 'smith' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(half.auth.mfa.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const { caller, jar } = await client(first.token);
    const user = await caller.auth.mfa.verify({ code: code(secret) });
    expect(user).toMatchObject({ username: 'supervisor', role: 'supervisor' });
    expect(jar.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jar.token).not.toBe(first.token);
    expect(await me(jar.token ?? undefined)).toMatchObject({ username: 'supervisor' });
    // The half-way token is spent.
    expect(await me(first.token)).toBeNull();
    await expect(
      (await app.withToken(first.token)).auth.mfa.verify({ code: code(secret) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a wrong code and tells how many attempts are left', async () => {
    const secret = await enrolledSupervisor();
    const first = await login('supervisor', 'supervisor-demo-2026');
    const { caller } = await client(first.token);
    const wrong = code(secret) === '000000' ? '111111' : '000000';
    await expect(caller.auth.mfa.verify({ code: wrong })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      cause: { detail: { reason: 'wrong', attemptsLeft: 4 } },
    });
    await expect(caller.auth.mfa.verify({ code: code(secret) })).resolves.toMatchObject({
      username: 'supervisor',
    });
    const row = await app.deps.db
      .selectFrom('users')
      .select('failed_attempts')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    expect(row.failed_attempts).toBe(0);
  });

  it('never accepts the same code twice (replay), even in a new sign-in', async () => {
    const secret = await enrolledSupervisor();
    const used = code(secret);
    const once = await loginWithCode('supervisor', 'supervisor-demo-2026', secret);
    expect(once.user.username).toBe('supervisor');
    const again = await login('supervisor', 'supervisor-demo-2026');
    await expect(
      (await app.withToken(again.token)).auth.mfa.verify({ code: used }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      cause: { detail: { reason: 'replayed' } },
    });
    // The enrolment's own code cannot sign in either (it is an older step).
    app.clock.advanceMs(30_000);
    await expect(
      (await app.withToken(again.token)).auth.mfa.verify({ code: used }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      (await app.withToken(again.token)).auth.mfa.verify({ code: code(secret) }),
    ).resolves.toMatchObject({ username: 'supervisor' });
  });

  it('accepts a code from the step before or after (±30 s), not two steps away', async () => {
    const secret = await enrolledSupervisor();
    app.clock.advanceMinutes(5);
    const first = await login('supervisor', 'supervisor-demo-2026');
    const half = await app.withToken(first.token);
    await expect(half.auth.mfa.verify({ code: code(secret, -60) })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(half.auth.mfa.verify({ code: code(secret, 60) })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(half.auth.mfa.verify({ code: code(secret, -30) })).resolves.toMatchObject({
      username: 'supervisor',
    });
    const next = await login('supervisor', 'supervisor-demo-2026');
    await expect(
      (await app.withToken(next.token)).auth.mfa.verify({ code: code(secret, 30) }),
    ).resolves.toMatchObject({ username: 'supervisor' });
  });

  it('counts wrong codes toward the lock-out; a right password does not clear them', async () => {
    const secret = await enrolledSupervisor();
    const wrong = (s: string) => (s === '000000' ? '111111' : '000000');
    let pending = await login('supervisor', 'supervisor-demo-2026');
    for (let i = 0; i < 3; i++) {
      await expect(
        (await app.withToken(pending.token)).auth.mfa.verify({ code: wrong(code(secret)) }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    pending = await login('supervisor', 'supervisor-demo-2026'); // password again: count kept
    await expect(
      (await app.withToken(pending.token)).auth.mfa.verify({ code: wrong(code(secret)) }),
    ).rejects.toMatchObject({ cause: { detail: { attemptsLeft: 1 } } });
    const { caller, jar } = await client(pending.token);
    await expect(caller.auth.mfa.verify({ code: wrong(code(secret)) })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(jar.token).toBeNull(); // the cookie is cleared
    // Locked: the half-way sign-in is closed, and even the right password is refused.
    await expect(
      (await app.withToken(pending.token)).auth.mfa.verify({ code: code(secret) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // The password step answers a locked user like any failed sign-in (no enumeration).
    await expect(login('supervisor', 'supervisor-demo-2026')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    app.clock.advanceMinutes(31);
    const after = await loginWithCode('supervisor', 'supervisor-demo-2026', secret);
    expect(after.user.username).toBe('supervisor');
  });

  it('a half-way sign-in expires after 10 minutes and can be cancelled', async () => {
    const secret = await enrolledSupervisor();
    const first = await login('supervisor', 'supervisor-demo-2026');
    app.clock.advanceMinutes(10.5);
    await expect(
      (await app.withToken(first.token)).auth.mfa.verify({ code: code(secret) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const second = await login('supervisor', 'supervisor-demo-2026');
    const { caller, jar } = await client(second.token);
    await caller.auth.mfa.cancel();
    expect(jar.token).toBeNull();
    await expect(
      (await app.withToken(second.token)).auth.mfa.verify({ code: code(secret) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('required on production databases', () => {
  it('forces a supervisor or admin without it to enrol before anything else works', async () => {
    app = await createTestApp({ kind: 'production' });
    await addUser('sup', 'supervisor');
    await addUser('boss', 'admin');
    await addUser('ag', 'agent');
    await addUser('tr', 'trainer');

    expect((await login('ag')).result.mfa).toBeNull();
    expect((await login('tr')).result.mfa).toBeNull();
    expect((await login('boss')).result.mfa).toBe('enrol');
    const first = await login('sup');
    expect(first.result.mfa).toBe('enrol');

    const half = await app.withToken(first.token);
    expect(await half.auth.me()).toBeNull();
    await expect(half.customers.search({ q: 'smith' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(half.auth.mfa.verify({ code: '123456' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });

    const { caller, jar } = await client(first.token);
    const started = await caller.auth.mfa.beginEnrolment();
    const secret = started.manualKey.replace(/\s/g, '');
    const done = await caller.auth.mfa.confirmEnrolment({ code: code(secret) });
    expect(done.user).toMatchObject({ username: 'sup', role: 'supervisor' });
    expect(await me(jar.token ?? undefined)).toMatchObject({ username: 'sup' });
    expect(await me(first.token)).toBeNull();

    const session = await app.withToken(jar.token ?? undefined);
    expect(await session.auth.mfa.status()).toMatchObject({ enabled: true, required: true });
    await expect(session.auth.mfa.disable({ code: code(secret, 30) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // From now on the code is asked at every sign-in.
    app.clock.advanceMs(30_000);
    const next = await loginWithCode('sup', PASSWORD, secret);
    expect(next.user.username).toBe('sup');
  });

  it('an admin resets a lost enrolment: sessions end, the user enrols again (audited)', async () => {
    app = await createTestApp({ kind: 'production' });
    const supId = await addUser('sup', 'supervisor');
    const first = await login('sup');
    const { caller, jar } = await client(first.token);
    const secret = (await caller.auth.mfa.beginEnrolment()).manualKey.replace(/\s/g, '');
    await caller.auth.mfa.confirmEnrolment({ code: code(secret) });
    const supToken = jar.token ?? undefined;
    expect(await me(supToken)).not.toBeNull();

    const admin = await app.as('admin'); // harness session (set up outside the sign-in flow)
    const mfaOf = async () =>
      (await admin.admin.users.list()).find((u) => u.id === supId)?.mfaEnabled;
    expect(await mfaOf()).toBe(true);
    await expect(
      (await app.withToken(supToken)).auth.mfa.adminReset({ userId: supId, reason: 'x'.repeat(5) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.auth.mfa.adminReset({ userId: supId, reason: 'Lost phone, called the desk' });
    expect(await mfaOf()).toBe(false);
    expect(await me(supToken)).toBeNull();
    expect((await login('sup')).result.mfa).toBe('enrol');
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.mfa-reset')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      entity_id: String(supId),
      reason: 'Lost phone, called the desk',
    });
    expect(JSON.parse(audit.after_json ?? '{}')).toEqual({ enabled: false });
  });

  it('is not required on a training database (demo sign-ins stay one step)', async () => {
    app = await createTestApp({ demoUsers: true });
    for (const [u, p] of [
      ['supervisor', 'supervisor-demo-2026'],
      ['admin', 'admin-demo-2026'],
    ] as const) {
      const signedIn = await login(u, p);
      expect(signedIn.result.mfa).toBeNull();
      expect(await me(signedIn.token)).toMatchObject({ username: u });
    }
  });
});

describe('session lifetime and revocation', () => {
  it('ends a session at the absolute limit (12 h by default) however active it is', async () => {
    app = await createTestApp({ demoUsers: true });
    const { token } = await login('agent', 'agent-demo-2026');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      app.clock.advanceMinutes(20);
      expect(await me(token)).not.toBeNull();
    }
    app.clock.advanceMinutes(19); // 11 h 59 min
    expect(await me(token)).not.toBeNull();
    app.clock.advanceMinutes(2); // 12 h 01 min
    expect(await me(token)).toBeNull();
    // A new sign-in starts a new 12 hours.
    expect(await me((await login('agent', 'agent-demo-2026')).token)).not.toBeNull();
  });

  it('follows the security setting', async () => {
    app = await createTestApp({ demoUsers: true });
    const admin = await app.as('admin');
    await admin.admin.settings.update({
      key: 'security',
      value: {
        maxFailedLogins: 5,
        lockoutMinutes: 30,
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 1,
      },
      reason: 'Shorter sessions on the shared floor',
    });
    const { token } = await login('agent', 'agent-demo-2026');
    app.clock.advanceMinutes(25);
    expect(await me(token)).not.toBeNull();
    app.clock.advanceMinutes(25);
    expect(await me(token)).not.toBeNull();
    app.clock.advanceMinutes(11);
    expect(await me(token)).toBeNull();
  });

  it('ends every session of a deactivated user', async () => {
    app = await createTestApp({ demoUsers: true });
    const a = await login('agent', 'agent-demo-2026');
    const b = await login('agent', 'agent-demo-2026');
    const agentId = (a.result as { id: number }).id;
    const admin = await app.as('admin');
    await admin.admin.users.setActive({ userId: agentId, active: false, reason: 'left the team' });
    expect(await me(a.token)).toBeNull();
    expect(await me(b.token)).toBeNull();
    // Reactivation does not bring old sessions back.
    await admin.admin.users.setActive({ userId: agentId, active: true, reason: 'came back' });
    expect(await me(a.token)).toBeNull();
    const rows = await app.deps.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', agentId)
      .execute();
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it('ends every session when an admin resets the password', async () => {
    app = await createTestApp({ demoUsers: true });
    const a = await login('agent', 'agent-demo-2026');
    const admin = await app.as('admin');
    await admin.admin.users.resetPassword({
      userId: (a.result as { id: number }).id,
      password: 'brand-new-pass-1',
      reason: 'forgot it',
    });
    expect(await me(a.token)).toBeNull();
    expect(await me((await login('agent', 'brand-new-pass-1')).token)).not.toBeNull();
  });

  it('closes a half-way two-step sign-in when the password is reset', async () => {
    app = await createTestApp({ demoUsers: true });
    const { caller } = await client((await login('supervisor', 'supervisor-demo-2026')).token);
    const secret = await enrol(caller);
    app.clock.advanceMs(30_000);
    const pending = await login('supervisor', 'supervisor-demo-2026');
    const admin = await app.as('admin');
    await admin.admin.users.resetPassword({
      userId: (pending.result as { id: number }).id,
      password: 'brand-new-pass-1',
      reason: 'suspected leak',
    });
    await expect(
      (await app.withToken(pending.token)).auth.mfa.verify({ code: code(secret) }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("ends the user's other sessions when they change their own password", async () => {
    app = await createTestApp({ demoUsers: true });
    const laptop = await login('agent', 'agent-demo-2026');
    const kiosk = await login('agent', 'agent-demo-2026');
    const { caller, jar } = await client(laptop.token);
    await expect(
      caller.auth.changePassword({ currentPassword: 'nope', newPassword: 'my-new-pass-2026' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await me(kiosk.token)).not.toBeNull();
    await caller.auth.changePassword({
      currentPassword: 'agent-demo-2026',
      newPassword: 'my-new-pass-2026',
    });
    expect(await me(kiosk.token)).toBeNull();
    expect(await me(laptop.token)).toBeNull();
    expect(jar.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // this browser continues on a fresh token
    expect(await me(jar.token ?? undefined)).toMatchObject({ username: 'agent' });
    await expect(login('agent', 'agent-demo-2026')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await me((await login('agent', 'my-new-pass-2026')).token)).not.toBeNull();
  });
});

describe('one-time recovery codes', () => {
  async function enrolWithCodes() {
    app = await createTestApp({ demoUsers: true });
    const { caller } = await client((await login('supervisor', 'supervisor-demo-2026')).token);
    const started = await caller.auth.mfa.beginEnrolment();
    const secret = started.manualKey.replace(/\s/g, '');
    const done = await caller.auth.mfa.confirmEnrolment({ code: code(secret) });
    app.clock.advanceMs(30_000);
    return { secret, codes: done.recoveryCodes, caller };
  }

  async function verifyWith(typed: string) {
    const pending = await login('supervisor', 'supervisor-demo-2026');
    const { caller, jar } = await client(pending.token);
    const user = await caller.auth.mfa.verify({ code: typed });
    return { user, token: jar.token ?? undefined };
  }

  it('are shown once at enrolment, stored only as hashes, and counted in the status', async () => {
    const { codes, caller } = await enrolWithCodes();
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(new Set(codes).size).toBe(10);
    expect((await caller.auth.mfa.status()).recoveryCodesLeft).toBe(10);
    const stored = await app.deps.db.selectFrom('user_recovery_codes').selectAll().execute();
    const audit = await app.deps.db.selectFrom('audit_log').selectAll().execute();
    for (const c of codes) {
      const bare = c.replace(/-/g, '');
      expect(JSON.stringify(stored)).not.toContain(bare);
      expect(JSON.stringify(audit)).not.toContain(bare);
    }
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
  });

  it('sign in instead of a code, each once (any case, with or without dashes), audited', async () => {
    const { codes } = await enrolWithCodes();
    const first = codes[0] ?? '';
    const signedIn = await verifyWith(first.toLowerCase().replace(/-/g, ' '));
    expect(signedIn.user.username).toBe('supervisor');
    expect(await me(signedIn.token)).toMatchObject({ username: 'supervisor' });
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json ?? '{}')).toEqual({
      mfa: 'recovery-code',
      recoveryCodesLeft: 9,
    });
    // Used: refused the second time, and the refusal counts toward the lock-out.
    await expect(verifyWith(first)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      cause: { detail: { attemptsLeft: 4 } },
    });
    await expect(verifyWith('AAAA-AAAA-AAAA-AAAA')).rejects.toMatchObject({
      cause: { detail: { attemptsLeft: 3 } },
    });
    expect((await verifyWith(codes[1] ?? '')).user.username).toBe('supervisor');
  });

  it('are refused while the user is locked, and left unspent', async () => {
    const { codes } = await enrolWithCodes();
    await app.deps.db
      .updateTable('users')
      .set({ failed_attempts: 5, locked_until: '2026-11-20T18:00:00.000Z' })
      .where('username', '=', 'supervisor')
      .execute();
    // The password step already refuses a locked user; the codes stay unspent.
    await expect(verifyWith(codes[0] ?? '')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const unused = await app.deps.db
      .selectFrom('user_recovery_codes')
      .select('id')
      .where('used_at', 'is', null)
      .execute();
    expect(unused).toHaveLength(10);
  });

  it('regenerating needs a current app code, replaces every code, and is audited', async () => {
    const { codes, secret, caller } = await enrolWithCodes();
    await expect(
      caller.auth.mfa.regenerateRecoveryCodes({ code: codes[0] ?? '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const fresh = await caller.auth.mfa.regenerateRecoveryCodes({ code: code(secret) });
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes.some((c) => codes.includes(c))).toBe(false);
    await expect(verifyWith(codes[2] ?? '')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await verifyWith(fresh.recoveryCodes[0] ?? '')).user.username).toBe('supervisor');
    const actions = await app.deps.db.selectFrom('audit_log').select('action').execute();
    expect(actions.map((a) => a.action)).toContain('auth.mfa-recovery-codes');
  });

  it('stop working when an admin resets two-step sign-in', async () => {
    const { codes } = await enrolWithCodes();
    const admin = await app.as('admin');
    const user = await app.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    await admin.auth.mfa.adminReset({ userId: user.id, reason: 'lost phone' });
    expect(await app.deps.db.selectFrom('user_recovery_codes').select('id').execute()).toEqual([]);
    expect(codes).toHaveLength(10);
  });
});
