/**
 * Organisations: the tenant boundary. Every other row belongs to exactly one org.
 * Functions take `db` so they work on `store.db` or inside `store.transaction(trx => …)`.
 */
import type { Kysely, Selectable } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Database, OrgsTable } from './database.js'

export interface Org {
  id: string
  name: string
  createdAt: number
}

export interface NewOrg {
  /** Defaults to a new UUID v7. */
  id?: string
  name: string
  createdAt: number
}

function toOrg(row: Selectable<OrgsTable>): Org {
  return { id: row.id, name: row.name, createdAt: row.created_at }
}

export async function insertOrg(db: Kysely<Database>, org: NewOrg): Promise<Org> {
  const row = { id: org.id ?? newId(), name: org.name, created_at: org.createdAt }
  await db.insertInto('orgs').values(row).execute()
  return toOrg(row)
}

export async function getOrg(db: Kysely<Database>, id: string): Promise<Org | null> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toOrg(row) : null
}

export async function countOrgs(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** All orgs, oldest first. */
export async function listOrgs(db: Kysely<Database>): Promise<Org[]> {
  const rows = await db
    .selectFrom('orgs')
    .selectAll()
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute()
  return rows.map(toOrg)
}

/**
 * Takes the org's row lock until the transaction ends (an update that changes nothing), so
 * checks across the org's rows — "is this the last admin key?" — cannot interleave on
 * PostgreSQL. Both engines run it; on SQLite the transaction already holds the write lock.
 * False when there is no such org.
 */
export async function lockOrg(trx: Kysely<Database>, id: string): Promise<boolean> {
  const result = await trx
    .updateTable('orgs')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
