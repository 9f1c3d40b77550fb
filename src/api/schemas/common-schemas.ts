/**
 * JSON Schemas shared by routes. They validate requests and, through @fastify/swagger, become the
 * OpenAPI document, so one schema serves both purposes.
 */
import type { ErrorDetails } from '../../domain/errors/app-error.js'
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/errors/error-catalogue.js'

/**
 * One problem in `details`: the field when one is to blame, the reason, and keys that belong to the
 * code. Extra keys are allowed (and serialized) so a code can say more without a schema change.
 */
const errorProblemSchema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: true,
  description:
    'One problem. Code-specific keys may follow: `line`, `column` (XAML_*), `status`, `allowed` ' +
    '(INVALID_TRANSITION), `value` (the value refused), `limitBytes`, `limitCharacters` (the limit ' +
    'crossed), `limit` and `max` (XAML_TOO_LARGE/DEEP/COMPLEX: the analyzer limit crossed), `currentRole` ' +
    '(USER_ROLE_CONFLICT).',
  properties: {
    field: {
      type: 'string',
      description: 'Where: `body.email`, `query.cursor`, `headers.idempotency-key`, `policyPack`…',
    },
    reason: { type: 'string', description: 'Why, in words that follow the field: "is required".' },
  },
} as const

const ALL_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[]

/** Example details for the codes whose details say the most; every other example has `[]`. */
const EXAMPLE_DETAILS: Partial<Record<ErrorCode, ErrorDetails>> = {
  VALIDATION_FAILED: [{ field: 'body.email', reason: 'is required' }],
  INVALID_TRANSITION: [
    { reason: 'a rejected exception cannot become approved', status: 'rejected', allowed: [] },
  ],
  XAML_PARSE_ERROR: [{ reason: 'Unexpected close tag', line: 4, column: 3 }],
  UNKNOWN_POLICY_PACK: [{ field: 'policyPack', reason: 'is not a policy pack', value: 'no-such-pack' }],
}

/** The status's codes, the most telling first (the one with example details, if any). */
function codesWithStatus(status: number): ErrorCode[] {
  const codes = ALL_CODES.filter((code) => ERROR_CATALOGUE[code].status === status)
  return codes.sort(
    (a, b) => Number(EXAMPLE_DETAILS[b] !== undefined) - Number(EXAMPLE_DETAILS[a] !== undefined),
  )
}

function errorBody(codes: readonly ErrorCode[], id: string, description: string) {
  const example = codes[0] ?? 'INTERNAL_ERROR'
  return {
    $id: id,
    description,
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'details'],
        additionalProperties: false,
        properties: {
          code: {
            type: 'string',
            enum: [...codes],
            description: 'Stable error code from the catalogue (docs/errors.md): branch on it.',
          },
          message: { type: 'string', description: 'For people; may be improved.' },
          details: {
            type: 'array',
            items: errorProblemSchema,
            description: 'Always a list of problems, empty when there is nothing to add.',
          },
        },
      },
    },
    examples: [
      {
        error: {
          code: example,
          message: ERROR_CATALOGUE[example].message,
          details: EXAMPLE_DETAILS[example] ?? [],
        },
      },
    ],
  } as const
}

/** The one error body, any code: `{"error": {"code", "message", "details"}}`. */
export const errorBodySchema = errorBody(ALL_CODES, 'ErrorBody', 'An error (any code of the catalogue).')

/** Every status some catalogue code has, each with its own body schema listing only its codes. */
export const ERROR_STATUSES: readonly number[] = [
  ...new Set(ALL_CODES.map((code) => ERROR_CATALOGUE[code].status)),
].sort((a, b) => a - b)

/** `ErrorBody401`: the error body of one status; its `code` is one of that status's codes. */
export const errorBodySchemasByStatus = ERROR_STATUSES.map((status) => {
  const codes = codesWithStatus(status)
  return errorBody(codes, `ErrorBody${status}`, codes.join(', '))
})

/**
 * The error responses of a route: each status refers to its own body schema, so the document says
 * which codes a status carries. A status no code has is a programming error, caught at start-up.
 */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  const responses: Record<number, { $ref: string }> = {}
  for (const status of statuses) {
    if (!ERROR_STATUSES.includes(status)) throw new Error(`no error code has status ${status}`)
    responses[status] = { $ref: `ErrorBody${status}#` }
  }
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

/** Example ids (UUID v7, as the API makes them) shared by the schemas' examples. */
export const EXAMPLE_IDS = Object.freeze({
  org: '0196d4a2-7c10-7b3e-9a41-5d2f8e6c1a01',
  user: '0196d4a2-7c11-7f20-8b13-2a9d4c5e6f02',
  apiKey: '0196d4a2-7c12-7a55-9c07-7e1b3d2a4f03',
  validation: '0196d4b8-1e40-7d8a-a2f4-6c3e9b1d7a04',
  exception: '0196d4c0-3a22-7e61-b5d8-1f4a2c6e8b05',
  webhook: '0196d4c9-5b03-7c14-8e92-3d7f1a5b2c06',
  delivery: '0196d4d1-6c84-7f37-9a25-4e8b2c7d3f07',
  event: '0196d4d1-6c80-7b10-a6c3-5f9c3d8e4a08',
  auditEntry: '0196d4d2-0a01-7c22-8d44-6a1b4e9f5b09',
})
export const EXAMPLE_TIME = '2026-05-15T18:00:00.000Z'

/** `{items, nextCursor}`: the shape of every list in the API (its example is one page of one item). */
export function listResponseSchema(item: { type: string; examples?: readonly unknown[] }): object {
  const example = item.examples?.[0]
  return {
    description: 'One page: `items`, newest first, and `nextCursor`.',
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass it back as `cursor` for the next page; null on the last page.',
      },
    },
    ...(example === undefined ? {} : { examples: [{ items: [example], nextCursor: null }] }),
  }
}
