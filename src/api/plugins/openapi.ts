/**
 * The OpenAPI 3.1 document, built by @fastify/swagger from the routes' own JSON schemas, served at
 * GET /api/v1/openapi.json, and a readable reference page at GET /docs rendered from the same
 * document on the server (no script, no CDN: it works on an offline laptop).
 *
 * The statuses that the request pipeline itself can answer (auth, body parsing, schema validation,
 * an internal failure) are added to every route here, by the one place that knows the pipeline, so
 * a route only lists the errors its own handler throws and no route is documented short.
 */
import { createHash } from 'node:crypto'
import swagger from '@fastify/swagger'
import type { FastifyInstance, RouteOptions } from 'fastify'
import MarkdownIt from 'markdown-it'
import { errorResponses } from '../schemas/common-schemas.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's body schema applies, but a request may send no body at all (it is read as `{}`):
     * the document marks its requestBody `required: false`.
     */
    bodyOptional?: boolean
  }
}

interface OpenApiMedia {
  schema?: unknown
  example?: unknown
}

interface OpenApiOperation {
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  requestBody?: { required?: boolean; content?: Record<string, OpenApiMedia> }
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown; description?: string }[]
  responses?: Record<string, { description?: string; content?: Record<string, OpenApiMedia> }>
}

export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description?: string }
  paths?: Record<string, Record<string, OpenApiOperation>>
  components?: { schemas?: Record<string, unknown> }
}

/** Methods whose bodies Fastify parses: each can answer 400 (bad JSON), 413 and 415. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** The error statuses the pipeline can answer for this route, before or around its handler. */
function pipelineStatuses(route: RouteOptions, method: string): number[] {
  const statuses = [500]
  const access = route.config?.access
  if (access === 'member' || access === 'admin') statuses.push(401, 429)
  if (access === 'admin') statuses.push(403)
  // A write authenticated by the dashboard's session cookie without its X-CSRF-Token.
  if ((access === 'member' || access === 'admin') && method !== 'GET') statuses.push(403)
  if (BODY_METHODS.has(method)) statuses.push(400, 413, 415)
  const schema = route.schema
  if (schema?.body ?? schema?.querystring ?? schema?.params ?? schema?.headers) statuses.push(400)
  return [...new Set(statuses)]
}

/** `/api/v1/exceptions/:id` → `/api/v1/exceptions/{id}`, as the document spells paths. */
function documentPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const optionalBodies = new Set<string>()
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (method === 'HEAD') continue
      route.schema = {
        ...route.schema,
        response: {
          ...errorResponses(...pipelineStatuses(route, method)),
          ...(route.schema?.response as Record<string, unknown> | undefined),
        },
      }
      if (route.config?.bodyOptional === true) {
        optionalBodies.add(`${method.toLowerCase()} ${documentPath(route.url)}`)
      }
    }
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Flowcerta API',
        version,
        description:
          'Governance for RPA workflows. Authenticate with `Authorization: Bearer <API key>`.\n\n' +
          'Errors are `{"error": {"code", "message", "details"}}`: `code` is stable (the ' +
          'catalogue is docs/errors.md), `details` is always a list of ' +
          '`{field?, reason, …}` problems, empty when there is nothing to add. Lists are ' +
          '`{items, nextCursor}`: pass `nextCursor` back as `cursor` for the next page.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, fc_…' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'flowcerta_session',
            description:
              'The dashboard session (POST /api/v1/sessions). Writes with it also need the `X-CSRF-Token` header.',
          },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    // @fastify/swagger marks every body required (Fastify validates `{}` against it); a route that
    // reads a missing body as `{}` says so with config.bodyOptional, and the document follows.
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
      const { openapiObject } = documentObject
      const document = openapiObject as OpenApiDocument
      for (const [path, methods] of Object.entries(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(methods)) {
          if (operation.requestBody !== undefined && optionalBodies.has(`${method} ${path}`)) {
            operation.requestBody.required = false
          }
        }
      }
      return openapiObject
    },
  })
}

/** Descriptions are Markdown; raw HTML in them is shown as text, never run. */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false })

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function inlineMarkdown(text: string | undefined): string {
  return text === undefined ? '' : markdown.renderInline(text)
}

function blockMarkdown(text: string | undefined): string {
  return text === undefined ? '' : markdown.render(text)
}

function jsonBlock(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`
}

const PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
section{border-top:1px solid #d8dce4;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;color:#0b5cad}
pre{background:#f4f6f9;padding:.75rem;overflow:auto;font-size:.85rem}small{color:#5a6472}
details{margin:.25rem 0}summary{cursor:pointer}`

/**
 * The page's Content-Security-Policy: nothing loads or runs but its own stylesheet, allowed by
 * hash (no 'unsafe-inline', no script at all).
 */
export const REFERENCE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The media's example: its own, or the first of the schema (or referenced component) it names. */
function exampleOf(document: OpenApiDocument, media: OpenApiMedia): unknown {
  if (media.example !== undefined) return media.example
  const schema = media.schema as { $ref?: string; examples?: unknown[] } | undefined
  const name = schema?.$ref?.split('/').pop()
  const component = name === undefined ? undefined : (document.components?.schemas?.[name] as typeof schema)
  return schema?.examples?.[0] ?? component?.examples?.[0]
}

function renderResponses(document: OpenApiDocument, operation: OpenApiOperation): string {
  const items = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const media = Object.entries(response.content ?? {})
    const examples = media
      .map(([type, m]) => [type, exampleOf(document, m)] as const)
      .filter(([, example]) => example !== undefined)
      .map(
        ([type, example]) =>
          `<details><summary>Example (${escapeHtml(type)})</summary>${jsonBlock(example)}</details>`,
      )
      .join('')
    const types = media.map(([type]) => `<code>${escapeHtml(type)}</code>`).join(', ')
    return `<li><code>${escapeHtml(status)}</code> ${inlineMarkdown(response.description)}${types ? ` — ${types}` : ''}${examples}</li>`
  })
  return items.length > 0 ? `<h4>Responses</h4><ul>${items.join('')}</ul>` : ''
}

/** Renders the OpenAPI document as one static HTML page. */
export function renderReferencePage(document: OpenApiDocument): string {
  const sections: string[] = []
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const params = (operation.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})` +
            `${p.description ? ` ${inlineMarkdown(p.description)}` : ''}</li>`,
        )
        .join('')
      const body = operation.requestBody
      const bodies = Object.entries(body?.content ?? {})
        .map(
          ([type, media]) =>
            `<h4>Body: <code>${escapeHtml(type)}</code>${body?.required === false ? ' (optional)' : ''}</h4>${jsonBlock(media.schema)}`,
        )
        .join('')
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0
      sections.push(
        `<section id="${escapeHtml(`${method}-${path}`)}"><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>` +
          `${isPublic ? ' <small>public</small>' : ''}</h3>` +
          `<p>${inlineMarkdown(operation.summary)}</p>` +
          blockMarkdown(operation.description) +
          (params ? `<h4>Parameters</h4><ul>${params}</ul>` : '') +
          bodies +
          renderResponses(document, operation) +
          '</section>',
      )
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} reference</title>
<style>${PAGE_STYLE}</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
${blockMarkdown(document.info.description)}
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
${sections.join('\n')}
</body></html>`
}
