import { sql, type Selectable } from 'kysely';
import type { NormalizedAddress } from '../../server/domain/address-normalize.ts';
import type { RedFlag } from '../../server/domain/address-red-flags.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import type {
  AddressChangeStatus,
  AddressChangesTable,
  Country,
  IntakeChannel,
} from '../schema/index.ts';

/** An address change as the desk sees it. */
export interface AddressChange {
  id: number;
  customerId: number;
  channel: IntakeChannel;
  requesterCustomerId: number;
  requesterRole: 'holder' | 'co_holder';
  verificationId: number | null;
  oldAddressId: number | null;
  address: NormalizedAddress;
  effectiveFrom: IsoDate;
  reason: string;
  status: AddressChangeStatus;
  redFlags: RedFlag[];
  newAddressId: number | null;
  restoredAddressId: number | null;
  fromThreadId: number | null;
  requestedOn: IsoDate;
  createdAt: string;
  createdBy: number | null;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionReason: string | null;
  accountIds: number[];
}

function toChange(row: Selectable<AddressChangesTable>, accountIds: number[]): AddressChange {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel,
    requesterCustomerId: row.requester_customer_id,
    requesterRole: row.requester_role,
    verificationId: row.verification_id,
    oldAddressId: row.old_address_id,
    address: {
      country: row.country,
      line1: row.line1,
      line2: row.line2,
      city: row.city,
      region: row.region as NormalizedAddress['region'],
      postalCode: row.postal_code,
    },
    effectiveFrom: row.effective_from,
    reason: row.reason,
    status: row.status,
    redFlags: JSON.parse(row.red_flags) as RedFlag[],
    newAddressId: row.new_address_id,
    restoredAddressId: row.restored_address_id,
    fromThreadId: row.from_thread_id,
    requestedOn: row.requested_on,
    createdAt: row.created_at,
    createdBy: row.created_by,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    accountIds,
  };
}

// ---------------------------------------------------------------------------------------------
// Changes

export interface NewAddressChange {
  customerId: number;
  channel: IntakeChannel;
  requesterCustomerId: number;
  requesterRole: 'holder' | 'co_holder';
  verificationId: number | null;
  oldAddressId: number | null;
  address: NormalizedAddress;
  /** The normalised comparison key of `address` (server/domain/address-normalize.ts addressKey). */
  addressKey: string;
  effectiveFrom: IsoDate;
  reason: string;
  status: AddressChangeStatus;
  redFlags: RedFlag[];
  fromThreadId: number | null;
  requestedOn: IsoDate;
  createdBy: number | null;
  accountIds: readonly number[];
}

export async function insertAddressChange(
  db: DbOrTrx,
  input: NewAddressChange,
  at: string,
): Promise<AddressChange> {
  const row = await db
    .insertInto('address_changes')
    .values({
      customer_id: input.customerId,
      channel: input.channel,
      requester_customer_id: input.requesterCustomerId,
      requester_role: input.requesterRole,
      verification_id: input.verificationId,
      old_address_id: input.oldAddressId,
      line1: input.address.line1,
      line2: input.address.line2,
      city: input.address.city,
      region: input.address.region,
      postal_code: input.address.postalCode,
      country: input.address.country,
      address_key: input.addressKey,
      effective_from: input.effectiveFrom,
      reason: input.reason,
      status: input.status,
      red_flags: JSON.stringify(input.redFlags),
      new_address_id: null,
      restored_address_id: null,
      from_thread_id: input.fromThreadId,
      requested_on: input.requestedOn,
      created_at: at,
      created_by: input.createdBy,
      decided_at: null,
      decided_by: null,
      decision_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.accountIds.length > 0) {
    await db
      .insertInto('address_change_accounts')
      .values(input.accountIds.map((accountId) => ({ change_id: row.id, account_id: accountId })))
      .execute();
  }
  return toChange(row, [...input.accountIds]);
}

async function accountIdsOf(db: DbOrTrx, changeIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (changeIds.length === 0) return map;
  const rows = await db
    .selectFrom('address_change_accounts')
    .select(['change_id', 'account_id'])
    .where('change_id', 'in', changeIds)
    .orderBy('account_id')
    .execute();
  for (const r of rows) map.set(r.change_id, [...(map.get(r.change_id) ?? []), r.account_id]);
  return map;
}

export async function findAddressChange(db: DbOrTrx, id: number): Promise<AddressChange | null> {
  const row = await db
    .selectFrom('address_changes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return toChange(row, (await accountIdsOf(db, [id])).get(id) ?? []);
}

/** A customer's changes, newest first. */
export async function changesOfCustomer(
  db: DbOrTrx,
  customerId: number,
  limit = 50,
): Promise<AddressChange[]> {
  const rows = await db
    .selectFrom('address_changes')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const ids = await accountIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toChange(r, ids.get(r.id) ?? []));
}

/** Changes waiting for a supervisor (new, flagged ones and applied ones sent back to review), oldest first. */
export async function approvalQueue(db: DbOrTrx, limit = 200): Promise<AddressChange[]> {
  const rows = await db
    .selectFrom('address_changes')
    .selectAll()
    .where('status', 'in', ['pending_approval', 'in_review'])
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const ids = await accountIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toChange(r, ids.get(r.id) ?? []));
}

export async function updateAddressChange(
  db: DbOrTrx,
  id: number,
  fromStatuses: readonly AddressChangeStatus[],
  set: Partial<{
    status: AddressChangeStatus;
    newAddressId: number;
    restoredAddressId: number;
    redFlags: RedFlag[];
    decidedAt: string;
    decidedBy: number;
    decisionReason: string;
  }>,
): Promise<boolean> {
  const r = await db
    .updateTable('address_changes')
    .set({
      ...(set.status !== undefined && { status: set.status }),
      ...(set.newAddressId !== undefined && { new_address_id: set.newAddressId }),
      ...(set.restoredAddressId !== undefined && { restored_address_id: set.restoredAddressId }),
      ...(set.redFlags !== undefined && { red_flags: JSON.stringify(set.redFlags) }),
      ...(set.decidedAt !== undefined && { decided_at: set.decidedAt }),
      ...(set.decidedBy !== undefined && { decided_by: set.decidedBy }),
      ...(set.decisionReason !== undefined && { decision_reason: set.decisionReason }),
    })
    .where('id', '=', id)
    .where('status', 'in', [...fromStatuses])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Earlier, not rejected changes of a customer (for the "second change" rule). */
export async function priorChanges(
  db: DbOrTrx,
  customerId: number,
  sinceDate: IsoDate,
): Promise<Array<{ id: number; requestedOn: IsoDate; status: AddressChangeStatus }>> {
  const rows = await db
    .selectFrom('address_changes')
    .select(['id', 'requested_on', 'status'])
    .where('customer_id', '=', customerId)
    .where('requested_on', '>=', sinceDate)
    .where('status', 'not in', ['rejected', 'reverted'])
    .orderBy('requested_on', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, requestedOn: r.requested_on, status: r.status }));
}

export async function verificationUsed(db: DbOrTrx, verificationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('address_changes')
    .select('id')
    .where('verification_id', '=', verificationId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Other customers' addresses in effect on `today` (or starting later) in the same ZIP (US: its
 * first five digits) or postal code: the candidates the shared-address red flag compares.
 */
export async function addressesNear(
  db: DbOrTrx,
  customerId: number,
  address: { country: Country; postalCode: string },
  today: IsoDate,
) {
  const zip5 = address.postalCode.slice(0, 5);
  return db
    .selectFrom('customer_addresses')
    .select(['customer_id', 'line1', 'line2', 'city', 'region', 'postal_code', 'country'])
    .where('customer_id', '!=', customerId)
    .where((eb) =>
      address.country === 'US'
        ? eb.and([eb('postal_code', '>=', zip5), eb('postal_code', '<', `${zip5}.`)])
        : eb('postal_code', '=', address.postalCode),
    )
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', today)]))
    .limit(500)
    .execute();
}

/** Other customers with a change to the address of this comparison key waiting for approval. */
export async function customersWaitingFor(
  db: DbOrTrx,
  addressKey: string,
  customerId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('address_changes')
    .select('customer_id')
    .where('address_key', '=', addressKey)
    .where('customer_id', '!=', customerId)
    .where('status', '=', 'pending_approval')
    .execute();
  return rows.map((r) => r.customer_id);
}

// ---------------------------------------------------------------------------------------------
// Payoff and title requests

export interface CustomerRequest {
  id: number;
  customerId: number;
  accountId: number | null;
  kind: 'payoff' | 'title';
  channel: IntakeChannel;
  note: string | null;
  requestedOn: IsoDate;
  createdAt: string;
  createdBy: number | null;
}

export async function insertCustomerRequest(
  db: DbOrTrx,
  input: Omit<CustomerRequest, 'id'>,
): Promise<CustomerRequest> {
  const row = await db
    .insertInto('customer_requests')
    .values({
      customer_id: input.customerId,
      account_id: input.accountId,
      kind: input.kind,
      channel: input.channel,
      note: input.note,
      requested_on: input.requestedOn,
      created_at: input.createdAt,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...input, id: row.id };
}

export async function customerRequests(
  db: DbOrTrx,
  customerId: number,
  sinceDate?: IsoDate,
): Promise<CustomerRequest[]> {
  let q = db.selectFrom('customer_requests').selectAll().where('customer_id', '=', customerId);
  if (sinceDate) q = q.where('requested_on', '>=', sinceDate);
  const rows = await q.orderBy('requested_on', 'desc').orderBy('id', 'desc').limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    accountId: r.account_id,
    kind: r.kind,
    channel: r.channel,
    note: r.note,
    requestedOn: r.requested_on,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

// ---------------------------------------------------------------------------------------------
// Open cases elsewhere (tables of other areas, which may not exist in this build)

async function tableColumns(db: DbOrTrx, table: string): Promise<Set<string> | null> {
  if (isPostgres(db)) {
    const cols = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    return cols.rows.length ? new Set(cols.rows.map((c) => c.name)) : null;
  }
  const exists = await sql<{
    n: number;
  }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  if (!exists.rows[0]?.n) return null;
  const cols = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(
    db,
  );
  return new Set(cols.rows.map((c) => c.name));
}

const CLOSED_STATES = [
  'closed',
  'resolved',
  'withdrawn',
  'denied',
  'rejected',
  'completed',
  'cancelled',
  'canceled',
];

/**
 * Open rows of another area's table that belong to the customer or their accounts, as
 * `{ id, label }`; [] when the table (or a usable column) does not exist.
 */
export async function openCasesIn(
  db: DbOrTrx,
  table: 'dispute_cases' | 'message_threads',
  customerId: number,
  accountIds: readonly number[],
): Promise<Array<{ id: number; label: string }>> {
  const cols = await tableColumns(db, table);
  if (!cols || !cols.has('id')) return [];
  const owner: string[] = [];
  if (cols.has('customer_id')) owner.push(`customer_id = ${Number(customerId)}`);
  if (cols.has('account_id') && accountIds.length > 0)
    owner.push(`account_id in (${accountIds.map(Number).join(',')})`);
  if (owner.length === 0) return [];
  let open = '1 = 1';
  if (cols.has('is_active')) open = 'is_active = 1';
  else if (cols.has('closed_at')) open = 'closed_at is null';
  else if (cols.has('state') || cols.has('status')) {
    open = `${cols.has('state') ? 'state' : 'status'} not in (${CLOSED_STATES.map((s) => `'${s}'`).join(',')})`;
  }
  const labelCol = ['preview', 'subject', 'reference', 'topic', 'kind', 'description'].find((c) =>
    cols.has(c),
  );
  const label = labelCol ? `coalesce(${labelCol}, '')` : "''";
  try {
    const rows = await sql<{ id: number; label: string }>`${sql.raw(
      `select id, ${label} as label from ${table} where (${owner.join(' or ')}) and ${open} order by id desc limit 20`,
    )}`.execute(db);
    return rows.rows.map((r) => ({ id: r.id, label: String(r.label).slice(0, 80) }));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Reads the address-change screens need from neighbouring tables

/** One row of a customer's address history by id (the old address of a change). */
export async function addressRowById(db: DbOrTrx, addressId: number | null) {
  if (addressId === null) return undefined;
  return db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('id', '=', addressId)
    .executeTakeFirst();
}

/** Address-history rows by id (the old addresses of a queue of changes). */
export async function addressRowsByIds(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Display names of customers by id (people, businesses). */
export async function customerNames(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Array<{ id: number; displayName: string }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'first_name', 'last_name', 'business_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((p) => ({
    id: p.id,
    displayName: p.business_name ?? `${p.first_name} ${p.last_name}`,
  }));
}
