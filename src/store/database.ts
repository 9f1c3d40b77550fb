/**
 * Table shapes as Kysely sees them. Conventions shared by both engines, so one query works on
 * each without translation:
 * - ids are UUID v7 strings (`text`);
 * - times are epoch milliseconds (`bigint`; the PostgreSQL engine parses int8 to number);
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - structured data is JSON text.
 * Later issues add their tables here and in a new numbered migration.
 */

export interface OrgsTable {
  id: string
  name: string
  created_at: number
}

export interface UsersTable {
  id: string
  org_id: string
  email: string
  role: 'admin' | 'member'
  created_at: number
}

export interface ApiKeysTable {
  id: string
  org_id: string
  user_id: string
  name: string | null
  /** The first characters of the key after `fc_`, used to find the row; not secret on its own. */
  prefix: string
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  key_hash: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** One-time events of the whole installation, claimed by inserting the row (instance-flags.ts). */
export interface InstanceFlagsTable {
  name: string
  set_at: number
}

export interface Database {
  orgs: OrgsTable
  users: UsersTable
  api_keys: ApiKeysTable
  instance_flags: InstanceFlagsTable
}
