/**
 * What tracing costs (a script, not a test). Run:
 *   npx tsx bench/tracing-overhead.bench.ts        # BENCH_DELIVERIES=2000 BENCH_ROUNDS=3
 *
 * (1) Per call, in one process: an awaited async function called directly, the same through
 *     `withSpan` with tracing off (the no-op path every span site takes when FLOWCERTA_OTLP_ENDPOINT
 *     is unset), `activeTraceparent()` off, and `withSpan` on (a real span through the batch
 *     processor to a real OTLP/HTTP receiver on 127.0.0.1).
 * (2) End to end, SQLite, in this process: BENCH_DELIVERIES deliveries (events written through
 *     recordEvent, one webhook, a loopback receiver) sent and recorded by a DeliveryWorker,
 *     tracing off and on alternately, BENCH_ROUNDS each: deliveries/s, medians, and on / off.
 * Prints Markdown rows for bench/README.md.
 */
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { activeTraceparent, SPAN_NAMES, withSpan } from '../src/tracing/spans.js'
import { startTracing } from '../src/tracing/start-tracing.js'
import { startOtlpReceiver } from '../test/helpers/otlp-receiver.js'
import { openDeliveryKit, startReceiver } from '../test/webhooks/delivery-test-kit.js'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

let sink = 0
const work = async () => {
  sink++
  return sink
}

/** ns per awaited call of `call`, best of 3 runs of `n` calls. */
async function nsPerCall(n: number, call: () => Promise<unknown> | unknown): Promise<number> {
  const runs: number[] = []
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    for (let i = 0; i < n; i++) await call()
    runs.push(((performance.now() - start) * 1e6) / n)
  }
  return Math.min(...runs)
}

async function perCall(otlpEndpoint: string) {
  const n = 1_000_000
  const direct = await nsPerCall(n, work)
  const off = await nsPerCall(n, () => withSpan(SPAN_NAMES.outboxRecord, {}, work))
  const traceparentOff = await nsPerCall(n, activeTraceparent)
  const tracing = startTracing({ endpoint: otlpEndpoint, sampleRatio: 1, role: 'bench', exportDelayMs: 200 })
  // Fewer: each makes a real span (the batch queue drops what it cannot hold, as in production).
  const on = await nsPerCall(100_000, () =>
    withSpan(SPAN_NAMES.outboxRecord, { attributes: { 'flowcerta.event': 'bench' } }, work),
  )
  await tracing.stop()
  return { direct, off, traceparentOff, on }
}

async function deliveriesPerSecond(traced: boolean, otlpEndpoint: string): Promise<number> {
  const kit = await openDeliveryKit('sqlite')
  const receiver = await startReceiver()
  const tracing = traced
    ? startTracing({ endpoint: otlpEndpoint, sampleRatio: 1, role: 'bench', exportDelayMs: 200 })
    : null
  try {
    await kit.addWebhook(receiver.url)
    const perTransaction = 50
    for (let written = 0; written < DELIVERIES; written += perTransaction) {
      await withSpan('bench.burst', {}, () =>
        kit.testStore.store.transaction(async (trx) => {
          const { recordEvent } = await import('../src/store/events.js')
          const { buildEnvelope } = await import('../src/domain/events/event-envelope.js')
          for (let i = 0; i < perTransaction; i++) {
            await recordEvent(
              trx,
              kit.testStore.store.capabilities,
              buildEnvelope('exception.expiring_soon', kit.orgId, kit.clock.now(), { n: written + i }),
            )
          }
        }),
      )
    }
    const start = performance.now()
    const attempts = await kit.worker().runUntilIdle()
    const seconds = (performance.now() - start) / 1000
    if (attempts !== DELIVERIES || receiver.received.length !== DELIVERIES) {
      throw new Error(
        `expected ${DELIVERIES} deliveries, got ${attempts} attempts, ${receiver.received.length} received`,
      )
    }
    return DELIVERIES / seconds
  } finally {
    await tracing?.stop()
    await receiver.close()
    await kit.close()
  }
}

const otlp = await startOtlpReceiver()
const load = loadavg()[0]!.toFixed(1)
const calls = await perCall(otlp.endpoint)
const off: number[] = []
const on: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  off.push(await deliveriesPerSecond(false, otlp.endpoint))
  on.push(await deliveriesPerSecond(true, otlp.endpoint))
}
await otlp.close()
const date = new Date().toISOString().slice(0, 10)
console.log(
  '| date | load | direct call | withSpan off | activeTraceparent off | withSpan on (span exported) |',
)
console.log(
  `| ${date} | ${load} | ${calls.direct.toFixed(0)} ns | ${calls.off.toFixed(0)} ns | ${calls.traceparentOff.toFixed(1)} ns | ${(calls.on / 1000).toFixed(1)} µs |`,
)
console.log('\n| date | load | deliveries | tracing off (deliveries/s) | tracing on | on / off |')
console.log(
  `| ${date} | ${load} | ${DELIVERIES} × ${ROUNDS} | ${off.map((v) => v.toFixed(0)).join(' / ')} (median ${median(off).toFixed(0)}) | ${on.map((v) => v.toFixed(0)).join(' / ')} (median ${median(on).toFixed(0)}) | ${(median(on) / median(off)).toFixed(2)} |`,
)
console.log(`\nspans received by the OTLP receiver: ${otlp.spans.length}; sink ${sink}`)
