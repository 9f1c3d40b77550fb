/**
 * The risk-exception lifecycle: its states, the ONE table of allowed transitions, and the
 * actions people take (request, approve, reject, revoke; renew). Each action validates its input,
 * moves the row with a conditional update (so two concurrent decisions cannot both win) and writes
 * its audit entry, all in one transaction.
 *
 *   requested ──approve──► approved ──revoke──► revoked
 *       │                     └──(expiry scan)──► expired
 *       └──reject──► rejected
 *
 * Renewal is a sub-state of `approved` (its own small table below, RENEWAL_TRANSITIONS): the
 * exception stays approved — and keeps waiving — while a renewal is pending and after.
 *
 *   none ──renew──► pending ──approve renewal──► approved ──renew──► pending …
 *                      │  └──reject renewal──► rejected ──renew──► pending …
 *                      └──(exception revoked or expired)──► closed
 */
import type { Kysely } from 'kysely'
import { getRule } from '../analysis/rules/index.js'
import type { Actor } from '../domain/actor.js'
import type { Clock } from '../domain/clock.js'
import { AppError } from '../domain/errors/app-error.js'
import { fieldError } from '../domain/errors/field-error.js'
import { newId } from '../domain/ids.js'
import { appendAuditEntry } from '../store/audit-log.js'
import type { Database } from '../store/database.js'
import {
  decideRenewal,
  getRiskException,
  insertRiskException,
  type RenewalStatus,
  type RiskException,
  type RiskExceptionStatus,
  requestRenewal,
  transitionRiskException,
} from '../store/risk-exceptions.js'
import type { Store } from '../store/store.js'
import { DAY_MS } from './days-remaining.js'

export const RISK_EXCEPTION_STATES = Object.freeze([
  'requested',
  'approved',
  'rejected',
  'revoked',
  'expired',
] as const)
export type RiskExceptionState = (typeof RISK_EXCEPTION_STATES)[number]

// The store's column type and this union must stay the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const statesMatchStore: Same<RiskExceptionState, RiskExceptionStatus> = true
void statesMatchStore

/** The allowed transitions, in one place. Terminal states allow none. */
export const RISK_EXCEPTION_TRANSITIONS: Readonly<Record<RiskExceptionState, readonly RiskExceptionState[]>> =
  Object.freeze({
    requested: Object.freeze(['approved', 'rejected'] as const),
    approved: Object.freeze(['revoked', 'expired'] as const),
    rejected: Object.freeze([] as const),
    revoked: Object.freeze([] as const),
    expired: Object.freeze([] as const),
  })

export function canTransition(from: RiskExceptionState, to: RiskExceptionState): boolean {
  return RISK_EXCEPTION_TRANSITIONS[from].includes(to)
}

/**
 * Renewal sub-states of an approved exception. `none`: never asked for. The exception must be
 * `approved` and unexpired for any move but `closed`, which happens in the same update that
 * moves the exception to `revoked` or `expired`. Decided renewals stay as the last decision.
 */
export const RENEWAL_STATES = Object.freeze(['none', 'pending', 'approved', 'rejected', 'closed'] as const)
export type RenewalState = (typeof RENEWAL_STATES)[number]

const renewalStatesMatchStore: Same<Exclude<RenewalState, 'none'>, RenewalStatus> = true
void renewalStatesMatchStore

/** The allowed renewal moves, in one place: one pending renewal at a time. */
export const RENEWAL_TRANSITIONS: Readonly<Record<RenewalState, readonly RenewalState[]>> = Object.freeze({
  none: Object.freeze(['pending'] as const),
  pending: Object.freeze(['approved', 'rejected', 'closed'] as const),
  approved: Object.freeze(['pending'] as const),
  rejected: Object.freeze(['pending'] as const),
  closed: Object.freeze([] as const),
})

/** The one exception state in which renewals are asked for and decided. */
export const RENEWABLE_STATE = 'approved' satisfies RiskExceptionState

export function canTransitionRenewal(from: RenewalState, to: RenewalState): boolean {
  return RENEWAL_TRANSITIONS[from].includes(to)
}

export function renewalStateOf(exception: RiskException): RenewalState {
  return exception.renewal?.status ?? 'none'
}

/** The longest an exception may run, from the time it is requested or approved. */
export const MAX_EXCEPTION_DAYS = 365

export interface RequestRiskExceptionInput {
  ruleId: string
  fileName: string
  /**
   * `<fileName>:<line>` as findings show it (for a project: `<path in project>:<line>`); null
   * waives the rule for the whole submission.
   */
  location: string | null
  /** A finding's fingerprint: waives that finding wherever its line moves (see finding-fingerprint.ts). */
  fingerprint?: string | null
  reason: string
  expiresAt: number
}

function checkExpiry(expiresAt: number, now: number, field: string): void {
  if (!Number.isFinite(expiresAt) || expiresAt <= now || expiresAt > now + MAX_EXCEPTION_DAYS * DAY_MS) {
    throw new AppError('INVALID_EXPIRY', {
      message: `${field} must be in the future and at most ${MAX_EXCEPTION_DAYS} days away.`,
      details: [{ field, reason: `must be in the future and at most ${MAX_EXCEPTION_DAYS} days away` }],
    })
  }
}

/** A member asks for an exception; it starts as `requested`. */
export async function requestRiskException(
  store: Store,
  clock: Clock,
  actor: Actor,
  input: RequestRiskExceptionInput,
): Promise<RiskException> {
  if (getRule(input.ruleId) === undefined) {
    throw new AppError('UNKNOWN_RULE', {
      message: `No rule "${input.ruleId}" (see GET /api/v1/rules).`,
      details: [{ field: 'body.ruleId', reason: 'is not a rule id', value: input.ruleId }],
    })
  }
  if (input.location !== null) {
    // A single file's findings are located in it; a project's in any of its files.
    const prefix = `${input.fileName}:`
    const inProject = /\.(zip|nupkg)$/i.test(input.fileName)
    const valid = inProject
      ? /^[^:]+:\d+$/.test(input.location)
      : input.location.startsWith(prefix) && /^\d+$/.test(input.location.slice(prefix.length))
    if (!valid) {
      throw fieldError(
        'body.location',
        inProject
          ? 'must be "<path in project>:<line>" as findings show it, e.g. "Framework/Process.xaml:42"'
          : `must be "<fileName>:<line>" as findings show it, e.g. "${prefix}42"`,
      )
    }
  }
  const now = clock.now()
  checkExpiry(input.expiresAt, now, 'body.expiresAt')
  const exception: RiskException = {
    id: newId(),
    orgId: actor.orgId,
    ruleId: input.ruleId,
    fileName: input.fileName,
    location: input.location,
    fingerprint: input.fingerprint ?? null,
    reason: input.reason,
    status: 'requested',
    expiresAt: input.expiresAt,
    requestedByEmail: actor.email,
    decidedByEmail: null,
    decidedAt: null,
    decisionReason: null,
    warnedAt: null,
    createdAt: now,
    updatedAt: now,
    renewal: null,
  }
  await store.transaction(async (trx) => {
    await insertRiskException(trx, exception)
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'exception.requested',
      targetType: 'risk_exception',
      targetId: exception.id,
      changes: {
        ruleId: exception.ruleId,
        fileName: exception.fileName,
        location: exception.location,
        ...(exception.fingerprint == null ? {} : { fingerprint: exception.fingerprint }),
        reason: exception.reason,
        expiresAt: new Date(exception.expiresAt).toISOString(),
      },
      at: now,
    })
  })
  return exception
}

type Decision = 'approved' | 'rejected' | 'revoked'

async function decide(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  to: Decision,
  options: { reason: string | null; expiresAt?: number | undefined },
): Promise<RiskException> {
  const now = clock.now()
  return store.transaction(async (trx) => {
    const current = await getRiskException(trx, actor.orgId, id)
    if (current === null) throw new AppError('NOT_FOUND')
    const invalid = () =>
      new AppError('INVALID_TRANSITION', {
        message: `The exception is ${current.status}; it cannot become ${to}.`,
        details: [
          {
            reason: `a ${current.status} exception cannot become ${to}`,
            status: current.status,
            allowed: RISK_EXCEPTION_TRANSITIONS[current.status],
          },
        ],
      })
    if (!canTransition(current.status, to)) throw invalid()

    let expiresAt: number | undefined
    if (to === 'approved') {
      if (options.expiresAt !== undefined) {
        checkExpiry(options.expiresAt, now, 'body.expiresAt')
        if (options.expiresAt > current.expiresAt) {
          throw new AppError('INVALID_EXPIRY', {
            message: `An approval may only shorten expiresAt (requested: ${new Date(current.expiresAt).toISOString()}).`,
            details: [{ field: 'body.expiresAt', reason: 'may only be moved earlier by an approval' }],
          })
        }
        if (options.expiresAt !== current.expiresAt) expiresAt = options.expiresAt
      } else if (current.expiresAt <= now) {
        throw new AppError('INVALID_EXPIRY', {
          message:
            'The requested expiresAt has passed; approve with an earlier-than-requested future expiresAt or request again.',
          details: [{ field: 'body.expiresAt', reason: 'is required: the requested expiresAt has passed' }],
        })
      }
    }

    const updated = await transitionRiskException(trx, {
      orgId: actor.orgId,
      id,
      from: current.status,
      to,
      at: now,
      decidedByEmail: actor.email,
      decisionReason: options.reason,
      expiresAt,
      // A renewal of a withdrawn exception has nothing left to extend.
      closePendingRenewal: to === 'revoked',
    })
    // Someone else decided between our read and our update.
    if (updated === null) throw invalid()

    const changes: Record<string, unknown> = { status: { from: current.status, to } }
    // `closed` only ever comes from pending, in this very update (a renewal request racing it
    // waited on the row, so `current` may not show it as pending).
    if (updated.renewal?.status === 'closed') changes.renewal = { from: 'pending', to: 'closed' }
    if (expiresAt !== undefined) {
      changes.expiresAt = {
        from: new Date(current.expiresAt).toISOString(),
        to: new Date(expiresAt).toISOString(),
      }
    }
    if (options.reason !== null) changes.decisionReason = { from: current.decisionReason, to: options.reason }
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: `exception.${to}`,
      targetType: 'risk_exception',
      targetId: id,
      changes,
      at: now,
    })
    return updated
  })
}

/** An admin approves a requested exception, optionally with an earlier `expiresAt`. */
export function approveRiskException(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  options: { expiresAt?: number | undefined; reason?: string | undefined } = {},
): Promise<RiskException> {
  return decide(store, clock, actor, id, 'approved', {
    reason: options.reason ?? null,
    expiresAt: options.expiresAt,
  })
}

/** An admin rejects a requested exception, saying why. */
export function rejectRiskException(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  reason: string,
): Promise<RiskException> {
  return decide(store, clock, actor, id, 'rejected', { reason })
}

/** An admin withdraws an approved exception before it expires; its waiver stops at once. */
export function revokeRiskException(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  reason: string | null = null,
): Promise<RiskException> {
  return decide(store, clock, actor, id, 'revoked', { reason })
}

// ── Renewal ─────────────────────────────────────────────────────────────────────────────────

/** The actor of audit entries the expiry scan writes (no person acted). */
export const EXPIRY_SCAN_ACTOR = 'system:exception-expiry-scan'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Why `exception` cannot take the renewal move `to` at `now`, or null when it can: the exception
 * must be approved and in force, and the renewal sub-state must allow the move.
 */
function renewalRefusal(
  exception: RiskException,
  now: number,
  to: 'pending' | 'approved' | 'rejected',
): AppError | null {
  const verb = to === 'pending' ? 'renewed' : 'have a renewal decided'
  if (exception.status !== RENEWABLE_STATE) {
    const reason = `the exception is ${exception.status}; only an approved exception can be ${verb}`
    return new AppError('INVALID_TRANSITION', {
      message: `The exception is ${exception.status}; only an approved, unexpired exception can be ${verb}.`,
      details: [{ reason, status: exception.status }],
    })
  }
  if (exception.expiresAt <= now) {
    return new AppError('INVALID_TRANSITION', {
      message: `The exception expired at ${iso(exception.expiresAt)}; request a new exception instead.`,
      details: [
        {
          reason: 'the exception has expired',
          status: exception.status,
          expiresAt: iso(exception.expiresAt),
        },
      ],
    })
  }
  const from = renewalStateOf(exception)
  if (canTransitionRenewal(from, to)) return null
  if (from === 'pending') {
    return new AppError('RENEWAL_PENDING', {
      message: `A renewal to ${iso(exception.renewal?.expiresAt ?? 0)} is already pending; an admin approves or rejects it first.`,
      details: [{ reason: 'a renewal is already pending', renewalStatus: from }],
    })
  }
  return new AppError('NO_PENDING_RENEWAL', {
    message: 'The exception has no pending renewal to decide (see its `renewal`).',
    details: [{ reason: 'no renewal is pending', renewalStatus: from }],
  })
}

function expiryRefusal(message: string, reason: string): AppError {
  return new AppError('INVALID_EXPIRY', { message, details: [{ field: 'body.expiresAt', reason }] })
}

export interface RenewRiskExceptionInput {
  /** The new expiry: later than the current one, at most MAX_EXCEPTION_DAYS from now. */
  expiresAt: number
  reason: string
}

function checkRenewalExpiry(current: RiskException, expiresAt: number, now: number): void {
  checkExpiry(expiresAt, now, 'body.expiresAt')
  if (expiresAt <= current.expiresAt) {
    throw expiryRefusal(
      `A renewal must move expiresAt later than the current ${iso(current.expiresAt)}.`,
      `must be later than the current expiresAt ${iso(current.expiresAt)}`,
    )
  }
}

/**
 * Any member asks to extend an approved, unexpired exception. The exception stays approved (and
 * keeps waiving) until an admin decides; at most one renewal is pending at a time.
 */
export async function requestRiskExceptionRenewal(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  input: RenewRiskExceptionInput,
): Promise<RiskException> {
  const now = clock.now()
  return store.transaction(async (trx) => {
    const current = await getRiskException(trx, actor.orgId, id)
    if (current === null) throw new AppError('NOT_FOUND')
    const refusal = renewalRefusal(current, now, 'pending')
    if (refusal !== null) throw refusal
    checkRenewalExpiry(current, input.expiresAt, now)

    const updated = await requestRenewal(trx, {
      orgId: actor.orgId,
      id,
      at: now,
      renewal: {
        id: newId(),
        expiresAt: input.expiresAt,
        reason: input.reason,
        requestedByEmail: actor.email,
      },
    })
    if (updated === null) {
      // e.g. a renewal approved meanwhile moved expiresAt past the one asked for.
      throw await raceRefusal(trx, actor.orgId, id, now, 'pending', (latest) =>
        checkRenewalExpiry(latest, input.expiresAt, now),
      )
    }

    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'exception.renewal_requested',
      targetType: 'risk_exception',
      targetId: id,
      changes: {
        renewal: { from: renewalStateOf(current), to: 'pending' },
        expiresAt: iso(input.expiresAt),
        reason: input.reason,
      },
      at: now,
    })
    return updated
  })
}

/** Someone else changed the row between our read and our conditional update: say what won. */
async function raceRefusal(
  trx: Kysely<Database>,
  orgId: string,
  id: string,
  now: number,
  to: 'pending' | 'approved' | 'rejected',
  recheck: (latest: RiskException) => void = () => {},
): Promise<AppError> {
  const latest = await getRiskException(trx, orgId, id)
  if (latest === null) return new AppError('NOT_FOUND')
  const refusal = renewalRefusal(latest, now, to)
  if (refusal !== null) return refusal
  try {
    recheck(latest)
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  return new AppError('INVALID_TRANSITION', {
    message: 'The exception changed while this request ran; read it again and retry.',
    details: [{ reason: 'the exception changed concurrently', status: latest.status }],
  })
}

async function decideRenewalOf(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  to: 'approved' | 'rejected',
  options: { reason: string | null; expiresAt?: number | undefined },
): Promise<RiskException> {
  const now = clock.now()
  return store.transaction(async (trx) => {
    const current = await getRiskException(trx, actor.orgId, id)
    if (current === null) throw new AppError('NOT_FOUND')
    const refusal = renewalRefusal(current, now, to)
    if (refusal !== null) throw refusal
    const renewal = current.renewal
    if (renewal === null) throw new AppError('NO_PENDING_RENEWAL')

    let expiresAt = renewal.expiresAt
    if (to === 'approved' && options.expiresAt !== undefined) {
      checkRenewalExpiry(current, options.expiresAt, now)
      if (options.expiresAt > renewal.expiresAt) {
        throw expiryRefusal(
          `An approval may only shorten the renewal's expiresAt (requested: ${iso(renewal.expiresAt)}).`,
          `must not be later than the requested ${iso(renewal.expiresAt)}`,
        )
      }
      expiresAt = options.expiresAt
    }

    const decision = {
      orgId: actor.orgId,
      id,
      renewalId: renewal.id,
      at: now,
      decidedByEmail: actor.email,
      decisionReason: options.reason,
    }
    const updated = await decideRenewal(
      trx,
      to === 'approved' ? { ...decision, to, expiresAt } : { ...decision, to },
    )
    if (updated === null) throw await raceRefusal(trx, actor.orgId, id, now, to)

    const changes: Record<string, unknown> = { renewal: { from: 'pending', to } }
    if (to === 'approved') {
      changes.expiresAt = { from: iso(current.expiresAt), to: iso(expiresAt) }
      // Cleared so the expiry scan warns again before the new date.
      if (current.warnedAt !== null) changes.warnedAt = { from: iso(current.warnedAt), to: null }
    }
    if (options.reason !== null) changes.decisionReason = options.reason
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: `exception.renewal_${to}`,
      targetType: 'risk_exception',
      targetId: id,
      changes,
      at: now,
    })
    return updated
  })
}

/**
 * An admin approves the pending renewal: expiresAt moves to the requested date (or an earlier
 * one that is still later than the current expiry) and the expiry-warning stamp is cleared.
 */
export function approveRiskExceptionRenewal(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  options: { expiresAt?: number | undefined; reason?: string | undefined } = {},
): Promise<RiskException> {
  return decideRenewalOf(store, clock, actor, id, 'approved', {
    reason: options.reason ?? null,
    expiresAt: options.expiresAt,
  })
}

/** An admin rejects the pending renewal, saying why; the exception runs to its current expiry. */
export function rejectRiskExceptionRenewal(
  store: Store,
  clock: Clock,
  actor: Actor,
  id: string,
  reason: string,
): Promise<RiskException> {
  return decideRenewalOf(store, clock, actor, id, 'rejected', { reason })
}

/**
 * The expiry scan's move for an overdue exception with a renewal pending: `expired`, and the
 * renewal `closed`, in one conditional update with its audit entry. False when another scan (or
 * a revoke) moved it first.
 */
export async function expireWithPendingRenewal(
  store: Store,
  exception: RiskException,
  now: number,
): Promise<boolean> {
  return store.transaction(async (trx) => {
    const updated = await transitionRiskException(trx, {
      orgId: exception.orgId,
      id: exception.id,
      from: 'approved',
      to: 'expired',
      at: now,
      closePendingRenewal: true,
      expiredBy: now,
    })
    if (updated === null) return false
    await appendAuditEntry(trx, {
      orgId: exception.orgId,
      actorEmail: EXPIRY_SCAN_ACTOR,
      action: 'exception.renewal_closed',
      targetType: 'risk_exception',
      targetId: exception.id,
      changes: {
        status: { from: 'approved', to: 'expired' },
        renewal: { from: 'pending', to: updated.renewal?.status ?? null },
      },
      at: now,
    })
    return true
  })
}
