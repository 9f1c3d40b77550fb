/**
 * Renewal races, on both engines. What settles them is the conditional update on the exception's
 * row (src/store/risk-exceptions.ts), so the first part calls those updates with stale
 * expectations directly — the case the lifecycle's own read cannot catch. Then concurrent
 * lifecycle calls (two stores on PostgreSQL), and on PostgreSQL a decision that reads before a
 * rival commits and must lose to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/domain/actor.js'
import { ManualClock } from '../../src/domain/clock.js'
import { AppError } from '../../src/domain/errors/app-error.js'
import { newId } from '../../src/domain/ids.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import {
  approveRiskExceptionRenewal,
  rejectRiskExceptionRenewal,
  requestRiskExceptionRenewal,
  revokeRiskException,
} from '../../src/risk-exceptions/risk-exception-lifecycle.js'
import { listAuditEntries } from '../../src/store/audit-log.js'
import {
  decideRenewal,
  expireOverdueBatch,
  getRiskException,
  insertRiskException,
  type RiskException,
  requestRenewal,
  transitionRiskException,
} from '../../src/store/risk-exceptions.js'
import type { Store } from '../../src/store/store.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** The error code a lifecycle call failed with, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'ok'
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
}

describe.each(testEngines())('renewal races on %s', (engine) => {
  let t: TestStore
  let clock: ManualClock
  let orgId: string
  let member: Actor
  let admin: Actor

  beforeEach(async () => {
    t = await openTestStore(engine)
    clock = new ManualClock(Date.parse('2026-05-22T04:00:00.000Z'))
    orgId = (await createOrg(t.store, { name: 'a', adminEmail: 'admin@a.test', at: clock.now() })).orgId
    member = { orgId, email: 'member@a.test' }
    admin = { orgId, email: 'admin@a.test' }
  })
  afterEach(() => t.cleanup())

  async function approvedException(expiresInDays = 10): Promise<RiskException> {
    const row = {
      id: newId(),
      orgId,
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Main.xaml',
      location: null,
      reason: 'races',
      status: 'approved' as const,
      expiresAt: clock.now() + expiresInDays * DAY_MS,
      requestedByEmail: member.email,
      decidedByEmail: admin.email,
      decidedAt: clock.now(),
      decisionReason: null,
      warnedAt: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    }
    await insertRiskException(t.store.db, row)
    return { ...row, renewal: null }
  }
  const read = async (id: string) => (await getRiskException(t.store.db, orgId, id)) as RiskException
  const renewalEntries = async (id: string) =>
    (await listAuditEntries(t.store.db, { orgId, limit: 500 })).filter(
      (entry) => entry.targetId === id && entry.action !== 'exception.renewal_requested',
    )
  const ask = (store: Store, id: string, days: number) =>
    requestRiskExceptionRenewal(store, clock, member, id, {
      expiresAt: clock.now() + days * DAY_MS,
      reason: `to ${days} days`,
    })

  describe('the conditional updates refuse stale expectations', () => {
    it('a decision naming a renewal that is no longer the pending one updates nothing', async () => {
      const { id } = await approvedException()
      const first = (await ask(t.store, id, 30)).renewal
      await rejectRiskExceptionRenewal(t.store, clock, admin, id, 'no')
      await ask(t.store, id, 20)
      const stale = await decideRenewal(t.store.db, {
        orgId,
        id,
        renewalId: first?.id as string,
        at: clock.now(),
        decidedByEmail: admin.email,
        decisionReason: null,
        to: 'approved',
        expiresAt: first?.expiresAt as number,
      })
      expect(stale).toBeNull()
      expect((await read(id)).renewal).toMatchObject({ status: 'pending', reason: 'to 20 days' })
    })

    it('a second request while one is pending, or one not later than the current expiry, updates nothing', async () => {
      const { id, expiresAt } = await approvedException()
      const renewal = { id: newId(), reason: 'r', requestedByEmail: member.email }
      expect(
        await requestRenewal(t.store.db, {
          orgId,
          id,
          at: clock.now(),
          renewal: { ...renewal, expiresAt },
        }),
      ).toBeNull()
      await ask(t.store, id, 30)
      expect(
        await requestRenewal(t.store.db, {
          orgId,
          id,
          at: clock.now(),
          renewal: { ...renewal, expiresAt: expiresAt + 60 * DAY_MS },
        }),
      ).toBeNull()
      expect((await read(id)).renewal?.reason).toBe('to 30 days')
    })

    it('nothing is requested or decided on a revoked or lapsed exception', async () => {
      const revoked = await approvedException()
      const pending = (await ask(t.store, revoked.id, 30)).renewal
      await transitionRiskException(t.store.db, {
        orgId,
        id: revoked.id,
        from: 'approved',
        to: 'revoked',
        at: clock.now(),
        closePendingRenewal: true,
      })
      const decision = {
        orgId,
        id: revoked.id,
        renewalId: pending?.id as string,
        at: clock.now(),
        decidedByEmail: admin.email,
        decisionReason: null,
      }
      expect(await decideRenewal(t.store.db, { ...decision, to: 'rejected' })).toBeNull()
      expect((await read(revoked.id)).renewal?.status).toBe('closed')

      const lapsed = await approvedException(1)
      const lapsedRenewal = (await ask(t.store, lapsed.id, 30)).renewal
      const later = clock.now() + DAY_MS
      expect(
        await decideRenewal(t.store.db, {
          ...decision,
          id: lapsed.id,
          renewalId: lapsedRenewal?.id as string,
          at: later,
          to: 'approved',
          expiresAt: clock.now() + 30 * DAY_MS,
        }),
      ).toBeNull()
      expect(
        await requestRenewal(t.store.db, {
          orgId,
          id: (await approvedException(1)).id,
          at: later,
          renewal: { id: newId(), expiresAt: later + DAY_MS, reason: 'r', requestedByEmail: member.email },
        }),
      ).toBeNull()
      // The batch expiry leaves the pending one to the scan's audited path.
      expect(await expireOverdueBatch(t.store.db, later, 100)).toBe(1)
      expect((await read(lapsed.id)).status).toBe('approved')
    })
  })

  it('concurrent approve, reject and revoke: one consistent outcome, audited once per winner', async () => {
    const second = engine === 'postgres' ? t.open() : t.store
    for (let round = 0; round < 8; round += 1) {
      const { id } = await approvedException()
      const asked = await ask(t.store, id, 40)
      const [approved, rejected, revoked] = await Promise.all([
        outcome(approveRiskExceptionRenewal(t.store, clock, admin, id)),
        outcome(rejectRiskExceptionRenewal(second, clock, admin, id, 'no')),
        outcome(revokeRiskException(round % 2 === 0 ? second : t.store, clock, admin, id, 'done')),
      ])
      expect(revoked).toBe('ok')
      const final = await read(id)
      expect(final.status).toBe('revoked')
      const winners = [approved, rejected].filter((result) => result === 'ok')
      expect(winners.length).toBeLessThanOrEqual(1)
      for (const result of [approved, rejected])
        expect(['ok', 'NO_PENDING_RENEWAL', 'INVALID_TRANSITION']).toContain(result)
      if (approved === 'ok') {
        expect(final.renewal?.status).toBe('approved')
        expect(final.expiresAt).toBe(asked.renewal?.expiresAt)
      } else if (rejected === 'ok') {
        expect(final.renewal?.status).toBe('rejected')
      } else {
        expect(final.renewal?.status).toBe('closed')
      }
      const entries = (await renewalEntries(id)).map((entry) => entry.action).sort()
      expect(entries).toEqual(
        [
          'exception.revoked',
          ...(approved === 'ok' ? ['exception.renewal_approved'] : []),
          ...(rejected === 'ok' ? ['exception.renewal_rejected'] : []),
        ].sort(),
      )
      const revokedEntry = (await renewalEntries(id)).find((entry) => entry.action === 'exception.revoked')
      expect(revokedEntry?.changes.renewal).toEqual(
        winners.length === 0 ? { from: 'pending', to: 'closed' } : undefined,
      )
    }
  })

  it('concurrent requests from two stores: exactly one pending renewal, one audit entry', async () => {
    const second = engine === 'postgres' ? t.open() : t.store
    const { id } = await approvedException()
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => outcome(ask(i % 2 === 0 ? t.store : second, id, 20 + i))),
    )
    expect(results.sort()).toEqual([
      'RENEWAL_PENDING',
      'RENEWAL_PENDING',
      'RENEWAL_PENDING',
      'RENEWAL_PENDING',
      'RENEWAL_PENDING',
      'ok',
    ])
    const requests = (await listAuditEntries(t.store.db, { orgId, limit: 50 })).filter(
      (entry) => entry.targetId === id && entry.action === 'exception.renewal_requested',
    )
    expect(requests).toHaveLength(1)
    expect((await read(id)).renewal?.reason).toBe(requests[0]?.changes.reason)
  })

  // A transaction held open by one connection while another acts needs an engine with several
  // writers (SQLite runs one writer: the second would simply wait its turn).
  describe.runIf(engine === 'postgres')('a rival that read before the winner committed', () => {
    async function holding(store: Store, act: (trx: Store['db']) => Promise<unknown>) {
      const acted = deferred()
      const release = deferred()
      const done = store.transaction(async (trx) => {
        await act(trx)
        acted.resolve()
        await release.promise
      })
      await acted.promise
      return {
        commit: async () => {
          // Long enough for the rival to have read and to be waiting on the row lock.
          await new Promise((resolve) => setTimeout(resolve, 150))
          release.resolve()
          await done
        },
      }
    }

    it('a reject that read the renewal as pending loses to an approval committing meanwhile', async () => {
      const { id } = await approvedException()
      const asked = (await ask(t.store, id, 30)).renewal
      const winner = await holding(t.store, (trx) =>
        decideRenewal(trx, {
          orgId,
          id,
          renewalId: asked?.id as string,
          at: clock.now(),
          decidedByEmail: admin.email,
          decisionReason: null,
          to: 'approved',
          expiresAt: asked?.expiresAt as number,
        }),
      )
      const rival = outcome(rejectRiskExceptionRenewal(t.open(), clock, admin, id, 'too late'))
      await winner.commit()
      expect(await rival).toBe('NO_PENDING_RENEWAL')
      expect((await read(id)).renewal?.status).toBe('approved')
      expect(await renewalEntries(id)).toEqual([])
    })

    it('a renewal request that read the exception as approved loses to a revoke committing meanwhile', async () => {
      const { id } = await approvedException()
      const winner = await holding(t.store, (trx) =>
        transitionRiskException(trx, {
          orgId,
          id,
          from: 'approved',
          to: 'revoked',
          at: clock.now(),
          closePendingRenewal: true,
        }),
      )
      const rival = outcome(ask(t.open(), id, 30))
      await winner.commit()
      expect(await rival).toBe('INVALID_TRANSITION')
      expect(await read(id)).toMatchObject({ status: 'revoked', renewal: null })
    })

    it('a request that read the old expiry loses to a renewal approved meanwhile past what it asks', async () => {
      const { id } = await approvedException()
      const winner = await holding(t.store, async (trx) => {
        const renewalId = newId()
        const expiresAt = clock.now() + 60 * DAY_MS
        const renewal = { id: renewalId, expiresAt, reason: 'r', requestedByEmail: member.email }
        await requestRenewal(trx, { orgId, id, at: clock.now(), renewal })
        const decision = { decidedByEmail: admin.email, decisionReason: null, to: 'approved' as const }
        await decideRenewal(trx, { orgId, id, renewalId, at: clock.now(), expiresAt, ...decision })
      })
      const rival = outcome(ask(t.open(), id, 30))
      await winner.commit()
      expect(await rival).toBe('INVALID_EXPIRY')
      expect(await read(id)).toMatchObject({
        expiresAt: clock.now() + 60 * DAY_MS,
        renewal: { status: 'approved' },
      })
    })

    it('a revoke that read no pending renewal still closes one committed meanwhile, and audits it', async () => {
      const { id } = await approvedException()
      const winner = await holding(t.store, (trx) =>
        requestRenewal(trx, {
          orgId,
          id,
          at: clock.now(),
          renewal: {
            id: newId(),
            expiresAt: clock.now() + 30 * DAY_MS,
            reason: 'r',
            requestedByEmail: member.email,
          },
        }),
      )
      const rival = outcome(revokeRiskException(t.open(), clock, admin, id, 'done'))
      await winner.commit()
      expect(await rival).toBe('ok')
      expect((await read(id)).renewal?.status).toBe('closed')
      const [revoked] = await renewalEntries(id)
      expect(revoked?.changes.renewal).toEqual({ from: 'pending', to: 'closed' })
    })
  })
})
