import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GLOBAL_ROUTES, ISOLATION_CASES } from '../helpers/tenant-isolation.js'
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

  it("org A's member key still works after org B's attempts (nothing was changed)", async () => {
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(200)
  })
})
