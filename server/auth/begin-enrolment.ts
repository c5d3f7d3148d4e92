import QRCode from 'qrcode';
import { findUserById, findUserMfa, startMfaEnrolment } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { newTotpSecret, totpUri } from '../domain/totp.ts';
import { sealSecret } from './mfa-secrets.ts';
import type { Context } from '../trpc/base.ts';
import { enrolling, EXPIRED } from './session.ts';

/** Splits a base32 key in groups of four, the way people copy it into an app. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Starts an enrolment: a new secret, shown ONCE as a QR code and a manual key. Nothing is on
 * until `confirmEnrolment` gets a right code. Refused while two-step sign-in is on.
 */
export async function beginEnrolment(ctx: Context) {
  const who = await enrolling(ctx);
  const row = await findUserById(ctx.db, who.userId);
  if (!row) throw new DomainError('UNAUTHENTICATED', EXPIRED);
  const existing = await findUserMfa(ctx.db, row.id);
  if (existing?.enabled_at) {
    throw new DomainError('CONFLICT', msg('auth.mfaAlreadyOn'));
  }
  const secret = newTotpSecret();
  await startMfaEnrolment(
    ctx.db,
    row.id,
    sealSecret(ctx.deps, row.id, secret),
    ctx.now.toISOString(),
  );
  await ctx.audit({
    action: 'auth.mfa-enrol-start',
    entityType: 'user',
    entityId: row.id,
    after: { forced: who.pending !== null },
  });
  const uri = totpUri(secret, row.username);
  return {
    manualKey: groupKey(secret),
    qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220, errorCorrectionLevel: 'M' }),
    username: row.username,
  };
}
