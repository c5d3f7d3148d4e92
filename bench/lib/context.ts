import type { BenchSessions } from './agents.ts';

/** What every measure gets: the running server, its work copy, sessions, run size. */
export interface BenchContext {
  quick: boolean;
  url: string;
  /** The server child's process id (its CPU is read from /proc/<pid>/stat). */
  serverPid: number;
  /** The work copy the server runs on (readable with a second connection under WAL). */
  dir: string;
  sessions: BenchSessions;
  /** The data's "today" (centre-local date). */
  asOf: string;
  log: (message: string) => void;
  /** The server's database: the SQLite work copy, or PostgreSQL loaded from it (--database-url). */
  engine: 'sqlite' | 'postgres';
}

/** Full or quick count. */
export function size(ctx: BenchContext, full: number, quick: number): number {
  return ctx.quick ? quick : full;
}
