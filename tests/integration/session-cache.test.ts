import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSession } from '../../db/repositories/sessions.ts';
import { findUserByUsername } from '../../db/repositories/users.ts';
import { forgetCachedSessions } from '../../server/trpc/context.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * Resolved sessions are cached for a few seconds per server (server/trpc/context.ts): every way
 * the desk ends a session or changes its user must still take effect on the very next request.
 */
let app: TestApp;
afterEach(async () => app?.close());

async function sessionOf(username: string): Promise<{ id: number; token: string }> {
  await app.as('agent', username);
  const user = await findUserByUsername(app.deps.db, username);
  if (!user) throw new Error('no user');
  return {
    id: user.id,
    token: await createSession(app.deps.db, user.id, app.clock.now().toISOString()),
  };
}
const me = async (token: string) => (await app.withToken(token)).auth.me();

describe('session cache', () => {
  it('a sign-out ends the session on the next request, and says so to other instances', async () => {
    app = await createTestApp();
    const { token } = await sessionOf('cached-agent');
    expect(await me(token)).not.toBeNull(); // now cached
    const events: string[] = [];
    app.deps.events.on('changed', ({ area }) => events.push(area));
    await (await app.withToken(token)).auth.logout();
    expect(await me(token)).toBeNull();
    expect(events).toContain('sessions');
  });

  it('deactivating a user ends their cached session at once', async () => {
    app = await createTestApp();
    const { id, token } = await sessionOf('soon-gone');
    expect(await me(token)).not.toBeNull();
    const admin = await app.as('admin');
    await admin.admin.users.setActive({ userId: id, active: false, reason: 'left the company' });
    expect(await me(token)).toBeNull();
  });

  it('a change made outside this server is seen after forgetCachedSessions (another instance’s event)', async () => {
    app = await createTestApp();
    const { token } = await sessionOf('elsewhere');
    expect(await me(token)).not.toBeNull();
    // Another instance (or a hand edit) revokes it: this server still has it cached …
    await sql`UPDATE sessions SET revoked_at = ${app.clock.now().toISOString()}`.execute(
      app.deps.db,
    );
    expect(await me(token)).not.toBeNull();
    // … until the other instance's 'sessions' event arrives (server/http/start.ts).
    forgetCachedSessions();
    expect(await me(token)).toBeNull();
  });

  it('the idle limit still applies to a cached session', async () => {
    app = await createTestApp();
    const { token } = await sessionOf('idle');
    expect(await me(token)).not.toBeNull();
    app.clock.advanceMinutes(31);
    expect(await me(token)).toBeNull();
  });
});
