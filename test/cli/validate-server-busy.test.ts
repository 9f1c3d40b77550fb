/**
 * `flowcerta validate --server` against a busy server: a real proxy on 127.0.0.1 in front of the
 * real API answers the first requests 503 ANALYSIS_BUSY with Retry-After (as the service does
 * when its analysis queue is full), then lets them through. The CLI waits and asks again with the
 * same Idempotency-Key, so exactly one result is stored; a server that stays busy stops the run
 * after a bounded number of tries with the server's code.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { BUSY_RETRY, busyWaitMs } from '../../src/cli/validate-remotely.js'
import { runCli } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { countValidations, MANY_FINDINGS_FILE } from '../helpers/validation-test-kit.js'

const BUSY_BODY = JSON.stringify({
  error: {
    code: 'ANALYSIS_BUSY',
    message: 'Every analysis slot is taken; retry after the delay.',
    details: [],
  },
})

/** Forwards to `target` except while `busyLeft()` says to answer 503 with `retryAfter`. */
function busyProxy(target: string, busyFor: number, retryAfter: string) {
  const seen: Array<{ method: string; idempotencyKey: string | undefined; busy: boolean }> = []
  const server = http.createServer((request, response) => {
    const busy = request.method === 'POST' && seen.filter((entry) => entry.method === 'POST').length < busyFor
    seen.push({
      method: request.method ?? '',
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      busy,
    })
    if (busy) {
      request.resume()
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': retryAfter })
      response.end(BUSY_BODY)
      return
    }
    const upstream = http.request(
      new URL(request.url ?? '/', target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    request.pipe(upstream)
  })
  return { server, seen }
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('busyWaitMs: Retry-After as a bounded wait', () => {
  it('reads delta-seconds and HTTP dates, defaults when absent or unreadable, and caps the wait', () => {
    expect(busyWaitMs('1')).toBe(1_000)
    expect(busyWaitMs('0')).toBe(0)
    expect(busyWaitMs(null)).toBe(BUSY_RETRY.defaultWaitMs)
    expect(busyWaitMs('soon')).toBe(BUSY_RETRY.defaultWaitMs)
    expect(busyWaitMs('86400')).toBe(BUSY_RETRY.maxWaitMs)
    const now = Date.parse('2026-12-07T12:00:00Z')
    expect(busyWaitMs('Mon, 07 Dec 2026 12:00:05 GMT', now)).toBe(5_000)
    expect(busyWaitMs('Mon, 07 Dec 2026 11:00:00 GMT', now)).toBe(0)
  })
})

describe('flowcerta validate --server when the server is busy', () => {
  let t: TestApp
  let api: string
  const file = path.join(CORPUS_DIR, MANY_FINDINGS_FILE)

  beforeAll(async () => {
    t = await openTestApp('sqlite')
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await t.close()
  })

  it('waits out two busy answers and stores one result, every try with the same Idempotency-Key', async () => {
    const proxy = busyProxy(api, 2, '1')
    const server = await listen(proxy.server)
    try {
      const before = await countValidations(t, t.orgA.orgId)
      const started = Date.now()
      const run = await runCli(
        ['validate', file, '--server', server, '--format', 'json', '--fail-on', 'never'],
        {
          FLOWCERTA_API_KEY: t.orgA.memberKey,
        },
      )
      expect(run.code, run.stderr).toBe(0)
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000)
      const posts = proxy.seen.filter((entry) => entry.method === 'POST')
      expect(posts.map((entry) => entry.busy)).toEqual([true, true, false])
      expect(new Set(posts.map((entry) => entry.idempotencyKey)).size).toBe(1)
      expect(posts[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
      expect(await countValidations(t, t.orgA.orgId)).toBe(before + 1)
      expect((JSON.parse(run.stdout) as { results: unknown[] }).results).toHaveLength(1)
    } finally {
      proxy.server.close()
    }
  })

  it('stops after a bounded number of tries when the server stays busy, with its code, storing nothing', async () => {
    const proxy = busyProxy(api, Number.POSITIVE_INFINITY, '0')
    const server = await listen(proxy.server)
    try {
      const before = await countValidations(t, t.orgA.orgId)
      const run = await runCli(['validate', file, '--server', server, '--format', 'json'], {
        FLOWCERTA_API_KEY: t.orgA.memberKey,
      })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('ANALYSIS_BUSY')
      expect(proxy.seen.filter((entry) => entry.method === 'POST')).toHaveLength(BUSY_RETRY.attempts)
      expect(await countValidations(t, t.orgA.orgId)).toBe(before)
    } finally {
      proxy.server.close()
    }
  })
})
