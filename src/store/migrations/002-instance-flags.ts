/**
 * 002: instance flags — one row per one-time event of the whole installation (e.g. the first-run
 * org was created), claimed by inserting the row. Never edit after landing.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_flags')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('set_at', 'bigint', (col) => col.notNull())
    .execute()
}
