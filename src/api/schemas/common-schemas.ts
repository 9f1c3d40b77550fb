/**
 * JSON Schemas shared by routes. They validate requests and, through @fastify/swagger, become the
 * OpenAPI document, so one schema serves both purposes.
 */

export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable error code from the catalogue (docs/errors.md).' },
        message: { type: 'string' },
        details: {},
      },
    },
  },
} as const

/** The error responses every authenticated route can give. */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  const responses: Record<number, { $ref: string }> = {}
  for (const status of statuses) responses[status] = { $ref: 'ErrorBody#' }
  return responses
}

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const

export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const

/** `{items, nextCursor}`: the shape of every list in the API. */
export function listResponseSchema(item: object): object {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  }
}
