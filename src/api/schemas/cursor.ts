/**
 * Opaque pagination cursors: base64url of the last item's id. Clients pass `nextCursor` back as
 * `cursor`; a cursor that does not decode is a 400 naming the field.
 */
import { fieldError } from '../../domain/errors/field-error.js'
import { isUuid } from '../../domain/ids.js'

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!isUuid(id)) throw fieldError('query.cursor', 'is not a cursor this API returned')
  return id
}

/**
 * Turns rows fetched with `limit + 1` (newest first) into `{items, nextCursor}`: the extra row
 * only says whether another page exists; the cursor is the last returned item's id.
 */
export function toPage<Row extends { id: string }, Body>(
  rows: readonly Row[],
  limit: number,
  toBody: (row: Row) => Body,
): { items: Body[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toBody),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
  }
}
