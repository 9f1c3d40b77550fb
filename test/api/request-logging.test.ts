/**
 * Regression test for issue 10, "What was found" 7: query strings reached the log verbatim (a key
 * put in `?key=` was written to it). Real HTTP requests against a listening app whose pino logger
 * writes to a capture stream; the lines are read as the operator's log would hold them.
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logging/create-logger.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'

const SECRET = 'fc_live_QUERYSECRET0123456789'

interface LogLine {
  msg: string
  reqId?: string
  req?: Record<string, unknown>
  res?: { statusCode: number }
}

describe('request log lines', () => {
  const written: string[] = []
  let t: TestApp
  let base: string
  beforeAll(async () => {
    const logger = createLogger('info', { write: (line: string) => written.push(line) })
    t = await openTestApp('sqlite', { logger })
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  afterAll(() => t.close())

  const get = async (path: string, key: string | null = t.orgA.memberKey) => {
    const res = await fetch(`${base}${path}`, {
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
    })
    await res.arrayBuffer()
    return { status: res.status, requestId: res.headers.get('x-request-id') ?? '' }
  }
  const linesOf = (requestId: string): LogLine[] =>
    written.map((line) => JSON.parse(line) as LogLine).filter((line) => line.reqId === requestId)

  it('log the route and the path, never the query string, whatever the answer', async () => {
    const requests = [
      // 200, a matched route with a parameter pattern and a query the route knows.
      { path: `/api/v1/results?limit=5&key=${SECRET}`, route: '/api/v1/results', expected: 400 },
      { path: '/api/v1/results?limit=5', route: '/api/v1/results', expected: 200 },
      // Path parameters: the route is the pattern, the path is what was asked for.
      {
        path: `/api/v1/results/01a24253-692e-7379-8948-aa89430a1bd1?key=${encodeURIComponent(SECRET)}`,
        route: '/api/v1/results/:id',
        expected: 404,
      },
      // No route at all, and a public route without a key.
      { path: `/api/v1/no-such-route?key=${SECRET}&${SECRET}`, route: null, expected: 404 },
      { path: `/healthz?token=${SECRET}`, route: '/healthz', expected: 200, key: null },
    ]
    for (const request of requests) {
      const { status, requestId } = await get(request.path, request.key === null ? null : undefined)
      expect(status, request.path).toBe(request.expected)
      const lines = linesOf(requestId)
      const incoming = lines.find((line) => line.msg === 'incoming request')
      expect(incoming?.req, request.path).toMatchObject({
        method: 'GET',
        path: request.path.split('?')[0],
        route: request.route,
      })
      expect(lines.find((line) => line.msg === 'request completed')?.res?.statusCode).toBe(status)
    }
    const log = written.join('')
    expect(log).not.toContain('QUERYSECRET')
    expect(log).not.toContain(t.orgA.memberKey)
    expect(log).not.toMatch(/"url":"[^"]*\?/)
  })
})
