/**
 * What tracing costs (a script, not a test). Run:
 *   npx tsx bench/tracing-overhead.bench.ts        # BENCH_DELIVERIES=2000 BENCH_ROUNDS=3
 *
 * (1) Per call, in one process: an awaited async function called directly, the same through
 *     `withSpan` with tracing off (the no-op path every span site takes when FLOWCERTA_OTLP_ENDPOINT
 *     is unset), `activeTraceparent()` off (not awaited: it is synchronous), and `withSpan` on (a
 *     real span through the batch processor and the OTLP/HTTP protobuf exporter to a sink on
 *     127.0.0.1 — a separate process that reads each export and answers 200, so the bench process
 *     pays for making and exporting spans, not for receiving them).
 * (2) End to end, SQLite, in this process: BENCH_DELIVERIES deliveries (events written through
 *     recordEvent, one webhook, a loopback receiver) sent and recorded by a DeliveryWorker,
 *     tracing off, on (ratio 1) and on (ratio 0.1) in turn, BENCH_ROUNDS each: deliveries/s,
 *     medians, and on / off.
 * Prints Markdown rows for bench/README.md.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { activeTraceparent, SPAN_NAMES, withSpan } from '../src/tracing/spans.js'
import { startTracing } from '../src/tracing/start-tracing.js'
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

/** ns per call of `call` (awaited when it returns a promise), best of 3 runs of `n` calls. */
async function nsPerCall(n: number, call: () => unknown): Promise<number> {
  const runs: number[] = []
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    for (let i = 0; i < n; i++) {
      const result = call()
      if (result instanceof Promise) await result
    }
    runs.push(((performance.now() - start) * 1e6) / n)
  }
  return Math.min(...runs)
}

/** An OTLP/HTTP sink in its own process: drains each export, answers 200. */
async function startSink(): Promise<{ endpoint: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const server = require('node:http').createServer((req, res) => {
         req.resume()
         req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end())
       })
       server.listen(0, '127.0.0.1', () => process.send(server.address().port))`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const [port] = (await once(child, 'message')) as [number]
  child.disconnect()
  return { endpoint: `http://127.0.0.1:${port}`, close: () => child.kill() }
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

async function deliveriesPerSecond(sampleRatio: number | null, otlpEndpoint: string): Promise<number> {
  const kit = await openDeliveryKit('sqlite')
  const receiver = await startReceiver()
  const tracing =
    sampleRatio === null
      ? null
      : startTracing({ endpoint: otlpEndpoint, sampleRatio, role: 'bench', exportDelayMs: 200 })
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

const otlp = await startSink()
const load = loadavg()[0]!.toFixed(1)
const calls = await perCall(otlp.endpoint)
const off: number[] = []
const on: number[] = []
const sampled: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  off.push(await deliveriesPerSecond(null, otlp.endpoint))
  on.push(await deliveriesPerSecond(1, otlp.endpoint))
  sampled.push(await deliveriesPerSecond(0.1, otlp.endpoint))
}
otlp.close()
const date = new Date().toISOString().slice(0, 10)
console.log(
  '| date | load | direct call | withSpan off | activeTraceparent off | withSpan on (span exported) |',
)
console.log(
  `| ${date} | ${load} | ${calls.direct.toFixed(0)} ns | ${calls.off.toFixed(0)} ns | ${calls.traceparentOff.toFixed(1)} ns | ${(calls.on / 1000).toFixed(1)} µs |`,
)
const runs = (values: number[]) =>
  `${values.map((v) => v.toFixed(0)).join(' / ')} (median ${median(values).toFixed(0)})`
console.log(
  '\n| date | load | deliveries | tracing off (deliveries/s) | on, ratio 1 | on, ratio 0.1 | ratio 1 / off | ratio 0.1 / off |',
)
console.log(
  `| ${date} | ${load} | ${DELIVERIES} × ${ROUNDS} | ${runs(off)} | ${runs(on)} | ${runs(sampled)} | ${(median(on) / median(off)).toFixed(2)} | ${(median(sampled) / median(off)).toFixed(2)} |`,
)
console.log(`\n(calls counted: ${sink})`)
