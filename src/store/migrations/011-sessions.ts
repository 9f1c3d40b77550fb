/**
 * 011: dashboard sessions. Never edit after landing.
 * A session is an API key exchanged for a random token held in an HttpOnly cookie
 * (src/api/plugins/session.ts). Only the token's SHA-256 is stored (`token_hash`, unique: the
 * lookup); the row names the key, whose org, role and revocation are re-read on every request.
 * `expires_at` is the absolute end (FLOWCERTA_SESSION_HOURS); `last_seen_at` drives the idle
 * timeout. Expired rows are refused and deleted (`expires_at` index: the sweep on sign-in).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('token_hash', 'text', (col) => col.notNull())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('api_key_id', 'text', (col) => col.notNull().references('api_keys.id'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('sessions_token_hash_key', ['token_hash'])
    .execute()
  await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute()
  await db.schema.createIndex('sessions_api_key_id_idx').on('sessions').column('api_key_id').execute()
}
