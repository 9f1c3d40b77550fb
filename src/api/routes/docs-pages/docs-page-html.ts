/**
 * Markdown from docs/ as a self-contained HTML page: markdown-it with raw HTML off (a doc can never
 * inject markup or script), images off (nothing is fetched from anywhere), every heading given an
 * id (GitHub's slugs, so `#anchors` written for GitHub work here), and links between docs rewritten
 * to the routes that serve them. A relative link to a file the instance does not serve (source
 * code, examples) becomes plain text naming the repository path, so no page has a dead link.
 */
import path from 'node:path'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'

/** The stylesheet every page links to (served by docs-pages-routes.ts; CSP: style-src 'self'). */
export const DOCS_STYLESHEET_ROUTE = '/docs/assets/docs.css'

/** The pages every page links to in its header. */
const NAVIGATION: readonly { href: string; label: string }[] = [
  { href: '/docs', label: 'API reference' },
  { href: '/docs/rules', label: 'Rules' },
  { href: '/docs/errors', label: 'Errors' },
  { href: '/docs/events', label: 'Events' },
  { href: '/docs/webhooks', label: 'Webhooks' },
]

/** Maps a repository path (`docs/rules/FC-UIP-HCD-001.md`) to the route serving it, or null. */
export type DocsRouteOf = (repoPath: string) => string | null

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image')

function inlineText(token: Token | undefined): string {
  return (token?.children ?? []).map((child) => child.content).join('')
}

/** Ids on headings, deduplicated as GitHub does (`x`, `x-1`, `x-2`). */
function addHeadingIds(tokens: Token[]): void {
  const seen = new Map<string, number>()
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return
    const base = headingSlug(inlineText(tokens[index + 1])) || 'section'
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    token.attrSet('id', count === 0 ? base : `${base}-${count}`)
  })
}

const EXTERNAL_LINK = /^(?:https?:|mailto:)/i

/**
 * Rewrites the links of one page: `#x` stays, http(s)/mailto open without a referrer, a relative
 * link to a served doc points at its route (fragment kept), any other relative link becomes text.
 */
function rewriteLinks(tokens: Token[], sourcePath: string, routeOf: DocsRouteOf): void {
  for (const block of tokens) {
    // One entry per open link: whether it became a <span> (links do not nest, but be exact).
    const openedAsText: boolean[] = []
    for (const token of block.children ?? []) {
      if (token.type === 'link_close') {
        if (openedAsText.pop() === true) Object.assign(token, { type: 'html_inline', content: '</span>' })
        continue
      }
      if (token.type !== 'link_open') continue
      const href = token.attrGet('href') ?? ''
      if (href.startsWith('#')) {
        openedAsText.push(false)
        continue
      }
      if (EXTERNAL_LINK.test(href)) {
        token.attrSet('rel', 'noopener noreferrer')
        openedAsText.push(false)
        continue
      }
      const hashAt = href.indexOf('#')
      const target = hashAt === -1 ? href : href.slice(0, hashAt)
      const fragment = hashAt === -1 ? '' : href.slice(hashAt)
      const repoPath = path.posix.normalize(
        path.posix.join(path.posix.dirname(sourcePath), safeDecode(target)),
      )
      const route = routeOf(repoPath)
      if (route !== null) {
        token.attrSet('href', `${route}${fragment}`)
        openedAsText.push(false)
        continue
      }
      // Not served here: keep the words, name the file, drop the link.
      const title = escapeHtml(`In the Flowcerta repository: ${repoPath}`)
      Object.assign(token, {
        type: 'html_inline',
        content: `<span class="repo-path" title="${title}">`,
        attrs: null,
      })
      openedAsText.push(true)
    }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURI(text)
  } catch {
    return text
  }
}

/**
 * Lines that are a whole HTML comment (`<!-- Generated … -->`), outside fenced code: notes for
 * the repository's editors, which raw-HTML-off rendering would otherwise show as text.
 */
function withoutCommentLines(source: string): string {
  let fence: string | null = null
  return source
    .split('\n')
    .filter((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
      if (marker !== undefined) {
        if (fence === null) fence = marker[0]!
        else if (marker[0] === fence) fence = null
        return true
      }
      return fence !== null || !/^\s*<!--.*-->\s*$/.test(line)
    })
    .join('\n')
}

export interface RenderedDoc {
  /** Text of the first level-1 heading, else the file name. */
  title: string
  /** The page body (no shell). */
  html: string
}

/** Renders one Markdown file of docs/ (`sourcePath` is its repository path, for relative links). */
export function renderMarkdownDoc(source: string, sourcePath: string, routeOf: DocsRouteOf): RenderedDoc {
  const env = {}
  const tokens = markdown.parse(withoutCommentLines(source), env)
  addHeadingIds(tokens)
  rewriteLinks(tokens, sourcePath, routeOf)
  const h1 = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1')
  const title = h1 === -1 ? path.posix.basename(sourcePath) : inlineText(tokens[h1 + 1])
  return { title, html: markdown.renderer.render(tokens, markdown.options, env) }
}

/** The page around a body: title, stylesheet, navigation. No script, nothing from elsewhere. */
export function docsPageShell(title: string, bodyHtml: string): string {
  const nav = NAVIGATION.map((item) => `<a href="${item.href}">${escapeHtml(item.label)}</a>`).join(' ')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Flowcerta docs</title>
<link rel="stylesheet" href="${DOCS_STYLESHEET_ROUTE}"></head>
<body><nav class="docs-nav">${nav}</nav>
<main>
${bodyHtml}</main></body></html>
`
}

/** The one stylesheet of the docs pages. */
export const DOCS_STYLESHEET = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem 3rem;color:#1d2330;line-height:1.5}
.docs-nav{display:flex;gap:1.25rem;flex-wrap:wrap;padding:.75rem 0;border-bottom:1px solid #d8dce4;margin-bottom:1rem}
a{color:#0b5cad}code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:#f4f6f9;padding:.05rem .25rem;border-radius:3px}
pre{background:#f4f6f9;padding:.75rem;overflow:auto;font-size:.85rem;border-radius:4px}pre code{background:none;padding:0}
table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}th,td{border:1px solid #d8dce4;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f6f9}blockquote{margin:0;padding:0 1rem;border-left:3px solid #d8dce4;color:#4a5362}
.repo-path{border-bottom:1px dotted #5a6472}h1,h2,h3{line-height:1.25}
`
