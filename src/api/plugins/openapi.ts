/**
 * The OpenAPI 3.1 document, built by @fastify/swagger from the routes' own JSON schemas, served at
 * GET /api/v1/openapi.json, and a readable reference page at GET /docs rendered from the same
 * document on the server (no script, no CDN: it works on an offline laptop).
 */
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'

interface OpenApiOperation {
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown; description?: string }[]
  responses?: Record<string, { description?: string }>
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string }
  paths?: Record<string, Record<string, OpenApiOperation>>
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Flowcerta API',
        version,
        description:
          'Governance for RPA workflows. Authenticate with `Authorization: Bearer <API key>`. ' +
          'Errors are `{"error": {"code", "message", "details"}}` with codes listed in docs/errors.md.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, fc_…' } },
      },
      security: [{ apiKey: [] }],
    },
  })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Renders the OpenAPI document as one static HTML page. */
export function renderReferencePage(document: OpenApiDocument): string {
  const sections: string[] = []
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const params = (operation.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})</li>`,
        )
        .join('')
      const body = operation.requestBody?.content?.['application/json']?.schema
      const responses = Object.entries(operation.responses ?? {})
        .map(
          ([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? '')}</li>`,
        )
        .join('')
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0
      sections.push(
        `<section id="${escapeHtml(`${method}-${path}`)}"><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>` +
          `${isPublic ? ' <small>public</small>' : ''}</h3>` +
          `<p>${escapeHtml(operation.summary ?? '')}</p>` +
          (operation.description ? `<p>${escapeHtml(operation.description)}</p>` : '') +
          (params ? `<h4>Parameters</h4><ul>${params}</ul>` : '') +
          (body ? `<h4>JSON body</h4><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : '') +
          (responses ? `<h4>Responses</h4><ul>${responses}</ul>` : '') +
          '</section>',
      )
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} reference</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
section{border-top:1px solid #d8dce4;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;color:#0b5cad}
pre{background:#f4f6f9;padding:.75rem;overflow:auto;font-size:.85rem}small{color:#5a6472}</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
${sections.join('\n')}
</body></html>`
}
