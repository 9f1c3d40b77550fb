import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExceptionExpiryScan } from '../../src/risk-exceptions/expiry-scan.js'
import { listAuditEntries } from '../../src/store/audit-log.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { emptyCatches } from '../helpers/validation-test-kit.js'

const DAY = 24 * 60 * 60 * 1000
const RULE = 'FC-UIP-ERR-001'

interface ResultFinding {
  ruleId: string
  severity: string
  location: string
  waived: boolean
  exceptionId: string | null
}
interface ResultBody {
  passed: boolean
  score: number
  summary: Record<'critical' | 'high' | 'medium' | 'low' | 'total', number>
  findings: ResultFinding[]
}

describe.each(testEngines())('risk exceptions API on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  const iso = (ms: number) => new Date(ms).toISOString()
  const inDays = (days: number) => iso(t.clock.now() + days * DAY)

  function create(payload: object, key = t.orgA.memberKey) {
    return t.request(key, { method: 'POST', url: '/api/v1/exceptions', payload })
  }
  async function requested(overrides: object = {}): Promise<{ id: string; expiresAt: string }> {
    const res = await create({
      ruleId: RULE,
      fileName: 'Main.xaml',
      reason: 'Swallowed on purpose: retried by the queue.',
      expiresAt: inDays(30),
      ...overrides,
    })
    expect(res.statusCode).toBe(201)
    return res.json()
  }
  function act(id: string, action: 'approve' | 'reject' | 'revoke', payload?: object, key = t.orgA.adminKey) {
    return t.request(key, {
      method: 'POST',
      url: `/api/v1/exceptions/${id}/${action}`,
      ...(payload !== undefined ? { payload } : {}),
    })
  }
  async function statusOf(id: string): Promise<string> {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/exceptions/${id}` })
    expect(res.statusCode).toBe(200)
    return res.json().status
  }
  async function count(key = t.orgA.adminKey): Promise<number> {
    const res = await t.request(key, { method: 'GET', url: '/api/v1/exceptions?limit=200' })
    return res.json().items.length
  }
  async function validate(fileName: string, content: string, key = t.orgA.memberKey): Promise<ResultBody> {
    const res = await t.request(key, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName, content },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  it('a member requests an exception: 201 with the full shape; requestedByEmail comes from the key', async () => {
    const expiresAt = inDays(30)
    const res = await create({
      ruleId: RULE,
      fileName: 'Main.xaml',
      location: 'Main.xaml:42',
      reason: 'Handled by the caller.',
      expiresAt,
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ruleId: RULE,
      fileName: 'Main.xaml',
      location: 'Main.xaml:42',
      // Requested by location, not by a finding's fingerprint.
      fingerprint: null,
      reason: 'Handled by the caller.',
      status: 'requested',
      expiresAt,
      requestedByEmail: 'member@org-a.test',
      decidedByEmail: null,
      decidedAt: null,
      decisionReason: null,
      warnedAt: null,
      createdAt: iso(t.clock.now()),
      updatedAt: iso(t.clock.now()),
      renewal: null,
    })
    const got = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/exceptions/${body.id}` })
    expect(got.json()).toEqual(body)
    const audit = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 10,
      action: 'exception.requested',
    })
    expect(audit.find((entry) => entry.targetId === body.id)).toMatchObject({
      actorEmail: 'member@org-a.test',
    })
  })

  it('requested → approved → revoked; every other move is 409 INVALID_TRANSITION; decisions are audited', async () => {
    const { id } = await requested()
    expect((await act(id, 'revoke')).statusCode).toBe(409)

    t.clock.advance(1000)
    const approved = await act(id, 'approve')
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({
      id,
      status: 'approved',
      decidedByEmail: 'admin@org-a.test',
      decidedAt: iso(t.clock.now()),
      updatedAt: iso(t.clock.now()),
      warnedAt: null,
    })
    for (const [action, payload] of [
      ['approve', undefined],
      ['reject', { reason: 'no' }],
    ] as const) {
      const res = await act(id, action, payload)
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('INVALID_TRANSITION')
      // details is a list of problems for every code; this one says the state and the ways out.
      expect(res.json().error.details).toEqual([
        { reason: expect.any(String), status: 'approved', allowed: expect.arrayContaining(['revoked']) },
      ])
    }
    expect(await statusOf(id)).toBe('approved')

    const revoked = await act(id, 'revoke', { reason: 'The catch now logs.' })
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json()).toMatchObject({ status: 'revoked', decisionReason: 'The catch now logs.' })
    for (const [action, payload] of [
      ['approve', undefined],
      ['reject', { reason: 'no' }],
      ['revoke', undefined],
    ] as const) {
      expect((await act(id, action, payload)).statusCode).toBe(409)
    }
    expect(await statusOf(id)).toBe('revoked')

    const audit = await listAuditEntries(t.testStore.store.db, { orgId: t.orgA.orgId, limit: 50 })
    const mine = audit.filter((entry) => entry.targetId === id && entry.action !== 'exception.requested')
    expect(mine.map((entry) => [entry.action, entry.actorEmail, entry.changes.status])).toEqual([
      ['exception.revoked', 'admin@org-a.test', { from: 'approved', to: 'revoked' }],
      ['exception.approved', 'admin@org-a.test', { from: 'requested', to: 'approved' }],
    ])
    expect(mine[0]?.changes.decisionReason).toEqual({ from: null, to: 'The catch now logs.' })
  })

  it('requested → rejected (with a reason) is final', async () => {
    const { id } = await requested()
    const res = await act(id, 'reject', { reason: 'Fix the catch instead.' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'rejected', decisionReason: 'Fix the catch instead.' })
    for (const [action, payload] of [
      ['approve', undefined],
      ['reject', { reason: 'again' }],
      ['revoke', undefined],
    ] as const) {
      expect((await act(id, action, payload)).statusCode).toBe(409)
    }
    const audit = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'exception.rejected',
    })
    expect(audit.find((entry) => entry.targetId === id)?.changes).toEqual({
      status: { from: 'requested', to: 'rejected' },
      decisionReason: { from: null, to: 'Fix the catch instead.' },
    })
  })

  it('approved → expired by the expiry scan; expired is final', async () => {
    const { id } = await requested({ expiresAt: inDays(2) })
    expect((await act(id, 'approve')).statusCode).toBe(200)
    t.clock.advance(2 * DAY)
    const report = await runExceptionExpiryScan(t.testStore.store, t.clock)
    expect(report.expired).toBeGreaterThanOrEqual(1)
    expect(await statusOf(id)).toBe('expired')
    expect((await act(id, 'revoke')).statusCode).toBe(409)
    expect((await act(id, 'approve')).statusCode).toBe(409)
  })

  it('an approval may shorten expiresAt, never lengthen it (422, nothing changed)', async () => {
    const { id, expiresAt } = await requested({ expiresAt: inDays(30) })
    const later = await act(id, 'approve', { expiresAt: inDays(31) })
    expect(later.statusCode).toBe(422)
    expect(later.json().error.code).toBe('INVALID_EXPIRY')
    expect(later.json().error.details).toEqual([{ field: 'body.expiresAt', reason: expect.any(String) }])
    const past = await act(id, 'approve', { expiresAt: inDays(-1) })
    expect(past.statusCode).toBe(422)
    expect(await statusOf(id)).toBe('requested')

    const shorter = inDays(10)
    const ok = await act(id, 'approve', { expiresAt: shorter })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ status: 'approved', expiresAt: shorter })
    const audit = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'exception.approved',
    })
    expect(audit.find((entry) => entry.targetId === id)?.changes.expiresAt).toEqual({
      from: expiresAt,
      to: shorter,
    })
  })

  it('members may request and read but not approve, reject or revoke (403, nothing changed)', async () => {
    const { id } = await requested()
    for (const [action, payload] of [
      ['approve', undefined],
      ['reject', { reason: 'no' }],
      ['revoke', undefined],
    ] as const) {
      const res = await act(id, action, payload, t.orgA.memberKey)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('FORBIDDEN_ROLE')
    }
    expect(await statusOf(id)).toBe('requested')
  })

  it('unknown and foreign ids → 404', async () => {
    const { id } = await requested()
    for (const url of [
      '/api/v1/exceptions/not-a-uuid',
      '/api/v1/exceptions/01890000-0000-7000-8000-000000000000',
    ]) {
      const res = await t.request(t.orgA.adminKey, { method: 'GET', url })
      expect(res.statusCode).toBe(404)
    }
    expect(
      (await t.request(t.orgB.memberKey, { method: 'GET', url: `/api/v1/exceptions/${id}` })).statusCode,
    ).toBe(404)
    expect((await act(id, 'approve', undefined, t.orgB.adminKey)).statusCode).toBe(404)
    expect(await statusOf(id)).toBe('requested')
  })

  describe('bad input → clear 4xx, nothing stored', () => {
    const valid = () => ({ ruleId: RULE, fileName: 'Main.xaml', reason: 'r', expiresAt: inDays(30) })
    it.each([
      ['expiresAt in the past', () => ({ ...valid(), expiresAt: inDays(-1) }), 422, 'INVALID_EXPIRY'],
      ['expiresAt now', () => ({ ...valid(), expiresAt: inDays(0) }), 422, 'INVALID_EXPIRY'],
      [
        'expiresAt more than 365 days out',
        () => ({ ...valid(), expiresAt: inDays(366) }),
        422,
        'INVALID_EXPIRY',
      ],
      ['unknown rule id', () => ({ ...valid(), ruleId: 'FC-UIP-XYZ-999' }), 422, 'UNKNOWN_RULE'],
      ['wrong type', () => ({ ...valid(), expiresAt: 1767225600000 }), 400, 'VALIDATION_FAILED'],
      ['not a date-time', () => ({ ...valid(), expiresAt: 'next tuesday' }), 400, 'VALIDATION_FAILED'],
      ['unknown field', () => ({ ...valid(), status: 'approved' }), 400, 'VALIDATION_FAILED'],
      ['requestedByEmail given', () => ({ ...valid(), requestedByEmail: 'x@y.z' }), 400, 'VALIDATION_FAILED'],
      ['missing reason', () => ({ ...valid(), reason: undefined }), 400, 'VALIDATION_FAILED'],
      ['empty reason', () => ({ ...valid(), reason: '' }), 400, 'VALIDATION_FAILED'],
      [
        'location of another file',
        () => ({ ...valid(), location: 'Other.xaml:3' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['location without a line', () => ({ ...valid(), location: 'Main.xaml' }), 400, 'VALIDATION_FAILED'],
    ])('%s → %i %s', async (_label, payload, status, code) => {
      const before = await count()
      const res = await create(payload())
      expect(res.statusCode).toBe(status)
      expect(res.json().error.code).toBe(code)
      expect(res.json().error.message.length).toBeGreaterThan(0)
      expect(await count()).toBe(before)
    })

    it('decisions check their bodies too', async () => {
      const { id } = await requested()
      expect((await act(id, 'reject', {})).statusCode).toBe(400)
      expect((await act(id, 'reject', { reason: 5 })).statusCode).toBe(400)
      expect((await act(id, 'approve', { expiresAt: inDays(5), extra: true })).statusCode).toBe(400)
      expect((await act(id, 'revoke', { why: 'x' })).statusCode).toBe(400)
      expect(await statusOf(id)).toBe('requested')
    })

    it('bad list filters → 400 naming the parameter', async () => {
      for (const [query, field] of [
        ['status=open', 'query.status'],
        ['expiringWithinDays=0', 'query.expiringWithinDays'],
        ['cursor=zzz', 'query.cursor'],
        ['sort=asc', 'query.sort'],
      ]) {
        const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/exceptions?${query}` })
        expect(res.statusCode).toBe(400)
        expect(res.json().error.details[0].field).toBe(field)
      }
    })
  })

  it('lists with filters (status, ruleId, fileName, expiring within N days) and pages', async () => {
    const file = `List-${engine}.xaml`
    const soon = await requested({ fileName: file, expiresAt: inDays(3) })
    const later = await requested({ fileName: file, expiresAt: inDays(40) })
    const other = await requested({ fileName: file, ruleId: 'FC-UIP-ERR-002', expiresAt: inDays(5) })
    expect((await act(soon.id, 'approve')).statusCode).toBe(200)

    const ids = async (query: string) => {
      const res = await t.request(t.orgA.memberKey, {
        method: 'GET',
        url: `/api/v1/exceptions?fileName=${file}&${query}`,
      })
      expect(res.statusCode).toBe(200)
      return res.json().items.map((item: { id: string }) => item.id)
    }
    expect(await ids('')).toEqual([other.id, later.id, soon.id])
    expect(await ids('status=approved')).toEqual([soon.id])
    expect(await ids(`ruleId=${RULE}`)).toEqual([later.id, soon.id])
    expect(await ids('expiringWithinDays=7')).toEqual([other.id, soon.id])
    expect(await ids('expiringWithinDays=7&status=requested')).toEqual([other.id])

    const first = await t.request(t.orgA.memberKey, {
      method: 'GET',
      url: `/api/v1/exceptions?fileName=${file}&limit=2`,
    })
    expect(first.json().items).toHaveLength(2)
    const cursor = first.json().nextCursor
    expect(cursor).toEqual(expect.any(String))
    const second = await t.request(t.orgA.memberKey, {
      method: 'GET',
      url: `/api/v1/exceptions?fileName=${file}&limit=2&cursor=${cursor}`,
    })
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: soon.id })], nextCursor: null })

    const foreign = await t.request(t.orgB.adminKey, {
      method: 'GET',
      url: `/api/v1/exceptions?fileName=${file}`,
    })
    expect(foreign.json()).toEqual({ items: [], nextCursor: null })
  })

  it('approved, unexpired exceptions waive matching findings in later validations (end to end)', async () => {
    const fileName = `Waived-${engine}.xaml`
    const content = emptyCatches(6)

    const before = await validate(fileName, content)
    const errFindings = before.findings.filter((f) => f.ruleId === RULE)
    expect(errFindings).toHaveLength(6)
    expect(errFindings.every((f) => !f.waived && f.exceptionId === null)).toBe(true)
    expect(before.passed).toBe(false)
    const highBefore = before.summary.high

    // One location only.
    const firstLocation = errFindings[0]?.location as string
    const one = await requested({ fileName, location: firstLocation })
    expect((await validate(fileName, content)).findings.filter((f) => f.waived)).toEqual([]) // requested: no waiver
    expect((await act(one.id, 'approve')).statusCode).toBe(200)
    const partial = await validate(fileName, content)
    expect(partial.findings.filter((f) => f.waived)).toEqual([
      expect.objectContaining({ ruleId: RULE, location: firstLocation, waived: true, exceptionId: one.id }),
    ])
    expect(partial.summary.high).toBe(highBefore - 1)
    expect(partial.summary.total).toBe(before.summary.total - 1)
    expect(partial.score).toBeGreaterThan(before.score)

    // The whole file.
    const all = await requested({ fileName, expiresAt: inDays(20) })
    expect((await act(all.id, 'approve')).statusCode).toBe(200)
    const after = await validate(fileName, content)
    const waived = after.findings.filter((f) => f.ruleId === RULE)
    expect(waived.every((f) => f.waived && (f.exceptionId === one.id || f.exceptionId === all.id))).toBe(true)
    expect(after.findings.filter((f) => f.ruleId !== RULE).every((f) => !f.waived)).toBe(true)
    expect(after.summary.high).toBe(highBefore - 6)
    expect(after.summary.total).toBe(before.summary.total - 6)
    expect(after.score).toBeGreaterThan(partial.score)
    expect(after.passed).toBe(true)

    // Another org's validation of the same file name is not waived.
    const foreign = await validate(fileName, content, t.orgB.memberKey)
    expect(foreign.findings.some((f) => f.waived)).toBe(false)
    expect(foreign.passed).toBe(false)

    // Revoking one, then time passing the other's expiry, ends the waivers.
    expect((await act(all.id, 'revoke')).statusCode).toBe(200)
    const revoked = await validate(fileName, content)
    expect(revoked.findings.filter((f) => f.waived).map((f) => f.exceptionId)).toEqual([one.id])
    t.clock.advance(31 * DAY)
    const expired = await validate(fileName, content)
    expect(expired.findings.some((f) => f.waived)).toBe(false)
    expect(expired.score).toBe(before.score)
    expect(expired.passed).toBe(false)
  })
})
