import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/api/app.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

describe.each(testEngines())('operations endpoints on %s', (engine) => {
  let t: TestApp
  afterEach(() => t.close())

  it('healthz, readyz, metrics in Prometheus text, OpenAPI 3.1 and a readable reference page', async () => {
    t = await openTestApp(engine)
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' })

    await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/me' })
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toContain('# TYPE flowcerta_http_requests_total counter')
    expect(metrics.body).toMatch(
      /flowcerta_http_requests_total\{method="GET",route="\/api\/v1\/me",status="200"\} 1/,
    )

    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(openapi.openapi).toBe('3.1.0')
    for (const path of ['/api/v1/me', '/api/v1/api-keys', '/api/v1/api-keys/{id}', '/healthz', '/readyz']) {
      expect(openapi.paths, path).toHaveProperty([path])
    }
    expect(
      openapi.paths['/api/v1/api-keys'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'role'])

    const docs = await t.app.inject({ method: 'GET', url: '/docs' })
    expect(docs.headers['content-type']).toContain('text/html')
    expect(docs.body).toContain('<code>/api/v1/api-keys/{id}</code>')
    expect(docs.body).toContain('Create an API key')
  })

  it('readyz answers 503 NOT_READY when the database is gone', async () => {
    t = await openTestApp(engine)
    await t.testStore.store.close()
    const res = await t.app.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(503)
    expect(res.json().error.code).toBe('NOT_READY')
  })

  it('logs never contain an API key, even one sent in a header or created', async () => {
    t = await openTestApp(engine)
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp({
      store: t.testStore.store,
      logger: createLogger('trace', sink),
      publicUrl: 'http://127.0.0.1:8080',
      clock: t.clock,
      secretKey: t.secretKey,
    })
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${t.orgA.adminKey}` },
      payload: { email: 'logged@org-a.test', role: 'member' },
    })
    expect(created.statusCode).toBe(201)
    await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.json().apiKey}` },
    })
    await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer fc_wrongwrongwrong' },
    })
    await app.close()
    const log = lines.join('')
    expect(log.length).toBeGreaterThan(0)
    expect(log).not.toContain(t.orgA.adminKey)
    expect(log).not.toContain(created.json().apiKey)
    expect(log).not.toContain('fc_wrongwrongwrong')
    expect(log).toContain('api key created')
  })
})
