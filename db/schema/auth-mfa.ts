import type { Generated } from 'kysely';

/** Two-step sign-in (migration 0008-auth-mfa). */
export interface UserMfaTable {
  user_id: number;
  /** AES-256-GCM ciphertext of the base32 TOTP secret (server/auth/mfa-secrets.ts). */
  secret_enc: string;
  enabled_at: string | null;
  last_used_step: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type PendingSignInStage = 'verify' | 'enrol';

export interface MfaPendingSignInsTable {
  token_hash: string;
  user_id: number;
  stage: PendingSignInStage;
  created_at: string;
  closed_at: string | null;
}

/** One-time recovery codes of two-step sign-in (migration 0010-auth-controls). */
export interface UserRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 (hex) of the normalised code; the code itself is shown once and never stored. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface AuthMfaTables {
  user_mfa: UserMfaTable;
  mfa_pending_sign_ins: MfaPendingSignInsTable;
  user_recovery_codes: UserRecoveryCodesTable;
}
