import type { Role } from '../../db/schema/index.ts';

/**
 * THE declared access table: every tRPC procedure × who may call it. The server enforces it
 * with the base procedures of server/trpc/base.ts (and, where noted, a check inside the procedure);
 * tests/integration/access-matrix.test.ts reads the procedure list from the router, fails on
 * any procedure missing here, and calls every procedure as every role to prove the table.
 *
 * A new procedure MUST be added here, with the roles its base procedure allows.
 */

export const ACCESS_ROLES = ['anonymous', 'agent', 'supervisor', 'trainer', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export interface AccessRule {
  /** Roles the call succeeds for (as far as roles go: other rules may still refuse it). */
  roles: readonly AccessRole[];
  /**
   * 'middleware': refused by the base procedure before the input is even read.
   * 'procedure': the procedure checks the role itself (and may audit the refusal).
   */
  enforcedBy?: 'middleware' | 'procedure';
  /** Refused on a production database whatever the role (trainer's clock, reset, simulator). */
  trainingOnly?: boolean;
  /**
   * Also callable with the half-way token of a sign-in whose password was right and whose
   * second step (TOTP code, or a forced enrolment) is still to come; without one, refused.
   */
  halfSignedIn?: boolean;
}

const anyone: readonly AccessRole[] = ['anonymous', 'agent', 'supervisor', 'trainer', 'admin'];
const staff: readonly AccessRole[] = ['agent', 'supervisor', 'trainer', 'admin'];
const supervisor: readonly AccessRole[] = ['supervisor', 'admin'];
const trainer: readonly AccessRole[] = ['trainer', 'admin'];
const admin: readonly AccessRole[] = ['admin'];

const PUBLIC: AccessRule = { roles: anyone };
const STAFF: AccessRule = { roles: staff };
const SUPERVISOR: AccessRule = { roles: supervisor };
const TRAINER: AccessRule = { roles: trainer };
const TRAINING_ONLY: AccessRule = { roles: trainer, trainingOnly: true };
const ADMIN: AccessRule = { roles: admin };

export const ACCESS_MATRIX: Readonly<Record<string, AccessRule>> = {
  'auth.login': PUBLIC,
  'auth.logout': STAFF,
  'auth.me': PUBLIC,
  'auth.setLanguage': STAFF,
  'auth.changePassword': STAFF,
  'auth.mfa.status': STAFF,
  /** The code step of a sign-in: only its half-way token, never a session. */
  'auth.mfa.verify': { roles: [], enforcedBy: 'procedure', halfSignedIn: true },
  'auth.mfa.cancel': PUBLIC,
  'auth.mfa.beginEnrolment': { roles: staff, enforcedBy: 'procedure', halfSignedIn: true },
  'auth.mfa.confirmEnrolment': { roles: staff, enforcedBy: 'procedure', halfSignedIn: true },
  /** Turning one's own two-step sign-in off; refused where it is required (production). */
  'auth.mfa.disable': STAFF,
  /** New one-time recovery codes for oneself (needs a current code from the app). */
  'auth.mfa.regenerateRecoveryCodes': STAFF,
  'auth.mfa.adminReset': ADMIN,

  'admin.users.list': ADMIN,
  'admin.users.create': ADMIN,
  'admin.users.resetPassword': ADMIN,
  'admin.users.unlock': ADMIN,
  'admin.users.setActive': ADMIN,
  'admin.settings.get': STAFF,
  'admin.settings.update': ADMIN,
  'admin.audit.list': SUPERVISOR,
  'admin.audit.verify': SUPERVISOR,

  'calendar.year': STAFF,
  'calendar.today': STAFF,
  'calendar.addBusinessDays': STAFF,
  'calendar.addClosure': ADMIN,
  'calendar.removeClosure': ADMIN,

  'system.info': PUBLIC,
  'system.changes': STAFF,

  'customers.search': STAFF,
  'customers.get360': STAFF,
  'customers.ledger': STAFF,
  /** Full phone / bank account: supervisors only; an agent's attempt is refused AND audited. */
  'customers.reveal': { roles: supervisor, enforcedBy: 'procedure' },

  'training.status': STAFF,
  'training.scenarios': TRAINER,
  'training.setClock': TRAINING_ONLY,
  'training.advance': TRAINING_ONLY,
  'training.setRunning': TRAINING_ONLY,
  'training.reset': TRAINING_ONLY,

  'mailPayments.config': STAFF,
  'mailPayments.batches.list': STAFF,
  'mailPayments.batches.get': STAFF,
  'mailPayments.batches.proof': STAFF,
  'mailPayments.batches.open': STAFF,
  'mailPayments.batches.approve': SUPERVISOR,
  'mailPayments.batches.post': STAFF,
  'mailPayments.items.add': STAFF,
  'mailPayments.items.importItems': STAFF,
  'mailPayments.items.correct': STAFF,
  'mailPayments.items.remove': STAFF,
  'mailPayments.items.override': STAFF,
  'mailPayments.items.returnToSender': STAFF,
  'mailPayments.items.returnNsf': STAFF,
  'mailPayments.items.get': STAFF,
  'mailPayments.items.letterPdf': STAFF,
  'mailPayments.items.findPosted': STAFF,
  'mailPayments.exceptions.list': STAFF,
  'mailPayments.exceptions.research': STAFF,
  'mailPayments.approvals.list': SUPERVISOR,
  'mailPayments.reports.daily': STAFF,
  'mailPayments.reports.aging': STAFF,
  'mailPayments.reports.lockboxTotals': STAFF,
  'mailPayments.reports.csv': STAFF,

  'addressChanges.context': STAFF,
  'addressChanges.verify': STAFF,
  'addressChanges.normalize': STAFF,
  'addressChanges.preview': STAFF,
  'addressChanges.submit': STAFF,
  'addressChanges.get': STAFF,
  'addressChanges.queue': SUPERVISOR,
  'addressChanges.approve': SUPERVISOR,
  'addressChanges.reject': SUPERVISOR,
  'addressChanges.recordRequest': STAFF,
  'addressChanges.letterPdf': STAFF,

  'messages.topics': STAFF,
  'messages.list': STAFF,
  'messages.counts': STAFF,
  'messages.thread': STAFF,
  'messages.cannedReplies': STAFF,
  'messages.claim': STAFF,
  'messages.release': STAFF,
  'messages.next': STAFF,
  'messages.assign': SUPERVISOR,
  'messages.bulkClose': SUPERVISOR,
  'messages.reply': STAFF,
  'messages.setState': STAFF,
  'messages.sweep': SUPERVISOR,
  'messages.sweepPreview': SUPERVISOR,
  'messages.agents': STAFF,
  'messages.stats': SUPERVISOR,
  'messages.outbox': STAFF,
  'messages.presence': STAFF,
  'messages.simulator.status': TRAINER,
  'messages.simulator.start': TRAINING_ONLY,
  'messages.simulator.stop': TRAINING_ONLY,

  'disputes.policies': SUPERVISOR,
  'disputes.currentPolicy': STAFF,
  'disputes.intakePreview': STAFF,
  'disputes.handOff': STAFF,
  'disputes.create': STAFF,
  'disputes.list': STAFF,
  'disputes.get': STAFF,
  'disputes.assign': STAFF,
  'disputes.recordWrittenConfirmation': STAFF,
  'disputes.correctNotice': STAFF,
  'disputes.setCustomerReason': STAFF,
  'disputes.withdraw': STAFF,
  'disputes.addNote': STAFF,
  'disputes.addDocument': STAFF,
  'disputes.document': STAFF,
  'disputes.completeTask': STAFF,
  'disputes.postProvisionalCredit': STAFF,
  'disputes.recordDetermination': STAFF,
  'disputes.previewLetter': STAFF,
  'disputes.sendLetter': STAFF,
  'disputes.letterPdf': STAFF,
  'disputes.postCorrection': STAFF,
  'disputes.postReversal': STAFF,
  'disputes.close': STAFF,
  'disputes.resultsLetterKind': STAFF,
  'disputes.policyDiff': SUPERVISOR,
  'disputes.publishPolicy': SUPERVISOR,
  'disputes.cockpit': SUPERVISOR,
  'disputes.cockpitCases': SUPERVISOR,
  'disputes.recomputeClocks': SUPERVISOR,

  /** Calls: every staff member can take one; the gated actions also need a verified caller. */
  'calls.current': STAFF,
  'calls.get': STAFF,
  'calls.start': STAFF,
  'calls.matchCustomer': STAFF,
  'calls.verify': STAFF,
  'calls.discloseBalance': STAFF,
  'calls.cancelEasyPay': STAFF,
  'calls.payoffLetter': STAFF,
  'calls.letterPdf': STAFF,
  'calls.sendMessage': STAFF,
  'calls.reasons.list': ADMIN,
  'calls.reasons.add': ADMIN,
  'calls.reasons.update': ADMIN,
  'calls.end': STAFF,
  'calls.wrapUp': STAFF,
  'calls.timeline': STAFF,
  'calls.report': SUPERVISOR,
  'calls.reportCsv': SUPERVISOR,
  'calls.portal.status': STAFF,
  'calls.portal.unlock': STAFF,
  'calls.portal.resendLinkCode': STAFF,
  'calls.portal.updateEmail': STAFF,

  /** The authority matrix: everyone reads it, admins edit it; supervisors work the queue. */
  'authority.rules': STAFF,
  'authority.updateRule': ADMIN,
  'authority.approvals': SUPERVISOR,
  /** Maker ≠ checker and the approver's own per-item limit are checked inside. */
  'authority.approve': SUPERVISOR,
  'authority.reject': SUPERVISOR,
};

/** Whether `role` may call `path` by the table (false for a procedure not in it: deny by default). */
export function mayCall(path: string, role: AccessRole): boolean {
  return ACCESS_MATRIX[path]?.roles.includes(role) ?? false;
}

/** The signed-in roles of the table, for places that only know staff roles. */
export function staffRolesFor(path: string): Role[] {
  return (ACCESS_MATRIX[path]?.roles ?? []).filter((r): r is Role => r !== 'anonymous');
}
