import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type DbOrTrx } from './database.ts';

/**
 * `column IN (values)` as ONE bound parameter however many values there are (a batch can hold
 * thousands: SQLite caps bound variables): a JSON array read by json_each on SQLite, a typed
 * array with `= any(...)` on PostgreSQL.
 *
 * @example
 * db.selectFrom('accounts').selectAll().where(inList(db, 'id', [1, 2, 3]))
 */
export function inList(
  db: DbOrTrx,
  column: string,
  values: readonly number[] | readonly string[],
): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (isPostgres(db)) {
    const numeric = values.length > 0 && typeof values[0] === 'number';
    return numeric
      ? sql<SqlBool>`${ref} = any(cast(${values} as bigint[]))`
      : sql<SqlBool>`${ref} = any(cast(${values} as text[]))`;
  }
  return sql<SqlBool>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}
