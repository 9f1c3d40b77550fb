/**
 * Dashboard sessions (migration 011). Only the SHA-256 of a session token is stored; the caller
 * hashes the cookie and looks the row up by that hash (an index lookup on a value that reveals
 * nothing, so no timing leak about the token). The row is read with its API key and user, so
 * every request re-checks the key's revocation, org and role.
 */
import type { Kysely } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Role } from '../domain/roles.js'
import type { Database } from './database.js'

/** A session unused this long ends, whatever its absolute expiry (read by the API and by retention). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000

export interface NewSession {
  /** Defaults to a new UUID v7. */
  id?: string
  tokenHash: string
  orgId: string
  apiKeyId: string
  createdAt: number
  expiresAt: number
}

/** A session with what authentication needs from its key and user. */
export interface SessionWithKey {
  id: string
  orgId: string
  apiKeyId: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  userId: string
  email: string
  role: Role
  /** The key's revocation time: a revoked key ends its sessions. */
  keyRevokedAt: number | null
}

export async function insertSession(db: Kysely<Database>, session: NewSession): Promise<string> {
  const id = session.id ?? newId()
  await db
    .insertInto('sessions')
    .values({
      id,
      token_hash: session.tokenHash,
      org_id: session.orgId,
      api_key_id: session.apiKeyId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute()
  return id
}

/** The session whose token hashes to `tokenHash`, expired or not (the caller decides), or null. */
export async function findSessionByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithKey | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('api_keys', 'api_keys.id', 'sessions.api_key_id')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'sessions.id',
      'sessions.org_id',
      'sessions.api_key_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'api_keys.revoked_at',
      'api_keys.org_id as key_org_id',
      'users.id as user_id',
      'users.email',
      'users.role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst()
  // A key never changes org; the check keeps a hand-edited row from crossing orgs.
  if (row === undefined || row.key_org_id !== row.org_id) return null
  return {
    id: row.id,
    orgId: row.org_id,
    apiKeyId: row.api_key_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userId: row.user_id,
    email: row.email,
    role: row.role,
    keyRevokedAt: row.revoked_at,
  }
}

/** Moves `last_seen_at` forward to `at` (never backwards). True when the row changed. */
export async function touchSession(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ last_seen_at: at })
    .where('id', '=', id)
    .where('last_seen_at', '<', at)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Deletes one session (sign-out). True when it existed. */
export async function deleteSession(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * Deletes sessions past their absolute expiry or last seen at or before `idleSince`; returns how many.
 * Cheap enough to run on every sign-in: sessions are few (one per signed-in browser).
 */
export async function deleteExpiredSessions(
  db: Kysely<Database>,
  at: { now: number; idleSince: number },
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', at.now), eb('last_seen_at', '<=', at.idleSince)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Ends every session of the org's key `apiKeyId` (its revocation); returns how many. */
export async function deleteSessionsOfApiKey(
  db: Kysely<Database>,
  orgId: string,
  apiKeyId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('org_id', '=', orgId)
    .where('api_key_id', '=', apiKeyId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
