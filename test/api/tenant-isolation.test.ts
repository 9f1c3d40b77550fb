import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GLOBAL_ROUTES,
  ISOLATION_CASES,
  orgAException,
  orgAProject,
  validateProject,
} from '../helpers/tenant-isolation.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

/** Every route with a path parameter, read from the OpenAPI document the app builds from its routes. */
function routesWithParams(t: TestApp): string[] {
  const document = t.app.swagger() as { paths?: Record<string, Record<string, unknown>> }
  const routes: string[] = []
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    if (!path.includes('{')) continue
    for (const method of Object.keys(methods)) {
      routes.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)
    }
  }
  return routes
}

describe.each(testEngines())('tenant isolation on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  it('every route with a path parameter has an isolation case', () => {
    const routes = routesWithParams(t)
    expect(routes).toContain('DELETE /api/v1/api-keys/:id')
    const covered = new Set([...ISOLATION_CASES.map((c) => c.route), ...GLOBAL_ROUTES.map((g) => g.route)])
    expect(routes.filter((route) => !covered.has(route))).toEqual([])
    // A route is either org-scoped (a case) or global, never both; and a listed route exists.
    expect(GLOBAL_ROUTES.filter((g) => ISOLATION_CASES.some((c) => c.route === g.route))).toEqual([])
    for (const global of GLOBAL_ROUTES) expect(routes).toContain(global.route)
  })

  for (const global of GLOBAL_ROUTES) {
    it(`${global.route} is global data: org A and org B get the same 200 answer`, async () => {
      const [method = 'GET'] = global.route.split(' ')
      const fromA = await t.request(t.orgA.memberKey, { method: method as 'GET', url: global.url })
      const fromB = await t.request(t.orgB.adminKey, { method: method as 'GET', url: global.url })
      expect(fromA.statusCode).toBe(200)
      expect(fromB.statusCode).toBe(200)
      expect(fromB.body).toBe(fromA.body)
    })
  }

  for (const isolationCase of ISOLATION_CASES) {
    it(`${isolationCase.route}: org B's admin on org A's id → 404`, async () => {
      const request = await isolationCase.arrange(t)
      const res = await t.request(t.orgB.adminKey, {
        method: request.method,
        url: request.url,
        payload: request.payload,
      })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('NOT_FOUND')
    })
  }

  it("the dashboard's list filters and a project's previous score read only the caller's org", async () => {
    const get = async (key: string, url: string) => {
      const res = await t.request(key, { method: 'GET', url })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { items: Record<string, unknown>[] }).items
    }
    // A renewal pending in org A: in A's queue, never in B's.
    const pending = await orgAException(t, true, true)
    const ids = (items: Record<string, unknown>[]) => items.map((item) => item.id)
    expect(ids(await get(t.orgA.memberKey, '/api/v1/exceptions?renewal=pending'))).toContain(pending)
    expect(ids(await get(t.orgB.adminKey, '/api/v1/exceptions?renewal=pending'))).not.toContain(pending)
    // Org A's admin's entries, filtered by that actor: A sees them, B none.
    const [latest] = await get(t.orgA.adminKey, '/api/v1/audit-log?limit=1')
    const actor = encodeURIComponent(String(latest?.actorEmail))
    expect((await get(t.orgA.adminKey, `/api/v1/audit-log?actor=${actor}`)).length).toBeGreaterThan(0)
    expect(await get(t.orgB.adminKey, `/api/v1/audit-log?actor=${actor}`)).toEqual([])
    // A project name used in both orgs: org B's first validation of it has no previous score,
    // however many org A has.
    const name = await orgAProject(t)
    await orgAProject(t)
    await validateProject(t, t.orgB.memberKey)
    const inA = (await get(t.orgA.memberKey, '/api/v1/projects')).find((p) => p.name === name)
    const inB = (await get(t.orgB.memberKey, '/api/v1/projects')).find((p) => p.name === name)
    expect(inA?.previousScore).not.toBeNull()
    expect(inB).toMatchObject({ name, validations: 1, previousScore: null })
  })

  it("org A's member key still works after org B's attempts (nothing was changed)", async () => {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(200)
  })
})
