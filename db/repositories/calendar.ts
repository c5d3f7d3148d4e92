import type { DbOrTrx } from '../database.ts';
import { cachedConfigRead } from './settings.ts';

export interface Closure {
  id: number;
  date: string;
  name: string;
}

/**
 * Every closure the admin entered (date and name), served from the short configuration cache
 * outside transactions on PostgreSQL (see cacheConfigReads). The array is shared between
 * requests while cached: frozen, and the same instance until the cache drops it.
 */
export function allClosures(db: DbOrTrx): Promise<readonly { date: string; name: string }[]> {
  return cachedConfigRead(db, 'calendar', async () =>
    Object.freeze(await db.selectFrom('closures').select(['date', 'name']).execute()),
  );
}

/** The admin's closures of one year, by date. */
export function closuresOfYear(db: DbOrTrx, year: number): Promise<Closure[]> {
  return db
    .selectFrom('closures')
    .select(['id', 'date', 'name'])
    .where('date', 'like', `${year}-%`)
    .orderBy('date')
    .execute();
}

export async function findClosure(db: DbOrTrx, id: number) {
  return (
    (await db.selectFrom('closures').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}

export function insertClosure(
  db: DbOrTrx,
  closure: { date: string; name: string; createdBy: number },
  at: string,
): Promise<Closure> {
  return db
    .insertInto('closures')
    .values({
      date: closure.date,
      name: closure.name,
      created_at: at,
      created_by: closure.createdBy,
    })
    .returning(['id', 'date', 'name'])
    .executeTakeFirstOrThrow();
}

export async function deleteClosure(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('closures').where('id', '=', id).execute();
}
