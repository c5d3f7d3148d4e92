import { createHash, randomInt } from 'node:crypto';
import { customerPhones } from '../../db/repositories/customers.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { enqueueEmail } from '../../db/repositories/messages-outbox.ts';
import {
  insertLinkCode,
  lastLinkCodeOf,
  linkedAccountsOf,
  portalAccountOf,
  setCustomerEmail,
  updatePortalAccount,
} from '../../db/repositories/portal.ts';
import { readSetting } from '../core/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertVerifiedFor } from '../domain/call-rules.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { maskPhone } from '../domain/masking.ts';
import {
  emailChangeNotices,
  linkCodeExpiry,
  maskEmail,
  portalLock,
  PORTAL_LOCKOUT,
} from '../domain/portal-access.ts';
import {
  auditViewOfCall,
  callCustomerId,
  factsOf,
  requireCall,
  requireCallWithActions,
  recordCallAction,
} from './shared.ts';

/** Online-access help (seeds 000, 001): the portal status and the agent actions for it. */

export async function portalStatus(db: DbOrTrx, now: Date, customerId: number) {
  const customer = await requireCustomer(db, customerId);
  const portal = await portalAccountOf(db, customerId);
  if (!portal) return { customerId, enrolled: false as const, emailOnFile: customer.email };
  const lock = portalLock(portal, now);
  const code = await lastLinkCodeOf(db, customerId);
  return {
    customerId,
    enrolled: true as const,
    emailOnFile: customer.email,
    loginEmail: portal.loginEmail,
    activated: portal.activatedAt !== null,
    paperless: portal.paperless,
    locked: lock.locked,
    lockedUntil: lock.lockedUntil,
    failedSignIns: lock.locked || portal.lockedUntil === null ? portal.failedSignIns : 0,
    maxFailedSignIns: PORTAL_LOCKOUT.maxFailedLogins,
    lastSignInAt: portal.lastSignInAt,
    linkedAccounts: await linkedAccountsOf(db, customerId),
    lastLinkCode: code && {
      sentAt: code.sentAt,
      sentToMasked: code.sentToMasked,
      expiresAt: code.expiresAt,
      used: code.usedAt !== null,
      failed: code.failed,
    },
  };
}

/** The call, for an action on the caller's own portal access: open, theirs, verified. */
async function guardPortalAction(
  ctx: MutationContext,
  callId: number,
  action: 'portal-unlock' | 'portal-link-code' | 'portal-email',
) {
  const call = await requireCall(ctx.db, callId);
  assertCallOpenFor(factsOf(call), ctx.user.id);
  const customerId = callCustomerId(call);
  assertVerifiedFor(factsOf(call), [customerId], action);
  return customerId;
}

/** Unlocks the caller's portal sign-in after verification (the 30-minute lock of seed 001). */
export async function unlockPortal(ctx: MutationContext, input: { callId: number }) {
  const at = ctx.now.toISOString();
  await recordChange(ctx, {
    action: 'call.portal-unlock',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async () => {
      const customerId = await guardPortalAction(ctx, input.callId, 'portal-unlock');
      const portal = await portalAccountOf(ctx.db, customerId);
      if (!portal) throw new DomainError('PRECONDITION', msg('calls.noOnlineAccess'));
      if (!portalLock(portal, ctx.now).locked)
        throw new DomainError('CONFLICT', msg('calls.accessNotLocked'));
    },
    apply: async (call) => {
      const customerId = callCustomerId(call);
      await updatePortalAccount(ctx.db, customerId, { failed_sign_ins: 0, locked_until: null }, at);
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'portal_unlocked',
        targetType: 'customer',
        targetId: customerId,
        summary: msg('calls.action.accessUnlocked'),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
  });
  return { unlocked: true };
}

/**
 * Sends a new account-link code (seed 000: a 6-digit code to the customer's mobile). The code
 * is stored hashed; the portal's SMS sender delivers it, the desk never shows it.
 */
export async function resendLinkCode(
  ctx: MutationContext,
  input: { callId: number; accountId: number | null },
) {
  const at = ctx.now.toISOString();
  const out: { sentToMasked?: string; expiresAt?: string } = {};
  await recordChange(ctx, {
    action: 'call.portal-link-code',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async () => {
      const customerId = await guardPortalAction(ctx, input.callId, 'portal-link-code');
      if (!(await portalAccountOf(ctx.db, customerId)))
        throw new DomainError('PRECONDITION', msg('calls.noOnlineAccessToLink'));
      const phones = await customerPhones(ctx.db, customerId);
      if (!phones.some((p) => p.kind === 'mobile'))
        throw new DomainError('PRECONDITION', msg('calls.noMobile'));
    },
    apply: async (call) => {
      const customerId = callCustomerId(call);
      const phones = await customerPhones(ctx.db, customerId);
      const mobile =
        phones.find((p) => p.kind === 'mobile' && p.isPrimary) ??
        phones.find((p) => p.kind === 'mobile')!;
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      out.sentToMasked = maskPhone(mobile.number);
      out.expiresAt = linkCodeExpiry(ctx.now);
      const id = await insertLinkCode(ctx.db, {
        customerId,
        accountId: input.accountId,
        sentToMasked: out.sentToMasked,
        codeHash: createHash('sha256').update(`${customerId}:${code}`).digest('hex'),
        sentAt: at,
        expiresAt: out.expiresAt,
        sentBy: ctx.user.id,
      });
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'link_code_resent',
        targetType: 'portal-link-code',
        targetId: id,
        summary: msg('calls.action.linkCodeSent', { to: out.sentToMasked ?? '' }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
  });
  return { sentToMasked: out.sentToMasked!, expiresAt: out.expiresAt! };
}

/** Changes the e-mail on file (and the portal login) with a notice to the old and the new address. */
export async function updateEmail(ctx: MutationContext, input: { callId: number; email: string }) {
  const at = ctx.now.toISOString();
  const email = input.email.trim().toLowerCase();
  const out: { noticeIds: number[]; customerId?: number; from?: string | null } = {
    noticeIds: [],
  };
  await recordChange(ctx, {
    action: 'call.update-email',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async () => {
      const customerId = await guardPortalAction(ctx, input.callId, 'portal-email');
      const customer = await requireCustomer(ctx.db, customerId);
      if (customer.email === email)
        throw new DomainError('CONFLICT', msg('calls.sameEmail'), {
          fields: { email: msg('calls.fieldSameAsOnFile') },
        });
    },
    apply: async (call) => {
      const customer = await requireCustomer(ctx.db, callCustomerId(call));
      const { lenderName } = await readSetting(ctx.db, 'identity');
      const notices = emailChangeNotices({
        language: customer.language,
        firstName: customer.firstName,
        lenderName,
        newEmail: email,
      });
      await setCustomerEmail(ctx.db, customer.id, email, at);
      out.customerId = customer.id;
      out.from = customer.email;
      const hold = ctx.deps.databaseKind === 'training';
      const targets = [
        ...(customer.email ? [{ to: customer.email, n: notices.toOld }] : []),
        { to: email, n: notices.toNew },
      ];
      for (const target of targets) {
        out.noticeIds.push(
          await enqueueEmail(ctx.db, {
            threadId: null,
            to: target.to,
            language: customer.language,
            subject: target.n.subject,
            bodyText: target.n.text,
            hold,
            at,
          }),
        );
      }
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'email_updated',
        targetType: 'customer',
        targetId: customer.id,
        summary: msg('calls.action.emailChanged', { email: maskEmail(email) }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
    // Where the customer's notices go changed: the audit keeps the old and the new address.
    auditAfter: (row) => ({
      ...auditViewOfCall(row),
      emailChange: { customerId: out.customerId, from: out.from, to: email },
    }),
  });
  return { email, notices: out.noticeIds.length };
}
