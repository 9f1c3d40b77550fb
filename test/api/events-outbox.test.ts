import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from '../../src/analysis/analyze.js'
import { EVENT_TYPES } from '../../src/domain/events/event-schemas.js'
import type { TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  corpusBytes,
  countEvents,
  eachTestAppWithValidEvents,
  expectValidEnvelope,
  MANY_FINDINGS_FILE,
  MINIMAL_XAML,
  orgEvents,
  SEVERITY_ORDER,
  SMALL_FILE,
} from '../helpers/validation-test-kit.js'

interface ApiResult {
  validationId: string
  platform: string
  fileName: string
  label: string | null
  passed: boolean
  score: number
  enforcementMode: string
  policyPackSlug: string
  validatedAt: string
  summary: Record<string, number>
  findings: { ruleId: string; severity: string; category: string; location: string; description: string }[]
  resultUrl: string
}

/** The validation.completed envelope the spec prescribes for an API result, built key by key in the spec's order. */
function specCompletedEnvelope(orgId: string, result: ApiResult) {
  return {
    event: 'validation.completed',
    orgId,
    occurredAt: result.validatedAt,
    data: {
      validationId: result.validationId,
      platform: result.platform,
      fileName: result.fileName,
      label: result.label,
      passed: result.passed,
      score: result.score,
      enforcementMode: result.enforcementMode,
      policyPackSlug: result.policyPackSlug,
      validatedAt: result.validatedAt,
      summary: {
        critical: result.summary.critical,
        high: result.summary.high,
        medium: result.summary.medium,
        low: result.summary.low,
        total: result.summary.total,
      },
      findings: result.findings.slice(0, 10).map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        category: finding.category,
        location: finding.location,
        description: finding.description,
      })),
    },
  }
}

describe.each(testEngines())('event outbox on %s', (engine) => {
  let t: TestApp
  eachTestAppWithValidEvents(engine, (app) => {
    t = app
  })

  const submit = async (payload: object, key = t.orgA.memberKey) => {
    const res = await t.request(key, { method: 'POST', url: '/api/v1/validations', payload })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiResult
  }
  const setThreshold = async (scoreThreshold: number | null) => {
    const res = await t.request(t.orgA.adminKey, {
      method: 'PATCH',
      url: '/api/v1/org-settings',
      payload: { scoreThreshold },
    })
    expect(res.statusCode).toBe(200)
  }

  it('each validation writes exactly one validation.completed whose bytes are the spec envelope', async () => {
    const results: ApiResult[] = []
    results.push(
      await submit({
        fileName: 'dos.xaml',
        content: corpusBytes(MANY_FINDINGS_FILE).toString('utf8'),
        label: 'r1',
      }),
    )
    t.clock.advance(1234)
    results.push(await submit({ fileName: 'uno.xaml', content: corpusBytes(SMALL_FILE).toString('utf8') }))
    t.clock.advance(1)
    results.push(
      await submit({ fileName: 'Tiny.xaml', content: MINIMAL_XAML, policyPack: 'uipath-security' }),
    )

    const rows = await orgEvents(t, t.orgA.orgId)
    expect(rows.map((row) => row.event)).toEqual(Array(3).fill('validation.completed'))
    rows.forEach((row, i) => {
      const result = results[i] as ApiResult
      // Byte for byte: key order of envelope, data, summary and findings as in spec/webhooks.txt.
      expect(row.envelopeJson).toBe(JSON.stringify(specCompletedEnvelope(t.orgA.orgId, result)))
      expect(row.occurredAt).toBe(Date.parse(result.validatedAt))
      expectValidEnvelope(JSON.parse(row.envelopeJson))
    })
    expect(await orgEvents(t, t.orgB.orgId)).toEqual([])
  })

  it('findings are capped at 10, most severe first, while summary.total counts them all', async () => {
    const bytes = corpusBytes(MANY_FINDINGS_FILE)
    const expected = analyzeWorkflow({ content: bytes, fileName: 'dos.xaml' })
    expect(expected.summary.total).toBeGreaterThan(10)
    const result = await submit({ fileName: 'dos.xaml', content: bytes.toString('utf8') })

    const [row] = await orgEvents(t, t.orgA.orgId, 'validation.completed')
    const data = JSON.parse(row?.envelopeJson ?? '{}').data
    expect(data.findings).toHaveLength(10)
    expect(data.summary).toEqual({ ...expected.summary })
    expect(data.summary.total).toBe(expected.findings.length)
    expect(data.summary.total).toBe(
      data.summary.critical + data.summary.high + data.summary.medium + data.summary.low,
    )
    const ranks = data.findings.map((f: { severity: string }) => SEVERITY_ORDER.indexOf(f.severity))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    // The ten are the ten most severe of all findings (the API's full list is in the same order).
    const allRanks = result.findings.map((f) => SEVERITY_ORDER.indexOf(f.severity))
    expect(ranks).toEqual([...allRanks].sort((a, b) => a - b).slice(0, 10))
    expect(data.findings).toEqual(
      result.findings.slice(0, 10).map(({ ruleId, severity, category, location, description }) => ({
        ruleId,
        severity,
        category,
        location,
        description,
      })),
    )
  })

  it('a crafted workflow with 25 findings of one rule: 10 in the event, 25 counted', async () => {
    const empties = Array.from({ length: 25 }, (_, i) => `  <Sequence DisplayName="Empty ${i}" />`).join('\n')
    const xaml = `<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities">\n<Sequence DisplayName="Main">\n${empties}\n</Sequence>\n</Activity>`
    const expected = analyzeWorkflow({ content: xaml, fileName: 'Empty.xaml' })
    expect(expected.summary.total).toBeGreaterThanOrEqual(25)
    const result = await submit({ fileName: 'Empty.xaml', content: xaml })
    expect(result.summary).toEqual({ ...expected.summary })
    expect(result.findings).toHaveLength(expected.findings.length)
    const [row] = await orgEvents(t, t.orgA.orgId, 'validation.completed')
    const data = JSON.parse(row?.envelopeJson ?? '{}').data
    expect(data.findings).toHaveLength(10)
    expect(data.summary.total).toBe(expected.summary.total)
  })

  it('validation.below_threshold only when score < scoreThreshold, with threshold and resultUrl', async () => {
    const bytes = corpusBytes(MANY_FINDINGS_FILE)
    const { score } = analyzeWorkflow({ content: bytes, fileName: 'dos.xaml' })
    expect(score).toBeGreaterThan(0)
    expect(score).toBeLessThan(100)
    const payload = { fileName: 'dos.xaml', content: bytes.toString('utf8'), label: 'release-2026.05' }

    // No threshold (the default): no alert.
    await submit(payload)
    expect(await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')).toEqual([])

    // Threshold equal to the score: not under it.
    await setThreshold(score)
    await submit(payload)
    expect(await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')).toEqual([])

    // Threshold one above: alert, in the same transaction as the result.
    await setThreshold(score + 1)
    t.clock.advance(5000)
    const below = await submit(payload)
    const alerts = await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')
    expect(alerts).toHaveLength(1)
    const envelope = JSON.parse(alerts[0]?.envelopeJson ?? '{}')
    expect(Object.keys(envelope.data)).toEqual([
      'validationId',
      'platform',
      'fileName',
      'label',
      'score',
      'threshold',
      'passed',
      'policyPackSlug',
      'validatedAt',
      'resultUrl',
    ])
    expect(envelope).toEqual({
      event: 'validation.below_threshold',
      orgId: t.orgA.orgId,
      occurredAt: below.validatedAt,
      data: {
        validationId: below.validationId,
        platform: 'uipath',
        fileName: 'dos.xaml',
        label: 'release-2026.05',
        score,
        threshold: score + 1,
        passed: below.passed,
        policyPackSlug: 'uipath-reframework-baseline',
        validatedAt: below.validatedAt,
        resultUrl: `http://127.0.0.1:8080/results/${below.validationId}`,
      },
    })
    expect(envelope.data.resultUrl).toBe(below.resultUrl)
    // Every validation still has its validation.completed.
    expect(await orgEvents(t, t.orgA.orgId, 'validation.completed')).toHaveLength(3)

    // null clears the threshold: no more alerts.
    await setThreshold(null)
    await submit(payload)
    expect(await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')).toHaveLength(1)
    // Org B's threshold is its own (none).
    await submit(payload, t.orgB.memberKey)
    expect(await orgEvents(t, t.orgB.orgId, 'validation.below_threshold')).toEqual([])
  })

  it('threshold 100 fires for anything under 100, threshold 0 never fires', async () => {
    await setThreshold(0)
    await submit({ fileName: 'dos.xaml', content: corpusBytes(MANY_FINDINGS_FILE).toString('utf8') })
    expect(await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')).toEqual([])
    await setThreshold(100)
    const result = await submit({
      fileName: 'dos.xaml',
      content: corpusBytes(MANY_FINDINGS_FILE).toString('utf8'),
    })
    const alerts = await orgEvents(t, t.orgA.orgId, 'validation.below_threshold')
    expect(alerts).toHaveLength(1)
    expect(JSON.parse(alerts[0]?.envelopeJson ?? '{}').data).toMatchObject({
      score: result.score,
      threshold: 100,
    })
  })

  it('a failed validation (parse error, unknown pack, bad request) writes no event, even under a threshold', async () => {
    await setThreshold(100)
    for (const payload of [
      {
        fileName: 'Broken.xaml',
        content: '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence>',
      },
      { fileName: 'Main.xaml', content: MINIMAL_XAML, policyPack: 'nope' },
      { fileName: 'Main.txt', content: MINIMAL_XAML },
      { fileName: 'Main.xaml' },
    ]) {
      const res = await t.request(t.orgA.memberKey, { method: 'POST', url: '/api/v1/validations', payload })
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
    }
    expect(await countEvents(t)).toBe(0)
  })

  it('an idempotent replay writes no second event', async () => {
    const headers = { 'idempotency-key': 'once' }
    const payload = { fileName: 'Tiny.xaml', content: MINIMAL_XAML }
    await t.request(t.orgA.memberKey, { method: 'POST', url: '/api/v1/validations', payload, headers })
    const again = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload,
      headers,
    })
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(await countEvents(t)).toBe(1)
  })

  it('every catalogue example validates against its own schema', () => {
    expect(EVENT_TYPES.map((type) => type.name)).toEqual(
      expect.arrayContaining([
        'validation.completed',
        'validation.below_threshold',
        'exception.expiring_soon',
      ]),
    )
    for (const type of EVENT_TYPES) expectValidEnvelope(type.example)
  })
})
