/**
 * The OpenAPI document is a reference people can use: every operation documents its success and
 * error bodies with examples that match their own schemas, optional bodies are marked optional,
 * /docs renders Markdown without running anything, and the response check that every integration
 * test goes through (test/helpers/openapi-response-check.ts) really catches a wrong document.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type OpenApiDocument, renderReferencePage } from '../../src/api/plugins/openapi.js'
import {
  type CheckedDocument,
  OpenApiResponseChecker,
  OpenApiResponseMismatch,
  responseCheckStats,
} from '../helpers/openapi-response-check.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

interface Media {
  schema?: { $ref?: string; examples?: unknown[] }
  example?: unknown
}
interface Operation {
  security?: unknown[]
  requestBody?: { required?: boolean; content?: Record<string, Media> }
  responses: Record<string, { description?: string; content?: Record<string, Media> }>
}
type Document = OpenApiDocument & {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { examples?: unknown[] }> }
}

function operations(document: Document): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
  )
}

const clone = <T>(value: T): T => structuredClone(value)

describe.each(testEngines())('the OpenAPI document on %s', (engine) => {
  let t: TestApp
  let document: Document
  beforeEach(async () => {
    t = await openTestApp(engine)
    document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
  })
  afterEach(() => t.close())

  it('every operation documents a success body, the pipeline errors and 500, each with its error body', () => {
    const all = operations(document)
    expect(all.length).toBeGreaterThan(30)
    for (const { method, path, operation } of all) {
      const where = `${method.toUpperCase()} ${path}`
      const statuses = Object.keys(operation.responses)
      expect(
        statuses.some((status) => status.startsWith('2')),
        where,
      ).toBe(true)
      expect(statuses, where).toContain('500')
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0
      if (!isPublic) expect(statuses, where).toEqual(expect.arrayContaining(['401', '429']))
      if (['post', 'put', 'patch', 'delete'].includes(method)) {
        expect(statuses, where).toEqual(expect.arrayContaining(['400', '413', '415']))
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${where} ${status}`).not.toBe('Default Response')
        if (Number(status) >= 400) {
          const ref = response.content?.['application/json']?.schema?.$ref ?? ''
          const name = ref.replace('#/components/schemas/', '')
          expect((document.components.schemas[name] as { title?: string })?.title, `${where} ${status}`).toBe(
            `ErrorBody${status}`,
          )
        }
      }
    }
  })

  it('every JSON response has an example, and every example matches its own schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
    addFormats.default(ajv)
    ajv.addFormat('binary', true)
    ajv.addSchema(document as object, 'openapi.json')
    let checked = 0
    for (const { method, path, operation } of operations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.['application/json']
        if (media === undefined) continue
        const where = `${method.toUpperCase()} ${path} ${status}`
        const ref = media.schema?.$ref
        const component =
          ref === undefined ? undefined : document.components.schemas[ref.split('/').pop() ?? '']
        const example = media.example ?? media.schema?.examples?.[0] ?? component?.examples?.[0]
        if (path === '/api/v1/openapi.json') continue // the document itself is its own example
        expect(example, `${where} has no example`).toBeDefined()
        const pointer = ['paths', path, method, 'responses', status, 'content', 'application/json', 'schema']
          .map((token) => encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1')))
          .join('/')
        const validate = ajv.compile({ $ref: `openapi.json#/${pointer}` })
        expect(validate(example), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('request bodies are required only where they are: a route that reads none as {} says so', async () => {
    const optional = operations(document).filter(({ operation }) => operation.requestBody?.required === false)
    expect(optional.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'post /api/v1/exceptions/{id}/approve',
      'post /api/v1/exceptions/{id}/renewal/approve',
      'post /api/v1/exceptions/{id}/revoke',
      'post /api/v1/org-webhooks/{id}/rotate-secret',
    ])
    // ...and really: sent without a body they get past validation (404: the id is unknown).
    for (const { path } of optional) {
      const url = path.replace('{id}', '0196d4c0-3a22-7e61-b5d8-1f4a2c6e8b05')
      const res = await t.request(t.orgA.adminKey, { method: 'POST', url })
      expect(res.statusCode, url).toBe(404)
    }
    expect(document.paths['/api/v1/exceptions']?.post?.requestBody?.required).toBe(true)
    expect(document.paths['/api/v1/exceptions/{id}/reject']?.post?.requestBody?.required).toBe(true)
  })

  it('/docs renders the descriptions as Markdown under a strict CSP, with no script', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs' })
    expect(docs.statusCode).toBe(200)
    const csp = String(docs.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(docs.body).not.toMatch(/<script/i)
    expect(docs.body).toContain('<code>Authorization: Bearer &lt;API key&gt;</code>')
    expect(docs.body).toContain('Example (application/json)')

    const page = renderReferencePage({
      openapi: '3.1.0',
      info: {
        title: 'T',
        version: '1',
        description: '**bold** <script>alert(1)</script> [x](javascript:alert(1))',
      },
      paths: { '/a': { get: { summary: 'a `code` summary', description: '- one\n- two' } } },
    })
    expect(page).toContain('<strong>bold</strong>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('href="javascript:')
    expect(page).toContain('a <code>code</code> summary')
    expect(page).toContain('<li>one</li>')
  })
})

describe('the response check every test app runs', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await openTestApp('sqlite')
  })
  afterEach(() => t.close())

  it('checks every response the test app answers (it cannot pass by checking nothing)', async () => {
    const before = responseCheckStats.checked
    await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    await t.request(null, { method: 'GET', url: '/api/v1/me' })
    await t.app.inject({ method: 'GET', url: '/api/v1/nope' })
    await t.app.inject('/healthz')
    expect(responseCheckStats.checked - before).toBe(4)
  })

  it('fails a response whose body does not match the documented schema', async () => {
    const document = t.app.swagger() as unknown as CheckedDocument & Document
    const wrong = clone(document)
    const me = wrong.paths['/api/v1/me']?.get?.responses['200']?.content?.['application/json']?.schema as {
      properties: Record<string, unknown>
    }
    me.properties.orgId = { type: 'integer' }
    const res = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(res.statusCode).toBe(200)
    expect(() => new OpenApiResponseChecker(document).check('GET', '/api/v1/me', res)).not.toThrow()
    expect(() => new OpenApiResponseChecker(wrong).check('GET', '/api/v1/me', res)).toThrow(
      /does not match the documented schema: \/orgId must be integer/,
    )
  })

  it('fails an undocumented status, content type, or an answer on an undocumented route', async () => {
    const document = t.app.swagger() as unknown as CheckedDocument & Document
    const no401 = clone(document)
    delete no401.paths['/api/v1/me']?.get?.responses['401']
    const unauthenticated = await t.request(null, { method: 'GET', url: '/api/v1/me' })
    expect(() => new OpenApiResponseChecker(no401).check('GET', '/api/v1/me', unauthenticated)).toThrow(
      OpenApiResponseMismatch,
    )
    expect(() => new OpenApiResponseChecker(no401).check('GET', '/api/v1/me', unauthenticated)).toThrow(
      /status 401 is not documented/,
    )

    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' })
    const jsonMetrics = clone(document)
    const ok = jsonMetrics.paths['/metrics']?.get?.responses['200']
    if (ok !== undefined) ok.content = { 'application/json': { schema: {} } }
    expect(() => new OpenApiResponseChecker(jsonMetrics).check('GET', '/metrics', metrics)).toThrow(
      /content type "text\/plain" is not documented/,
    )

    const healthz = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(() => new OpenApiResponseChecker(document).check('GET', '/not-documented', healthz)).toThrow(
      /no documented operation/,
    )
  })
})
