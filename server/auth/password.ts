import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/**
 * Never call these inside a write transaction: a hash takes ~0.3 s and would hold the database's
 * write lock that long (sign-in and password changes hash in a `prepare` step that runs before
 * the transaction opens: server/trpc/base.ts publicProcedureWithPrepare).
 *
 * Memory-hard password hashing with Node's built-in scrypt. N=2^17, r=8 needs 128 MiB, above
 * Node's 32 MiB default `maxmem`, so maxmem is raised explicitly. The parameters are stored in
 * the hash so they can be raised later without breaking existing users.
 * Format: `scrypt$N$r$p$salt(b64)$hash(b64)`.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Cheaper parameters for automated tests only (still memory-hard, 16 MiB). */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

const KEY_LENGTH = 32;

/**
 * Derivations running at once. Node's async scrypt runs on libuv's thread pool (4 threads by
 * default, shared with file and DNS work), never on the event loop; this bound keeps that pool
 * free for other work, caps the memory held (128 MiB each), and leaves a core to the event loop
 * (one at a time on a 2-core PC, two from 3 cores). The others wait their turn, in order.
 */
export const HASH_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism() - 1));
let hashing = 0;
let derived = 0;
const hashQueue: Array<() => void> = [];

async function inHashPool<T>(work: () => Promise<T>): Promise<T> {
  while (hashing >= HASH_CONCURRENCY) await new Promise<void>((go) => hashQueue.push(go));
  hashing += 1;
  derived += 1;
  try {
    return await work();
  } finally {
    hashing -= 1;
    hashQueue.shift()?.();
  }
}

/** Derivations running and waiting now, and started since the process began (tests, bench). */
export function hashPoolLoad(): { running: number; waiting: number; started: number } {
  return { running: hashing, waiting: hashQueue.length, started: derived };
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return inHashPool(() => deriveNow(password, salt, params));
}

function deriveNow(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 128 * params.N * params.r * params.p + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** @example const stored = await hashPassword('correct horse'); */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash ?? '', 'base64');
  const key = await derive(password, Buffer.from(salt ?? '', 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A stand-in hash so unknown usernames cost the same time as known ones. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(params: ScryptParams): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'), params);
  return dummyHash;
}
