import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/domain/clock.js'
import { getEventType } from '../../src/domain/events/event-schemas.js'
import { newId } from '../../src/domain/ids.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import { runExceptionExpiryScan } from '../../src/risk-exceptions/expiry-scan.js'
import {
  approveRiskExceptionRenewal,
  rejectRiskExceptionRenewal,
  requestRiskExceptionRenewal,
} from '../../src/risk-exceptions/risk-exception-lifecycle.js'
import { listEvents } from '../../src/store/events.js'
import { saveOrgSettings } from '../../src/store/org-settings.js'
import {
  getRiskException,
  insertRiskException,
  type RiskException,
  type RiskExceptionStatus,
} from '../../src/store/risk-exceptions.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

const HOUR_MS = 60 * 60 * 1000

const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats.default(ajv)
const expiringSoonSchema = getEventType('exception.expiring_soon')?.schema
if (expiringSoonSchema === undefined) throw new Error('no exception.expiring_soon schema')
const validateExpiringSoon = ajv.compile(expiringSoonSchema)

describe.each(testEngines())('exception expiry scan on %s', (engine) => {
  let t: TestStore
  let clock: ManualClock
  let orgA: string
  let orgB: string

  beforeEach(async () => {
    t = await openTestStore(engine)
    clock = new ManualClock(Date.parse('2026-05-22T04:00:00.000Z'))
    orgA = (await createOrg(t.store, { name: 'a', adminEmail: 'admin@a.test', at: clock.now() })).orgId
    orgB = (await createOrg(t.store, { name: 'b', adminEmail: 'admin@b.test', at: clock.now() })).orgId
  })
  afterEach(() => t.cleanup())

  async function exception(
    orgId: string,
    expiresAt: number,
    status: RiskExceptionStatus = 'approved',
    extra: Partial<RiskException> = {},
  ): Promise<RiskException> {
    const row: RiskException = {
      id: newId(),
      orgId,
      ruleId: 'FC-UIP-HCD-001',
      fileName: 'Main.xaml',
      location: 'Main.xaml:42',
      reason: 'Documented credential injected at runtime by Orchestrator.',
      status,
      expiresAt,
      requestedByEmail: 'ops-lead@example.com',
      decidedByEmail: status === 'requested' ? null : 'admin@a.test',
      decidedAt: status === 'requested' ? null : clock.now() - DAY_MS,
      decisionReason: null,
      warnedAt: null,
      createdAt: clock.now() - 2 * DAY_MS,
      updatedAt: clock.now() - DAY_MS,
      renewal: null,
      ...extra,
    }
    await insertRiskException(t.store.db, row)
    return row
  }

  const events = async (orgId: string) =>
    (await listEvents(t.store.db, { orgId, event: 'exception.expiring_soon' })).map((e) =>
      JSON.parse(e.envelopeJson),
    )

  it("fires exception.expiring_soon with the spec's exact payload, stamps warnedAt, and validates against the schema", async () => {
    // The spec's example: fired 2026-05-22T04:00Z, expiring 2026-05-28T00:00Z (5 d 20 h) → 6.
    const row = await exception(orgA, Date.parse('2026-05-28T00:00:00.000Z'))
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 1, expired: 0 })

    const [envelope, ...rest] = await events(orgA)
    expect(rest).toEqual([])
    const stored = (await listEvents(t.store.db, { orgId: orgA }))[0]
    // Byte for byte: the keys in the spec's order.
    expect(stored?.envelopeJson).toBe(
      JSON.stringify({
        event: 'exception.expiring_soon',
        orgId: orgA,
        occurredAt: '2026-05-22T04:00:00.000Z',
        data: {
          exceptionId: row.id,
          ruleId: 'FC-UIP-HCD-001',
          fileName: 'Main.xaml',
          location: 'Main.xaml:42',
          reason: 'Documented credential injected at runtime by Orchestrator.',
          expiresAt: '2026-05-28T00:00:00.000Z',
          daysRemaining: 6,
          requestedByEmail: 'ops-lead@example.com',
        },
      }),
    )
    expect(validateExpiringSoon(envelope), JSON.stringify(validateExpiringSoon.errors)).toBe(true)
    expect((await getRiskException(t.store.db, orgA, row.id))?.warnedAt).toBe(clock.now())
  })

  it('fires each exception at most once: a rerun the next day fires nothing', async () => {
    await exception(orgA, clock.now() + 3 * DAY_MS)
    await exception(orgA, clock.now() + 6 * DAY_MS, 'approved', { location: null })
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(2)
    clock.advance(DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 0 })
    const fired = await events(orgA)
    expect(fired).toHaveLength(2)
    for (const envelope of fired)
      expect(validateExpiringSoon(envelope), JSON.stringify(validateExpiringSoon.errors)).toBe(true)
    expect(fired.map((e) => e.data.location).sort()).toEqual(['Main.xaml:42', null].sort())
  })

  it("uses each org's own warning window (default 7 days)", async () => {
    await saveOrgSettings(
      t.store.db,
      orgB,
      { scoreThreshold: null, exceptionWarningDays: 14, defaultPolicyPack: 'uipath-reframework-baseline' },
      clock.now(),
    )
    const a7 = await exception(orgA, clock.now() + 7 * DAY_MS)
    const a8 = await exception(orgA, clock.now() + 8 * DAY_MS)
    const b8 = await exception(orgB, clock.now() + 8 * DAY_MS)
    const b14 = await exception(orgB, clock.now() + 14 * DAY_MS)
    const b15 = await exception(orgB, clock.now() + 15 * DAY_MS)
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(3)
    expect((await events(orgA)).map((e) => e.data.exceptionId)).toEqual([a7.id])
    expect(new Set((await events(orgB)).map((e) => e.data.exceptionId))).toEqual(new Set([b8.id, b14.id]))
    expect((await events(orgB)).find((e) => e.data.exceptionId === b14.id)?.data.daysRemaining).toBe(14)
    expect((await getRiskException(t.store.db, orgA, a8.id))?.warnedAt).toBeNull()
    expect((await getRiskException(t.store.db, orgB, b15.id))?.warnedAt).toBeNull()

    // A day later a8 and b15 enter their windows.
    clock.advance(DAY_MS)
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(2)
  })

  it('warns only approved exceptions; never requested, rejected, revoked or already warned ones', async () => {
    await exception(orgA, clock.now() + 2 * DAY_MS, 'requested')
    await exception(orgA, clock.now() + 2 * DAY_MS, 'rejected')
    await exception(orgA, clock.now() + 2 * DAY_MS, 'revoked')
    await exception(orgA, clock.now() + 2 * DAY_MS, 'approved', { warnedAt: clock.now() - DAY_MS })
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 0 })
    expect(await events(orgA)).toEqual([])
  })

  it('moves approved exceptions past expiresAt to expired (without warning them), and nothing else', async () => {
    const overdue = await exception(orgA, clock.now() - HOUR_MS)
    const exactlyNow = await exception(orgA, clock.now())
    const requestedPast = await exception(orgA, clock.now() - HOUR_MS, 'requested')
    const future = await exception(orgA, clock.now() + 30 * DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 2 })
    const status = async (row: RiskException) => (await getRiskException(t.store.db, orgA, row.id))?.status
    expect(await status(overdue)).toBe('expired')
    expect(await status(exactlyNow)).toBe('expired')
    expect(await status(requestedPast)).toBe('requested')
    expect(await status(future)).toBe('approved')
    expect(await events(orgA)).toEqual([])
  })

  it('a warned exception expires later; daysRemaining counts down in whole days, rounded up', async () => {
    const row = await exception(orgA, clock.now() + 2 * DAY_MS + HOUR_MS)
    await runExceptionExpiryScan(t.store, clock)
    expect((await events(orgA))[0]?.data.daysRemaining).toBe(3)
    clock.advance(3 * DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 1 })
    expect((await getRiskException(t.store.db, orgA, row.id))?.status).toBe('expired')
  })

  it('works in pages: more exceptions than one batch, across windows that skip rows', async () => {
    await saveOrgSettings(
      t.store.db,
      orgB,
      { scoreThreshold: null, exceptionWarningDays: 30, defaultPolicyPack: 'uipath-reframework-baseline' },
      clock.now(),
    )
    for (let i = 0; i < 12; i += 1) await exception(orgA, clock.now() + (i % 3) * DAY_MS + HOUR_MS)
    for (let i = 0; i < 7; i += 1) await exception(orgB, clock.now() + 20 * DAY_MS)
    for (let i = 0; i < 5; i += 1) await exception(orgA, clock.now() + 20 * DAY_MS) // outside a's 7 days
    for (let i = 0; i < 8; i += 1) await exception(orgA, clock.now() - i * HOUR_MS - 1)
    expect(await runExceptionExpiryScan(t.store, clock, { batchSize: 3 })).toEqual({ warned: 19, expired: 8 })
    expect(await events(orgA)).toHaveLength(12)
    expect(await events(orgB)).toHaveLength(7)
    expect(await runExceptionExpiryScan(t.store, clock, { batchSize: 3 })).toEqual({ warned: 0, expired: 0 })
  })

  it('an approved renewal re-arms the warning: the scan warns again before the new expiresAt', async () => {
    const row = await exception(orgA, clock.now() + 3 * DAY_MS)
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(1)
    const member = { orgId: orgA, email: 'ops-lead@example.com' }
    const admin = { orgId: orgA, email: 'admin@a.test' }
    const renewedTo = clock.now() + 20 * DAY_MS
    await requestRiskExceptionRenewal(t.store, clock, member, row.id, {
      expiresAt: renewedTo,
      reason: 'again',
    })
    // Pending: nothing changes for the scan (already warned for the current date).
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(0)
    const approved = await approveRiskExceptionRenewal(t.store, clock, admin, row.id)
    expect(approved).toMatchObject({ status: 'approved', expiresAt: renewedTo, warnedAt: null })

    // 20 days out is outside the 7-day window: no warning until 13 days later.
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(0)
    clock.advance(12 * DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 0 })
    clock.advance(DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 1, expired: 0 })
    const fired = await events(orgA) // newest first
    expect(fired.map((e) => [e.data.exceptionId, e.data.expiresAt, e.data.daysRemaining])).toEqual([
      [row.id, new Date(renewedTo).toISOString(), 7],
      [row.id, new Date(row.expiresAt).toISOString(), 3],
    ])
    for (const envelope of fired)
      expect(validateExpiringSoon(envelope), JSON.stringify(validateExpiringSoon.errors)).toBe(true)
    // …and, as before, only once per date.
    clock.advance(DAY_MS)
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(0)
  })

  it('a rejected renewal leaves the stamp: no second warning for the same date', async () => {
    const row = await exception(orgA, clock.now() + 3 * DAY_MS)
    expect((await runExceptionExpiryScan(t.store, clock)).warned).toBe(1)
    await requestRiskExceptionRenewal(t.store, clock, { orgId: orgA, email: 'm@a.test' }, row.id, {
      expiresAt: clock.now() + 20 * DAY_MS,
      reason: 'again',
    })
    await rejectRiskExceptionRenewal(t.store, clock, { orgId: orgA, email: 'admin@a.test' }, row.id, 'no')
    expect((await getRiskException(t.store.db, orgA, row.id))?.warnedAt).toBe(clock.now())
    clock.advance(DAY_MS)
    expect(await runExceptionExpiryScan(t.store, clock)).toEqual({ warned: 0, expired: 0 })
    expect(await events(orgA)).toHaveLength(1)
  })

  it('expires rows with a pending renewal one by one (closing it) in pages, beside the batch', async () => {
    const pending: RiskException[] = []
    for (let i = 0; i < 7; i += 1) {
      const row = await exception(orgA, clock.now() + HOUR_MS)
      await requestRiskExceptionRenewal(t.store, clock, { orgId: orgA, email: 'm@a.test' }, row.id, {
        expiresAt: clock.now() + 30 * DAY_MS,
        reason: `renew ${i}`,
      })
      pending.push(row)
    }
    for (let i = 0; i < 4; i += 1) await exception(orgB, clock.now() + HOUR_MS)
    clock.advance(2 * HOUR_MS)
    expect(await runExceptionExpiryScan(t.store, clock, { batchSize: 3 })).toEqual({ warned: 0, expired: 11 })
    for (const row of pending) {
      expect(await getRiskException(t.store.db, orgA, row.id)).toMatchObject({
        status: 'expired',
        renewal: { status: 'closed', decidedAt: clock.now() },
      })
    }
    expect(await runExceptionExpiryScan(t.store, clock, { batchSize: 3 })).toEqual({ warned: 0, expired: 0 })
  })

  // Two writers at once need an engine made for them (SQLite runs one process, one writer).
  it.runIf(engine === 'postgres')(
    'two scans at the same moment fire each exception exactly once',
    async () => {
      const rows: RiskException[] = []
      for (let i = 0; i < 40; i += 1)
        rows.push(await exception(i % 2 === 0 ? orgA : orgB, clock.now() + (i % 7) * DAY_MS + HOUR_MS))
      for (let i = 0; i < 10; i += 1) await exception(orgA, clock.now() - HOUR_MS)
      const second = t.open()
      const reports = await Promise.all([
        runExceptionExpiryScan(t.store, clock, { batchSize: 7 }),
        runExceptionExpiryScan(second, clock, { batchSize: 7 }),
      ])
      expect(reports[0].warned + reports[1].warned).toBe(40)
      expect(reports[0].expired + reports[1].expired).toBe(10)
      const fired = [...(await events(orgA)), ...(await events(orgB))]
      expect(fired).toHaveLength(40)
      expect(new Set(fired.map((e) => e.data.exceptionId))).toEqual(new Set(rows.map((r) => r.id)))
    },
  )
})
