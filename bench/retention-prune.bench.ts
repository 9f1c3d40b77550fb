/**
 * How long one retention batch holds its locks (a script, not a test). Run:
 *   FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/retention-prune.bench.ts
 * Knobs: BENCH_OLD_DELIVERIES (50000), BENCH_BATCH_SIZES ("100,500,2000").
 *
 * Per engine (SQLite; PostgreSQL when the URL is set, in its own schema): BENCH_OLD_DELIVERIES
 * delivered deliveries finished two days ago (one attempt each, one event per 4), then
 * `pruneRetention` (deliveries kept 1 day) with each batch size, timing every batch: a batch is
 * one transaction, so its duration is the longest any lock of the prune is held. While it runs,
 * a writer in the same process records one new event (fanned out to 4 webhooks) every 20 ms and
 * times its transaction: what a concurrent producer waits for (on SQLite the batch's write lock,
 * on PostgreSQL nothing: the prune locks only the old rows it deletes).
 */
import { loadavg } from 'node:os'
import { v7 as uuidv7 } from 'uuid'
import { recordEvent } from '../src/store/events.js'
import { pruneRetention } from '../src/store/retention-prune.js'
import type { StoreEngine } from '../src/store/store.js'
import { testEngines } from '../test/helpers/test-stores.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
  type SystemDatabase,
} from '../test/webhooks/system-test-kit.js'

const OLD = Number(process.env.BENCH_OLD_DELIVERIES ?? 50_000)
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '100,500,2000').split(',').map(Number)
const DAY = 86_400_000

function pcts(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN }
}

async function seed(db: SystemDatabase, webhookIds: string[], count: number): Promise<void> {
  const now = Date.now()
  const base = now - 3 * DAY
  const chunk = 500
  for (let start = 0; start < count; start += chunk) {
    await db.store.transaction(async (trx) => {
      const events = []
      const deliveries = []
      const attempts = []
      for (let i = start; i < Math.min(count, start + chunk); i++) {
        const at = base + i
        if (i % 4 === 0) {
          events.push({
            id: uuidv7({ msecs: at }),
            org_id: db.orgId,
            event: 'validation.completed',
            occurred_at: at,
            envelope_json: '{}',
          })
        }
        const eventId = events.at(-1)?.id ?? uuidv7({ msecs: at })
        const id = uuidv7({ msecs: at })
        deliveries.push({
          id,
          org_id: db.orgId,
          webhook_id: webhookIds[i % webhookIds.length] as string,
          event_id: eventId,
          event: 'validation.completed',
          status: 'succeeded' as const,
          attempt_count: 1,
          next_attempt_at: null,
          locked_until: null,
          locked_by: null,
          body: null,
          target: 'generic' as const,
          last_status_code: 200,
          last_error_class: null,
          created_at: at,
          updated_at: now - 2 * DAY,
          completed_at: now - 2 * DAY,
        })
        attempts.push({
          id: uuidv7({ msecs: at }),
          delivery_id: id,
          org_id: db.orgId,
          number: 1,
          started_at: at,
          duration_ms: 2,
          status_code: 200,
          response_body: 'ok',
          error_class: null,
          error_message: null,
          request_headers_json: '{"content-type":"application/json"}',
        })
      }
      if (events.length > 0) await trx.insertInto('events').values(events).execute()
      for (let i = 0; i < deliveries.length; i += 100) {
        await trx
          .insertInto('deliveries')
          .values(deliveries.slice(i, i + 100))
          .execute()
        await trx
          .insertInto('delivery_attempts')
          .values(attempts.slice(i, i + 100))
          .execute()
      }
    })
  }
}

async function run(engine: StoreEngine, batchSize: number): Promise<string> {
  const db = await openSystemDatabase(engine)
  try {
    const webhookIds: string[] = []
    for (let i = 0; i < 4; i++)
      webhookIds.push((await createWebhookWithSecret(db, { url: `http://127.0.0.1:9/${i}` })).id)
    await seed(db, webhookIds, OLD)
    const batches: number[] = []
    let writes: number[] = []
    let pruning = true
    let n = 0
    const write = async () => {
      const t0 = performance.now()
      await db.store.transaction((trx) =>
        recordEvent(trx, db.store.capabilities, labelledEnvelope(db.orgId, `w-${n++}`)),
      )
      writes.push(performance.now() - t0)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    // Baseline: the same writer for 2 s with no prune running.
    const baselineEnds = performance.now() + 2000
    while (performance.now() < baselineEnds) await write()
    const baseline = pcts(writes)
    writes = []
    const writer = (async () => {
      while (pruning) await write()
    })()
    const t0 = performance.now()
    const report = await pruneRetention(db.store, {
      now: Date.now(),
      policy: {
        deliveries: DAY,
        failedDeliveries: DAY,
        events: DAY,
        idempotencyKeys: DAY,
        sessions: DAY,
        results: null,
      },
      batchSize,
      onBatch: (_kind, _rows, ms) => batches.push(ms),
    })
    const totalMs = performance.now() - t0
    pruning = false
    await writer
    const b = pcts(batches)
    const w = pcts(writes)
    return `| ${engine} | ${OLD} | ${batchSize} | ${report.deliveries} + ${report.deliveryAttempts} attempts + ${report.events} events | ${(totalMs / 1000).toFixed(1)} s (${Math.round(report.deliveries / (totalMs / 1000))}/s) | ${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} / ${b.max.toFixed(1)} | ${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)} | ${writes.length} | ${w.p50.toFixed(1)} / ${w.p99.toFixed(1)} / ${w.max.toFixed(1)} |`
  } finally {
    await db.cleanup()
  }
}

const rows = [
  `load avg at start ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
  '',
  '| engine | old deliveries | batch | pruned | total (deliveries/s) | batch ms p50 / p99 / max | write ms alone p50 / p99 | writes during the prune | write ms during it p50 / p99 / max |',
  '|---|---|---|---|---|---|---|---|---|',
]
for (const engine of testEngines()) {
  for (const batchSize of BATCH_SIZES) {
    const row = await run(engine, batchSize)
    console.error(row)
    rows.push(row)
  }
}
console.log(rows.join('\n'))
