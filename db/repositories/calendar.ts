import { BusinessCalendar } from '../../server/domain/calendar.ts';
import type { DbOrTrx } from '../database.ts';

/** The centre's business calendar: Federal Reserve holidays plus the admin's closures. */
export async function loadCalendar(db: DbOrTrx): Promise<BusinessCalendar> {
  const closures = await db.selectFrom('closures').select(['date', 'name']).execute();
  return new BusinessCalendar(closures);
}
