import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/**
 * Data at rest on a shared PC (issue 21): the data folder is the user's alone (0700) and every
 * file in it (the database and its -wal / -shm, backups, attachments, mfa.key) is 0600. On
 * POSIX by mode bits and the process umask; on Windows the folder sits in the user's profile
 * (%APPDATA%), whose ACL already grants only the user, SYSTEM and Administrators (README).
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates `dir` if needed and makes it the owner's alone; returns the mode it had (null: new). */
export function makePrivateDir(dir: string): number | null {
  const before = existsSync(dir) ? statSync(dir).mode & 0o777 : null;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) chmodSync(dir, PRIVATE_DIR_MODE);
  return before;
}

/**
 * Makes files the owner's alone (those that exist). For a SQLite database pass the main file:
 * its -wal and -shm are included (SQLite creates them with the main file's mode afterwards).
 */
export function makePrivateFiles(...files: string[]): void {
  if (!posix) return;
  for (const file of files) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
      if (existsSync(f)) chmodSync(f, PRIVATE_FILE_MODE);
    }
  }
}

/**
 * New files and folders this process creates are the owner's alone (umask 077): the WAL of a
 * fresh database, a backup, an attachment, a key. POSIX only; the main thread only.
 */
export function restrictNewFiles(): void {
  if (posix) process.umask(0o077);
}

/**
 * Whether other users of this computer can read or enter `dir` (group or others bits), for
 * the `desk` CLI's warning. False on Windows (ACLs, not mode bits) or when it does not exist.
 *
 * @example worldAccessible('/home/ann/.config/cic-desk') // true when it is 0755
 */
export function worldAccessible(dir: string): boolean {
  if (!posix || !existsSync(dir)) return false;
  return (statSync(dir).mode & 0o077) !== 0;
}
