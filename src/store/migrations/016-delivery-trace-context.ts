/**
 * `deliveries.trace_context`: the W3C `traceparent` of the span that wrote the delivery (the
 * outbox write of the request or job that caused its event), so a delivery worker in any process
 * continues that trace for every attempt (src/tracing/). Null when tracing was off at the write.
 * Never edit after landing.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('trace_context', 'text').execute()
}
