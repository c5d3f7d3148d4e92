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
