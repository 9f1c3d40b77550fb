/**
 * A steady stream of validations, for bench/webhooks.bench.ts part (b) under load: a separate
 * process (a client, as robots are) that POSTs one corpus file to /api/v1/validations at a fixed
 * rate, on schedule whatever the answers take (open loop), until told to stop.
 *
 *   BENCH_API=http://127.0.0.1:<port> BENCH_API_KEY=<key> BENCH_FILE=<.xaml> BENCH_RATE=<per s> node bench/steady-validations.mjs
 * Prints `started` once sending; on SIGTERM stops sending, waits for the answers and prints one
 * JSON line: {"sent", "ok", "failed", "p50", "p99"} (answer times in ms; `failed` = not 201 or no answer).
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'

const api = process.env.BENCH_API
const key = process.env.BENCH_API_KEY
const file = process.env.BENCH_FILE
const rate = Number(process.env.BENCH_RATE ?? 20)
if (!api || !key || !file || !(rate > 0)) {
  console.error('BENCH_API, BENCH_API_KEY, BENCH_FILE and a positive BENCH_RATE are required')
  process.exit(2)
}
const body = JSON.stringify({ fileName: basename(file), content: readFileSync(file, 'utf8') })
const interval = 1000 / rate
const answers = []
const inFlight = new Set()
let sent = 0
let failed = 0
let stopping = false

async function post() {
  const started = performance.now()
  try {
    const response = await fetch(`${api}/api/v1/validations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    })
    await response.arrayBuffer()
    if (response.status === 201) answers.push(performance.now() - started)
    else failed++
  } catch {
    failed++
  }
}

const start = performance.now()
function tick() {
  if (stopping) return
  const request = post()
  inFlight.add(request)
  void request.finally(() => inFlight.delete(request))
  sent++
  setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
}
tick()
console.log('started')

process.on('SIGTERM', async () => {
  stopping = true
  await Promise.all([...inFlight])
  const sorted = answers.sort((a, b) => a - b)
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null
  console.log(JSON.stringify({ sent, ok: answers.length, failed, p50: at(50), p99: at(99) }))
  process.exit(0)
})
