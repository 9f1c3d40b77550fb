/**
 * The error every layer throws for something the client should hear about. The HTTP layer turns
 * it into `{"error": {"code", "message", "details"}}` with the catalogue's status.
 */
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js'

/**
 * One problem with a request: which field (when one is to blame), why, and keys that belong to the
 * code (`line`/`column` of a parse error, the `status`/`allowed` of a refused transition, the
 * `value` or `limit` that was crossed). `details` is always a list of these, for every code, so a
 * client reads every error the same way.
 */
export interface ErrorProblem {
  /** Where, as the client sent it: `body.email`, `query.cursor`, `headers.idempotency-key`. */
  readonly field?: string
  /** Why, in words that follow the field: "is required", "must be before body.until". */
  readonly reason: string
  readonly [codeSpecificKey: string]: unknown
}

/** The `details` of every error body: a list of problems, empty when there is nothing to add. */
export type ErrorDetails = readonly ErrorProblem[]

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: ErrorDetails

  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetails } = {}) {
    const entry = ERROR_CATALOGUE[code]
    super(options.message ?? entry.message)
    this.name = 'AppError'
    this.code = code
    this.status = entry.status
    this.details = options.details ?? []
  }
}
