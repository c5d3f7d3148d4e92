import { sql, type Selectable } from 'kysely';
import {
  addressKey,
  normalizeAddress,
  type NormalizedAddress,
} from '../../server/domain/address-normalize.ts';
import type { RedFlag } from '../../server/domain/address-red-flags.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import { DomainError } from '../../server/domain/errors.ts';
import type { LockoutState } from '../../server/domain/lockout.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import type {
  AddressChangeLettersTable,
  AddressChangeStatus,
  AddressChangesTable,
  IntakeChannel,
  VerificationMethodColumn,
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

export interface LetterRecord {
  id: number;
  changeId: number;
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  mailingAddress: string;
  sentAt: string;
  sentBy: number | null;
  hasPdf: boolean;
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

function toLetter(
  row: Omit<Selectable<AddressChangeLettersTable>, 'pdf'> & { has_pdf: number },
): LetterRecord {
  return {
    id: row.id,
    changeId: row.change_id,
    recipient: row.recipient,
    language: row.language,
    mailingAddress: row.mailing_address,
    sentAt: row.sent_at,
    sentBy: row.sent_by,
    hasPdf: row.has_pdf === 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Identity verification

export async function verificationLock(db: DbOrTrx, customerId: number): Promise<LockoutState> {
  const row = await db
    .selectFrom('identity_verification_locks')
    .select(['failed_attempts', 'locked_until'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { failedAttempts: row?.failed_attempts ?? 0, lockedUntil: row?.locked_until ?? null };
}

export async function saveVerificationLock(
  db: DbOrTrx,
  customerId: number,
  state: LockoutState,
  at: string,
): Promise<void> {
  await db
    .insertInto('identity_verification_locks')
    .values({
      customer_id: customerId,
      failed_attempts: state.failedAttempts,
      locked_until: state.lockedUntil,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet({
        failed_attempts: state.failedAttempts,
        locked_until: state.lockedUntil,
        updated_at: at,
      }),
    )
    .execute();
}

export interface VerificationRecord {
  id: number;
  customerId: number;
  method: VerificationMethodColumn;
  result: 'passed' | 'failed' | 'locked';
  channel: IntakeChannel;
  failedBefore: number;
  attemptedAt: string;
  attemptedBy: number | null;
}

export async function recordVerification(
  db: DbOrTrx,
  input: Omit<VerificationRecord, 'id'>,
): Promise<VerificationRecord> {
  const row = await db
    .insertInto('identity_verifications')
    .values({
      customer_id: input.customerId,
      method: input.method,
      result: input.result,
      channel: input.channel,
      failed_before: input.failedBefore,
      attempted_at: input.attemptedAt,
      attempted_by: input.attemptedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...input, id: row.id };
}

export async function findVerification(
  db: DbOrTrx,
  id: number,
): Promise<VerificationRecord | null> {
  const row = await db
    .selectFrom('identity_verifications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        customerId: row.customer_id,
        method: row.method,
        result: row.result,
        channel: row.channel,
        failedBefore: row.failed_before,
        attemptedAt: row.attempted_at,
        attemptedBy: row.attempted_by,
      }
    : null;
}

/** Failed (or refused-while-locked) attempts for a customer at or after `sinceIso`. */
export async function failedVerificationsSince(
  db: DbOrTrx,
  customerId: number,
  sinceIso: string,
): Promise<number> {
  const row = await db
    .selectFrom('identity_verifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('result', 'in', ['failed', 'locked'])
    .where('attempted_at', '>=', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The latest pass at or before `sinceIso` (the look-back for failures starts after it). */
export async function lastPassBefore(
  db: DbOrTrx,
  customerId: number,
  beforeIso: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('identity_verifications')
    .select('attempted_at')
    .where('customer_id', '=', customerId)
    .where('result', '=', 'passed')
    .where('attempted_at', '<', beforeIso)
    .orderBy('attempted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.attempted_at ?? null;
}

export async function recentVerifications(
  db: DbOrTrx,
  customerId: number,
  limit = 10,
): Promise<VerificationRecord[]> {
  const rows = await db
    .selectFrom('identity_verifications')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('attempted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    method: row.method,
    result: row.result,
    channel: row.channel,
    failedBefore: row.failed_before,
    attemptedAt: row.attempted_at,
    attemptedBy: row.attempted_by,
  }));
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
      address_key: addressKey(input.address),
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

export async function requireAddressChange(db: DbOrTrx, id: number): Promise<AddressChange> {
  const change = await findAddressChange(db, id);
  if (!change) throw new DomainError('NOT_FOUND', 'No such address change.');
  return change;
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
): Promise<void> {
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
  if (Number(r.numUpdatedRows) !== 1) {
    throw new DomainError(
      'CONFLICT',
      'This address change was already decided by someone else. Reload it.',
    );
  }
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
 * Other customers whose address in effect on `today` (or starting later) is `address`, by the
 * normalised comparison key; also other customers' changes still waiting for approval.
 */
export async function otherCustomersAt(
  db: DbOrTrx,
  customerId: number,
  address: NormalizedAddress,
  today: IsoDate,
): Promise<Array<{ customerId: number; displayName: string }>> {
  const key = addressKey(address);
  const zip5 = address.postalCode.slice(0, 5);
  const candidates = await db
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
  const ids = new Set<number>();
  for (const c of candidates) {
    const n = normalizeAddress({ ...c, postalCode: c.postal_code, country: c.country });
    if (n.ok && addressKey(n.address) === key) ids.add(c.customer_id);
  }
  const pending = await db
    .selectFrom('address_changes')
    .select('customer_id')
    .where('address_key', '=', key)
    .where('customer_id', '!=', customerId)
    .where('status', '=', 'pending_approval')
    .execute();
  for (const p of pending) ids.add(p.customer_id);
  if (ids.size === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'first_name', 'last_name', 'business_name'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .limit(10)
    .execute();
  return rows.map((r) => ({
    customerId: r.id,
    displayName: r.business_name ?? `${r.first_name} ${r.last_name}`,
  }));
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
// Letters

export async function insertLetter(
  db: DbOrTrx,
  input: {
    changeId: number;
    recipient: 'old' | 'new';
    language: 'en' | 'fr';
    mailingAddress: string;
    pdf: Buffer | null;
    sentAt: string;
    sentBy: number | null;
  },
): Promise<LetterRecord> {
  const row = await db
    .insertInto('address_change_letters')
    .values({
      change_id: input.changeId,
      recipient: input.recipient,
      language: input.language,
      mailing_address: input.mailingAddress,
      pdf: input.pdf,
      sent_at: input.sentAt,
      sent_by: input.sentBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    changeId: input.changeId,
    recipient: input.recipient,
    language: input.language,
    mailingAddress: input.mailingAddress,
    sentAt: input.sentAt,
    sentBy: input.sentBy,
    hasPdf: input.pdf !== null,
  };
}

export async function lettersOfChange(db: DbOrTrx, changeId: number): Promise<LetterRecord[]> {
  const rows = await db
    .selectFrom('address_change_letters')
    .select([
      'id',
      'change_id',
      'recipient',
      'language',
      'mailing_address',
      'sent_at',
      'sent_by',
      sql<number>`pdf is not null`.as('has_pdf'),
    ])
    .where('change_id', '=', changeId)
    .orderBy('id')
    .execute();
  return rows.map(toLetter);
}

export async function letterPdf(
  db: DbOrTrx,
  letterId: number,
): Promise<{
  changeId: number;
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  pdf: Buffer | null;
} | null> {
  const row = await db
    .selectFrom('address_change_letters')
    .select(['change_id', 'recipient', 'language', 'pdf'])
    .where('id', '=', letterId)
    .executeTakeFirst();
  return row
    ? { changeId: row.change_id, recipient: row.recipient, language: row.language, pdf: row.pdf }
    : null;
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
