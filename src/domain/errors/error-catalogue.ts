/**
 * The one catalogue of error codes clients can see. Codes are stable: clients branch on them, so
 * a code is never renamed or reused; messages may be improved. docs/errors.md is kept in step with
 * this list by a test. Later issues append their codes here.
 */
export const ERROR_CATALOGUE = Object.freeze({
  AUTH_REQUIRED: { status: 401, message: 'Send an API key as "Authorization: Bearer <key>".' },
  AUTH_INVALID: { status: 401, message: 'The API key is malformed, unknown or revoked.' },
  FORBIDDEN_ROLE: { status: 403, message: 'Your role does not allow this action.' },
  NOT_FOUND: { status: 404, message: 'No such resource in your org.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here.' },
  USER_ROLE_CONFLICT: { status: 409, message: 'The user already exists with another role.' },
  LAST_ADMIN_KEY: { status: 409, message: 'Revoking this key would leave the org without an admin key.' },
  RATE_LIMITED: { status: 429, message: 'Too many failed authentication attempts; try again later.' },
  NOT_READY: { status: 503, message: 'The service is not ready.' },
  INTERNAL_ERROR: {
    status: 500,
    message: 'The request failed on our side; the details are in the server log.',
  },
} as const satisfies Record<string, { status: number; message: string }>)

export type ErrorCode = keyof typeof ERROR_CATALOGUE

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, value)
}
