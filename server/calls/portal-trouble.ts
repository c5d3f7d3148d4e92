import { randomBytes, createHash } from 'node:crypto';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { customerPhones } from '../../db/repositories/customers.ts';
import {
  insertLinkCode,
  linkedAccountsOf,
  portalAccountNear,
  portalAccountOf,
  updatePortalAccount,
} from '../../db/repositories/portal.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { maskPhone } from '../domain/masking.ts';
import { linkCodeExpiry, maskEmail, PORTAL_LOCKOUT } from '../domain/portal-access.ts';

/**
 * Training: online-access trouble for a class to practise on (issue 17, seeds 000 and 001). The
 * message simulator calls this now and then: a customer "locks themselves out" (five failed
 * sign-ins: locked for 30 minutes) or "fails to link an account" (a device code entered wrong).
 * The agent then finds it on the call screen's online-access card and helps (unlock after
 * verification, resend the code). Training databases only (the simulator runs nowhere else).
 */
export type PortalTrouble =
  | { kind: 'lockout'; customerId: number; lockedUntil: string }
  | { kind: 'link-failure'; customerId: number; accountId: number | null; linkCodeId: number };

export async function simulatePortalTrouble(
  db: DbOrTrx,
  now: Date,
  rand: () => number,
): Promise<PortalTrouble | null> {
  const customerId = await portalAccountNear(db, rand());
  if (customerId === null) return null;
  const at = now.toISOString();
  if (rand() < 0.5) {
    const lockedUntil = new Date(
      now.getTime() + PORTAL_LOCKOUT.lockoutMinutes * 60_000,
    ).toISOString();
    await updatePortalAccount(
      db,
      customerId,
      { failed_sign_ins: PORTAL_LOCKOUT.maxFailedLogins, locked_until: lockedUntil },
      at,
    );
    return { kind: 'lockout', customerId, lockedUntil };
  }
  // A link attempt with a wrong code, preferably for an account not linked yet.
  const [accounts, linked, phones, portal] = await Promise.all([
    accountsOfCustomer(db, customerId),
    linkedAccountsOf(db, customerId),
    customerPhones(db, customerId),
    portalAccountOf(db, customerId),
  ]);
  const linkedIds = new Set(linked.map((l) => l.accountId));
  const account = accounts.find((a) => !linkedIds.has(a.id)) ?? accounts[0] ?? null;
  const phone = phones[0]?.number ?? null;
  const linkCodeId = await insertLinkCode(db, {
    customerId,
    accountId: account?.id ?? null,
    sentToMasked: phone ? maskPhone(phone) : maskEmail(portal?.loginEmail ?? ''),
    codeHash: createHash('sha256').update(randomBytes(16)).digest('hex'),
    sentAt: at,
    expiresAt: linkCodeExpiry(now),
    sentBy: null,
    failed: true,
  });
  return { kind: 'link-failure', customerId, accountId: account?.id ?? null, linkCodeId };
}
