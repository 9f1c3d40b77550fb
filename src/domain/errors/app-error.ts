/**
 * The error every layer throws for something the client should hear about. The HTTP layer turns
 * it into `{"error": {"code", "message", "details"}}` with the catalogue's status.
 */
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js'

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: unknown

  constructor(code: ErrorCode, options: { message?: string; details?: unknown } = {}) {
    const entry = ERROR_CATALOGUE[code]
    super(options.message ?? entry.message)
    this.name = 'AppError'
    this.code = code
    this.status = entry.status
    this.details = options.details
  }
}
