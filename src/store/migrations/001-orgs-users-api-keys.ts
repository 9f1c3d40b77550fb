/**
 * 001: organisations, their users and the users' API keys.
 *
 * Written with the Kysely schema builder using only types that mean the same on SQLite and
 * PostgreSQL (see database.ts): `text` ids, `bigint` epoch-ms times, `integer` 0/1 booleans.
 * Never edit this file once it has landed; add a new numbered migration instead.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    // Stored lower-cased by the repository (users.ts), so the unique constraint below is
    // case-insensitive in effect on both engines.
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('users_org_id_email_key', ['org_id', 'email'])
    // Target of api_keys' composite foreign key: a key's user must belong to the key's org.
    .addUniqueConstraint('users_id_org_id_key', ['id', 'org_id'])
    .addCheckConstraint('users_role_check', sql`role in ('admin', 'member')`)
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('key_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addUniqueConstraint('api_keys_prefix_key', ['prefix'])
    .addForeignKeyConstraint('api_keys_user_fkey', ['user_id', 'org_id'], 'users', ['id', 'org_id'])
    .execute()

  await db.schema.createIndex('api_keys_org_id_idx').on('api_keys').column('org_id').execute()
  await db.schema.createIndex('api_keys_user_id_idx').on('api_keys').column('user_id').execute()
}
