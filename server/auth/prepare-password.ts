import { hashPassword } from './password.ts';
import type { Context } from '../trpc/base.ts';

/**
 * The `prepare` step of a mutation that stores a new password (admin: create user, reset
 * password): hashes `password` from the raw input before the write transaction opens, so the
 * ~0.3 s of scrypt never holds the database's write lock. Null when the input has no password
 * (the procedure's schema then refuses it).
 */
export async function prepareNewPasswordHash(ctx: Context, raw: unknown): Promise<string | null> {
  const password = (raw as { password?: unknown } | null)?.password;
  if (typeof password !== 'string' || password.length === 0 || password.length > 256) return null;
  return hashPassword(password, ctx.deps.scrypt);
}

/** The hash prepared for this call (the schema passed, so there is one). */
export function preparedHash(ctx: { prepared: string | null }): string {
  if (ctx.prepared === null) throw new Error('password hash was not prepared');
  return ctx.prepared;
}
