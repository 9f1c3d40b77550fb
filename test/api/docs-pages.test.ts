/**
 * Docs served by the instance, over real HTTP: every rule page, the index, errors/events/webhooks;
 * the docsUrl of a real validation's findings, the catalogue's and the CLI's SARIF helpUri all
 * answer 200 on the same server; unknown and traversal paths get the HTML 404 page; every answer
 * carries the CSP; every link inside the pages works.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RULES } from '../../src/analysis/rules/index.js'
import {
  DOCS_CONTENT_SECURITY_POLICY,
  DOCS_PAGES,
} from '../../src/api/routes/docs-pages/docs-pages-routes.js'
import { PLATFORMS } from '../../src/domain/platforms.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, MANY_FINDINGS_FILE } from '../helpers/validation-test-kit.js'

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  await new Promise<void>((done) => server.close(() => done()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

interface Page {
  status: number
  type: string
  headers: Headers
  body: string
}

/** A GET with the path sent exactly as given (fetch would normalise `..` away). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(base)
  return new Promise((done, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: rawPath, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      )
    })
    req.on('error', fail)
    req.end()
  })
}

function hrefsOf(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((match) => match[1]!.replaceAll('&#38;', '&'))
}

function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!))
}

describe('docs served by the instance', () => {
  let t: TestApp
  let base: string
  const get = async (path: string): Promise<Page> => {
    const res = await fetch(`${base}${path}`)
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      headers: res.headers,
      body: await res.text(),
    }
  }

  beforeAll(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    t = await openTestApp(testEngines()[0]!, { publicUrl: base })
    await t.app.listen({ host: '127.0.0.1', port })
  })
  afterAll(() => t.close())

  it.each(RULES.map((rule) => [rule.ruleId, rule.name]))(
    'GET /docs/rules/%s renders the rule page with its title',
    async (ruleId, name) => {
      const page = await get(`/docs/rules/${ruleId}`)
      expect(page.status).toBe(200)
      expect(page.type).toBe('text/html; charset=utf-8')
      expect(page.body).toContain(`<title>${ruleId} — ${name} — Flowcerta docs</title>`)
      expect(page.body).toMatch(new RegExp(`<h1 id="[^"]*">${ruleId} — ${name}</h1>`))
      expect(page.body).toContain('<h2 id="why">Why</h2>')
    },
  )

  it('GET /docs/rules lists every rule of the catalogue, linked to its page', async () => {
    const page = await get('/docs/rules')
    expect(page.status).toBe(200)
    const links = hrefsOf(page.body).filter((href) => href.startsWith('/docs/rules/'))
    expect(links).toEqual(RULES.map((rule) => `/docs/rules/${rule.ruleId}`))
  })

  it.each(PLATFORMS)(
    "GET /docs/rules?platform=%s lists that platform's rules only, as the API filters",
    async (platform) => {
      const page = await get(`/docs/rules?platform=${platform}`)
      expect(page.status).toBe(200)
      const links = hrefsOf(page.body).filter((href) => href.startsWith('/docs/rules/'))
      expect(links).toEqual(
        RULES.filter((rule) => rule.platform === platform).map((rule) => `/docs/rules/${rule.ruleId}`),
      )
      // Every index links to each platform's own page.
      const index = await get('/docs/rules')
      expect(hrefsOf(index.body)).toContain(`/docs/rules?platform=${platform}`)
    },
  )

  it('GET /docs/rules?platform= with no such platform is the not-found page', async () => {
    for (const query of ['platform=automation-anywhere', 'platform=', 'platform=%3Cscript%3E']) {
      const page = await get(`/docs/rules?${query}`)
      expect(page.status, query).toBe(404)
      expect(page.body).not.toContain('<script>')
    }
  })

  it.each([
    ['/docs/errors', 'Error codes'],
    ['/docs/events', 'Events'],
    ['/docs/webhooks', 'Webhooks'],
  ])('GET %s renders its Markdown file', async (path, title) => {
    expect(Object.keys(DOCS_PAGES)).toContain(path)
    const page = await get(path)
    expect(page.status).toBe(200)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).toMatch(new RegExp(`<h1 id="[^"]*">${title}`))
  })

  it('the docsUrl of every finding of a real validation answers 200 on this server', async () => {
    const res = await fetch(`${base}/api/v1/validations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.orgA.memberKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        fileName: 'dos.xaml',
        content: corpusBytes(MANY_FINDINGS_FILE).toString('utf8'),
      }),
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as {
      validationId: string
      findings: { ruleId: string; docsUrl: string }[]
    }
    expect(created.findings.length).toBeGreaterThan(10)
    const read = await fetch(`${base}/api/v1/results/${created.validationId}`, {
      headers: { authorization: `Bearer ${t.orgA.memberKey}` },
    })
    const stored = (await read.json()) as typeof created
    expect(stored.findings.map((f) => f.docsUrl)).toEqual(created.findings.map((f) => f.docsUrl))
    const urls = new Set(created.findings.map((finding) => finding.docsUrl))
    for (const finding of created.findings)
      expect(finding.docsUrl).toBe(`${base}/docs/rules/${finding.ruleId}`)
    for (const url of urls) {
      const page = await fetch(url)
      expect(page.status, url).toBe(200)
      expect(await page.text()).toContain(url.slice(url.lastIndexOf('/') + 1))
    }
  })

  it('the catalogue (GET /api/v1/rules) links every rule to its page here', async () => {
    const res = await fetch(`${base}/api/v1/rules`, {
      headers: { authorization: `Bearer ${t.orgA.memberKey}` },
    })
    const body = (await res.json()) as { items: { ruleId: string; docsUrl: string }[] }
    expect(body.items).toHaveLength(RULES.length)
    for (const rule of body.items) {
      expect(rule.docsUrl).toBe(`${base}/docs/rules/${rule.ruleId}`)
      expect((await fetch(rule.docsUrl)).status).toBe(200)
    }
  })

  it('flowcerta validate --format sarif: helpUri answers 200 here, from FLOWCERTA_PUBLIC_URL or --docs-base-url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-docs-sarif-'))
    try {
      writeFileSync(join(dir, 'dos.xaml'), corpusBytes(MANY_FINDINGS_FILE))
      const run = (env: Record<string, string | undefined>, ...args: string[]) => {
        const child = spawnSync(
          process.execPath,
          [CLI, 'validate', 'dos.xaml', '--format', 'sarif', '--fail-on', 'never', ...args],
          {
            cwd: dir,
            encoding: 'utf8',
            env: { ...process.env, FLOWCERTA_PUBLIC_URL: undefined, ...env },
          },
        )
        expect(child.status, child.stderr).toBe(0)
        const log = JSON.parse(child.stdout) as {
          runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[]
        }
        return log.runs[0]!.tool.driver.rules
      }
      const fromEnv = run({ FLOWCERTA_PUBLIC_URL: `${base}/` })
      const fromFlag = run(
        { FLOWCERTA_PUBLIC_URL: 'https://elsewhere.example' },
        '--docs-base-url',
        `${base}/docs/rules`,
      )
      const byDefault = run({})
      expect(fromEnv.length).toBeGreaterThan(10)
      expect(fromFlag.map((rule) => rule.helpUri)).toEqual(fromEnv.map((rule) => rule.helpUri))
      for (const rule of byDefault) expect(rule.helpUri).toBe(`http://127.0.0.1:8080/docs/rules/${rule.id}`)
      for (const rule of fromEnv) {
        expect(rule.helpUri).toBe(`${base}/docs/rules/${rule.id}`)
        expect((await fetch(rule.helpUri)).status, rule.helpUri).toBe(200)
      }
      const bad = spawnSync(process.execPath, [CLI, 'validate', 'dos.xaml', '--docs-base-url', 'ftp://x'], {
        cwd: dir,
        encoding: 'utf8',
      })
      expect(bad.status).not.toBe(0)
      expect(bad.stderr).toContain('--docs-base-url')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.each([
    '/docs/rules/FC-UIP-XXX-999',
    '/docs/rules/FC-UIP-HCD-001.md',
    '/docs/rules/fc-uip-hcd-001',
    '/docs/rules/README',
    '/docs/rules/__proto__',
    '/docs/nope',
    '/docs/rules/FC-UIP-HCD-001/extra',
  ])('GET %s → the HTML 404 page', async (path) => {
    const page = await get(path)
    expect(page.status).toBe(404)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<h1 id="not-found">Page not found</h1>')
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY)
  })

  it.each([
    '/docs/rules/..%2F..%2Fpackage.json',
    '/docs/rules/%2e%2e%2f%2e%2e%2fpackage.json',
    '/docs/rules/../../package.json',
    '/docs/rules/..',
    '/docs/rules/%2e%2e',
    '/docs/rules/..%5c..%5cpackage.json',
    '/docs/rules/FC-UIP-HCD-001%00',
    '/docs/rules/%2Fetc%2Fpasswd',
    '/docs/../package.json',
    '/docs/errors/../../package.json',
  ])('traversal %s → 404 page, nothing read', async (path) => {
    const page = await rawGet(base, path)
    expect(page.status).toBe(404)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).not.toContain('"devDependencies"')
    expect(page.body).not.toContain('root:')
  })

  it('pages are not API operations: the OpenAPI document does not list them', async () => {
    const document = JSON.parse((await get('/api/v1/openapi.json')).body) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(document.paths)).toContain('/docs')
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/docs/'))).toEqual([])
  })

  it('the JSON API keeps its JSON 404', async () => {
    const res = await get('/api/v1/nope')
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } })
  })

  it('every page: strict CSP, nosniff, only the local stylesheet, no script, no other origin', async () => {
    const paths = [
      '/docs/rules',
      ...RULES.map((rule) => `/docs/rules/${rule.ruleId}`),
      ...Object.keys(DOCS_PAGES),
      '/docs/nope',
    ]
    for (const path of paths) {
      const page = await get(path)
      expect(page.headers.get('content-security-policy'), path).toBe(DOCS_CONTENT_SECURITY_POLICY)
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      expect(page.body).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|<img|<iframe|<object|<embed|<form/i)
      // The only resource a page loads is the stylesheet, from this server.
      const resources = [
        ...page.body.matchAll(/<(?:link|img|script|source)\s[^>]*(?:href|src)="([^"]*)"/g),
      ].map((m) => m[1])
      expect(resources, path).toEqual(['/docs/assets/docs.css'])
    }
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    const css = await get('/docs/assets/docs.css')
    expect(css.status).toBe(200)
    expect(css.type).toBe('text/css; charset=utf-8')
    expect(css.headers.get('x-content-type-options')).toBe('nosniff')
    expect(css.body).not.toMatch(/@import|url\(/)
  })

  it('every link inside the pages works: local pages answer 200 and #anchors exist', async () => {
    const paths = [
      '/docs/rules',
      ...RULES.map((rule) => `/docs/rules/${rule.ruleId}`),
      ...Object.keys(DOCS_PAGES),
    ]
    const pages = new Map<string, string>()
    const load = async (path: string) => {
      if (!pages.has(path)) {
        const page = await get(path)
        expect(page.status, path).toBe(200)
        pages.set(path, page.body)
      }
      return pages.get(path)!
    }
    let checked = 0
    for (const path of paths) {
      const html = await load(path)
      for (const href of hrefsOf(html)) {
        if (/^(https?:|mailto:)/.test(href)) {
          expect(html).toContain(`href="${href}" rel="noopener noreferrer"`)
          continue
        }
        expect(href, `${path}: ${href}`).toMatch(/^(\/|#)/)
        const [target, fragment] = href.split('#') as [string, string | undefined]
        const targetHtml = target === '' ? html : await load(target)
        if (fragment !== undefined) expect(idsOf(targetHtml).has(fragment), `${path}: ${href}`).toBe(true)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(RULES.length * 5)
  })
})
