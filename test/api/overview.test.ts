/**
 * GET /api/v1/overview on both engines, from real validations (single files and zipped projects,
 * on different days), exceptions and webhooks: the per-day series, totals, the rules that fail
 * most (cross-checked against the stored findings), the lowest-scoring projects, exceptions
 * expiring within the warning days, troubled webhooks (admins only); org B sees none of org A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  corpusBytes,
  emptyCatches,
  MANY_FINDINGS_FILE,
  MINIMAL_XAML,
} from '../helpers/validation-test-kit.js'

const DAY = 86_400_000

interface Finding {
  ruleId: string
  waived: boolean
}

describe.each(testEngines())('GET /api/v1/overview on %s', (engine) => {
  let t: TestApp
  const validationIds: string[] = []

  async function validate(fileName: string, payload: object): Promise<void> {
    const res = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName, ...payload },
    })
    expect(res.statusCode, res.body).toBe(201)
    validationIds.push(res.json().validationId)
  }

  const project = (name: string, main: string) =>
    buildTestZip([
      { name: 'project.json', data: JSON.stringify({ name, main: 'Main.xaml' }) },
      { name: 'Main.xaml', data: main },
    ]).toString('base64')

  beforeAll(async () => {
    t = await openTestApp(engine)
    // Day 1 (three days ago, at 18:00 UTC): two validations; day 3 (today): three more.
    t.clock.advance(-3 * DAY)
    await validate('Clean.xaml', { content: MINIMAL_XAML })
    await validate('Dos.xaml', { contentBase64: corpusBytes(MANY_FINDINGS_FILE).toString('base64') })
    t.clock.advance(3 * DAY)
    await validate('Catches.xaml', { content: emptyCatches(3) })
    await validate('Weak.zip', { contentBase64: project('Weak Project', emptyCatches(5)) })
    await validate('Fine.zip', { contentBase64: project('Fine Project', MINIMAL_XAML) })
    // An approved exception expiring in 3 days (within the default 7 warning days), one in 30.
    for (const days of [3, 30]) {
      const requested = await t.request(t.orgA.memberKey, {
        method: 'POST',
        url: '/api/v1/exceptions',
        payload: {
          ruleId: 'FC-UIP-ERR-001',
          fileName: `In${days}.xaml`,
          reason: 'overview',
          expiresAt: new Date(t.clock.now() + days * DAY).toISOString(),
        },
      })
      const approved = await t.request(t.orgA.adminKey, {
        method: 'POST',
        url: `/api/v1/exceptions/${requested.json().id}/approve`,
      })
      expect(approved.statusCode, approved.body).toBe(200)
    }
    for (const enabled of [true, false]) {
      const created = await t.request(t.orgA.adminKey, {
        method: 'POST',
        url: '/api/v1/org-webhooks',
        payload: { url: 'https://receiver.example.com/hook', events: ['*'], enabled },
      })
      expect(created.statusCode, created.body).toBe(201)
    }
  })
  afterAll(() => t.close())

  async function results(): Promise<{ id: string; score: number; passed: boolean; findings: Finding[] }[]> {
    return Promise.all(
      validationIds.map(async (id) => {
        const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/results/${id}` })
        return res.json()
      }),
    )
  }

  it('gives the per-day series, the totals and the rules failing most, as the stored results say', async () => {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/overview?days=4' })
    expect(res.statusCode, res.body).toBe(200)
    const overview = res.json()
    const stored = await results()
    const mean = (scores: number[]) =>
      Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10
    expect(overview.days).toBe(4)
    expect(overview.since).toBe('2026-05-12T00:00:00.000Z')
    expect(overview.until).toBe('2026-05-15T18:00:00.000Z')
    expect(overview.daily.map((d: { day: string }) => d.day)).toEqual([
      '2026-05-12',
      '2026-05-13',
      '2026-05-14',
      '2026-05-15',
    ])
    const [first, second, third, fourth, fifth] = stored.map((r) => r!)
    expect(overview.daily[0]).toEqual({
      day: '2026-05-12',
      validations: 2,
      passed: [first, second].filter((r) => r?.passed).length,
      meanScore: mean([first!.score, second!.score]),
    })
    expect(overview.daily[1]).toEqual({ day: '2026-05-13', validations: 0, passed: 0, meanScore: null })
    expect(overview.daily[3]).toEqual({
      day: '2026-05-15',
      validations: 3,
      passed: [third, fourth, fifth].filter((r) => r?.passed).length,
      meanScore: mean([third!.score, fourth!.score, fifth!.score]),
    })
    expect(overview.totals.validations).toBe(5)
    expect(overview.totals.passed).toBe(stored.filter((r) => r.passed).length)
    expect(overview.totals.passRate).toBe(Math.round((overview.totals.passed / 5) * 10_000) / 10_000)

    // The rules failing most, recounted from the stored findings.
    const counts = new Map<string, { validations: number; findings: number }>()
    for (const result of stored) {
      const seen = new Set<string>()
      for (const finding of result.findings.filter((f) => !f.waived)) {
        const entry = counts.get(finding.ruleId) ?? { validations: 0, findings: 0 }
        entry.findings += 1
        if (!seen.has(finding.ruleId)) entry.validations += 1
        seen.add(finding.ruleId)
        counts.set(finding.ruleId, entry)
      }
    }
    const expected = [...counts]
      .map(([ruleId, c]) => ({ ruleId, ...c }))
      .sort(
        (a, b) => b.validations - a.validations || b.findings - a.findings || (a.ruleId < b.ruleId ? -1 : 1),
      )
      .slice(0, 10)
    expect(expected.length).toBeGreaterThan(0)
    expect(overview.topFailingRules).toEqual(expected)

    // A window of today only leaves day 1 out.
    const today = (
      await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/overview?days=1' })
    ).json()
    expect(today.totals.validations).toBe(3)
    expect(today.daily).toHaveLength(1)
  })

  it('lists the projects by their latest score, lowest first, and the exceptions expiring within the warning days', async () => {
    const overview = (await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/overview' })).json()
    const stored = await results()
    expect(overview.days).toBe(30)
    expect(overview.lowestScoringProjects.map((p: { name: string }) => p.name)).toEqual([
      'Weak Project',
      'Fine Project',
    ])
    expect(overview.lowestScoringProjects[0]).toEqual({
      name: 'Weak Project',
      latestValidationId: validationIds[3],
      score: stored[3]?.score,
      passed: stored[3]?.passed,
      validatedAt: '2026-05-15T18:00:00.000Z',
      validations: 1,
    })
    expect(overview.expiringExceptions).toHaveLength(1)
    expect(overview.expiringExceptions[0]).toMatchObject({
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'In3.xaml',
      expiresAt: '2026-05-18T18:00:00.000Z',
      renewalPending: false,
    })
  })

  it('shows troubled webhooks to admins only', async () => {
    const member = (await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/overview' })).json()
    expect(member.troubledWebhooks).toBeNull()
    const admin = (await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/overview' })).json()
    expect(admin.troubledWebhooks).toHaveLength(1)
    expect(admin.troubledWebhooks[0]).toMatchObject({ enabled: false, disabledReason: 'manual' })
  })

  it("org B's overview holds nothing of org A's", async () => {
    const res = await t.request(t.orgB.adminKey, { method: 'GET', url: '/api/v1/overview?days=30' })
    const overview = res.json()
    expect(overview.totals).toEqual({ validations: 0, passed: 0, passRate: null, meanScore: null })
    expect(overview.daily.every((d: { validations: number }) => d.validations === 0)).toBe(true)
    expect(overview.topFailingRules).toEqual([])
    expect(overview.lowestScoringProjects).toEqual([])
    expect(overview.expiringExceptions).toEqual([])
    expect(overview.troubledWebhooks).toEqual([])
  })

  it('refuses a window outside 1–365 days', async () => {
    for (const days of ['0', '366', 'x']) {
      const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/overview?days=${days}` })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
  })
})
