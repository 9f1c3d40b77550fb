/**
 * Instance flags: "has this one-time thing happened on this installation?". A flag is claimed by
 * inserting its row; the insert is `ON CONFLICT DO NOTHING`, so of several processes claiming
 * at once exactly one gets `true`. Claim inside the transaction that does the one-time work, so
 * the flag and the work commit (or roll back) together.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

/** True when this call set the flag; false when it was already set. */
export async function claimInstanceFlag(db: Kysely<Database>, name: string, at: number): Promise<boolean> {
  const inserted = await db
    .insertInto('instance_flags')
    .values({ name, set_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst()
  return inserted !== undefined
}

/** When the flag was set (epoch ms), or null when it is not set. */
export async function getInstanceFlag(db: Kysely<Database>, name: string): Promise<number | null> {
  const row = await db
    .selectFrom('instance_flags')
    .select('set_at')
    .where('name', '=', name)
    .executeTakeFirst()
  return row ? row.set_at : null
}
