/**
 * Checks real responses against the app's own OpenAPI document: the (method, path) must be a
 * documented operation, the status one of its documented responses, the content type one the
 * response documents, and a JSON body must validate (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses)
 * against that response's schema. The shared test app (test-app.ts) runs every response through
 * this, so every integration test doubles as a test of the document, for routes added later too.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'

/** Media types whose body is one JSON value per line (each checked against the schema). */
const JSON_LINES_TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/json-lines'])

import addFormats from 'ajv-formats'

interface Media {
  schema?: unknown
}
interface DocumentResponse {
  content?: Record<string, Media>
}
interface DocumentOperation {
  responses?: Record<string, DocumentResponse>
}
export interface CheckedDocument {
  paths?: Record<string, Record<string, DocumentOperation>>
  components?: { schemas?: Record<string, { title?: string }> }
}

/** What a response needs to be checked (a light-my-request response has all of it). */
export interface ResponseToCheck {
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

/** How many responses were checked in this process: a test asserts it grows (no vacuous pass). */
export const responseCheckStats = { checked: 0 }

export class OpenApiResponseMismatch extends Error {
  override readonly name = 'OpenApiResponseMismatch'
}

/** `a/b` → `a~1b`, then URI-escaped, as a `$ref` fragment needs (paths hold `{` and `}`). */
function pointerToken(token: string): string {
  return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))
}

const DOCUMENT_ID = 'openapi.json'

export class OpenApiResponseChecker {
  private readonly ajv: Ajv2020
  private readonly validators = new Map<string, ValidateFunction>()
  private readonly templates: { path: string; segments: string[] }[]

  constructor(private readonly document: CheckedDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
    addFormats.default(this.ajv)
    this.ajv.addFormat('binary', true)
    this.ajv.addSchema(document as object, DOCUMENT_ID)
    this.templates = Object.keys(document.paths ?? {}).map((path) => ({ path, segments: path.split('/') }))
  }

  /**
   * The documented path a request path falls under, as the router picks it: static segments win
   * over `{param}` ones. Null when no documented path matches.
   */
  documentedPath(urlPath: string): string | null {
    const segments = urlPath.split('/')
    let best: { path: string; statics: number } | null = null
    for (const template of this.templates) {
      if (template.segments.length !== segments.length) continue
      let statics = 0
      const matches = template.segments.every((segment, index) => {
        if (/^\{[^}]+\}$/.test(segment)) return true
        statics += 1
        return segment === segments[index]
      })
      if (matches && (best === null || statics > best.statics)) best = { path: template.path, statics }
    }
    return best?.path ?? null
  }

  /** Throws OpenApiResponseMismatch when the response is not what the document says. */
  check(method: string, url: string, response: ResponseToCheck): void {
    // The path as the router sees it: not normalised (`%2e%2e` is an id there, not `..`).
    const urlPath = url.split(/[?#]/)[0] ?? url
    const verb = method.toLowerCase()
    const where = `${method.toUpperCase()} ${urlPath} → ${response.statusCode}`
    const path = this.documentedPath(urlPath)
    const operation =
      path === null ? undefined : this.document.paths?.[path]?.[verb === 'head' ? 'get' : verb]
    if (path === null || operation === undefined) {
      // Not a documented operation: the only right answer is the router's 404.
      this.checkErrorBody(where, response, 404, 'ROUTE_NOT_FOUND')
      return
    }
    const status = String(response.statusCode)
    const documented = operation.responses?.[status]
    if (documented === undefined) {
      throw new OpenApiResponseMismatch(
        `${where}: status ${status} is not documented for ${verb.toUpperCase()} ${path} ` +
          `(documented: ${Object.keys(operation.responses ?? {}).join(', ')}); body: ${response.body.slice(0, 300)}`,
      )
    }
    responseCheckStats.checked += 1
    // HEAD answers carry no body; otherwise an empty body is right only where none is documented.
    if (verb === 'head') return
    const sentType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? ''
    if (
      response.body.length === 0 &&
      JSON_LINES_TYPES.has(sentType) &&
      documented.content?.[sentType] !== undefined
    ) {
      return // JSON Lines with no line: an empty export is a valid one.
    }
    if (response.body.length === 0) {
      const types = Object.keys(documented.content ?? {})
      if (types.length > 0)
        throw new OpenApiResponseMismatch(`${where}: empty body, documented as ${types.join(', ')}`)
      return
    }
    const contentType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase()
    const mediaType = contentType ?? ''
    if (documented.content?.[mediaType] === undefined) {
      throw new OpenApiResponseMismatch(
        `${where}: content type "${mediaType}" is not documented ` +
          `(documented: ${Object.keys(documented.content ?? {}).join(', ') || 'no body'})`,
      )
    }
    const pointer = [
      'paths',
      path,
      verb === 'head' ? 'get' : verb,
      'responses',
      status,
      'content',
      mediaType,
      'schema',
    ]
    this.validate(where, pointer, mediaType, response.body)
  }

  private checkErrorBody(where: string, response: ResponseToCheck, status: number, code: string): void {
    if (response.statusCode !== status) {
      throw new OpenApiResponseMismatch(
        `${where}: no documented operation, so only ${status} ${code} is right`,
      )
    }
    responseCheckStats.checked += 1
    const schemas = this.document.components?.schemas ?? {}
    const name = Object.keys(schemas).find((key) => schemas[key]?.title === `ErrorBody${status}`)
    if (name === undefined) throw new OpenApiResponseMismatch(`the document has no ErrorBody${status}`)
    this.validate(where, ['components', 'schemas', name], 'application/json', response.body)
    const parsed = JSON.parse(response.body) as { error: { code: string } }
    if (parsed.error.code !== code)
      throw new OpenApiResponseMismatch(`${where}: code ${parsed.error.code}, not ${code}`)
  }

  private validate(where: string, pointer: string[], mediaType: string, body: string): void {
    const ref = `${DOCUMENT_ID}#/${pointer.map(pointerToken).join('/')}`
    let validate = this.validators.get(ref)
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref })
      this.validators.set(ref, validate)
    }
    let value: unknown = body
    if (JSON_LINES_TYPES.has(mediaType)) {
      // JSON Lines: the documented schema describes each line.
      for (const [index, line] of body.split('\n').entries()) {
        if (line.trim() === '') continue
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch {
          throw new OpenApiResponseMismatch(`${where}: line ${index + 1} is not JSON: ${line.slice(0, 200)}`)
        }
        if (!validate(parsed)) {
          const problems = (validate.errors ?? [])
            .slice(0, 5)
            .map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? ''}`)
          throw new OpenApiResponseMismatch(
            `${where}: line ${index + 1} does not match the documented schema: ${problems.join('; ')}`,
          )
        }
      }
      return
    }
    if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
      try {
        value = JSON.parse(body)
      } catch {
        throw new OpenApiResponseMismatch(`${where}: documented as JSON, body is not: ${body.slice(0, 200)}`)
      }
    }
    if (!validate(value)) {
      const problems = (validate.errors ?? [])
        .slice(0, 5)
        .map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? ''}`)
        .join('; ')
      throw new OpenApiResponseMismatch(
        `${where}: body does not match the documented schema: ${problems}; body: ${body.slice(0, 300)}`,
      )
    }
  }
}

const checkers = new Map<string, OpenApiResponseChecker>()

/** One checker per distinct document (every test app of a process builds the same one). */
export function responseCheckerFor(document: unknown): OpenApiResponseChecker {
  const key = JSON.stringify(document)
  let checker = checkers.get(key)
  if (checker === undefined) {
    checker = new OpenApiResponseChecker(JSON.parse(key) as CheckedDocument)
    checkers.set(key, checker)
  }
  return checker
}
