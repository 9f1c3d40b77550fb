/**
 * A bounded fuzzer driven by the OpenAPI document: for EVERY documented operation it sends hostile
 * requests built from that operation's own parameters and body schema — wrong types, nulls, huge
 * strings, unicode, `__proto__`/`constructor` keys, deep nesting, invalid ids and cursors, wrong and
 * missing content types — plus the malformed multipart shapes of POST /api/v1/validations. It
 * asserts: no 5xx, every 4xx is the one error body with a catalogue code of that status, and the
 * process still answers afterwards. Every response also goes through the shared test app's
 * document check (undocumented status or body → failure). Fixed seed, bounded runs: a failure
 * reproduces, and the file stays fast.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE, isErrorCode } from '../../src/domain/errors/error-catalogue.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { MINIMAL_XAML } from '../helpers/validation-test-kit.js'

const SEED = 20_261_204
/** Requests per operation and engine: ~40 operations × this takes seconds, not minutes. */
const RUNS_PER_OPERATION = 30

interface Parameter {
  name: string
  in: string
}
interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  minimum?: number
  minLength?: number
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete'])
const huge = (length: number) => 'x'.repeat(length)
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

/** `{"a": {"a": … 1}}`, `depth` levels: deep nesting inside a field rather than as the whole body. */
function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i += 1) value = { a: value }
  return value
}

/** Values in the wrong type, the wrong size, or the wrong alphabet, for any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_VALUE, 2 ** 53 + 2, '', ' ', [], {}, [null], {
    a: null,
  }),
  fc.constantFrom(huge(300), huge(70_000), '\u0000', '\u202e\u0041\ud83d\ude00', '\ud800', '__proto__'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('2026-13-45T99:99:99Z', 'next tuesday', 'javascript:alert(1)', 'http://169.254.169.254/'),
  fc.constantFrom(nested(2_000), [[[[[[[[[[[]]]]]]]]]]]),
)

/** Path parameter values: unknown, malformed, too long, badly encoded, or another resource's. */
function idArbitrary(realIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid().map((id) => id),
    fc.constantFrom(...realIds),
    fc.constantFrom(
      'not-a-uuid',
      '0',
      huge(65),
      huge(101),
      huge(5000),
      '%zz',
      '%E0%A4%A',
      '%00',
      encodeURIComponent('💥\u0000'),
      '__proto__',
      'constructor',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e',
    ),
  )
}

/** Query values: wrong types, out of range, repeated, and cursors that were never handed out. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'abc', '-1', '0', '1e309', '999999999999999999999', 'true', 'null', '[]', '%zz'),
  fc.constantFrom(huge(300), huge(10_000), encodeURIComponent('💥\u202e'), '%00'),
  fc.constantFrom('zzz', base64url('not-a-uuid'), base64url(randomUUID()), base64url(huge(150))),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
)

function queryString(names: readonly string[]): fc.Arbitrary<string> {
  const known = names.length === 0 ? fc.constant([]) : fc.subarray([...names])
  return fc
    .tuple(
      known,
      fc.subarray(['__proto__', 'constructor', 'limit[]', 'prototype']),
      fc.array(queryValue, { minLength: 8, maxLength: 8 }),
      fc.boolean(),
    )
    .map(([keys, extra, values, repeat]) => {
      const pairs = [...keys, ...extra].map(
        (key, i) => `${encodeURIComponent(key)}=${values[i % values.length]}`,
      )
      if (repeat && keys[0] !== undefined) pairs.push(`${keys[0]}=${values[7]}`)
      return pairs.length === 0 ? '' : `?${pairs.join('&')}`
    })
}

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

/**
 * A value the schema accepts (or nearly: patterns and cross-field rules are not solved), so that
 * bodies mixing it with hostile values get past validation and reach the handlers.
 */
function plausibleValue(schema: JsonSchema | undefined): unknown {
  if (schema?.enum !== undefined) return schema.enum[0]
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type
  if (schema?.format === 'date-time') return new Date(Date.parse('2026-06-01T00:00:00.000Z')).toISOString()
  if (schema?.format === 'email') return 'fuzz@example.com'
  if (type === 'integer' || type === 'number') return schema?.minimum ?? 1
  if (type === 'boolean') return true
  if (type === 'array') return [plausibleValue(schema?.items)]
  if (type === 'object') {
    return Object.fromEntries(
      Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, plausibleValue(v)]),
    )
  }
  return schema?.minLength !== undefined && schema.minLength > 1 ? huge(schema.minLength) : 'x'
}

/** JSON text shaped like the operation's body: plausible and hostile values, prototype keys. */
function shapedBody(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const properties = Object.entries(schema?.properties ?? {})
  const field = ([name, propertySchema]: [string, JsonSchema]) =>
    fc
      .oneof(
        { arbitrary: fc.constant(plausibleValue(propertySchema)), weight: 3 },
        { arbitrary: hostileValue, weight: 1 },
      )
      .map((value) => `${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}`)
  return fc
    .tuple(
      fc
        .subarray(properties, { minLength: Math.min(properties.length, 1) })
        .chain((chosen) => fc.tuple(...chosen.map(field))),
      fc.constantFrom('', '', '', '"__proto__":{"role":"admin"}', '"constructor":{"prototype":{"x":1}}'),
    )
    .map(
      ([fields, prototypeKey]) =>
        `{${[...fields, ...(prototypeKey === '' ? [] : [prototypeKey])].join(',')}}`,
    )
}

/** The whole plausible body with one field replaced by a hostile value, or left out. */
function mutatedBody(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const complete = (plausibleValue({ ...schema, type: 'object' }) ?? {}) as Record<string, unknown>
  const names = Object.keys(complete)
  return fc
    .tuple(fc.nat({ max: names.length }), hostileValue, fc.boolean())
    .map(([index, value, leaveOut]) => {
      const body: Record<string, unknown> = { ...complete }
      const name = names[index]
      if (name !== undefined) {
        if (leaveOut) delete body[name]
        else body[name] = value
      }
      return JSON.stringify(body)
    })
}

const rawBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    '{"limit":1e400,"n":-0}',
    'null',
    '[]',
    '"text"',
    '123',
    deep(10_000),
    deepObject(5_000),
    `"${huge(1_200_000)}"`,
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
  ),
  fc.constant(Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28])),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
)

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'application/json; charset=utf-16',
      '*/*',
      'garbage',
    ),
    weight: 4,
  },
)

function requestArbitrary(
  method: string,
  path: string,
  operation: Operation,
  keys: { admin: string; member: string },
  realIds: readonly string[],
): fc.Arbitrary<FuzzRequest> {
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string)
  const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema
  // Mostly the admin key, so requests get past auth; auth failures are one hostile input of many.
  const auth = fc.oneof(
    { arbitrary: fc.constant(`Bearer ${keys.admin}`), weight: 8 },
    { arbitrary: fc.constant(`Bearer ${keys.member}`), weight: 1 },
    {
      arbitrary: fc.constantFrom(undefined, 'Bearer fc_not_a_real_key', 'Basic YWRtaW46YWRtaW4=', 'Bearer'),
      weight: 1,
    },
    // The dashboard's session cookie (a fresh admin session per request, see SESSION_AUTH), with
    // or without its CSRF token.
    { arbitrary: fc.constantFrom(SESSION_AUTH, SESSION_AUTH_WITHOUT_CSRF), weight: 1 },
  )
  const sendsBody = BODY_METHODS.has(method)
    ? fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 })
    : fc.constant(false)
  // Signing in answers anything but 401 only to a real key: send one now and then.
  const signIn =
    path === '/api/v1/sessions' && method === 'post'
      ? [{ arbitrary: fc.constant(JSON.stringify({ apiKey: keys.admin })), weight: 2 }]
      : []
  const body = fc.oneof(
    ...signIn,
    { arbitrary: shapedBody(bodySchema) as fc.Arbitrary<string | Buffer>, weight: 2 },
    { arbitrary: mutatedBody(bodySchema) as fc.Arbitrary<string | Buffer>, weight: 3 },
    { arbitrary: rawBody, weight: 2 },
  )
  return fc
    .record({
      ids: fc.array(idArbitrary(realIds), { minLength: pathNames.length, maxLength: pathNames.length }),
      query: queryString(queryNames),
      auth,
      sendsBody,
      body,
      type: contentType,
    })
    .map(({ ids, query, auth: authorization, sendsBody: withBody, body: payload, type }) => {
      let url = path
      pathNames.forEach((name, i) => {
        url = url.replace(`{${name}}`, ids[i] ?? '')
      })
      const headers: Record<string, string> = {}
      if (authorization !== undefined) headers.authorization = authorization
      if (withBody && type !== undefined) headers['content-type'] = type
      return {
        method: method.toUpperCase(),
        url: `${url}${query}`,
        headers,
        ...(withBody ? { payload } : {}),
      }
    })
}

/** Auth placeholders the property replaces with a fresh session's cookie (and CSRF token). */
const SESSION_AUTH = 'session'
const SESSION_AUTH_WITHOUT_CSRF = 'session without csrf'

/** Codes the pipeline answers before a handler runs; any other answer means the handler ran. */
const PIPELINE_CODES = new Set([
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'FORBIDDEN_ROLE',
  'RATE_LIMITED',
  'ROUTE_NOT_FOUND',
  'BAD_REQUEST',
  'INVALID_JSON',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'CSRF_INVALID',
])

/** The one error body, a catalogue code, and the status that code has. */
function expectTypedClientError(where: string, res: LightMyRequestResponse): void {
  expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  if (res.statusCode < 400) return
  const body = res.json() as { error?: { code?: unknown; message?: unknown; details?: unknown } }
  const code = body.error?.code
  expect(typeof code === 'string' && isErrorCode(code), `${where}: code ${String(code)}`).toBe(true)
  expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status, where).toBe(res.statusCode)
  expect(typeof body.error?.message, where).toBe('string')
  expect(Array.isArray(body.error?.details), where).toBe(true)
  for (const problem of (body.error?.details ?? []) as { reason?: unknown }[]) {
    expect(typeof problem.reason, `${where}: ${JSON.stringify(problem)}`).toBe('string')
  }
  expect(Object.keys(body), where).toEqual(['error'])
}

/** Malformed multipart shapes for POST /api/v1/validations (item 1 of issue 10). */
const MULTIPART_CASES: { name: string; headers: Record<string, string>; payload?: string }[] = [
  { name: 'no body at all', headers: {} },
  { name: 'multipart with no boundary', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' },
  {
    name: 'multipart with an empty boundary',
    headers: { 'content-type': 'multipart/form-data; boundary=' },
    payload: '--\r\n\r\n----',
  },
  {
    name: 'a body that is not multipart',
    headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    payload: '{"fileName":"Main.xaml"}',
  },
  {
    name: 'a part with no closing boundary',
    headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    payload: `--abc\r\nContent-Disposition: form-data; name="file"; filename="Main.xaml"\r\n\r\n${MINIMAL_XAML}`,
  },
  {
    name: "a boundary that differs from the body's",
    headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    payload: `--xyz\r\nContent-Disposition: form-data; name="file"; filename="Main.xaml"\r\n\r\n${MINIMAL_XAML}\r\n--xyz--\r\n`,
  },
  {
    name: 'a boundary longer than 256 characters',
    headers: { 'content-type': `multipart/form-data; boundary=${huge(300)}` },
    payload: `--${huge(300)}\r\nContent-Disposition: form-data; name="file"; filename="Main.xaml"\r\n\r\n${MINIMAL_XAML}\r\n--${huge(300)}--\r\n`,
  },
]

describe.each(testEngines())('OpenAPI-driven fuzz on %s', (engine) => {
  let t: TestApp
  let document: Document
  let realIds: string[]
  let sent = 0
  const reachedHandler = new Set<string>()

  beforeAll(async () => {
    // Hostile keys are part of the input: keep the limiter from turning the rest into 429s.
    t = await openTestApp(engine, {
      authFailureLimits: { maxFailures: 1_000_000, windowMs: 60_000, maxTrackedAddresses: 10 },
    })
    document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    // Real resources, so that fuzzed requests also reach the handlers past "not found".
    const admin = (options: Parameters<TestApp['request']>[1]) => t.request(t.orgA.adminKey, options)
    const validation = await admin({
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName: 'Main.xaml', content: MINIMAL_XAML },
    })
    const exception = await admin({
      method: 'POST',
      url: '/api/v1/exceptions',
      payload: {
        ruleId: 'FC-UIP-HCD-001',
        fileName: 'Main.xaml',
        reason: 'fuzz',
        expiresAt: new Date(t.clock.now() + 30 * 86_400_000).toISOString(),
      },
    })
    const webhook = await admin({
      method: 'POST',
      url: '/api/v1/org-webhooks',
      payload: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
    })
    realIds = [validation.json().validationId, exception.json().id, webhook.json().id]
    expect(realIds.every((id) => typeof id === 'string')).toBe(true)
  })
  afterAll(() => t.close())

  it('no operation of the document answers a hostile request with a 5xx or an untyped error', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    )
    expect(operations.length).toBeGreaterThan(30)
    for (const [index, { path, method, operation }] of operations.entries()) {
      const requests = requestArbitrary(
        method,
        path,
        operation,
        { admin: t.orgA.adminKey, member: t.orgA.memberKey },
        realIds,
      )
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const auth = request.headers.authorization
          if (auth === SESSION_AUTH || auth === SESSION_AUTH_WITHOUT_CSRF) {
            delete request.headers.authorization
            const session = await t.app.inject({
              method: 'POST',
              url: '/api/v1/sessions',
              payload: { apiKey: t.orgA.adminKey },
            })
            request.headers.cookie = String(session.headers['set-cookie']).split(';')[0] ?? ''
            if (auth === SESSION_AUTH) request.headers['x-csrf-token'] = session.json().csrfToken
          }
          const res = await t.app.inject(request)
          sent += 1
          const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : ''
          if (!PIPELINE_CODES.has(code)) reachedHandler.add(`${method} ${path}`)
          expectTypedClientError(`${request.method} ${request.url.slice(0, 200)}`, res)
        }),
        // One seed per operation, so operations do not all get the same sequence of choices.
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      )
    }
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION)
    // Not vacuous: on most operations some requests got past auth and validation into the handler.
    const notReached = operations.filter(({ path, method }) => !reachedHandler.has(`${method} ${path}`))
    expect(notReached.length, notReached.map((o) => `${o.method} ${o.path}`).join(', ')).toBeLessThan(
      operations.length * 0.1,
    )
  }, 120_000)

  describe('malformed multipart and missing bodies on POST /api/v1/validations', () => {
    for (const { name, headers, payload } of MULTIPART_CASES) {
      const run = async () => {
        const res = await t.request(t.orgA.adminKey, {
          method: 'POST',
          url: '/api/v1/validations',
          headers,
          ...(payload === undefined ? {} : { payload }),
        })
        expectTypedClientError(name, res)
        expect(res.statusCode, name).toBeGreaterThanOrEqual(400)
      }
      it(`${name} → 4xx with a catalogue code`, run)
    }
  })

  it('the process still answers afterwards', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
    const me = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/me' })
    expect(me.statusCode).toBe(200)
  })
})
