import { describe, expect, it } from 'vitest'
import { docsPageShell, headingSlug, renderMarkdownDoc } from './docs-page-html.js'
import { docsRouteOf } from './docs-pages-routes.js'

const render = (source: string, at = 'docs/rules/FC-UIP-HCD-001.md') =>
  renderMarkdownDoc(source, at, docsRouteOf)

describe('docs pages from Markdown', () => {
  it('raw HTML in a doc is text, never markup', () => {
    const { html } = render(
      '# T\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<b onclick="x">b</b>',
    )
    expect(html).not.toMatch(/<script|<img|<b /)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('whole-line HTML comments are dropped, except inside code', () => {
    const { html } = render(
      '# T\n\n<!-- Generated; do not edit -->\n\n```xml\n<a/> <!-- kept -->\n<!-- kept too -->\n```\n',
    )
    expect(html).not.toContain('Generated')
    expect(html).toContain('&lt;!-- kept too --&gt;')
  })

  it('images are not loaded from anywhere; script links are not links', () => {
    const { html } = render(
      '![logo](https://tracker.example/x.png) [x](javascript:alert(1)) [d](data:text/html,x)',
    )
    expect(html).not.toContain('<img')
    expect(html).not.toContain('href="javascript:')
    expect(html).not.toContain('href="data:')
  })

  it('links between docs point at the routes serving them; other repository files become text', () => {
    const { html } = render(
      '[a](FC-UIP-NMG-007.md) [b](FC-UIP-NMG-007.md#options) [c](README.md) [d](../errors.md#x) [e](../webhooks.md) ' +
        '[f](../../src/analysis/rules/index.ts) [g](https://example.com/p) [h](#why) [i](FC-UIP-ZZZ-999.md)',
    )
    expect(html).toContain('<a href="/docs/rules/FC-UIP-NMG-007">a</a>')
    expect(html).toContain('<a href="/docs/rules/FC-UIP-NMG-007#options">b</a>')
    expect(html).toContain('<a href="/docs/rules">c</a>')
    expect(html).toContain('<a href="/docs/errors#x">d</a>')
    expect(html).toContain('<a href="/docs/webhooks">e</a>')
    expect(html).toContain(
      '<span class="repo-path" title="In the Flowcerta repository: src/analysis/rules/index.ts">f</span>',
    )
    expect(html).toContain('<a href="https://example.com/p" rel="noopener noreferrer">g</a>')
    expect(html).toContain('<a href="#why">h</a>')
    expect(html).toContain('title="In the Flowcerta repository: docs/rules/FC-UIP-ZZZ-999.md">i</span>')
  })

  it('headings get GitHub ids (deduplicated) and the first h1 is the title', () => {
    const doc = render(
      '# FC-X — name\n\n## Why it matters?\n\n## Why it matters?\n\n### `X-Flowcerta-Signature`',
    )
    expect(doc.title).toBe('FC-X — name')
    expect(doc.html).toContain('<h2 id="why-it-matters">')
    expect(doc.html).toContain('<h2 id="why-it-matters-1">')
    expect(doc.html).toContain('<h3 id="x-flowcerta-signature">')
    expect(headingSlug('Verify: Node & Python')).toBe('verify-node--python')
  })

  it('the shell escapes the title and loads only the local stylesheet', () => {
    const page = docsPageShell('<x>', '<p>b</p>')
    expect(page).toContain('<title>&#60;x&#62; — Flowcerta docs</title>')
    expect(page).toContain('<link rel="stylesheet" href="/docs/assets/docs.css">')
  })
})
