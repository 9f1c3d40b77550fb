/**
 * Engine-neutral classification of database errors, so callers can turn a duplicate into a 409,
 * or re-run an aborted transaction, without knowing which engine raised it (PostgreSQL SQLSTATE
 * codes, SQLite extended codes).
 */

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/** True for a UNIQUE or PRIMARY KEY violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error)
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** True for a FOREIGN KEY violation on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error)
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

/** True for a CHECK constraint violation on either engine. */
export function isCheckViolation(error: unknown): boolean {
  const code = errorCode(error)
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK'
}

/** Codes after which re-running the whole transaction is right: deadlock, serialization, busy. */
const RETRYABLE_TRANSACTION_CODES: ReadonlySet<string> = new Set(['40P01', '40001', 'SQLITE_BUSY'])

/** True when the database aborted the transaction and running it again may succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = errorCode(error)
  return code !== undefined && RETRYABLE_TRANSACTION_CODES.has(code)
}
