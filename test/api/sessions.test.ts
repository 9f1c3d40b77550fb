/**
 * Dashboard sessions through the whole pipeline, on both engines: sign-in sets the cookie with its
 * flags; the cookie authenticates reads, and writes only with the session's X-CSRF-Token; roles
 * still apply; forged, unknown, expired and idle cookies get 401; sign-out deletes the server
 * session (a replayed cookie is refused); revoking the key ends its sessions; Bearer keys work as
 * before with no CSRF token. Every response is checked against the OpenAPI document.
 */
import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SESSION_IDLE_MS } from '../../src/api/plugins/session.js'
import { revokeApiKey } from '../../src/store/api-keys.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

const HOUR = 3_600_000

interface SignedIn {
  cookie: string
  csrfToken: string
  setCookie: string
}

function setCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie']
  return Array.isArray(header) ? header.join('\n') : String(header ?? '')
}

async function signIn(t: TestApp, apiKey: string): Promise<SignedIn> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { apiKey } })
  expect(res.statusCode, res.body).toBe(201)
  const setCookie = setCookieOf(res)
  const cookie = /^(flowcerta_session=[^;]+)/.exec(setCookie)?.[1]
  if (cookie === undefined) throw new Error(`no session cookie in ${setCookie}`)
  return { cookie, csrfToken: res.json().csrfToken, setCookie }
}

const exceptionRequest = (t: TestApp) => ({
  ruleId: 'FC-UIP-ERR-001',
  fileName: 'Main.xaml',
  reason: 'session test',
  expiresAt: new Date(t.clock.now() + 30 * 24 * HOUR).toISOString(),
})

/** A request with the session's cookie, and its CSRF token when `csrf` is true (or this value). */
function withSession(
  t: TestApp,
  session: SignedIn,
  request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object },
  csrf: boolean | string = false,
): Promise<LightMyRequestResponse> {
  const token = csrf === true ? session.csrfToken : csrf === false ? undefined : csrf
  return t.app.inject({
    ...request,
    headers: { cookie: session.cookie, ...(token === undefined ? {} : { 'x-csrf-token': token }) },
  })
}

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.json().error.code).toBe(code)
}

async function sessionRows(t: TestApp): Promise<number> {
  const row = await t.testStore.store.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

describe.each(testEngines())('dashboard sessions on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  it('sign-in answers the session body and an HttpOnly, SameSite=Strict cookie (not Secure over http)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { apiKey: t.orgA.memberKey },
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    // The same body as GET /api/v1/me with the key.
    const me = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(body.me).toEqual(me.json())
    expect(body.me.keyId).toBe(t.orgA.memberKeyId)
    expect(body.expiresAt).toBe(new Date(t.clock.now() + 12 * HOUR).toISOString())
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const setCookie = setCookieOf(res)
    expect(setCookie).toMatch(
      /^flowcerta_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    )
    expect(setCookie).not.toContain('Secure')
    // Only the token's hash is stored.
    const token = /^flowcerta_session=([^;]+)/.exec(setCookie)?.[1] ?? ''
    const rows = await t.testStore.store.db.selectFrom('sessions').selectAll().execute()
    expect(rows.some((row) => row.token_hash === token)).toBe(false)
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(JSON.stringify(rows)).not.toContain(t.orgA.memberKey)
  })

  it('a bad key gets 401 AUTH_INVALID and no cookie; failures count towards 429', async () => {
    const limited = await openTestApp(engine, {
      authFailureLimits: { maxFailures: 3, windowMs: 60_000, maxTrackedAddresses: 100 },
    })
    try {
      for (const apiKey of ['fc_not-a-key', `${limited.orgA.memberKey.slice(0, -2)}xx`, 'nonsense']) {
        const res = await limited.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { apiKey } })
        expectError(res, 401, 'AUTH_INVALID')
        expect(res.headers['set-cookie']).toBeUndefined()
      }
      const blocked = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { apiKey: limited.orgA.memberKey },
      })
      expect(blocked.statusCode).toBe(429)
      // One Retry-After, the seconds the body's detail gives (the error handler's one path).
      expect(blocked.headers['retry-after']).toBe('60')
      expect(blocked.json().error).toMatchObject({
        code: 'RATE_LIMITED',
        details: [{ retryAfterSeconds: 60 }],
      })
      expect(await sessionRows(limited)).toBe(0)
    } finally {
      await limited.close()
    }
  })

  it('the cookie authenticates reads; GET /sessions/current gives the same CSRF token', async () => {
    const session = await signIn(t, t.orgA.memberKey)
    const me = await withSession(t, session, { method: 'GET', url: '/api/v1/me' })
    expect(me.statusCode).toBe(200)
    expect(me.json().keyId).toBe(t.orgA.memberKeyId)
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sessions/current',
      headers: { cookie: `theme=dark; ${session.cookie}` },
    })
    expect(current.statusCode).toBe(200)
    expect(current.json().csrfToken).toBe(session.csrfToken)
    expect(current.json().me.orgId).toBe(t.orgA.orgId)
  })

  it('a write with the cookie needs X-CSRF-Token: none or a wrong one → 403 CSRF_INVALID, the right one → ok', async () => {
    const session = await signIn(t, t.orgA.memberKey)
    const other = await signIn(t, t.orgA.memberKey)
    for (const headers of [
      { cookie: session.cookie },
      { cookie: session.cookie, 'x-csrf-token': '' },
      { cookie: session.cookie, 'x-csrf-token': other.csrfToken },
      { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken}x` },
    ]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/exceptions',
        headers,
        payload: exceptionRequest(t),
      })
      expectError(refused, 403, 'CSRF_INVALID')
    }
    const accepted = await withSession(
      t,
      session,
      { method: 'POST', url: '/api/v1/exceptions', payload: exceptionRequest(t) },
      true,
    )
    expect(accepted.statusCode).toBe(201)
    expect(accepted.json().requestedByEmail).toBe('member@org-a.test')
  })

  it("a member's cookie on an admin route → 403 FORBIDDEN_ROLE, with or without CSRF; an admin's → 200", async () => {
    const member = await signIn(t, t.orgA.memberKey)
    const read = await withSession(t, member, { method: 'GET', url: '/api/v1/org-webhooks' })
    expectError(read, 403, 'FORBIDDEN_ROLE')
    const write = await withSession(
      t,
      member,
      { method: 'PATCH', url: '/api/v1/org-settings', payload: { exceptionWarningDays: 9 } },
      true,
    )
    expectError(write, 403, 'FORBIDDEN_ROLE')
    const admin = await signIn(t, t.orgA.adminKey)
    const allowed = await withSession(
      t,
      admin,
      { method: 'PATCH', url: '/api/v1/org-settings', payload: { exceptionWarningDays: 9 } },
      true,
    )
    expect(allowed.statusCode).toBe(200)
  })

  it('forged, malformed and unknown cookies → 401 (and the cookie is cleared)', async () => {
    for (const cookie of [
      `flowcerta_session=${randomBytes(32).toString('base64url')}`,
      'flowcerta_session=short',
      'flowcerta_session=',
      'other=1',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })
      expectError(res, 401, 'AUTH_REQUIRED')
    }
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `flowcerta_session=${randomBytes(32).toString('base64url')}` },
    })
    expect(setCookieOf(forged)).toMatch(/^flowcerta_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/)
  })

  describe('ending', () => {
    let local: TestApp
    beforeEach(async () => {
      local = await openTestApp(engine, { sessionHours: 3 })
      return () => local.close()
    })

    it('an expired session (absolute lifetime) → 401, and its row is gone', async () => {
      const session = await signIn(local, local.orgA.memberKey)
      expect(session.setCookie).toContain('Max-Age=10800')
      // Kept alive by use: an hour at a time, under the idle timeout.
      for (let hour = 0; hour < 2; hour += 1) {
        local.clock.advance(HOUR)
        const alive = await withSession(local, session, { method: 'GET', url: '/api/v1/me' })
        expect(alive.statusCode).toBe(200)
      }
      local.clock.advance(HOUR)
      const expired = await withSession(local, session, { method: 'GET', url: '/api/v1/me' })
      expect(expired.statusCode).toBe(401)
      expect(await sessionRows(local)).toBe(0)
    })

    it('an idle session → 401; the sweep on sign-in deletes ended sessions', async () => {
      const idle = await signIn(local, local.orgA.memberKey)
      await signIn(local, local.orgA.adminKey)
      expect(await sessionRows(local)).toBe(2)
      local.clock.advance(SESSION_IDLE_MS)
      await signIn(local, local.orgB.memberKey)
      expect(await sessionRows(local)).toBe(1)
      const res = await withSession(local, idle, { method: 'GET', url: '/api/v1/me' })
      expect(res.statusCode).toBe(401)
    })

    it('sign-out deletes the server session and clears the cookie; replaying the cookie → 401', async () => {
      const session = await signIn(local, local.orgA.memberKey)
      const noCsrf = await withSession(local, session, { method: 'DELETE', url: '/api/v1/sessions/current' })
      expectError(noCsrf, 403, 'CSRF_INVALID')
      const out = await withSession(
        local,
        session,
        { method: 'DELETE', url: '/api/v1/sessions/current' },
        true,
      )
      expect(out.statusCode).toBe(204)
      expect(setCookieOf(out)).toContain('Max-Age=0')
      expect(await sessionRows(local)).toBe(0)
      const replay = await withSession(local, session, { method: 'GET', url: '/api/v1/me' })
      expect(replay.statusCode).toBe(401)
    })

    it('revoking the key ends its sessions (through the API, and when revoked in the store alone)', async () => {
      const viaApi = await signIn(local, local.orgA.memberKey)
      const revoked = await local.request(local.orgA.adminKey, {
        method: 'DELETE',
        url: `/api/v1/api-keys/${local.orgA.memberKeyId}`,
      })
      expect(revoked.statusCode).toBe(204)
      expect(await sessionRows(local)).toBe(0)
      const res = await withSession(local, viaApi, { method: 'GET', url: '/api/v1/me' })
      expect(res.statusCode).toBe(401)

      // The per-request check, without the row deletion of the API's revocation.
      const session = await signIn(local, local.orgB.memberKey)
      await revokeApiKey(
        local.testStore.store.db,
        local.orgB.orgId,
        local.orgB.memberKeyId,
        local.clock.now(),
      )
      const after = await withSession(local, session, { method: 'GET', url: '/api/v1/me' })
      expect(after.statusCode).toBe(401)
    })

    it('session routes need the cookie: a Bearer key has no session → 401', async () => {
      const res = await local.request(local.orgA.memberKey, {
        method: 'GET',
        url: '/api/v1/sessions/current',
      })
      expectError(res, 401, 'AUTH_REQUIRED')
    })
  })

  it('Bearer keys work as before, with no CSRF token, and win over a cookie', async () => {
    const res = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/exceptions',
      payload: exceptionRequest(t),
    })
    expect(res.statusCode).toBe(201)
    const session = await signIn(t, t.orgA.memberKey)
    const both = await t.request(t.orgB.memberKey, {
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: session.cookie },
    })
    expect(both.json().orgId).toBe(t.orgB.orgId)
  })

  it('Secure when the public URL is https, or the request came over https through a trusted proxy', async () => {
    const https = await openTestApp(engine, { publicUrl: 'https://flowcerta.example.com' })
    const proxied = await openTestApp(engine, { trustProxy: true })
    try {
      expect((await signIn(https, https.orgA.memberKey)).setCookie).toMatch(/; Secure$/)
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { apiKey: proxied.orgA.memberKey },
      })
      expect(setCookieOf(res)).toMatch(/; Secure$/)
      expect((await signIn(proxied, proxied.orgA.memberKey)).setCookie).not.toContain('Secure')
    } finally {
      await https.close()
      await proxied.close()
    }
  })
})
