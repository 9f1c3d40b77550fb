import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

describe.each(testEngines())('api keys on %s', (engine) => {
  let t: TestApp
  beforeEach(async () => {
    t = await openTestApp(engine)
  })
  afterEach(() => t.close())

  it('creates a key shown once, that works, for a new user of the org', async () => {
    const res = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { email: 'New.Person@Org-A.test', role: 'member', name: 'ci pipeline' },
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toEqual({
      id: expect.any(String),
      apiKey: expect.stringMatching(/^fc_[0-9A-Za-z]{43}$/),
      prefix: body.apiKey.slice(0, 15),
      name: 'ci pipeline',
      email: 'new.person@org-a.test',
      role: 'member',
      createdAt: '2026-05-15T18:00:00.000Z',
    })
    const me = await t.request(body.apiKey, { method: 'GET', url: '/api/v1/me' })
    expect(me.json()).toMatchObject({ orgId: t.orgA.orgId, email: 'new.person@org-a.test', role: 'member' })

    const list = await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/api-keys' })
    expect(list.statusCode).toBe(200)
    const listed = list.json().items.find((k: { id: string }) => k.id === body.id)
    expect(listed).toEqual({
      id: body.id,
      prefix: body.prefix,
      name: 'ci pipeline',
      email: 'new.person@org-a.test',
      role: 'member',
      createdAt: '2026-05-15T18:00:00.000Z',
      lastUsedAt: '2026-05-15T18:00:00.000Z',
      revokedAt: null,
    })
    expect(list.body).not.toContain(body.apiKey)
    expect(list.body).not.toContain(body.apiKey.slice(15))
  })

  it('admins list the whole org, members only their own keys; both paginate with nextCursor', async () => {
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1000)
      await t.request(t.orgA.adminKey, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { email: `p${i}@org-a.test`, role: 'member' },
      })
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = await t.request(t.orgA.adminKey, { method: 'GET', url })
      expect(page.statusCode).toBe(200)
      const body = page.json()
      expect(body.items.length).toBeLessThanOrEqual(2)
      seen.push(...body.items.map((k: { id: string }) => k.id))
      cursor = body.nextCursor
    } while (cursor !== null)
    expect(seen).toHaveLength(6)
    expect(new Set(seen).size).toBe(6)
    expect([...seen].sort().reverse()).toEqual(seen)

    const mine = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/api-keys' })
    expect(mine.json().items.map((k: { id: string }) => k.id)).toEqual([t.orgA.memberKeyId])
  })

  it('refuses to change an existing user role through a new key', async () => {
    const res = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { email: 'member@org-a.test', role: 'admin' },
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('USER_ROLE_CONFLICT')
    expect(res.json().error.details).toEqual([
      { field: 'body.role', reason: expect.any(String), currentRole: 'member' },
    ])
  })

  it('revokes a key once; a second revoke or an unknown id → 404; the last admin key cannot be revoked', async () => {
    const first = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${t.orgA.memberKeyId}`,
    })
    expect(first.statusCode).toBe(204)
    expect(first.body).toBe('')
    const again = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${t.orgA.memberKeyId}`,
    })
    expect(again.statusCode).toBe(404)
    const unknown = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: '/api/v1/api-keys/0190a000-0000-7000-8000-000000000000',
    })
    expect(unknown.statusCode).toBe(404)
    const garbage = await t.request(t.orgA.adminKey, { method: 'DELETE', url: '/api/v1/api-keys/not-an-id' })
    expect(garbage.statusCode).toBe(404)
    const last = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${t.orgA.adminKeyId}`,
    })
    expect(last.statusCode).toBe(409)
    expect(last.json().error.code).toBe('LAST_ADMIN_KEY')
  })
})
