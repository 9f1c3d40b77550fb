/**
 * The exception expiry scan, run daily by the scheduler role and on demand by
 * `flowcerta jobs run exception-expiry-scan`.
 *
 * 1. Warn: every approved exception whose expiresAt is inside its org's warning window
 *    (org_settings.exceptionWarningDays, default 7) and that is not yet stamped gets, in ONE
 *    transaction, its `warnedAt` stamp (a conditional update) and — only if that stamp won — an
 *    `exception.expiring_soon` event. Two scans running at once (two scheduler processes on
 *    PostgreSQL) therefore fire each exception at most once: the loser's stamp updates no row.
 * 2. Expire: approved exceptions past expiresAt become `expired` — in batches, except those with
 *    a renewal pending, which move one by one with their renewal `closed` and an audit entry.
 *
 * An approved renewal clears `warnedAt`, so step 1 warns again before the new expiresAt.
 *
 * Both steps work in pages, so a large table is never loaded at once.
 */
import type { Clock } from '../domain/clock.js'
import { buildEnvelope } from '../domain/events/event-envelope.js'
import { recordEvent } from '../store/events.js'
import { DEFAULT_ORG_SETTINGS } from '../store/org-settings.js'
import {
  expireOverdueBatch,
  listDueExpiryWarnings,
  listOverdueWithPendingRenewal,
  type RiskException,
  stampWarned,
  widestWarningWindowDays,
} from '../store/risk-exceptions.js'
import type { Store } from '../store/store.js'
import { daysRemaining } from './days-remaining.js'
import { expireWithPendingRenewal } from './risk-exception-lifecycle.js'

export const EXPIRY_SCAN_JOB_NAME = 'exception-expiry-scan'
export const DEFAULT_EXPIRY_SCAN_BATCH_SIZE = 500

export interface ExpiryScanReport {
  /** Exceptions this run stamped and fired `exception.expiring_soon` for. */
  warned: number
  /** Exceptions this run moved from approved to expired. */
  expired: number
}

/** The `exception.expiring_soon` data, with the keys in the spec's order. */
export function expiringSoonData(exception: RiskException, now: number) {
  return {
    exceptionId: exception.id,
    ruleId: exception.ruleId,
    fileName: exception.fileName,
    location: exception.location,
    reason: exception.reason,
    expiresAt: new Date(exception.expiresAt).toISOString(),
    daysRemaining: daysRemaining(exception.expiresAt, now),
    requestedByEmail: exception.requestedByEmail,
  }
}

/** Stamps and fires one exception; false when another scan got there first. */
async function warnOne(store: Store, exception: RiskException, now: number): Promise<boolean> {
  return store.transaction(async (trx) => {
    if (!(await stampWarned(trx, exception.id, now))) return false
    await recordEvent(
      trx,
      store.capabilities,
      buildEnvelope('exception.expiring_soon', exception.orgId, now, expiringSoonData(exception, now)),
    )
    return true
  })
}

export async function runExceptionExpiryScan(
  store: Store,
  clock: Clock,
  options: { batchSize?: number } = {},
): Promise<ExpiryScanReport> {
  const batchSize = options.batchSize ?? DEFAULT_EXPIRY_SCAN_BATCH_SIZE
  const now = clock.now()
  const defaultDays = DEFAULT_ORG_SETTINGS.exceptionWarningDays
  const widestDays = await widestWarningWindowDays(store.db, defaultDays)

  let warned = 0
  let after: { expiresAt: number; id: string } | undefined
  for (;;) {
    const page = await listDueExpiryWarnings(store.db, {
      now,
      defaultDays,
      widestDays,
      after,
      limit: batchSize,
    })
    for (const exception of page) {
      if (await warnOne(store, exception, now)) warned += 1
    }
    const last = page.at(-1)
    if (page.length < batchSize || last === undefined) break
    after = { expiresAt: last.expiresAt, id: last.id }
  }

  let expired = 0
  for (;;) {
    const moved = await expireOverdueBatch(store.db, now, batchSize)
    expired += moved
    // Stop only on an empty batch: a concurrent scan may have taken part of a full one.
    if (moved === 0) break
  }
  // Rows the batch leaves alone: a listed row stays listed only until someone moves it.
  for (;;) {
    const page = await listOverdueWithPendingRenewal(store.db, now, batchSize)
    for (const exception of page) {
      if (await expireWithPendingRenewal(store, exception, now)) expired += 1
    }
    if (page.length < batchSize) break
  }
  return { warned, expired }
}
