/**
 * Users of an org. Emails are stored trimmed and lower-cased (`normalizeEmail`), so lookups and
 * the unique (org_id, email) constraint are case-insensitive on both engines.
 */
import type { Kysely, Selectable } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Role } from '../domain/roles.js'
import type { Database, UsersTable } from './database.js'

export interface User {
  id: string
  orgId: string
  email: string
  role: Role
  createdAt: number
}

export interface NewUser {
  /** Defaults to a new UUID v7. */
  id?: string
  orgId: string
  email: string
  role: Role
  createdAt: number
}

/** The form an email is stored and compared in. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, orgId: row.org_id, email: row.email, role: row.role, createdAt: row.created_at }
}

export async function findUserByEmail(
  db: Kysely<Database>,
  orgId: string,
  email: string,
): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst()
  return row ? toUser(row) : null
}

export async function getUser(db: Kysely<Database>, orgId: string, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toUser(row) : null
}

/** Inserts a user; rejects with a unique violation (see errors.ts) when the email is taken. */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  const row = {
    id: user.id ?? newId(),
    org_id: user.orgId,
    email: normalizeEmail(user.email),
    role: user.role,
    created_at: user.createdAt,
  }
  await db.insertInto('users').values(row).execute()
  return toUser(row)
}

/**
 * Returns the org's user with this email, creating it with `role` when there is none. An existing
 * user keeps its role. Safe under concurrency: the insert is `ON CONFLICT DO NOTHING`, so when two
 * callers race for the same new email one inserts, the other waits for that row and reads it.
 */
export async function findOrCreateUser(
  db: Kysely<Database>,
  orgId: string,
  email: string,
  role: Role,
  at: number,
): Promise<User> {
  const existing = await findUserByEmail(db, orgId, email)
  if (existing) return existing
  const row = { id: newId(), org_id: orgId, email: normalizeEmail(email), role, created_at: at }
  const inserted = await db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'email']).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return toUser(inserted)
  const winner = await findUserByEmail(db, orgId, email)
  if (!winner) throw new Error('findOrCreateUser: the conflicting user row is not visible')
  return winner
}
