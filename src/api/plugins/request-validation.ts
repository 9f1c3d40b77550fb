/**
 * Request validation. Bodies are validated strictly — no type coercion, no silent removal of
 * unknown fields, every error reported — so `{"role": 1}` or a misspelt field is a 400 naming the
 * field. Query strings and path params arrive as text, so there types are coerced.
 */
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchema } from 'fastify'

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
