/**
 * Renewal of an approved risk exception over HTTP, on both engines: any member asks
 * (`POST /api/v1/exceptions/{id}/renew`), an admin decides (`…/renewal/approve | reject`); the
 * exception keeps waiving throughout, and every step is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExceptionExpiryScan } from '../../src/risk-exceptions/expiry-scan.js'
import { EXPIRY_SCAN_ACTOR } from '../../src/risk-exceptions/risk-exception-lifecycle.js'
import { listAuditEntries } from '../../src/store/audit-log.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { emptyCatches } from '../helpers/validation-test-kit.js'

const DAY = 24 * 60 * 60 * 1000
const RULE = 'FC-UIP-ERR-001'

/** One empty catch: one FC-UIP-ERR-001 finding. */
const EMPTY_CATCH = emptyCatches(1)

interface Renewal {
  status: string
  expiresAt: string
  reason: string
  requestedByEmail: string
  requestedAt: string
  decidedByEmail: string | null
  decidedAt: string | null
  decisionReason: string | null
}
interface ExceptionBody {
  id: string
  fileName: string
  status: string
  expiresAt: string
  warnedAt: string | null
  renewal: Renewal | null
}

describe.each(testEngines())('risk exception renewal API on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  const iso = (ms: number) => new Date(ms).toISOString()
  const inDays = (days: number) => iso(t.clock.now() + days * DAY)
  let files = 0

  async function post(key: string, url: string, payload?: object) {
    return t.request(key, { method: 'POST', url, ...(payload !== undefined ? { payload } : {}) })
  }
  /** A new exception for its own file, approved (unless `approve` is false), expiring in `days`. */
  async function approved(days = 10, approve = true): Promise<ExceptionBody> {
    files += 1
    const created = await post(t.orgA.memberKey, '/api/v1/exceptions', {
      ruleId: RULE,
      fileName: `Renew-${engine}-${files}.xaml`,
      reason: 'Swallowed on purpose: retried by the queue.',
      expiresAt: inDays(days),
    })
    expect(created.statusCode, created.body).toBe(201)
    if (!approve) return created.json()
    const res = await post(t.orgA.adminKey, `/api/v1/exceptions/${created.json().id}/approve`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const renew = (id: string, payload: object, key = t.orgA.memberKey) =>
    post(key, `/api/v1/exceptions/${id}/renew`, payload)
  const decide = (id: string, decision: 'approve' | 'reject', payload?: object, key = t.orgA.adminKey) =>
    post(key, `/api/v1/exceptions/${id}/renewal/${decision}`, payload)
  async function get(id: string): Promise<ExceptionBody> {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/exceptions/${id}` })
    expect(res.statusCode).toBe(200)
    return res.json()
  }
  async function audit(id: string) {
    const entries = await listAuditEntries(t.testStore.store.db, { orgId: t.orgA.orgId, limit: 200 })
    return entries.filter((entry) => entry.targetId === id && entry.action.startsWith('exception.renewal'))
  }
  async function waivedIn(fileName: string): Promise<boolean> {
    const res = await post(t.orgA.memberKey, '/api/v1/validations', { fileName, content: EMPTY_CATCH })
    expect(res.statusCode, res.body).toBe(201)
    const findings = (res.json().findings as { ruleId: string; waived: boolean }[]).filter(
      (f) => f.ruleId === RULE,
    )
    expect(findings).toHaveLength(1)
    return findings[0]?.waived === true
  }
  function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
    expect(res.statusCode).toBe(status)
    const body = res.json() as { error: { code: string; message: string; details: unknown } }
    expect(body.error.code).toBe(code)
    expect(body.error.message.length).toBeGreaterThan(0)
    // The team-wide shape: details absent, or an array of { field?, reason, … }.
    if (body.error.details !== undefined) expect(Array.isArray(body.error.details)).toBe(true)
    return (body.error.details ?? []) as { field?: string; reason: string }[]
  }

  it('a member asks, an admin approves: expiresAt moves, the warning re-arms, findings stay waived throughout', async () => {
    const exception = await approved(5)
    const { id, fileName } = exception
    expect(exception.renewal).toBeNull()
    // The scan has warned it (5 days out, inside the default 7-day window).
    await runExceptionExpiryScan(t.testStore.store, t.clock)
    const warnedAt = iso(t.clock.now())
    expect((await get(id)).warnedAt).toBe(warnedAt)
    expect(await waivedIn(fileName)).toBe(true)

    t.clock.advance(1000)
    const asked = inDays(60)
    const requestedAt = iso(t.clock.now())
    const res = await renew(id, { expiresAt: asked, reason: 'The queue fix ships next quarter.' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      id,
      status: 'approved',
      expiresAt: exception.expiresAt,
      updatedAt: requestedAt,
      renewal: {
        status: 'pending',
        expiresAt: asked,
        reason: 'The queue fix ships next quarter.',
        requestedByEmail: 'member@org-a.test',
        requestedAt,
        decidedByEmail: null,
        decidedAt: null,
        decisionReason: null,
      },
    })
    expect(await get(id)).toEqual(res.json())
    expect(await waivedIn(fileName)).toBe(true) // pending: still waiving

    t.clock.advance(1000)
    const decided = await decide(id, 'approve', { reason: 'Agreed with security.' })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json()).toMatchObject({
      status: 'approved',
      expiresAt: asked,
      warnedAt: null,
      reason: 'Swallowed on purpose: retried by the queue.', // the exception's own reason stays
      renewal: {
        status: 'approved',
        expiresAt: asked,
        requestedByEmail: 'member@org-a.test',
        requestedAt,
        decidedByEmail: 'admin@org-a.test',
        decidedAt: iso(t.clock.now()),
        decisionReason: 'Agreed with security.',
      },
    })

    // Past the old expiry, before the new one: still waived, and the scan neither expires nor re-warns yet.
    t.clock.advance(6 * DAY)
    expect(await runExceptionExpiryScan(t.testStore.store, t.clock)).toEqual({ warned: 0, expired: 0 })
    expect(await waivedIn(fileName)).toBe(true)
    expect((await get(id)).status).toBe('approved')

    expect((await audit(id)).map((entry) => [entry.action, entry.actorEmail, entry.changes])).toEqual([
      [
        'exception.renewal_approved',
        'admin@org-a.test',
        {
          renewal: { from: 'pending', to: 'approved' },
          expiresAt: { from: exception.expiresAt, to: asked },
          warnedAt: { from: warnedAt, to: null },
          decisionReason: 'Agreed with security.',
        },
      ],
      [
        'exception.renewal_requested',
        'member@org-a.test',
        {
          renewal: { from: 'none', to: 'pending' },
          expiresAt: asked,
          reason: 'The queue fix ships next quarter.',
        },
      ],
    ])
  })

  it('an admin rejects (with a reason): expiresAt stays; the member may ask again', async () => {
    const exception = await approved(20)
    const { id } = exception
    expect((await renew(id, { expiresAt: inDays(90), reason: 'longer' })).statusCode).toBe(200)
    expectError(await decide(id, 'reject', {}), 400, 'VALIDATION_FAILED')
    const rejected = await decide(id, 'reject', { reason: 'Fix the catch instead.' })
    expect(rejected.statusCode, rejected.body).toBe(200)
    expect(rejected.json()).toMatchObject({
      status: 'approved',
      expiresAt: exception.expiresAt,
      renewal: {
        status: 'rejected',
        decidedByEmail: 'admin@org-a.test',
        decisionReason: 'Fix the catch instead.',
      },
    })
    expectError(await decide(id, 'approve'), 409, 'NO_PENDING_RENEWAL')

    const again = await renew(id, { expiresAt: inDays(30), reason: 'a shorter one, then' })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().renewal).toMatchObject({
      status: 'pending',
      decidedByEmail: null,
      decisionReason: null,
    })
    expect((await audit(id)).map((entry) => [entry.action, entry.changes.renewal])).toEqual([
      ['exception.renewal_requested', { from: 'rejected', to: 'pending' }],
      ['exception.renewal_rejected', { from: 'pending', to: 'rejected' }],
      ['exception.renewal_requested', { from: 'none', to: 'pending' }],
    ])
  })

  it('one pending renewal at a time (409 RENEWAL_PENDING); deciding none is 409 NO_PENDING_RENEWAL', async () => {
    const { id } = await approved(20)
    expectError(await decide(id, 'approve'), 409, 'NO_PENDING_RENEWAL')
    expectError(await decide(id, 'reject', { reason: 'no' }), 409, 'NO_PENDING_RENEWAL')
    expect((await renew(id, { expiresAt: inDays(40), reason: 'first' })).statusCode).toBe(200)
    expectError(
      await renew(id, { expiresAt: inDays(50), reason: 'second' }, t.orgA.adminKey),
      409,
      'RENEWAL_PENDING',
    )
    expect((await get(id)).renewal).toMatchObject({
      status: 'pending',
      reason: 'first',
      expiresAt: inDays(40),
    })
    expect(await audit(id)).toHaveLength(1)
  })

  it('an approval may shorten the renewal, but not below the current expiry nor past what was asked', async () => {
    const exception = await approved(10)
    const { id } = exception
    expect((await renew(id, { expiresAt: inDays(60), reason: 'r' })).statusCode).toBe(200)
    for (const expiresAt of [inDays(61), inDays(10), inDays(5), inDays(-1)]) {
      const details = expectError(await decide(id, 'approve', { expiresAt }), 422, 'INVALID_EXPIRY')
      expect(details[0]?.field).toBe('body.expiresAt')
    }
    expect((await get(id)).renewal?.status).toBe('pending')
    const shorter = inDays(30)
    const ok = await decide(id, 'approve', { expiresAt: shorter })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({
      expiresAt: shorter,
      renewal: { status: 'approved', expiresAt: shorter },
    })
  })

  it('members may ask but not decide (403, nothing changed); admins may ask too', async () => {
    const { id } = await approved(20)
    expect(
      (await renew(id, { expiresAt: inDays(40), reason: 'admin asks' }, t.orgA.adminKey)).statusCode,
    ).toBe(200)
    expectError(await decide(id, 'approve', undefined, t.orgA.memberKey), 403, 'FORBIDDEN_ROLE')
    expectError(await decide(id, 'reject', { reason: 'no' }, t.orgA.memberKey), 403, 'FORBIDDEN_ROLE')
    expect((await get(id)).renewal).toMatchObject({ status: 'pending', requestedByEmail: 'admin@org-a.test' })
  })

  it("another org's id, an unknown id and a non-UUID are 404, and change nothing", async () => {
    const { id } = await approved(20)
    expect((await renew(id, { expiresAt: inDays(40), reason: 'mine' })).statusCode).toBe(200)
    for (const target of [id, '01890000-0000-7000-8000-000000000000', 'not-a-uuid']) {
      expectError(
        await renew(target, { expiresAt: inDays(40), reason: 'x' }, t.orgB.memberKey),
        404,
        'NOT_FOUND',
      )
      expectError(await decide(target, 'approve', undefined, t.orgB.adminKey), 404, 'NOT_FOUND')
      expectError(await decide(target, 'reject', { reason: 'x' }, t.orgB.adminKey), 404, 'NOT_FOUND')
    }
    expect((await get(id)).renewal?.status).toBe('pending')
  })

  describe('bad input → clear 4xx, nothing changed', () => {
    it.each([
      ['not later than the current expiry', 10, 422, 'INVALID_EXPIRY'],
      ['earlier than the current expiry', 3, 422, 'INVALID_EXPIRY'],
      ['in the past', -1, 422, 'INVALID_EXPIRY'],
      ['more than 365 days from now', 366, 422, 'INVALID_EXPIRY'],
    ] as const)('expiresAt %s → %i %s naming body.expiresAt', async (_label, days, status, code) => {
      const { id } = await approved(10)
      const details = expectError(await renew(id, { expiresAt: inDays(days), reason: 'r' }), status, code)
      expect(details[0]).toMatchObject({ field: 'body.expiresAt', reason: expect.any(String) })
      expect((await get(id)).renewal).toBeNull()
      expect(await audit(id)).toEqual([])
    })

    it('wrong types, missing or unknown fields → 400 VALIDATION_FAILED', async () => {
      const { id } = await approved(10)
      for (const payload of [
        { expiresAt: t.clock.now() + 30 * DAY, reason: 'r' },
        { expiresAt: 'next tuesday', reason: 'r' },
        { expiresAt: inDays(30) },
        { expiresAt: inDays(30), reason: '' },
        { reason: 'r' },
        { expiresAt: inDays(30), reason: 'r', status: 'approved' },
      ]) {
        expectError(await renew(id, payload), 400, 'VALIDATION_FAILED')
      }
      expectError(await post(t.orgA.memberKey, `/api/v1/exceptions/${id}/renew`), 400, 'VALIDATION_FAILED')
      expectError(await decide(id, 'approve', { extra: true }), 400, 'VALIDATION_FAILED')
      expect((await get(id)).renewal).toBeNull()
    })
  })

  it('only an approved, unexpired exception can be renewed: otherwise 409 INVALID_TRANSITION', async () => {
    const valid = () => ({ expiresAt: inDays(100), reason: 'r' })
    const requested = await approved(10, false)
    const rejected = await approved(10, false)
    expect(
      (await post(t.orgA.adminKey, `/api/v1/exceptions/${rejected.id}/reject`, { reason: 'no' })).statusCode,
    ).toBe(200)
    const revoked = await approved(10)
    expect((await post(t.orgA.adminKey, `/api/v1/exceptions/${revoked.id}/revoke`)).statusCode).toBe(200)
    for (const [target, status] of [
      [requested, 'requested'],
      [rejected, 'rejected'],
      [revoked, 'revoked'],
    ] as const) {
      const details = expectError(await renew(target.id, valid()), 409, 'INVALID_TRANSITION')
      expect(details[0]).toMatchObject({ reason: expect.stringContaining(status), status })
      expectError(await decide(target.id, 'approve'), 409, 'INVALID_TRANSITION')
      expect((await get(target.id)).renewal).toBeNull()
    }

    // Past its expiry but before the scan has marked it: still refused, and it no longer waives.
    const lapsing = await approved(1)
    t.clock.advance(DAY)
    expectError(await renew(lapsing.id, valid()), 409, 'INVALID_TRANSITION')
    await runExceptionExpiryScan(t.testStore.store, t.clock)
    expect((await get(lapsing.id)).status).toBe('expired')
    expectError(await renew(lapsing.id, valid()), 409, 'INVALID_TRANSITION')
    expect((await get(lapsing.id)).renewal).toBeNull()
  })

  it('revoking closes a pending renewal in the same audited step; it cannot be decided after', async () => {
    const { id } = await approved(20)
    expect((await renew(id, { expiresAt: inDays(40), reason: 'r' })).statusCode).toBe(200)
    t.clock.advance(1000)
    const revoked = await post(t.orgA.adminKey, `/api/v1/exceptions/${id}/revoke`, { reason: 'fixed' })
    expect(revoked.statusCode, revoked.body).toBe(200)
    expect(revoked.json()).toMatchObject({
      status: 'revoked',
      renewal: { status: 'closed', decidedAt: iso(t.clock.now()), decidedByEmail: null },
    })
    expectError(await decide(id, 'approve'), 409, 'INVALID_TRANSITION')
    expectError(await decide(id, 'reject', { reason: 'late' }), 409, 'INVALID_TRANSITION')
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 200,
      action: 'exception.revoked',
    })
    expect(entries.find((entry) => entry.targetId === id)?.changes).toMatchObject({
      status: { from: 'approved', to: 'revoked' },
      renewal: { from: 'pending', to: 'closed' },
    })
  })

  it('the expiry scan closes a renewal still pending at the expiry, audited as the scan', async () => {
    const { id } = await approved(2)
    const other = await approved(2) // no renewal: expires in the batch, no renewal entry
    expect((await renew(id, { expiresAt: inDays(40), reason: 'nobody decided' })).statusCode).toBe(200)
    t.clock.advance(2 * DAY)
    const report = await runExceptionExpiryScan(t.testStore.store, t.clock)
    expect(report.expired).toBeGreaterThanOrEqual(2)
    expect(await get(id)).toMatchObject({
      status: 'expired',
      renewal: { status: 'closed', decidedAt: iso(t.clock.now()), decidedByEmail: null },
    })
    expect((await get(other.id)).renewal).toBeNull()
    expect((await audit(id)).map((entry) => [entry.action, entry.actorEmail, entry.changes])[0]).toEqual([
      'exception.renewal_closed',
      EXPIRY_SCAN_ACTOR,
      { status: { from: 'approved', to: 'expired' }, renewal: { from: 'pending', to: 'closed' } },
    ])
    expectError(await decide(id, 'approve'), 409, 'INVALID_TRANSITION')
  })

  it('racing decisions: of several approve and reject calls on one pending renewal exactly one wins', async () => {
    const { id } = await approved(20)
    expect((await renew(id, { expiresAt: inDays(60), reason: 'race' })).statusCode).toBe(200)
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 === 0 ? decide(id, 'approve') : decide(id, 'reject', { reason: `no ${i}` }),
      ),
    )
    const statuses = responses.map((res) => res.statusCode).sort()
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409])
    for (const res of responses.filter((r) => r.statusCode === 409))
      expect(res.json().error.code).toBe('NO_PENDING_RENEWAL')
    const decisions = (await audit(id)).filter((entry) => entry.action !== 'exception.renewal_requested')
    expect(decisions).toHaveLength(1)
    const winner = responses.find((res) => res.statusCode === 200)?.json() as ExceptionBody
    expect((await get(id)).renewal?.status).toBe(winner.renewal?.status)
  })

  it('racing requests: of several renew calls exactly one is pending', async () => {
    const { id } = await approved(20)
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => renew(id, { expiresAt: inDays(30 + i), reason: `ask ${i}` })),
    )
    expect(responses.map((res) => res.statusCode).sort()).toEqual([200, 409, 409, 409, 409])
    for (const res of responses.filter((r) => r.statusCode === 409))
      expect(res.json().error.code).toBe('RENEWAL_PENDING')
    const winner = responses.find((res) => res.statusCode === 200)?.json() as ExceptionBody
    expect((await get(id)).renewal).toEqual(winner.renewal)
    expect(await audit(id)).toHaveLength(1)
  })

  it('?renewal=pending lists exactly the exceptions whose renewal waits, newest first, paged, in the caller org only', async () => {
    const pending = await approved(20)
    expect((await renew(pending.id, { expiresAt: inDays(40), reason: 'still needed' })).statusCode).toBe(200)
    const none = await approved(20)
    const rejected = await approved(20)
    expect((await renew(rejected.id, { expiresAt: inDays(40), reason: 'please' })).statusCode).toBe(200)
    expect((await decide(rejected.id, 'reject', { reason: 'no' })).statusCode).toBe(200)
    const list = async (query: string, key = t.orgA.memberKey) => {
      const res = await t.request(key, { method: 'GET', url: `/api/v1/exceptions?${query}` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { items: ExceptionBody[]; nextCursor: string | null }
    }
    // What the filter must give: every exception of the org with a pending renewal (other cases
    // of this file left some), read here the slow way.
    const all = (await list('limit=200')).items
    const expected = all.filter((e) => e.renewal?.status === 'pending').map((e) => e.id)
    expect(expected).toContain(pending.id)
    const filtered = await list('renewal=pending&limit=200')
    expect(filtered.items.map((e) => e.id)).toEqual(expected)
    expect(filtered.items.map((e) => e.id)).not.toContain(none.id)
    expect(filtered.items.map((e) => e.id)).not.toContain(rejected.id)
    expect((await list('renewal=rejected&limit=200')).items.map((e) => e.id)).toContain(rejected.id)
    // Combined with status, and paged with the cursor like the rest of the list.
    expect((await list('renewal=pending&status=requested')).items).toEqual([])
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const page = await list(`renewal=pending&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
      walked.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(walked).toEqual(expected)
    // Another org sees none of org A's, and a state that is not a renewal state is refused.
    expect((await list('renewal=pending', t.orgB.adminKey)).items).toEqual([])
    const bad = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/exceptions?renewal=none' })
    expectError(bad, 400, 'VALIDATION_FAILED')
  })
})
