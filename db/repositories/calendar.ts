import { BusinessCalendar } from '../../server/domain/calendar.ts';
import type { DbOrTrx } from '../database.ts';
import { cachedConfigRead } from './settings.ts';

/**
 * The centre's business calendar: Federal Reserve holidays plus the admin's closures. Served
 * from the short configuration cache outside transactions on PostgreSQL (see cacheConfigReads);
 * a BusinessCalendar is immutable, so one may be shared between requests.
 */
export function loadCalendar(db: DbOrTrx): Promise<BusinessCalendar> {
  return cachedConfigRead(db, 'calendar', async () => {
    const closures = await db.selectFrom('closures').select(['date', 'name']).execute();
    return new BusinessCalendar(closures);
  });
}

export interface Closure {
  id: number;
  date: string;
  name: string;
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
