import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { type z } from 'zod';
import { appendAudit } from '../../db/repositories/audit.ts';
import { registerSeedCommand } from '../../db/seed/cli.ts';
import { findUserByUsername, insertUser } from '../../db/repositories/users.ts';
import { databasePath, openDataDir, prepareDatabase } from '../bootstrap.ts';
import { systemClock } from '../domain/clock.ts';
import { DEFAULT_SCRYPT, hashPassword } from '../password.ts';
import { passwordSchema, roleSchema } from '../routers/admin.ts';

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

dataDirOption(
  program
    .command('backup')
    .description('write a consistent copy of the live database (safe while the server runs)')
    .requiredOption('--out <file>', 'backup file to write'),
).action(async (opts: { dataDir: string; out: string }) => {
  const { db, sqlite } = openDataDir(path.resolve(opts.dataDir));
  try {
    const out = path.resolve(opts.out);
    let last = 0;
    await sqlite.backup(out, {
      progress: ({ totalPages, remainingPages }) => {
        const pct = Math.floor(((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100);
        if (pct >= last + 10) {
          last = pct;
          process.stdout.write(`\rbackup ${pct}%`);
        }
        return 200;
      },
    });
    console.log(`\rbackup written to ${out}`);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  } finally {
    await db.destroy();
  }
});

registerSeedCommand(program);
// Commands added by workflow areas (seed, ...) are registered above this line.
await program.parseAsync(process.argv);
