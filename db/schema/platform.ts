import type { Generated } from 'kysely';

/** Role names, lowest privilege first. */
export type Role = 'agent' | 'supervisor' | 'trainer' | 'admin';

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  language: Generated<'en' | 'fr'>;
  available: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

export interface ClosuresTable {
  id: Generated<number>;
  date: string;
  name: string;
  created_at: string;
  created_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  /**
   * Client address of the request that wrote it ('server' / 'cli' for the app's own writes);
   * NULL only on records written before migration 0010 (then not part of the hash).
   */
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

export interface PlatformTables {
  app_meta: AppMetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  closures: ClosuresTable;
  audit_log: AuditLogTable;
}
