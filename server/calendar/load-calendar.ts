import { allClosures } from '../../db/repositories/calendar.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { BusinessCalendar } from '../domain/calendar.ts';

/** One calendar per cached closures list: a BusinessCalendar is immutable, so requests share it. */
const built = new WeakMap<object, BusinessCalendar>();

/**
 * The centre's business calendar: Federal Reserve holidays plus the admin's closures. The
 * closures come from the configuration cache (db/repositories/calendar.ts); while the cache
 * serves the same list, the same calendar is returned.
 */
export async function loadCalendar(db: DbOrTrx): Promise<BusinessCalendar> {
  const closures = await allClosures(db);
  let calendar = built.get(closures);
  if (!calendar) {
    calendar = new BusinessCalendar(closures);
    built.set(closures, calendar);
  }
  return calendar;
}
