/**
 * How a worker process learns of new deliveries on PostgreSQL (a script, not a test). Run:
 *   npm run build && FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/wake-up.bench.ts
 * Knobs: BENCH_EVENTS (60 per mode), BENCH_POLL_MS (1000, the default FLOWCERTA_WEBHOOK_POLL_MS).
 *
 * One `flowcerta serve --role worker` process, one webhook to test/receivers/counting-receiver.mjs.
 * This process records one event per transaction, every 250 ms, and measures commit → received:
 * - NOTIFY: recordEvent as the API does, so the commit sends NOTIFY and the worker's LISTEN wakes it;
 * - poll only: the same transaction without the NOTIFY (the capability switched off for this
 *   writer only), so the worker finds the delivery at its next FLOWCERTA_WEBHOOK_POLL_MS poll —
 *   what happens while its LISTEN connection is down (a PostgreSQL restart), the fallback.
 */
import { loadavg } from 'node:os'
import { recordEvent } from '../src/store/events.js'
import { generateWebhookSecret } from '../src/webhooks/webhook-secret.js'
import { startCountingReceiver } from '../test/receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
  startServe,
} from '../test/webhooks/system-test-kit.js'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 60)
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1000)

function pcts(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
  return `${at(0.5).toFixed(1)} / ${at(0.95).toFixed(1)} / ${at(0.99).toFixed(1)} / ${(sorted.at(-1) ?? Number.NaN).toFixed(1)}`
}

const db = await openSystemDatabase('postgres')
const secret = generateWebhookSecret()
const receiver = await startCountingReceiver([secret])
await createWebhookWithSecret(db, { url: receiver.hookUrl(0), secret })
const worker = await startServe(db, 'worker', { FLOWCERTA_WEBHOOK_POLL_MS: String(POLL_MS) })
const rows: string[] = []
try {
  for (const mode of ['NOTIFY', 'poll only'] as const) {
    const committed = new Map<string, number>()
    for (let i = 0; i < EVENTS; i++) {
      const label = `${mode === 'NOTIFY' ? 'n' : 'p'}-${i}`
      await db.store.transaction((trx) =>
        recordEvent(
          trx,
          { supportsListenNotify: mode === 'NOTIFY', supportsWritableCtes: true, sqlPlaceholders: '$n' },
          labelledEnvelope(db.orgId, label),
        ),
      )
      committed.set(label, Date.now())
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const deadline = Date.now() + 30_000
    let latencies: number[] = []
    while (Date.now() < deadline) {
      latencies = receiver
        .deliveries()
        .filter((d) => d.label !== null && committed.has(d.label))
        .map((d) => d.receivedAt - (committed.get(d.label as string) as number))
      if (latencies.length >= EVENTS) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    rows.push(`| ${mode} | ${POLL_MS} ms | ${latencies.length} | ${pcts(latencies)} |`)
  }
} finally {
  await worker.stop()
  await receiver.stop()
  await db.cleanup()
}
console.log(
  [
    `load avg ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
    '',
    '| wake-up | poll | events | commit → received ms p50 / p95 / p99 / max |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n'),
)
