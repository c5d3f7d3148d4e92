import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { createSession } from '../../db/repositories/sessions.ts';
import { findUserByUsername, insertUser } from '../../db/repositories/users.ts';
import type { DB } from '../../db/schema/index.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { openRaw } from './datasets.ts';

export interface BenchSessions {
  /** Training clock instant the data is "as of" (the server's now). */
  now: string;
  agent: { id: number; token: string };
  supervisor: { id: number; token: string };
  /** One session per simulated agent, each its own user. */
  agents: Array<{ id: number; token: string }>;
}

/**
 * Adds `count` agent users (bench-agent-001, …) to a WORK copy and opens a session for each,
 * plus sessions for the demo `agent` and `supervisor`, dated at the training clock (the server
 * runs on it). Sessions are created directly: 300 scrypt sign-ins would only measure scrypt.
 */
export async function prepareSessions(dir: string, count: number): Promise<BenchSessions> {
  const sqlite = openRaw(dir);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const clock = sqlite
      .prepare("select value from app_meta where key = 'training_clock'")
      .pluck()
      .get() as string | undefined;
    const now = clock ? (JSON.parse(clock) as { at: string }).at : new Date().toISOString();
    const session = async (username: string) => {
      const user = await findUserByUsername(db, username);
      if (!user) throw new Error(`demo user ${username} missing`);
      return { id: user.id, token: await createSession(db, user.id, now) };
    };
    const agent = await session('agent');
    const supervisor = await session('supervisor');
    const hash = await hashPassword('bench-agent-2026', TEST_SCRYPT);
    const agents: BenchSessions['agents'] = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 1; i <= count; i++) {
        const username = `bench-agent-${String(i).padStart(3, '0')}`;
        const existing = await findUserByUsername(trx, username);
        const id =
          existing?.id ??
          (
            await insertUser(
              trx,
              { username, displayName: `Bench Agent ${i}`, role: 'agent', passwordHash: hash },
              now,
            )
          ).id;
        agents.push({ id, token: await createSession(trx, id, now) });
      }
    });
    return { now, agent, supervisor, agents };
  } finally {
    await db.destroy();
    if (sqlite.open) sqlite.close();
  }
}

export function dataFile(dir: string): string {
  return path.join(dir, 'cic-desk.sqlite');
}
