/**
 * The audit-log export as JSON Lines: a stream that pages through the org's chain
 * (store/audit-log.ts `iterateAuditChain`), so the response is never built in memory. Lines are
 * gathered into chunks of about 64 KiB to keep writes few.
 *
 * The first page is read before the stream is handed to Fastify: a database failure there is an
 * ordinary 500 answer. A failure later, after the 200 and some lines are out, ends the response
 * without its final chunk, so the client sees a broken transfer, never a short file that looks
 * complete.
 */
import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import { type AuditEntry, type AuditEntryFilter, iterateAuditChain } from '../../../store/audit-log.js'
import type { Database } from '../../../store/database.js'

/** `application/x-ndjson`: the name most log tools and HTTP clients know for newline-delimited JSON. */
export const AUDIT_LOG_JSONL_TYPE = 'application/x-ndjson'

const CHUNK_BYTES = 64 * 1024

export async function auditLogJsonLines(
  db: Kysely<Database>,
  filter: AuditEntryFilter,
  toBody: (entry: AuditEntry) => unknown,
): Promise<Readable> {
  const entries = iterateAuditChain(db, filter)
  const first = await entries.next()
  async function* chunks(): AsyncGenerator<string> {
    if (first.done) return
    let chunk = `${JSON.stringify(toBody(first.value))}\n`
    for await (const entry of entries) {
      chunk += `${JSON.stringify(toBody(entry))}\n`
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk !== '') yield chunk
  }
  return Readable.from(chunks(), { objectMode: false })
}
