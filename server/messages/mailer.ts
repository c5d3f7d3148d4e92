import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import nodemailer, { type Transporter } from 'nodemailer';
import {
  claimDueEmails,
  markAttemptFailed,
  markSent,
} from '../../db/repositories/messages-outbox.ts';
import type { AppDeps } from '../trpc/base.ts';

/**
 * Sends the e-mail outbox over SMTP (nodemailer). An e-mail is written to `email_outbox` in the
 * same transaction as the reply that caused it, so a reply is never answered by a lost or a
 * duplicate notice; this loop delivers what is due, and a failed attempt is retried with
 * exponential backoff (30 s, 1 min, 2 min, … capped at 1 h) up to MAX_ATTEMPTS.
 * A training database never gets here: its e-mails are `held` for the in-app outbox viewer.
 */
export const MAX_ATTEMPTS = 8;

/**
 * How long a claim on an outbox row holds. A sender that died after claiming (before it could
 * mark the row sent or failed) loses it after this, and another sender tries again.
 */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;

/** This process's name as a sender: host, PID and a random part (unique per process start). */
export const SENDER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Delay before attempt n+1 after n failed attempts. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failedAttempts - 1), 60 * 60_000);
}

/** `smtp://user:pass@host:587` (or smtps://…) → a nodemailer transport. */
export function smtpTransport(url: string): Transporter {
  return nodemailer.createTransport(url);
}

export interface DeliverResult {
  sent: number;
  failed: number;
}

/**
 * Sends every due e-mail once; never throws (failures are recorded on the row). Each row is
 * CLAIMED for `sender` first (claimDueEmails), so two senders on one database never send the
 * same e-mail twice.
 */
export async function deliverDueEmails(
  deps: Pick<AppDeps, 'db' | 'clock' | 'log'>,
  transport: Transporter,
  from: string,
  options: { sender?: string; limit?: number } = {},
): Promise<DeliverResult> {
  const sender = options.sender ?? SENDER_ID;
  const result: DeliverResult = { sent: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await claimDueEmails(deps.db, {
    claimer: sender,
    now: now.toISOString(),
    staleBefore: new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString(),
    limit: options.limit ?? 20,
  });
  for (const email of due) {
    try {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.bodyText,
      });
      await markSent(deps.db, email.id, deps.clock.now().toISOString(), sender);
      result.sent += 1;
    } catch (error) {
      const attempts = email.attempts + 1;
      const retryAt =
        attempts >= MAX_ATTEMPTS
          ? null
          : new Date(deps.clock.now().getTime() + retryDelayMs(attempts)).toISOString();
      await markAttemptFailed(
        deps.db,
        email.id,
        error instanceof Error ? error.message : String(error),
        retryAt,
      );
      result.failed += 1;
      if (!retryAt)
        deps.log(`e-mail ${email.id} to ${email.to} failed ${attempts} times; giving up`, error);
    }
  }
  return result;
}
