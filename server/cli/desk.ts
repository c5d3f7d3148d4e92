import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Command, InvalidArgumentError } from 'commander';
import { type z } from 'zod';
import { appendAudit } from '../../db/repositories/audit.ts';
import { registerSeedCommand } from '../../db/seed/cli.ts';
import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import { deleteUserMfa, findUserByUsername, insertUser } from '../../db/repositories/users.ts';
import { LATEST_MIGRATION } from '../../db/migrations/index.ts';
import { auditReport, backupDatabase, restoreDatabase } from '../backups.ts';
import { databasePath, openDataDir, prepareDatabase } from '../bootstrap.ts';
import { systemClock } from '../domain/clock.ts';
import { DEFAULT_SCRYPT, hashPassword } from '../password.ts';
import { passwordSchema, roleSchema } from '../routers/admin.ts';
import { registerTransferCommands } from './transfer.ts';

/**
 * The operators' CLI: `npm run desk -- <command> [options]`.
 * Every command takes --data-dir (or CIC_DATA_DIR); default ./data.
 */
const program = new Command('desk').description('CIC Desk operator commands').showHelpAfterError();

const dataDirOption = (cmd: Command) =>
  cmd.option(
    '--data-dir <dir>',
    'folder holding cic-desk.sqlite',
    process.env.CIC_DATA_DIR ?? 'data',
  );

function fail(message: string): never {
  console.error(`desk: ${message}`);
  process.exit(1);
}

dataDirOption(
  program
    .command('migrate')
    .description('create or migrate the database to this version (refuses a newer database)')
    .option('--production', 'when creating: a production database (no demo users or data)', false),
).action(async (opts: { dataDir: string; production: boolean }) => {
  const dir = path.resolve(opts.dataDir);
  const { db } = openDataDir(dir);
  try {
    const r = await prepareDatabase(db, {
      kind: opts.production ? 'production' : 'training',
      demoUsers: !opts.production,
      scrypt: DEFAULT_SCRYPT,
      at: systemClock.now(),
    });
    console.log(
      `${databasePath(dir)}: ${r.kind} database at schema ${r.schemaVersion}${r.created ? ' (created)' : ''}`,
    );
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  } finally {
    await db.destroy();
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
  async (opts: {
    dataDir: string;
    username: string;
    name: string;
    role: z.infer<typeof roleSchema>;
    password?: string;
  }) => {
    const password = opts.password ?? process.env.CIC_NEW_PASSWORD;
    if (!password) fail('give the password in CIC_NEW_PASSWORD or --password');
    const checked = passwordSchema.safeParse(password);
    if (!checked.success)
      fail(`password: ${checked.error.issues.map((i) => i.message).join('; ')}`);
    const { db } = openDataDir(path.resolve(opts.dataDir));
    try {
      await prepareDatabase(db, {
        kind: 'production',
        demoUsers: false,
        scrypt: DEFAULT_SCRYPT,
        at: systemClock.now(),
      });
      if (await findUserByUsername(db, opts.username))
        fail(`the username "${opts.username}" is taken`);
      const hash = await hashPassword(checked.data, DEFAULT_SCRYPT);
      const at = systemClock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const user = await insertUser(
          trx,
          { username: opts.username, displayName: opts.name, role: opts.role, passwordHash: hash },
          at,
        );
        await appendAudit(trx, { id: null, username: 'cli' }, at, {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: user,
        });
        console.log(`created ${user.role} "${user.username}" (id ${user.id})`);
      });
    } finally {
      await db.destroy();
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
).action(async (opts: { dataDir: string; username: string; reason: string }) => {
  const dir = path.resolve(opts.dataDir);
  if (!existsSync(databasePath(dir))) fail(`no database in ${dir}`);
  if (opts.reason.trim().length < 3) fail('give a reason of at least 3 characters');
  const { db } = openDataDir(dir);
  try {
    const user = await findUserByUsername(db, opts.username);
    if (!user) fail(`no user "${opts.username}"`);
    const at = systemClock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const had = await deleteUserMfa(trx, user.id);
      await revokeUserSessions(trx, user.id, at);
      await appendAudit(trx, { id: null, username: 'cli' }, at, {
        action: 'user.mfa-reset',
        entityType: 'user',
        entityId: user.id,
        before: { enabled: had },
        after: { enabled: false },
        reason: opts.reason.trim(),
      });
    });
    console.log(`two-step sign-in reset for "${user.username}"; their sessions are ended`);
  } finally {
    await db.destroy();
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
).action(async (opts: { dataDir: string; to?: string; out?: string; force: boolean }) => {
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
});

dataDirOption(
  program
    .command('restore')
    .description(
      'replace the database with a backup (checked first: integrity, schema version, audit chain); the server must be stopped',
    )
    .requiredOption('--from <file>', 'backup file to restore')
    .option('--force', 'replace an existing database (kept as a .before-restore copy)', false),
).action(async (opts: { dataDir: string; from: string; force: boolean }) => {
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
).action(async (opts: { dataDir: string }) => {
  const file = databasePath(path.resolve(opts.dataDir));
  if (!existsSync(file)) fail(`there is no database at ${file}`);
  const sqlite = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const r = await auditReport(sqlite);
    if (r.brokenAtId !== undefined)
      console.error(
        `audit log BROKEN at record #${r.brokenAtId} (of ${r.count}): ${r.reason ?? 'hash mismatch'}`,
      );
    if (r.missingTriggers.length > 0)
      console.error(
        `audit log NOT PROTECTED: the append-only triggers ${r.missingTriggers.join(', ')} are missing`,
      );
    if (r.ok) console.log(`audit log OK: ${r.count} records, hash chain intact`);
    process.exitCode = r.ok ? 0 : 1;
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  } finally {
    sqlite.close();
  }
});

registerSeedCommand(program);
registerTransferCommands(program);
// Commands added by workflow areas (seed, ...) are registered above this line.
await program.parseAsync(process.argv);
