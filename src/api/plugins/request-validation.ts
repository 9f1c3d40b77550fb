/**
 * Request validation. Bodies are validated strictly — no type coercion, no silent removal of
 * unknown fields, every error reported — so `{"role": 1}` or a misspelt field is a 400 naming the
 * field. Query strings and path params arrive as text, so there types are coerced.
 */
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchema } from 'fastify'
import { fieldError } from '../../domain/errors/field-error.js'

/**
 * The first string holding U+0000 in a parsed body, query or params, as a field path, or null.
 * PostgreSQL's text cannot store NUL (SQLite can): refusing it up front keeps both engines alike
 * and turns what would be a database error into a 400 naming the field. No text field needs it.
 */
export function findNulCharacter(value: unknown, prefix: string): string | null {
  const todo: Array<[unknown, string]> = [[value, prefix]]
  while (todo.length > 0) {
    const [current, path] = todo.pop() as [unknown, string]
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path
    } else if (Array.isArray(current)) {
      for (const [index, item] of current.entries()) todo.push([item, `${path}.${index}`])
    } else if (typeof current === 'object' && current !== null && !Buffer.isBuffer(current)) {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`
        todo.push([item, `${path}.${key}`])
      }
    }
  }
  return null
}

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    useDefaults: true,
    removeAdditional: false,
    ...options,
  })
  addFormats.default(ajv)
  // OpenAPI keywords that are documentation only.
  ajv.addKeyword({ keyword: 'example' })
  return ajv
}

/**
 * The Ajv that checks bodies. Exported for the one body that is checked outside Fastify: the
 * multipart fields of POST /validations, validated after streaming against the JSON body's schemas.
 */
export function createBodyAjv(): Ajv {
  return createAjv({ coerceTypes: false })
}

export function installRequestValidation(app: FastifyInstance): void {
  const bodyAjv = createBodyAjv()
  const textAjv = createAjv({ coerceTypes: 'array' })
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv
    return ajv.compile(schema as FastifySchema & object)
  })
  app.addHook('preValidation', async (request) => {
    // Only the parts a route validates: a route without a query schema (say /healthz) ignores its query.
    const schema = request.routeOptions.schema ?? {}
    const field =
      (schema.params === undefined ? null : findNulCharacter(request.params, 'params')) ??
      (schema.querystring === undefined ? null : findNulCharacter(request.query, 'query')) ??
      (schema.body === undefined ? null : findNulCharacter(request.body, 'body'))
    if (field !== null) {
      throw fieldError(field, 'must not contain the NUL character (U+0000)')
    }
  })
  // A route with config.bodyOptional reads "no body" as `{}` (the OpenAPI document says so too).
  app.addHook('preValidation', async (request) => {
    if (
      request.routeOptions.config.bodyOptional === true &&
      (request.body === undefined || request.body === null)
    ) {
      request.body = {}
    }
  })
}
