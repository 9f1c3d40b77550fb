/**
 * API keys. Only the SHA-256 hash of a key is stored; `prefix` (unique) finds the row, then the
 * caller compares hashes in constant time. Listing never returns the hash.
 */
import type { Kysely, Selectable } from 'kysely'
import { newId } from '../domain/ids.js'
import type { Role } from '../domain/roles.js'
import type { ApiKeysTable, Database } from './database.js'

/** An API key as shown to users: everything but the hash. */
export interface ApiKey {
  id: string
  orgId: string
  userId: string
  name: string | null
  prefix: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

/** A key with its user's email and role: what listings and the key admin routes show. */
export interface ApiKeySummary extends ApiKey {
  email: string
  role: Role
}

/** What authentication needs: the summary plus the stored hash. */
export interface ApiKeyWithUser extends ApiKeySummary {
  keyHash: string
}

/** Filters and keyset pagination for `listApiKeys`. */
export interface ListApiKeysQuery {
  orgId: string
  /** Only this user's keys. */
  userId?: string | undefined
  /** At most this many keys. */
  limit?: number | undefined
  /** Continue after this key id (the last id of the previous page). */
  beforeId?: string | undefined
}

export interface NewApiKey {
  /** Defaults to a new UUID v7. */
  id?: string
  orgId: string
  /** Must be a user of `orgId` (enforced by a composite foreign key). */
  userId: string
  name?: string | null
  prefix: string
  keyHash: string
  createdAt: number
}

type ApiKeyRow = Omit<Selectable<ApiKeysTable>, 'key_hash'>

const PUBLIC_COLUMNS = [
  'api_keys.id',
  'api_keys.org_id',
  'api_keys.user_id',
  'api_keys.name',
  'api_keys.prefix',
  'api_keys.created_at',
  'api_keys.last_used_at',
  'api_keys.revoked_at',
] as const

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}

/** Inserts a key; rejects with a unique violation (see errors.ts) when the prefix is taken. */
export async function insertApiKey(db: Kysely<Database>, key: NewApiKey): Promise<ApiKey> {
  const row = {
    id: key.id ?? newId(),
    org_id: key.orgId,
    user_id: key.userId,
    name: key.name ?? null,
    prefix: key.prefix,
    key_hash: key.keyHash,
    created_at: key.createdAt,
    last_used_at: null,
    revoked_at: null,
  }
  await db.insertInto('api_keys').values(row).execute()
  return toApiKey(row)
}

function keysWithUsers(db: Kysely<Database>) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([...PUBLIC_COLUMNS, 'users.email', 'users.role'])
}

/**
 * The key with this prefix, revoked or not (the caller checks `revokedAt`), with its hash and its
 * user's email and role; null when there is none.
 */
export async function findApiKeyByPrefix(
  db: Kysely<Database>,
  prefix: string,
): Promise<ApiKeyWithUser | null> {
  const row = await keysWithUsers(db)
    .select('api_keys.key_hash')
    .where('api_keys.prefix', '=', prefix)
    .executeTakeFirst()
  if (!row) return null
  return { ...toApiKey(row), email: row.email, role: row.role, keyHash: row.key_hash }
}

/** The org's key `id` with its user's email and role; null when it is not in that org. */
export async function getApiKey(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<ApiKeySummary | null> {
  const row = await keysWithUsers(db)
    .where('api_keys.org_id', '=', orgId)
    .where('api_keys.id', '=', id)
    .executeTakeFirst()
  return row ? { ...toApiKey(row), email: row.email, role: row.role } : null
}

/**
 * The org that key `id` belongs to, or null. Unscoped on purpose: only for the instance-level
 * CLI (`flowcerta key revoke <keyId>`), whose user runs the installation, not one org.
 */
export async function findApiKeyOrgId(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('api_keys').select('org_id').where('id', '=', id).executeTakeFirst()
  return row?.org_id ?? null
}

/**
 * The org's keys, newest first (created_at, then id), revoked ones included; never the hash.
 * Pass an org id for all of them, or a query for a user's keys and keyset pages. A `beforeId`
 * that is not a key of the org yields an empty page.
 */
export async function listApiKeys(
  db: Kysely<Database>,
  query: string | ListApiKeysQuery,
): Promise<ApiKeySummary[]> {
  const { orgId, userId, limit, beforeId } = typeof query === 'string' ? { orgId: query } : query
  let select = keysWithUsers(db).where('api_keys.org_id', '=', orgId)
  if (userId !== undefined) select = select.where('api_keys.user_id', '=', userId)
  if (beforeId !== undefined) {
    const cursor = await db
      .selectFrom('api_keys')
      .select('created_at')
      .where('org_id', '=', orgId)
      .where('id', '=', beforeId)
      .executeTakeFirst()
    if (!cursor) return []
    select = select.where((eb) =>
      eb.or([
        eb('api_keys.created_at', '<', cursor.created_at),
        eb.and([eb('api_keys.created_at', '=', cursor.created_at), eb('api_keys.id', '<', beforeId)]),
      ]),
    )
  }
  if (limit !== undefined) select = select.limit(limit)
  const rows = await select.orderBy('api_keys.created_at', 'desc').orderBy('api_keys.id', 'desc').execute()
  return rows.map((row) => ({ ...toApiKey(row), email: row.email, role: row.role }))
}

/** Keys of the org that are not revoked and belong to an admin (to refuse revoking the last one). */
export async function countActiveAdminKeys(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('api_keys.org_id', '=', orgId)
    .where('api_keys.revoked_at', 'is', null)
    .where('users.role', '=', 'admin')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * Revokes the key `id` of org `orgId` at `at`. False when the key is not in that org or is
 * already revoked (the first revocation time is kept).
 */
export async function revokeApiKey(
  db: Kysely<Database>,
  orgId: string,
  id: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Records that the key was used at `at`. Never moves `lastUsedAt` backwards, so concurrent
 * requests finishing out of order keep the latest time. True when the row changed.
 */
export async function touchApiKeyLastUsed(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
