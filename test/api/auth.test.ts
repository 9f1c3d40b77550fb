import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

describe.each(testEngines())('auth on %s', (engine) => {
  let t: TestApp
  beforeEach(async () => {
    t = await openTestApp(engine, {
      authFailureLimits: { maxFailures: 5, windowMs: 60_000, maxTrackedAddresses: 100 },
    })
  })
  afterEach(() => t.close())

  it('GET /api/v1/me answers with the key owner', async () => {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      orgId: t.orgA.orgId,
      orgName: 'org-a',
      userId: expect.any(String),
      email: 'member@org-a.test',
      role: 'member',
      keyId: t.orgA.memberKeyId,
    })
    expect(res.headers['x-request-id']).toEqual(expect.any(String))
  })

  it.each([
    ['missing', undefined, 'AUTH_REQUIRED'],
    ['empty', '', 'AUTH_REQUIRED'],
    ['not bearer', 'Basic dXNlcjpwYXNz', 'AUTH_INVALID'],
    ['malformed', 'Bearer not-a-key', 'AUTH_INVALID'],
    ['unknown', `Bearer fc_${'A'.repeat(43)}`, 'AUTH_INVALID'],
  ])('a %s key → 401 %s', async (_label, header, code) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: header === undefined ? {} : { authorization: header },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ error: { code, message: expect.any(String), details: [] } })
  })

  it('a key with the right prefix but a wrong secret part → 401', async () => {
    const forged = `${t.orgA.adminKey.slice(0, 15)}${'x'.repeat(t.orgA.adminKey.length - 15)}`
    const res = await t.request(forged, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('AUTH_INVALID')
  })

  it('a revoked key → 401 at once', async () => {
    const del = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${t.orgA.memberKeyId}`,
    })
    expect(del.statusCode).toBe(204)
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('AUTH_INVALID')
  })

  it('a member on an admin route → 403 FORBIDDEN_ROLE, and nothing is created', async () => {
    const res = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { email: 'x@org-a.test', role: 'admin' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('FORBIDDEN_ROLE')
    const list = await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/api-keys' })
    expect(list.json().items.map((k: { email: string }) => k.email)).not.toContain('x@org-a.test')
    const del = await t.request(t.orgA.memberKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${t.orgA.adminKeyId}`,
    })
    expect(del.statusCode).toBe(403)
  })

  it('repeated bad keys from one address are rate limited with Retry-After, good keys from elsewhere are not', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.request('fc_bad', { method: 'GET', url: '/api/v1/me', remoteAddress: '10.9.9.9' })
      expect(res.statusCode).toBe(401)
    }
    const limited = await t.request(t.orgA.adminKey, {
      method: 'GET',
      url: '/api/v1/me',
      remoteAddress: '10.9.9.9',
    })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // One Retry-After (a string, not a repeated header), the seconds the body's detail gives:
    // the limiter's 429 goes through the error handler's one path, as ANALYSIS_BUSY does.
    expect(limited.headers['retry-after']).toBe(String(limited.json().error.details[0]?.retryAfterSeconds))
    const other = await t.request(t.orgA.adminKey, {
      method: 'GET',
      url: '/api/v1/me',
      remoteAddress: '10.9.9.10',
    })
    expect(other.statusCode).toBe(200)
    t.clock.advance(61_000)
    const later = await t.request(t.orgA.adminKey, {
      method: 'GET',
      url: '/api/v1/me',
      remoteAddress: '10.9.9.9',
    })
    expect(later.statusCode).toBe(200)
  })

  it('public routes need no key', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json', '/docs']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
    }
  })
})
