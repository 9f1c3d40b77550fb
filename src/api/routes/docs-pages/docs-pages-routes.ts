/**
 * Docs served by the instance, so the links in findings, SARIF and webhook messages work wherever
 * Flowcerta runs (offline too):
 *
 * - `GET /docs/rules`: an index of the rule catalogue;
 * - `GET /docs/rules/<ruleId>`: docs/rules/<ruleId>.md (only ids of the catalogue: nothing else
 *   of the file system can be named);
 * - `GET /docs/errors`, `/docs/events`, `/docs/webhooks`: docs/errors.md, events.md, webhooks.md;
 * - `GET /docs/assets/docs.css`: the one stylesheet.
 *
 * Registered under the `/docs` prefix so an unknown `/docs/…` path gets an HTML 404 page from this
 * plugin's not-found handler, while the JSON API keeps its JSON 404. `/docs` itself (the API
 * reference) is health-routes.ts's. Every answer carries a Content-Security-Policy that allows
 * only the local stylesheet (no script at all, no other origin, no framing) and `nosniff`.
 * Pages are read and rendered at their first request, then served from memory.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { getRule, RULES } from '../../../analysis/rules/index.js'
import { RULE_DOCS_ROUTE } from '../../../analysis/rules/rule-docs.js'
import { PLATFORM_LABELS, PLATFORMS, type Platform } from '../../../domain/platforms.js'
import {
  DOCS_STYLESHEET,
  DOCS_STYLESHEET_ROUTE,
  type DocsRouteOf,
  docsPageShell,
  escapeHtml,
  renderMarkdownDoc,
} from './docs-page-html.js'

/** The repository's docs/ folder, from src/ (tests) and from dist/ alike. */
export const DEFAULT_DOCS_DIR = fileURLToPath(new URL('../../../../docs/', import.meta.url))

/** Pages other than the rules: route → file in docs/. */
export const DOCS_PAGES: Readonly<Record<string, string>> = Object.freeze({
  '/docs/errors': 'errors.md',
  '/docs/events': 'events.md',
  '/docs/webhooks': 'webhooks.md',
})

export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** The route serving a repository path under docs/, or null (used to rewrite links between docs). */
export const docsRouteOf: DocsRouteOf = (repoPath) => {
  if (repoPath === 'docs/rules' || repoPath === 'docs/rules/' || repoPath === 'docs/rules/README.md')
    return RULE_DOCS_ROUTE
  const rule = /^docs\/rules\/([^/]+)\.md$/.exec(repoPath)?.[1]
  if (rule !== undefined) return getRule(rule) === undefined ? null : `${RULE_DOCS_ROUTE}/${rule}`
  const page = Object.entries(DOCS_PAGES).find(([, file]) => `docs/${file}` === repoPath)
  return page === undefined ? null : page[0]
}

/**
 * One table per platform (a platform without rules yet is left out), platforms by name: Blue
 * Prism, Power Automate, UiPath, which is also the order of the rule ids. `only`: that platform's
 * table alone (`/docs/rules?platform=blue-prism`, as `GET /api/v1/rules?platform=` filters).
 */
function rulesIndexBody(only?: Platform): string {
  const byName = [...PLATFORMS].sort((a, b) => PLATFORM_LABELS[a].localeCompare(PLATFORM_LABELS[b]))
  const platformLinks = byName
    .map(
      (platform) =>
        `<a href="${RULE_DOCS_ROUTE}?platform=${platform}">${escapeHtml(PLATFORM_LABELS[platform])}</a>`,
    )
    .join(' · ')
  const tables = byName
    .filter((platform) => only === undefined || platform === only)
    .map((platform) => {
      const rules = RULES.filter((rule) => rule.platform === platform)
      if (rules.length === 0) return ''
      const rows = rules
        .map(
          (rule) =>
            `<tr><td><a href="${RULE_DOCS_ROUTE}/${escapeHtml(rule.ruleId)}"><code>${escapeHtml(rule.ruleId)}</code></a></td>` +
            `<td>${escapeHtml(rule.name)}</td><td><code>${escapeHtml(rule.category)}</code></td>` +
            `<td>${escapeHtml(rule.severity)}</td><td>${escapeHtml(rule.description)}</td></tr>`,
        )
        .join('\n')
      return `<h2 id="${platform}">${escapeHtml(PLATFORM_LABELS[platform])} (${rules.length})</h2>
<table><thead><tr><th>Rule</th><th>Name</th><th>Category</th><th>Default severity</th><th>Finding</th></tr></thead>
<tbody>
${rows}
</tbody></table>
`
    })
    .join('')
  const intro =
    only === undefined
      ? `<p>Every rule Flowcerta checks (${RULES.length}), by platform. A policy pack chooses which rules of its platform apply and may change their severity; <code>GET /api/v1/rules</code> and <code>GET /api/v1/policy-packs</code> serve the same catalogue, and <code>?platform=</code> gives one platform's, here as there.</p>`
      : `<p>The ${escapeHtml(PLATFORM_LABELS[only])} rules; <a href="${RULE_DOCS_ROUTE}">every rule</a>. <code>GET /api/v1/rules?platform=${only}</code> and <code>GET /api/v1/policy-packs?platform=${only}</code> serve the same.</p>`
  return `<h1 id="rules">Rules</h1>
${intro}
<p>One platform: ${platformLinks}</p>
${tables}`
}

function notFoundBody(url: string): string {
  return `<h1 id="not-found">Page not found</h1>
<p>There is no documentation page at <code>${escapeHtml(url.slice(0, 200))}</code>.</p>
<p>See the <a href="${RULE_DOCS_ROUTE}">rules</a>, the <a href="/docs/errors">error codes</a>, the <a href="/docs/events">events</a> or the <a href="/docs">API reference</a>.</p>
`
}

export interface DocsPagesOptions {
  /** Folder holding errors.md, events.md, webhooks.md and rules/ (default: the repository's docs/). */
  docsDir?: string
}

export async function docsPagesRoutes(app: FastifyInstance, options: DocsPagesOptions): Promise<void> {
  const docsDir = options.docsDir ?? DEFAULT_DOCS_DIR
  /** Rendered pages by route; a file that cannot be read is remembered as null (a 404). */
  const cache = new Map<string, string | null>()

  const pageFromFile = (route: string, file: string): string | null => {
    const cached = cache.get(route)
    if (cached !== undefined) return cached
    let html: string | null = null
    try {
      const doc = renderMarkdownDoc(
        readFileSync(path.join(docsDir, file), 'utf8'),
        `docs/${file}`,
        docsRouteOf,
      )
      html = docsPageShell(doc.title, doc.html)
    } catch (error) {
      app.log.warn({ err: error, file: `docs/${file}` }, 'docs page unavailable')
    }
    cache.set(route, html)
    return html
  }

  const sendPage = (reply: FastifyReply, html: string | null, url: string) =>
    html === null
      ? reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(docsPageShell('Page not found', notFoundBody(url)))
      : reply.type('text/html; charset=utf-8').send(html)

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('cross-origin-resource-policy', 'same-origin')
  })

  // Pages, not API operations: kept out of the OpenAPI document.
  const asPage = { config: { access: 'public' as const }, schema: { hide: true } }

  app.get(DOCS_STYLESHEET_ROUTE.slice('/docs'.length), asPage, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(DOCS_STYLESHEET),
  )

  app.get<{ Querystring: { platform?: unknown } }>('/rules', asPage, async (request, reply) => {
    const platform = request.query.platform
    if (platform !== undefined && !(PLATFORMS as readonly unknown[]).includes(platform))
      return sendPage(reply, null, request.url)
    const only = platform as Platform | undefined
    const route = only === undefined ? RULE_DOCS_ROUTE : `${RULE_DOCS_ROUTE}?platform=${only}`
    let html = cache.get(route)
    if (html === undefined) {
      html = docsPageShell(
        only === undefined ? 'Rules' : `Rules: ${PLATFORM_LABELS[only]}`,
        rulesIndexBody(only),
      )
      cache.set(route, html)
    }
    return sendPage(reply, html, request.url)
  })

  app.get<{ Params: { ruleId: string } }>('/rules/:ruleId', asPage, async (request, reply) => {
    const rule = getRule(request.params.ruleId)
    const html =
      rule === undefined ? null : pageFromFile(`${RULE_DOCS_ROUTE}/${rule.ruleId}`, `rules/${rule.ruleId}.md`)
    return sendPage(reply, html, request.url)
  })

  for (const [route, file] of Object.entries(DOCS_PAGES)) {
    app.get(route.slice('/docs'.length), asPage, async (request, reply) =>
      sendPage(reply, pageFromFile(route, file), request.url),
    )
  }

  app.setNotFoundHandler((request, reply) => sendPage(reply, null, request.url))
}
