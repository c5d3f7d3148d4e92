import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type z } from 'zod';
import { isPostgresUrl, openPostgres, type Db } from '../../db/database.ts';
import { appendAudit } from '../../db/repositories/audit.ts';
import { registerSeedCommand } from '../training/seed/cli.ts';
import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import { deleteUserMfa, findUserByUsername, insertUser } from '../../db/repositories/users.ts';
import { LATEST_MIGRATION } from '../../db/migrations/index.ts';
import { worldAccessible } from '../controls/data-at-rest.ts';
import { auditReportOf } from '../ops/backup-checks.ts';
import { backupDatabase, restoreDatabase } from '../ops/backups.ts';
import {
  databasePath,
  openDataDir,
  prepareDatabase,
  readDatabaseKind,
  type DatabaseKind,
} from '../ops/bootstrap.ts';
import { systemClock } from '../domain/clock.ts';
import { deskClockOf } from '../training/clock.ts';
import { DEFAULT_SCRYPT, hashPassword } from '../auth/password.ts';
import { passwordSchema, roleSchema } from '../core/schemas.ts';
import { zodIssueEnglish } from '../trpc/zod-messages.ts';
import { registerTransferCommands } from './transfer.ts';

/**
 * The operators' CLI: `npm run desk -- <command> [options]`.
 * Every command takes --data-dir (or CIC_DATA_DIR; default ./data): the embedded SQLite desk.
 * migrate, create-user, mfa-reset and audit-verify also take --database-url (or
 * CIC_DATABASE_URL): a central PostgreSQL database, which wins over the data folder when set,
 * as it does for the server. backup and restore copy SQLite files and refuse a PostgreSQL URL.
 */
const program = new Command('desk').description('CIC Desk operator commands').showHelpAfterError();

interface WhereOptions {
  dataDir: string;
  databaseUrl?: string;
}

const dataDirOption = (
  cmd: Command,
  urlHelp = 'central PostgreSQL database, postgres://… (wins over --data-dir)',
) =>
  cmd
    .option(
      '--data-dir <dir>',
      'folder holding cic-desk.sqlite',
      process.env.CIC_DATA_DIR ?? 'data',
    )
    .addOption(new Option('--database-url <url>', urlHelp).env('CIC_DATABASE_URL'));

/** An error's message; a failed connection to several addresses has an empty one of its own. */
function messageOf(e: unknown): string {
  if (e instanceof AggregateError && !e.message)
    return [...new Set(e.errors.map((inner) => messageOf(inner)))].join('; ');
  if (e instanceof Error) return e.message || String((e as { code?: unknown }).code ?? e.name);
  return String(e);
}

function fail(message: string): never {
  console.error(`desk: ${message}`);
  process.exit(1);
}

interface OpenedDatabase {
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** What to name in messages: the SQLite file, or the URL without its password. */
  label: string;
  close(): Promise<void>;
}

/** The PostgreSQL URL a command was given (--database-url or CIC_DATABASE_URL), if any. */
function postgresUrlOf(opts: WhereOptions): string | null {
  const url = opts.databaseUrl?.trim();
  if (!url) return null;
  if (!isPostgresUrl(url)) fail('--database-url must be a postgres:// or postgresql:// URL');
  return url;
}

/**
 * Opens the database a command works on: PostgreSQL when a URL is given (--database-url or
 * CIC_DATABASE_URL), else `<data-dir>/cic-desk.sqlite`. With `mustExist`, a missing SQLite file
 * is not created (the command fails instead); on PostgreSQL the caller's first query finds out.
 */
function openFromOptions(
  opts: WhereOptions,
  { mustExist }: { mustExist: boolean },
): OpenedDatabase {
  const url = postgresUrlOf(opts);
  if (url) {
    const { db } = openPostgres(url, { max: 2 });
    const shown = new URL(url);
    shown.password = '';
    return { db, engine: 'postgres', label: shown.href, close: () => db.destroy() };
  }
  const dir = path.resolve(opts.dataDir);
  const file = databasePath(dir);
  if (mustExist && !existsSync(file)) fail(`there is no database at ${file}`);
  const { db, sqlite } = openDataDir(dir);
  return {
    db,
    engine: 'sqlite',
    label: file,
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Fails unless the database was created by `desk migrate` or a server start; its kind. */
async function requireDeskDatabase(opened: OpenedDatabase): Promise<DatabaseKind> {
  const kind = await readDatabaseKind(opened.db).catch((e: unknown) => {
    // No app_meta table: an empty database. Anything else (no connection, ...) is reported as is.
    if (/no such table|relation .* does not exist/i.test(messageOf(e))) return null;
    throw e;
  });
  if (kind === null)
    fail(`${opened.label} is not a CIC Desk database yet (run desk migrate first)`);
  return kind;
}

/** backup / restore copy SQLite files: PostgreSQL has its own tools. */
function refusePostgres(command: Command, opts: WhereOptions): void {
  if (!opts.databaseUrl?.trim()) return;
  const from =
    command.getOptionValueSource('databaseUrl') === 'env' ? 'CIC_DATABASE_URL' : '--database-url';
  fail(
    `${command.name()} copies a SQLite data folder and does not work on PostgreSQL (${from} is set). ` +
      'Back up the central database with pg_dump, or base backups with WAL archiving for ' +
      'point-in-time recovery; restore with pg_restore: see docs/operations.md, section 4.',
  );
}

dataDirOption(
  program
    .command('migrate')
    .description('create or migrate the database to this version (refuses a newer database)')
    .option('--production', 'when creating: a production database (no demo users or data)', false),
).action(async (opts: WhereOptions & { production: boolean }) => {
  const opened = openFromOptions(opts, { mustExist: false });
  try {
    const r = await prepareDatabase(opened.db, {
      kind: opts.production ? 'production' : 'training',
      demoUsers: !opts.production,
      scrypt: DEFAULT_SCRYPT,
      at: systemClock.now(),
    });
    console.log(
      `${opened.label}: ${r.kind} database at schema ${r.schemaVersion}${r.created ? ' (created)' : ''}`,
    );
  } catch (e) {
    fail(messageOf(e));
  } finally {
    await opened.close();
  }
});

dataDirOption(
  program
    .command('create-user')
    .description('create a staff user (password read from CIC_NEW_PASSWORD or --password)')
    .requiredOption('--username <name>')
    .requiredOption('--name <display name>')
    .requiredOption('--role <role>', 'agent | supervisor | trainer | admin', (v) => {
      const r = roleSchema.safeParse(v);
      if (!r.success) throw new InvalidArgumentError('one of agent, supervisor, trainer, admin');
      return r.data;
    })
    .option('--password <password>', 'initial password (prefer env CIC_NEW_PASSWORD)'),
).action(
  async (
    opts: WhereOptions & {
      username: string;
      name: string;
      role: z.infer<typeof roleSchema>;
      password?: string;
    },
  ) => {
    const password = opts.password ?? process.env.CIC_NEW_PASSWORD;
    if (!password) fail('give the password in CIC_NEW_PASSWORD or --password');
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) fail(`password: ${checked.error.issues.map(zodIssueEnglish).join('; ')}`);
    const opened = openFromOptions(opts, { mustExist: false });
    const { db } = opened;
    try {
      // A fresh central database gets its schema here: the first admin needs no server start.
      const prepared = await prepareDatabase(db, {
        kind: 'production',
        demoUsers: false,
        scrypt: DEFAULT_SCRYPT,
        at: systemClock.now(),
      });
      if (await findUserByUsername(db, opts.username))
        fail(`the username "${opts.username}" is taken`);
      const hash = await hashPassword(checked.data, DEFAULT_SCRYPT);
      // The desk's time (the trainer's on a training database), like the server's records.
      const at = (await deskClockOf(db, prepared.kind)).now().toISOString();
      await db.transaction().execute(async (trx) => {
        const user = await insertUser(
          trx,
          { username: opts.username, displayName: opts.name, role: opts.role, passwordHash: hash },
          at,
        );
        await appendAudit(trx, { id: null, username: 'cli', address: 'cli' }, at, {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: user,
        });
        console.log(`created ${user.role} "${user.username}" (id ${user.id}) in ${opened.label}`);
      });
    } catch (e) {
      fail(messageOf(e));
    } finally {
      await opened.close();
    }
  },
);

// The way back in for an admin who lost their authenticator when no other admin can reset it.
dataDirOption(
  program
    .command('mfa-reset')
    .description("turn off a user's two-step sign-in (they set it up again at next sign-in)")
    .requiredOption('--username <name>')
    .requiredOption('--reason <text>', 'why (kept in the audit log)'),
).action(async (opts: WhereOptions & { username: string; reason: string }) => {
  if (opts.reason.trim().length < 3) fail('give a reason of at least 3 characters');
  const opened = openFromOptions(opts, { mustExist: true });
  const { db } = opened;
  try {
    const kind = await requireDeskDatabase(opened);
    const user = await findUserByUsername(db, opts.username);
    if (!user) fail(`no user "${opts.username}"`);
    // The desk's time (the trainer's on a training database), like the server's records.
    const at = (await deskClockOf(db, kind)).now().toISOString();
    await db.transaction().execute(async (trx) => {
      const had = await deleteUserMfa(trx, user.id);
      await revokeUserSessions(trx, user.id, at);
      await appendAudit(trx, { id: null, username: 'cli', address: 'cli' }, at, {
        action: 'user.mfa-reset',
        entityType: 'user',
        entityId: user.id,
        before: { enabled: had },
        after: { enabled: false },
        reason: opts.reason.trim(),
      });
    });
    console.log(`two-step sign-in reset for "${user.username}"; their sessions are ended`);
  } catch (e) {
    fail(messageOf(e));
  } finally {
    await opened.close();
  }
});

dataDirOption(
  program
    .command('backup')
    .description(
      'write a consistent copy of the live database with the SQLite online backup (safe while the server runs)',
    )
    .option('--to <file>', 'backup file to write')
    .option('--out <file>', 'same as --to')
    .option('--force', 'overwrite the file if it exists', false),
  'SQLite only: a PostgreSQL URL is refused (use pg_dump, docs/operations.md)',
).action(
  async (opts: WhereOptions & { to?: string; out?: string; force: boolean }, cmd: Command) => {
    refusePostgres(cmd, opts);
    const target = opts.to ?? opts.out;
    if (!target) fail('give the backup file: --to FILE');
    const out = path.resolve(target);
    if (existsSync(out) && !opts.force) fail(`${out} exists (use --force to overwrite it)`);
    try {
      const r = await backupDatabase(databasePath(path.resolve(opts.dataDir)), out);
      console.log(
        `backup written to ${r.file}: ${r.pages} pages, ${r.bytes} bytes, integrity ok, ` +
          `schema ${r.check.migrations.at(-1) ?? '?'}`,
      );
      if (r.check.audit && !r.check.audit.ok)
        console.error(
          `desk: WARNING: the audit log does not verify${r.check.audit.brokenAtId ? ` (record #${r.check.audit.brokenAtId})` : ''}; run desk audit-verify`,
        );
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  },
);

dataDirOption(
  program
    .command('restore')
    .description(
      'replace the database with a backup (checked first: integrity, schema version, audit chain); the server must be stopped',
    )
    .requiredOption('--from <file>', 'backup file to restore')
    .option('--force', 'replace an existing database (kept as a .before-restore copy)', false),
  'SQLite only: a PostgreSQL URL is refused (use pg_restore, docs/operations.md)',
).action(async (opts: WhereOptions & { from: string; force: boolean }, cmd: Command) => {
  refusePostgres(cmd, opts);
  try {
    const r = await restoreDatabase(opts.from, databasePath(path.resolve(opts.dataDir)), {
      force: opts.force,
    });
    if (r.replacedMovedTo) console.log(`the previous database was moved to ${r.replacedMovedTo}`);
    console.log(
      `restored ${r.file}: ${r.check.kind} database at schema ${r.check.migrations.at(-1) ?? '?'}, ` +
        `integrity ok, audit chain ok (${r.check.audit?.count ?? 0} records)` +
        (r.check.migrations.at(-1) === LATEST_MIGRATION
          ? ''
          : `; it is migrated to ${LATEST_MIGRATION} when the server next starts`),
    );
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
});

dataDirOption(
  program
    .command('audit-verify')
    .description('verify the hash chain of the audit log (exit code 1 when it is broken)'),
).action(async (opts: WhereOptions) => {
  const opened = openFromOptions(opts, { mustExist: true });
  try {
    await requireDeskDatabase(opened);
    const r = await auditReportOf(opened.db);
    if (r.brokenAtId !== undefined)
      console.error(
        `audit log BROKEN at record #${r.brokenAtId} (of ${r.count}): ${r.reason ?? 'hash mismatch'}`,
      );
    if (r.missingTriggers.length > 0)
      console.error(
        `audit log NOT PROTECTED: the append-only triggers ${r.missingTriggers.join(', ')} are ` +
          (opened.engine === 'postgres' ? 'missing or disabled' : 'missing'),
      );
    if (r.ok) console.log(`audit log OK: ${r.count} records, hash chain intact`);
    process.exitCode = r.ok ? 0 : 1;
  } catch (e) {
    fail(messageOf(e));
  } finally {
    await opened.close();
  }
});

registerSeedCommand(program);
registerTransferCommands(program);
// Commands added by workflow areas (seed, ...) are registered above this line.
// A data folder other users of this computer can read holds every customer's data: say so
// before anything runs (opening it through openDataDir then makes it the owner's alone).
program.hook('preAction', (_program, command) => {
  const dir = (command.opts() as { dataDir?: unknown }).dataDir;
  if (typeof dir === 'string' && worldAccessible(path.resolve(dir))) {
    console.error(
      `desk: warning: the data folder ${path.resolve(dir)} can be read by other users of this computer; ` +
        "it should be the owner's alone (chmod 700; the database and backups chmod 600).",
    );
  }
});

await program.parseAsync(process.argv);
