// The typed shape of every table: one interface per table, `X = Selectable<XTable>`.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ROLES = ['admin', 'petugas', 'staf', 'pimpinan'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  nip: string | null;
  position: string | null;
  password_hash: string;
  /** 0/1 */
  active: number;
  /** 0/1: set by an admin's password reset, cleared when the user picks their own. */
  must_change_password: number;
  created_at: string;
  updated_at: string;
}
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
}

export interface SessionsTable {
  id: Generated<number>;
  sid: string;
  user_id: number | null;
  data: string;
  /** epoch milliseconds */
  expires_at: ColumnType<number, number, number>;
}

/** Each save of the site settings is a new version, so old papers keep their old letterhead. */
export interface SiteSettingsTable {
  id: Generated<number>;
  /** ISO date (Asia/Jakarta) from which this version is in force. */
  effective_from: string;
  unit_name: string;
  unit_code: string;
  ministry_line: string;
  kanwil_line: string;
  address: string;
  city: string;
  phone: string | null;
  email: string | null;
  logo_file: string | null;
  created_at: string;
  created_by: number | null;
}
export type SiteSettings = Selectable<SiteSettingsTable>;
export type NewSiteSettings = Insertable<SiteSettingsTable>;

export interface SignatoriesTable {
  id: Generated<number>;
  position: string;
  title: string;
  name: string;
  nip: string | null;
  /** ISO dates, inclusive; valid_to null = still in office. */
  valid_from: string;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}
export type Signatory = Selectable<SignatoriesTable>;
export type NewSignatory = Insertable<SignatoriesTable>;

export interface AuditLogTable {
  id: Generated<number>;
  /** ISO timestamp, UTC */
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}
export type AuditEntry = Selectable<AuditLogTable>;

export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  site_settings: SiteSettingsTable;
  signatories: SignatoriesTable;
  audit_log: AuditLogTable;
}
