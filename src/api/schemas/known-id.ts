/**
 * Path ids: every id this API issues is a UUID, so one that is not cannot exist. It answers 404,
 * like an unknown id or another org's, without a query (and without a database error for text
 * a `uuid` column would refuse).
 */
import { AppError } from '../../domain/errors/app-error.js'
import { isUuid } from '../../domain/ids.js'

/** The id, when it may exist; otherwise throws NOT_FOUND. */
export function knownId(id: string): string {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  return id
}
