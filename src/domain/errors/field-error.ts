/**
 * 400 VALIDATION_FAILED about one field, worded like the schema's own problems: message
 * `<field> <reason>`, details `[{field, reason}]` (e.g. `body.since`, `must be before body.until`).
 * For several problems at once the API has `validationFailed` (api/plugins/field-problems.ts).
 */
import { AppError } from './app-error.js'

export function fieldError(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', { message: `${field} ${reason}`, details: [{ field, reason }] })
}
