/**
 * Risk exceptions (time-limited waivers of a rule for a file) as rows. The lifecycle rules —
 * which transitions are allowed, what an approval may change — live in src/risk-exceptions/.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { Database, RiskExceptionsTable } from './database.js'

export type RiskExceptionStatus = RiskExceptionsTable['status']
export type RenewalStatus = NonNullable<RiskExceptionsTable['renewal_status']>

/** The last renewal asked for on an exception: pending, or how it was decided or closed. */
export interface RiskExceptionRenewal {
  /** Internal: lets a decision name the renewal it read, so it never decides a later one. */
  id: string
  status: RenewalStatus
  /** The expiresAt asked for (an approval may have moved it earlier). */
  expiresAt: number
  reason: string
  requestedByEmail: string
  requestedAt: number
  /** Null while pending and once closed (the exception's own fields say who revoked it). */
  decidedByEmail: string | null
  decidedAt: number | null
  decisionReason: string | null
}

export interface RiskException {
  id: string
  orgId: string
  ruleId: string
  fileName: string
  location: string | null
  /** The finding fingerprint it waives (survives line moves); null or absent: match by location. */
  fingerprint?: string | null
  reason: string
  status: RiskExceptionStatus
  expiresAt: number
  requestedByEmail: string
  decidedByEmail: string | null
  decidedAt: number | null
  decisionReason: string | null
  warnedAt: number | null
  createdAt: number
  updatedAt: number
  /** Null until a renewal is first asked for. */
  renewal: RiskExceptionRenewal | null
}

/** A new exception has no renewal yet. */
export type NewRiskException = Omit<RiskException, 'renewal'>

function renewalFromRow(row: RiskExceptionsTable): RiskExceptionRenewal | null {
  if (row.renewal_status === null) return null
  return {
    id: row.renewal_id ?? '',
    status: row.renewal_status,
    expiresAt: row.renewal_expires_at ?? 0,
    reason: row.renewal_reason ?? '',
    requestedByEmail: row.renewal_requested_by_email ?? '',
    requestedAt: row.renewal_requested_at ?? 0,
    decidedByEmail: row.renewal_decided_by_email,
    decidedAt: row.renewal_decided_at,
    decisionReason: row.renewal_decision_reason,
  }
}

function fromRow(row: RiskExceptionsTable): RiskException {
  return {
    id: row.id,
    orgId: row.org_id,
    ruleId: row.rule_id,
    fileName: row.file_name,
    location: row.location,
    fingerprint: row.fingerprint,
    reason: row.reason,
    status: row.status,
    expiresAt: row.expires_at,
    requestedByEmail: row.requested_by_email,
    decidedByEmail: row.decided_by_email,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    warnedAt: row.warned_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    renewal: renewalFromRow(row),
  }
}

export async function insertRiskException(db: Kysely<Database>, exception: NewRiskException): Promise<void> {
  await db
    .insertInto('risk_exceptions')
    .values({
      id: exception.id,
      org_id: exception.orgId,
      rule_id: exception.ruleId,
      file_name: exception.fileName,
      location: exception.location,
      fingerprint: exception.fingerprint ?? null,
      reason: exception.reason,
      status: exception.status,
      expires_at: exception.expiresAt,
      requested_by_email: exception.requestedByEmail,
      decided_by_email: exception.decidedByEmail,
      decided_at: exception.decidedAt,
      decision_reason: exception.decisionReason,
      warned_at: exception.warnedAt,
      created_at: exception.createdAt,
      updated_at: exception.updatedAt,
    })
    .execute()
}

export async function getRiskException(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<RiskException | null> {
  const row = await db
    .selectFrom('risk_exceptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? null : fromRow(row)
}

export interface RiskExceptionFilters {
  orgId: string
  status?: RiskExceptionStatus | undefined
  ruleId?: string | undefined
  fileName?: string | undefined
  /** The last renewal's state, e.g. `pending`: the approval queue's renewals. */
  renewalStatus?: RenewalStatus | undefined
  /** expiresAt < this (epoch ms): "expiring within N days". */
  expiresBefore?: number | undefined
  /** expiresAt > this (epoch ms): not yet past its expiry. */
  expiresAfter?: number | undefined
  beforeId?: string | undefined
  limit: number
}

export async function listRiskExceptions(
  db: Kysely<Database>,
  filters: RiskExceptionFilters,
): Promise<RiskException[]> {
  let select = db.selectFrom('risk_exceptions').selectAll().where('org_id', '=', filters.orgId)
  if (filters.status !== undefined) select = select.where('status', '=', filters.status)
  if (filters.ruleId !== undefined) select = select.where('rule_id', '=', filters.ruleId)
  if (filters.fileName !== undefined) select = select.where('file_name', '=', filters.fileName)
  if (filters.renewalStatus !== undefined) select = select.where('renewal_status', '=', filters.renewalStatus)
  if (filters.expiresBefore !== undefined) select = select.where('expires_at', '<', filters.expiresBefore)
  if (filters.expiresAfter !== undefined) select = select.where('expires_at', '>', filters.expiresAfter)
  if (filters.beforeId !== undefined) select = select.where('id', '<', filters.beforeId)
  const rows = await select.orderBy('id', 'desc').limit(filters.limit).execute()
  return rows.map(fromRow)
}

/** Approved exceptions of an org for one file that are still in force at `at`: the waivers. */
export async function listActiveWaivers(
  db: Kysely<Database>,
  orgId: string,
  fileName: string,
  at: number,
): Promise<RiskException[]> {
  const rows = await db
    .selectFrom('risk_exceptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('file_name', '=', fileName)
    .where('status', '=', 'approved')
    .where('expires_at', '>', at)
    .orderBy('id')
    .execute()
  return rows.map(fromRow)
}

/** Closes a pending renewal in the same statement that moves its exception out of `approved`. */
const closePendingRenewal = (at: number) => ({
  renewal_status: sql<RenewalStatus | null>`case when renewal_status = 'pending' then 'closed' else renewal_status end`,
  renewal_decided_at: sql<
    number | null
  >`case when renewal_status = 'pending' then ${at} else renewal_decided_at end`,
})

/**
 * Moves an exception from one status to another only if it is still in `from` — a conditional
 * update, so two concurrent decisions cannot both win. Returns the updated row or null.
 */
export async function transitionRiskException(
  db: Kysely<Database>,
  change: {
    orgId: string
    id: string
    from: RiskExceptionStatus
    to: RiskExceptionStatus
    at: number
    decidedByEmail?: string | undefined
    decisionReason?: string | null | undefined
    expiresAt?: number | undefined
    /** Also close a pending renewal (`renewal_status` pending → closed) in the same update. */
    closePendingRenewal?: boolean | undefined
    /** Only if expires_at is at or before this (the expiry of one overdue exception). */
    expiredBy?: number | undefined
  },
): Promise<RiskException | null> {
  let update = db
    .updateTable('risk_exceptions')
    .set({
      status: change.to,
      updated_at: change.at,
      ...(change.decidedByEmail !== undefined
        ? { decided_by_email: change.decidedByEmail, decided_at: change.at }
        : {}),
      ...(change.decisionReason !== undefined ? { decision_reason: change.decisionReason } : {}),
      ...(change.expiresAt !== undefined ? { expires_at: change.expiresAt } : {}),
      ...(change.closePendingRenewal === true ? closePendingRenewal(change.at) : {}),
    })
    .where('org_id', '=', change.orgId)
    .where('id', '=', change.id)
    .where('status', '=', change.from)
  if (change.expiredBy !== undefined) update = update.where('expires_at', '<=', change.expiredBy)
  const result = await update.executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return getRiskException(db, change.orgId, change.id)
}

const noPendingRenewal = (eb: ExpressionBuilder<Database, 'risk_exceptions'>) =>
  eb.or([eb('renewal_status', 'is', null), eb('renewal_status', '!=', 'pending')])

/** Only approved exceptions still in force at `at` may be renewed, or have a renewal decided. */
function renewable(db: Kysely<Database>, orgId: string, id: string, at: number) {
  return db
    .updateTable('risk_exceptions')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .where('expires_at', '>', at)
}

/**
 * Records a pending renewal only if the exception is approved, still in force at `at`, expires
 * before the renewal's expiresAt, and has no renewal pending — one conditional update, so of two
 * concurrent requests one wins. Returns the updated row or null.
 */
export async function requestRenewal(
  db: Kysely<Database>,
  change: {
    orgId: string
    id: string
    at: number
    renewal: { id: string; expiresAt: number; reason: string; requestedByEmail: string }
  },
): Promise<RiskException | null> {
  const result = await renewable(db, change.orgId, change.id, change.at)
    .set({
      renewal_id: change.renewal.id,
      renewal_status: 'pending',
      renewal_expires_at: change.renewal.expiresAt,
      renewal_reason: change.renewal.reason,
      renewal_requested_by_email: change.renewal.requestedByEmail,
      renewal_requested_at: change.at,
      renewal_decided_by_email: null,
      renewal_decided_at: null,
      renewal_decision_reason: null,
      updated_at: change.at,
    })
    .where('expires_at', '<', change.renewal.expiresAt)
    .where(noPendingRenewal)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return getRiskException(db, change.orgId, change.id)
}

/**
 * Decides the pending renewal `renewalId` only if it is still the pending one and the exception
 * is approved and in force at `at`. Approving moves expires_at to `expiresAt` (never earlier than
 * it is) and clears warned_at, so the expiry scan warns again for the new date. Returns the
 * updated row or null.
 */
export async function decideRenewal(
  db: Kysely<Database>,
  change: {
    orgId: string
    id: string
    renewalId: string
    at: number
    decidedByEmail: string
    decisionReason: string | null
  } & ({ to: 'approved'; expiresAt: number } | { to: 'rejected' }),
): Promise<RiskException | null> {
  let update = renewable(db, change.orgId, change.id, change.at)
    .set({
      renewal_status: change.to,
      renewal_decided_by_email: change.decidedByEmail,
      renewal_decided_at: change.at,
      renewal_decision_reason: change.decisionReason,
      updated_at: change.at,
      ...(change.to === 'approved'
        ? { expires_at: change.expiresAt, renewal_expires_at: change.expiresAt, warned_at: null }
        : {}),
    })
    .where('renewal_status', '=', 'pending')
    .where('renewal_id', '=', change.renewalId)
  if (change.to === 'approved') update = update.where('expires_at', '<', change.expiresAt)
  const result = await update.executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return null
  return getRiskException(db, change.orgId, change.id)
}

/** Approved exceptions past their expiry at `at` with a renewal pending, across orgs, oldest first. */
export async function listOverdueWithPendingRenewal(
  db: Kysely<Database>,
  at: number,
  limit: number,
): Promise<RiskException[]> {
  const rows = await db
    .selectFrom('risk_exceptions')
    .selectAll()
    .where('status', '=', 'approved')
    .where('expires_at', '<=', at)
    .where('renewal_status', '=', 'pending')
    .orderBy('expires_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(fromRow)
}

/** Stamps warned_at only if it is still unset; true for the caller that stamped it. */
export async function stampWarned(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('risk_exceptions')
    .set({ warned_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .where('warned_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The widest warning window of any org, in days (orgs without settings have `defaultDays`). */
export async function widestWarningWindowDays(db: Kysely<Database>, defaultDays: number): Promise<number> {
  const row = await db
    .selectFrom('org_settings')
    .select((eb) => eb.fn.max('exception_warning_days').as('days'))
    .executeTakeFirst()
  const widest = row?.days === null || row?.days === undefined ? 0 : Number(row.days)
  return Math.max(defaultDays, widest)
}

/**
 * One page of the expiry scan's work: approved, not yet warned exceptions, not yet expired at
 * `now`, whose expiresAt is inside their own org's warning window (org_settings, or
 * `defaultDays`). Ordered by (expiresAt, id); pass the last row as `after` for the next page.
 */
export async function listDueExpiryWarnings(
  db: Kysely<Database>,
  query: {
    now: number
    defaultDays: number
    /** Upper bound for every org's window (widestWarningWindowDays), so the index bounds the scan. */
    widestDays: number
    after?: { expiresAt: number; id: string } | undefined
    limit: number
  },
): Promise<RiskException[]> {
  const { now, after } = query
  let select = db
    .selectFrom('risk_exceptions')
    .leftJoin('org_settings', 'org_settings.org_id', 'risk_exceptions.org_id')
    .selectAll('risk_exceptions')
    .where('risk_exceptions.status', '=', 'approved')
    .where('risk_exceptions.warned_at', 'is', null)
    .where('risk_exceptions.expires_at', '>', now)
    .where('risk_exceptions.expires_at', '<=', now + query.widestDays * DAY_MS)
    .where(
      sql<boolean>`risk_exceptions.expires_at - coalesce(org_settings.exception_warning_days, ${query.defaultDays}) * cast(${DAY_MS} as bigint) <= ${now}`,
    )
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([
        eb('risk_exceptions.expires_at', '>', after.expiresAt),
        eb.and([
          eb('risk_exceptions.expires_at', '=', after.expiresAt),
          eb('risk_exceptions.id', '>', after.id),
        ]),
      ]),
    )
  }
  const rows = await select
    .orderBy('risk_exceptions.expires_at')
    .orderBy('risk_exceptions.id')
    .limit(query.limit)
    .execute()
  return rows.map(fromRow)
}

/**
 * Moves up to `limit` approved exceptions past their expiry to `expired` in one statement and
 * returns how many this call moved. The status condition is re-checked per row, so concurrent
 * scans never count a row twice. Call until it returns less than `limit`. Rows with a renewal
 * pending are left to `listOverdueWithPendingRenewal` + one transition each, which closes the
 * renewal and writes its audit entry.
 */
export async function expireOverdueBatch(db: Kysely<Database>, at: number, limit: number): Promise<number> {
  const result = await db
    .updateTable('risk_exceptions')
    .set({ status: 'expired', updated_at: at })
    .where('status', '=', 'approved')
    .where('expires_at', '<=', at)
    .where(noPendingRenewal)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('risk_exceptions')
        .select('id')
        .where('status', '=', 'approved')
        .where('expires_at', '<=', at)
        .where(noPendingRenewal)
        .orderBy('expires_at')
        .limit(limit),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
