/**
 * The risk-exception lifecycle: its states, the ONE table of allowed transitions, and the
 * actions people take (request, approve, reject, revoke). Each action validates its input, moves
 * the row with a conditional update (so two concurrent decisions cannot both win) and writes its
 * audit entry, all in one transaction.
 *
 *   requested ──approve──► approved ──revoke──► revoked
 *       │                     └──(expiry scan)──► expired
 *       └──reject──► rejected
 */
import { getRule } from '../analysis/rules/index.js'
import type { Clock } from '../domain/clock.js'
import { AppError } from '../domain/errors/app-error.js'
import { newId } from '../domain/ids.js'
import { appendAuditEntry } from '../store/audit-log.js'
import {
  getRiskException,
  insertRiskException,
  type RiskException,
  type RiskExceptionStatus,
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

/** The longest an exception may run, from the time it is requested or approved. */
export const MAX_EXCEPTION_DAYS = 365

/** Who acts: the org they act in and their email (from their API key). */
export interface Actor {
  orgId: string
  email: string
}

export interface RequestRiskExceptionInput {
  ruleId: string
  fileName: string
  /** `<fileName>:<line>` as findings show it; null waives the rule for the whole file. */
  location: string | null
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

function fieldError(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', { message: `${field} ${reason}`, details: [{ field, reason }] })
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
    const prefix = `${input.fileName}:`
    if (!input.location.startsWith(prefix) || !/^\d+$/.test(input.location.slice(prefix.length))) {
      throw fieldError('body.location', `must be "<fileName>:<line>" as findings show it, e.g. "${prefix}42"`)
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
    })
    // Someone else decided between our read and our update.
    if (updated === null) throw invalid()

    const changes: Record<string, unknown> = { status: { from: current.status, to } }
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
