import type { Generated } from 'kysely';
import type { Role } from './platform.ts';

/** The money actions the authority matrix governs (migration 0011-authority). */
export type MoneyAction =
  'provisional-credit' | 'correction' | 'reversal' | 'mail-posting' | 'mail-override';

export interface AuthorityRulesTable {
  role: Role;
  action: MoneyAction;
  /** NULL: no limit. */
  per_item_cents: number | null;
  per_case_cents: number | null;
  per_day_cents: number | null;
  second_person: number;
  updated_at: string;
  updated_by: number | null;
}

export interface AuthorityUsageTable {
  id: Generated<number>;
  user_id: number;
  action: MoneyAction;
  /** e.g. `dispute:12`, `mail-batch:3`. */
  case_key: string;
  amount_cents: number;
  local_date: string;
  at: string;
  approval_id: number | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'used';

export interface AuthorityApprovalsTable {
  id: Generated<number>;
  action: MoneyAction;
  case_key: string;
  amount_cents: number;
  largest_item_cents: number;
  /** JSON array of the reasons the maker's authority did not cover it. */
  reasons: string;
  status: ApprovalStatus;
  requested_by: number;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  used_at: string | null;
}

export interface AuthorityTables {
  authority_rules: AuthorityRulesTable;
  authority_usage: AuthorityUsageTable;
  authority_approvals: AuthorityApprovalsTable;
}
