import type { DbOrTrx } from '../database.ts';

/** The customer's online access (seeds 000, 001): rows only. */

export interface PortalAccount {
  customerId: number;
  loginEmail: string;
  enrolledAt: string;
  activatedAt: string | null;
  paperless: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
  lastSignInAt: string | null;
}

export async function portalAccountOf(
  db: DbOrTrx,
  customerId: number,
): Promise<PortalAccount | null> {
  const r = await db
    .selectFrom('portal_accounts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return r
    ? {
        customerId: r.customer_id,
        loginEmail: r.login_email,
        enrolledAt: r.enrolled_at,
        activatedAt: r.activated_at,
        paperless: r.paperless === 1,
        failedSignIns: r.failed_sign_ins,
        lockedUntil: r.locked_until,
        lastSignInAt: r.last_sign_in_at,
      }
    : null;
}

export async function updatePortalAccount(
  db: DbOrTrx,
  customerId: number,
  patch: { failed_sign_ins?: number; locked_until?: string | null; login_email?: string },
  at: string,
): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({ ...patch, updated_at: at })
    .where('customer_id', '=', customerId)
    .execute();
}

export async function linkedAccountsOf(
  db: DbOrTrx,
  customerId: number,
): Promise<Array<{ accountId: number; accountNumber: string; linkedAt: string }>> {
  const rows = await db
    .selectFrom('portal_account_links as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select(['l.account_id', 'a.account_number', 'l.linked_at'])
    .where('l.customer_id', '=', customerId)
    .orderBy('a.account_number')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    accountNumber: r.account_number,
    linkedAt: r.linked_at,
  }));
}

export interface LinkCode {
  id: number;
  accountId: number | null;
  sentToMasked: string;
  sentAt: string;
  expiresAt: string;
  usedAt: string | null;
  failed: boolean;
}

export async function lastLinkCodeOf(db: DbOrTrx, customerId: number): Promise<LinkCode | null> {
  const r = await db
    .selectFrom('portal_link_codes')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('sent_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        accountId: r.account_id,
        sentToMasked: r.sent_to_masked,
        sentAt: r.sent_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        failed: r.failed === 1,
      }
    : null;
}

export async function insertLinkCode(
  db: DbOrTrx,
  input: {
    customerId: number;
    accountId: number | null;
    sentToMasked: string;
    codeHash: string;
    sentAt: string;
    expiresAt: string;
    sentBy: number | null;
    /** The customer entered a wrong code (the portal's record of a failed link attempt). */
    failed?: boolean;
  },
): Promise<number> {
  const r = await db
    .insertInto('portal_link_codes')
    .values({
      customer_id: input.customerId,
      account_id: input.accountId,
      sent_to_masked: input.sentToMasked,
      code_hash: input.codeHash,
      sent_at: input.sentAt,
      expires_at: input.expiresAt,
      sent_by: input.sentBy,
      ...(input.failed && { failed: 1 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The customer's e-mail on file (lower-case), and the portal login with it. */
export async function setCustomerEmail(
  db: DbOrTrx,
  customerId: number,
  email: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ email, updated_at: at })
    .where('id', '=', customerId)
    .execute();
  await db
    .updateTable('portal_accounts')
    .set({ login_email: email, updated_at: at })
    .where('customer_id', '=', customerId)
    .execute();
}

/** A portal account picked from `fraction` (0–1) of the way through them (the simulator's pick). */
export async function portalAccountNear(db: DbOrTrx, fraction: number): Promise<number | null> {
  const bounds = await db
    .selectFrom('portal_accounts')
    .select((eb) => [eb.fn.min('customer_id').as('lo'), eb.fn.max('customer_id').as('hi')])
    .executeTakeFirst();
  if (!bounds?.lo || !bounds.hi) return null;
  const lo = Number(bounds.lo);
  const start = Math.floor(lo + fraction * (Number(bounds.hi) - lo + 1));
  const row = await db
    .selectFrom('portal_accounts')
    .select('customer_id')
    .where('customer_id', '>=', start)
    .orderBy('customer_id')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.customer_id) : null;
}
