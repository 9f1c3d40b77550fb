import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY_PACK_SLUGS, listPolicyPacks } from '../../src/analysis/packs/policy-packs.js'
import { RULES } from '../../src/analysis/rules/index.js'
import { EVENT_TYPES } from '../../src/domain/events/event-schemas.js'
import { PLATFORMS } from '../../src/domain/platforms.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { expectValidEnvelope } from '../helpers/validation-test-kit.js'

const PACK_SLUGS = [
  'uipath-reframework-baseline',
  'uipath-general',
  'uipath-security',
  'power-automate-general',
  'blue-prism-general',
]

describe.each(testEngines())('catalogue on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  const get = async (url: string, key = t.orgA.memberKey) => {
    const res = await t.request(key, { method: 'GET', url })
    return { status: res.statusCode, body: res.json() }
  }

  it('GET /api/v1/policy-packs lists every built-in pack, each of its platform', async () => {
    const { status, body } = await get('/api/v1/policy-packs')
    expect(status).toBe(200)
    expect(body.nextCursor).toBeNull()
    expect(body.items.map((p: { slug: string }) => p.slug).sort()).toEqual([...PACK_SLUGS].sort())
    for (const pack of body.items) {
      expect(pack).toEqual({
        slug: expect.any(String),
        name: expect.any(String),
        description: expect.any(String),
        platform: expect.stringMatching(/^(uipath|power-automate|blue-prism)$/),
        enforcementMode: expect.stringMatching(/^(blocking|advisory)$/),
        passThreshold: expect.any(Number),
        weights: {
          critical: expect.any(Number),
          high: expect.any(Number),
          medium: expect.any(Number),
          low: expect.any(Number),
        },
        ruleCount: expect.any(Number),
      })
      expect(pack.platform).toBe(listPolicyPacks().find((p) => p.slug === pack.slug)?.platform)
      // A pack runs only its platform's rules; every platform that has rules has a pack running some.
      const platformRules = RULES.filter((rule) => rule.platform === pack.platform).length
      expect(pack.ruleCount).toBeLessThanOrEqual(platformRules)
      if (platformRules > 0) expect(pack.ruleCount).toBeGreaterThan(0)
    }
    expect((await t.request(null, { method: 'GET', url: '/api/v1/policy-packs' })).statusCode).toBe(401)
  })

  it.each(PACK_SLUGS)(
    'GET /api/v1/policy-packs/%s lists its rules with severities, as the pack file says',
    async (slug) => {
      const { status, body } = await get(`/api/v1/policy-packs/${slug}`)
      expect(status).toBe(200)
      const pack = listPolicyPacks().find((p) => p.slug === slug)
      expect(pack).toBeDefined()
      expect(body.slug).toBe(slug)
      expect(body.rules).toHaveLength(body.ruleCount)
      const expected = pack?.rules.map(({ rule, severity, options }) => ({
        ruleId: rule.ruleId,
        name: rule.name,
        category: rule.category,
        severity,
        options,
      }))
      expect(body.rules).toEqual(JSON.parse(JSON.stringify(expected)))
      const known = new Set(RULES.map((rule) => rule.ruleId))
      for (const rule of body.rules) expect(known.has(rule.ruleId)).toBe(true)
    },
  )

  it('the packs are global: both orgs see the same bodies', async () => {
    for (const slug of PACK_SLUGS) {
      const a = await get(`/api/v1/policy-packs/${slug}`, t.orgA.memberKey)
      const b = await get(`/api/v1/policy-packs/${slug}`, t.orgB.adminKey)
      expect(b).toEqual(a)
    }
  })

  it.each(['no-such-pack', 'UIPATH-GENERAL', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(101)])(
    'GET /api/v1/policy-packs/%s → 4xx, never 200 or 500',
    async (slug) => {
      const res = await t.request(t.orgA.memberKey, { method: 'GET', url: `/api/v1/policy-packs/${slug}` })
      // A slug over 100 characters is refused by the router (414) before the handler runs.
      expect([400, 404, 414]).toContain(res.statusCode)
      if (slug.length <= 100) {
        expect(res.statusCode).toBe(404)
        expect(res.json().error.code).toBe('NOT_FOUND')
      }
    },
  )

  it('GET /api/v1/rules lists every rule with a docsUrl to its own page', async () => {
    const { status, body } = await get('/api/v1/rules')
    expect(status).toBe(200)
    expect(body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual(RULES.map((rule) => rule.ruleId))
    for (const rule of body.items) {
      expect(rule).toEqual({
        ruleId: expect.stringMatching(/^FC-(UIP|PAF|BPR)-[A-Z]{3}-\d{3}$/),
        platform: RULES.find((known) => known.ruleId === rule.ruleId)?.platform,
        name: expect.any(String),
        category: expect.any(String),
        severity: expect.stringMatching(/^(critical|high|medium|low)$/),
        description: expect.any(String),
        recommendation: expect.any(String),
        mirrors: expect.any(Array),
        docsUrl: `http://127.0.0.1:8080/docs/rules/${rule.ruleId}`,
      })
    }
    expect(new Set(body.items.map((r: { ruleId: string }) => r.ruleId)).size).toBe(body.items.length)
  })

  it.each(PLATFORMS)(
    "?platform=%s: only that platform's rules and packs, each list in catalogue order",
    async (platform) => {
      const rules = await get(`/api/v1/rules?platform=${platform}`)
      expect(rules.status).toBe(200)
      const expectedRules = RULES.filter((rule) => rule.platform === platform).map((rule) => rule.ruleId)
      expect(expectedRules.length).toBeGreaterThan(0)
      expect(rules.body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual(expectedRules)
      const packs = await get(`/api/v1/policy-packs?platform=${platform}`)
      expect(packs.status).toBe(200)
      const expectedPacks = listPolicyPacks()
        .filter((pack) => pack.platform === platform)
        .map((pack) => pack.slug)
      expect(packs.body.items.map((p: { slug: string }) => p.slug)).toEqual(expectedPacks)
      expect(packs.body.items.map((p: { slug: string }) => p.slug)).toContain(
        DEFAULT_POLICY_PACK_SLUGS[platform],
      )
    },
  )

  it.each(['/api/v1/rules', '/api/v1/policy-packs'])(
    '%s refuses an unknown platform or parameter with 400 VALIDATION_FAILED, and documents the filter',
    async (url) => {
      for (const query of [
        'platform=automation-anywhere',
        'platform=',
        'platform=UiPath',
        'plattform=uipath',
      ]) {
        const { status, body } = await get(`${url}?${query}`)
        expect(status, query).toBe(400)
        expect(body.error.code, query).toBe('VALIDATION_FAILED')
      }
      const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
      expect(document.paths[url].get.parameters).toContainEqual(
        expect.objectContaining({
          name: 'platform',
          in: 'query',
          schema: expect.objectContaining({ enum: [...PLATFORMS] }),
        }),
      )
    },
  )

  it('GET /api/v1/event-types gives each event its schema and an example that validates against it', async () => {
    const { status, body } = await get('/api/v1/event-types')
    expect(status).toBe(200)
    // Other issues add events; the spec's three must be there, and the list is the catalogue's.
    const names = body.items.map((e: { name: string }) => e.name)
    expect(names).toEqual(EVENT_TYPES.map((type) => type.name))
    expect(names).toEqual(
      expect.arrayContaining([
        'validation.completed',
        'validation.below_threshold',
        'exception.expiring_soon',
      ]),
    )
    for (const item of body.items) {
      const source = EVENT_TYPES.find((type) => type.name === item.name)
      // The schema and example arrive whole (nothing dropped by response serialisation).
      expect(item.schema).toEqual(source?.schema)
      expect(item.example).toEqual(source?.example)
      expect(item.description.length).toBeGreaterThan(0)
      expect(item.example.event).toBe(item.name)
      expectValidEnvelope(item.example)
    }
  })
})
