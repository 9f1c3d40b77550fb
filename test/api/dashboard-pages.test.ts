/**
 * The dashboard's pages and static files over real HTTP (raw paths: no client normalises `..`):
 * page paths redirect to sign-in with `next` without a session and serve index.html (no-store)
 * with one; assets have their content types and a long cache; HEAD works; unknown assets and every
 * traversal (plain, encoded, double-encoded, backslash, a link out of assets/) answer 404; every
 * answer carries the CSP and the other headers; a missing build answers 503; /docs and the JSON
 * API keep working.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DASHBOARD_CONTENT_SECURITY_POLICY } from '../../src/api/routes/dashboard/dashboard-routes.js'
import { copyTree } from '../helpers/copy-tree.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

const FIXTURE = resolve(import.meta.dirname, '../fixtures/web')

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    req.on('error', fail)
    req.end()
  })
}

function expectDashboardHeaders(answer: Answer, where: string): void {
  expect(answer.headers['content-security-policy'], where).toBe(DASHBOARD_CONTENT_SECURITY_POLICY)
  expect(answer.headers['x-content-type-options'], where).toBe('nosniff')
  expect(answer.headers['referrer-policy'], where).toBe('same-origin')
  expect(answer.headers['x-frame-options'], where).toBe('DENY')
}

describe.each(testEngines())('dashboard pages on %s', (engine) => {
  let t: TestApp
  let port: number
  let webDir: string
  let cookie: string

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'flowcerta-web-'))
    copyTree(FIXTURE, webDir)
    // A secret beside the web folder, and a link inside assets/ that points at it.
    writeFileSync(join(webDir, 'secret.txt'), 'not for the web')
    symlinkSync(join(webDir, 'secret.txt'), join(webDir, 'assets', 'linked.txt'))
    t = await openTestApp(engine, { webDir })
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    port = (t.app.server.address() as AddressInfo).port
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { apiKey: t.orgA.memberKey },
    })
    cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? ''
  })
  afterAll(async () => {
    await t.close()
    rmSync(webDir, { recursive: true, force: true })
  })

  it('page paths without a session redirect to /sign-in with next (path and query)', async () => {
    for (const [path, next] of [
      ['/', '%2F'],
      ['/results/0196d4a2-7c10-7b3e-9a41-5d2f8e6c1a01', '%2Fresults%2F0196d4a2-7c10-7b3e-9a41-5d2f8e6c1a01'],
      ['/exceptions/abc?from=slack&x=1', '%2Fexceptions%2Fabc%3Ffrom%3Dslack%26x%3D1'],
      ['/webhooks', '%2Fwebhooks'],
      ['/deliveries/d1', '%2Fdeliveries%2Fd1'],
    ] as const) {
      const answer = await send(port, 'GET', path)
      expect(answer.status, path).toBe(302)
      expect(answer.headers.location, path).toBe(`/sign-in?next=${next}`)
      expectDashboardHeaders(answer, path)
    }
    const stale = await send(port, 'GET', '/overview', { cookie: `flowcerta_session=${'A'.repeat(43)}` })
    expect(stale.status).toBe(302)
  })

  it('the sign-in page, and every page with a session, is index.html, not cached', async () => {
    const index = readFileSync(join(FIXTURE, 'index.html'), 'utf8')
    const signIn = await send(port, 'GET', '/sign-in?next=%2Fresults')
    expect(signIn.status).toBe(200)
    expect(signIn.body).toBe(index)
    for (const path of [
      '/',
      '/overview',
      '/projects',
      '/projects/My%20Project',
      '/results',
      '/results/x',
      '/exceptions',
      '/webhooks/w/deliveries',
      '/deliveries/d',
      '/settings',
      '/api-keys',
      '/audit-log',
    ]) {
      const answer = await send(port, 'GET', path, { cookie })
      expect(answer.status, path).toBe(200)
      expect(answer.headers['content-type'], path).toBe('text/html; charset=utf-8')
      expect(answer.headers['cache-control'], path).toBe('no-store')
      expect(answer.body, path).toBe(index)
      expectDashboardHeaders(answer, path)
    }
  })

  it('assets have their content types and a long cache; HEAD answers without a body', async () => {
    const script = await send(port, 'GET', '/assets/index-9c8d7e.js')
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(script.body).toBe(readFileSync(join(FIXTURE, 'assets/index-9c8d7e.js'), 'utf8'))
    expectDashboardHeaders(script, 'script')
    const style = await send(port, 'GET', '/assets/index-3f2a1b.css')
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
    const svg = await send(port, 'GET', '/assets/logo.svg')
    expect(svg.headers['content-type']).toBe('image/svg+xml')
    const head = await send(port, 'HEAD', '/assets/index-9c8d7e.js')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(Number(head.headers['content-length'])).toBe(script.body.length)
    const headPage = await send(port, 'HEAD', '/sign-in')
    expect(headPage.status).toBe(200)
    expect(headPage.body).toBe('')
  })

  it('unknown assets and every traversal answer 404 with the headers, never a file outside assets/', async () => {
    for (const path of [
      '/assets/nope.js',
      '/assets/',
      '/assets/../index.html',
      '/assets/../../package.json',
      '/assets/%2e%2e/index.html',
      '/assets/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%252e%252e%252fsecret.txt',
      '/assets/..%5csecret.txt',
      '/assets/.%2e/secret.txt',
      '/assets/%00.js',
      '/assets/linked.txt',
      '/assets/.hidden',
    ]) {
      const answer = await send(port, 'GET', path)
      expect(answer.status, path).toBe(404)
      expect(answer.body, path).not.toContain('not for the web')
      expect(answer.body, path).not.toContain('"name": "flowcerta"')
      expectDashboardHeaders(answer, path)
    }
  })

  it('/docs pages and the JSON API keep working; unknown API paths stay JSON 404s', async () => {
    const docs = await send(port, 'GET', '/docs/errors')
    expect(docs.status).toBe(200)
    expect(docs.body).toContain('CSRF_INVALID')
    const me = await send(port, 'GET', '/api/v1/me', { cookie })
    expect(me.status).toBe(200)
    const unknown = await send(port, 'GET', '/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.code).toBe('ROUTE_NOT_FOUND')
    const notPage = await send(port, 'GET', '/no-such-page')
    expect(notPage.status).toBe(404)
    expect(JSON.parse(notPage.body).error.code).toBe('ROUTE_NOT_FOUND')
  })

  it('without a built dashboard, pages answer 503 saying to run npm run build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'flowcerta-noweb-'))
    const bare = await openTestApp(engine, { webDir: join(empty, 'missing') })
    try {
      await bare.app.listen({ host: '127.0.0.1', port: 0 })
      const barePort = (bare.app.server.address() as AddressInfo).port
      const answer = await send(barePort, 'GET', '/results/x')
      expect(answer.status).toBe(503)
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(answer.body).toContain('npm run build')
      expectDashboardHeaders(answer, '503')
      expect((await send(barePort, 'GET', '/assets/index-9c8d7e.js')).status).toBe(404)
    } finally {
      await bare.close()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
