import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wrapWorkflow } from '../../src/analysis/rules/rule-test-kit.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  corpusBytes,
  expectAllEventsValid,
  MANY_FINDINGS_FILE,
  MINIMAL_XAML,
  SMALL_FILE,
} from '../helpers/validation-test-kit.js'

interface Summary {
  validationId: string
  fileName: string
  label: string | null
  passed: boolean
  policyPackSlug: string
  validatedAt: string
}

const HOUR = 60 * 60 * 1000

describe.each(testEngines())('GET /api/v1/results on %s', (engine) => {
  let t: TestApp
  /** Every validation made for org A, oldest first, as POST returned it. */
  const made: (Summary & Record<string, unknown>)[] = []

  const list = async (query: string, key = t.orgA.memberKey) => {
    const res = await t.request(key, { method: 'GET', url: `/api/v1/results${query}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: (Summary & Record<string, unknown>)[]; nextCursor: string | null }
  }
  /** All pages of a query. */
  const listAll = async (query: string, limit: number) => {
    const seen: Summary[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const separator = query === '' ? '?' : '&'
      const page = await list(`${query}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(limit)
      if (page.nextCursor !== null) expect(page.items).toHaveLength(limit)
      seen.push(...page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor !== null && pages < 100)
    return seen
  }
  const newestFirst = (filter: (v: Summary) => boolean) =>
    made
      .filter(filter)
      .map((v) => v.validationId)
      .reverse()

  beforeAll(async () => {
    t = await openTestApp(engine)
    const files = [
      { fileName: 'dos.xaml', content: corpusBytes(MANY_FINDINGS_FILE).toString('utf8') },
      { fileName: 'uno.xaml', content: corpusBytes(SMALL_FILE).toString('utf8') },
      { fileName: 'Tiny.xaml', content: MINIMAL_XAML },
    ]
    const packs = ['uipath-reframework-baseline', 'uipath-general', 'uipath-security']
    for (let i = 0; i < 12; i++) {
      t.clock.advance(HOUR)
      const file = files[i % 3] as (typeof files)[number]
      const res = await t.request(t.orgA.memberKey, {
        method: 'POST',
        url: '/api/v1/validations',
        payload: { ...file, label: i % 2 === 0 ? 'even' : 'odd', policyPack: packs[i % 4 === 3 ? 1 : 0] },
      })
      expect(res.statusCode).toBe(201)
      made.push(res.json())
    }
    // Org B's results never show up in org A's lists.
    await t.request(t.orgB.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName: 'dos.xaml', content: MINIMAL_XAML, label: 'even' },
    })
    expect(new Set(made.map((v) => v.passed)).size).toBe(2)
  })
  afterAll(async () => {
    try {
      await expectAllEventsValid(t)
    } finally {
      await t.close()
    }
  })

  it('lists the org’s results newest first, each equal to the full result minus findings and the project detail', async () => {
    const page = await list('')
    expect(page.nextCursor).toBeNull()
    expect(page.items.map((v) => v.validationId)).toEqual(newestFirst(() => true))
    for (const item of page.items) {
      expect(item).not.toHaveProperty('findings')
      // The per-file list of a project can be long: the list carries projectName, the result the detail.
      expect(item).not.toHaveProperty('project')
      const full = made.find((v) => v.validationId === item.validationId)
      const { findings: _findings, project: _project, ...withoutDetail } = full as Record<string, unknown>
      expect(item).toEqual(withoutDetail)
    }
  })

  it.each([1, 2, 5, 7, 12, 200])('pages of %i: no duplicates, no gaps, newest first', async (limit) => {
    const seen = await listAll('', limit)
    expect(seen.map((v) => v.validationId)).toEqual(newestFirst(() => true))
  })

  it('filters by fileName, label, passed, policyPack (each alone and together, with paging)', async () => {
    expect((await listAll('?fileName=dos.xaml', 2)).map((v) => v.validationId)).toEqual(
      newestFirst((v) => v.fileName === 'dos.xaml'),
    )
    expect((await listAll('?label=odd', 3)).map((v) => v.validationId)).toEqual(
      newestFirst((v) => v.label === 'odd'),
    )
    for (const passed of [true, false]) {
      expect((await listAll(`?passed=${passed}`, 2)).map((v) => v.validationId)).toEqual(
        newestFirst((v) => v.passed === passed),
      )
    }
    expect((await listAll('?policyPack=uipath-general', 2)).map((v) => v.validationId)).toEqual(
      newestFirst((v) => v.policyPackSlug === 'uipath-general'),
    )
    expect(
      (await listAll('?fileName=uno.xaml&label=odd&policyPack=uipath-reframework-baseline', 1)).map(
        (v) => v.validationId,
      ),
    ).toEqual(
      newestFirst(
        (v) =>
          v.fileName === 'uno.xaml' &&
          v.label === 'odd' &&
          v.policyPackSlug === 'uipath-reframework-baseline',
      ),
    )
    expect((await list('?fileName=nope.xaml')).items).toEqual([])
    expect((await list('?policyPack=no-such-pack')).items).toEqual([])
  })

  it('filters by since (inclusive) and until (exclusive), ISO times with any offset', async () => {
    const at = (i: number) => (made[i] as Summary).validatedAt
    expect((await listAll(`?since=${at(4)}`, 3)).map((v) => v.validationId)).toEqual(
      newestFirst((v) => v.validatedAt >= at(4)),
    )
    expect((await listAll(`?until=${at(4)}`, 3)).map((v) => v.validationId)).toEqual(
      newestFirst((v) => v.validatedAt < at(4)),
    )
    const window = await listAll(`?since=${at(2)}&until=${at(9)}`, 2)
    expect(window.map((v) => v.validationId)).toEqual(
      made
        .slice(2, 9)
        .map((v) => v.validationId)
        .reverse(),
    )
    // The same instant written with a +02:00 offset.
    const shifted = new Date(Date.parse(at(4)) + 2 * HOUR).toISOString().replace('Z', '+02:00')
    expect((await list(`?since=${encodeURIComponent(shifted)}`)).items).toHaveLength(8)
    expect((await list(`?since=${at(11)}&until=${at(11)}`)).items).toEqual([])
  })

  it.each([
    ['passed=maybe', 'query.passed'],
    ['since=yesterday', 'query.since'],
    ['until=2026-13-45T00:00:00Z', 'query.until'],
    ['since=1715796000000', 'query.since'],
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['cursor=not-a-cursor', 'query.cursor'],
    ['sort=asc', 'query.sort'],
  ])('?%s → 400 VALIDATION_FAILED naming %s', async (query, field) => {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/results?${query}` })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('VALIDATION_FAILED')
    expect(res.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
  })

  it('a data-flow finding carries its path (`flow`) in the POST answer and in the stored result', async () => {
    const content = wrapWorkflow(`<Sequence DisplayName="Main">
  <Sequence.Variables><Variable x:TypeArguments="x:String" Name="value" /></Sequence.Variables>
  <ui:RequestCredential DisplayName="Ask" Password="[value]" />
  <WriteLine DisplayName="Echo" Text="[value]" />
</Sequence>`)
    const posted = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName: 'Flow.xaml', content, policyPack: 'uipath-security' },
    })
    expect(posted.statusCode, posted.body).toBe(201)
    const body = posted.json() as { validationId: string; findings: Array<Record<string, unknown>> }
    const leak = body.findings.find((finding) => finding.ruleId === 'FC-UIP-SEC-020')
    expect(leak?.flow).toEqual([
      { line: 3, column: 43, message: 'Ask Password (credential password)' },
      { line: 3, column: 43, message: 'value (Ask)' },
      { line: 4, column: 33, message: 'Echo Text' },
    ])
    // Other findings have no flow at all (the contract is additive).
    expect(body.findings.filter((finding) => 'flow' in finding).map((finding) => finding.ruleId)).toEqual([
      'FC-UIP-SEC-020',
    ])
    const stored = await t.request(t.orgA.memberKey, {
      method: 'GET',
      url: `/api/v1/results/${body.validationId}`,
    })
    expect(stored.json()).toEqual(body)
  })

  it('GET /api/v1/results/{id} returns the stored result unchanged; other ids → 404', async () => {
    for (const validation of made) {
      const res = await t.request(t.orgA.adminKey, {
        method: 'GET',
        url: `/api/v1/results/${validation.validationId}`,
      })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual(validation)
    }
    const first = made[0] as Summary
    const fromB = await t.request(t.orgB.adminKey, {
      method: 'GET',
      url: `/api/v1/results/${first.validationId}`,
    })
    expect(fromB.statusCode).toBe(404)
    expect(fromB.json().error.code).toBe('NOT_FOUND')
    for (const id of ['01890a5d-ac96-774b-bcce-b302099a8057', 'not-a-uuid']) {
      const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/results/${id}` })
      expect(res.statusCode).toBe(404)
    }
    const anonymous = await t.request(null, { method: 'GET', url: `/api/v1/results/${first.validationId}` })
    expect(anonymous.statusCode).toBe(401)
  })
})
