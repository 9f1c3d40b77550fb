/**
 * Webhook delivery benchmark (a script, not a test). Run:
 *   npm run build && FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/webhooks.bench.ts
 * Knobs: BENCH_DELIVERIES (default 4000 per throughput run), BENCH_ROUNDS (2), BENCH_RATE (500
 * events/s), BENCH_LATENCY_SECONDS (8), BENCH_PARTS (default "a,b,c,d"), BENCH_DEBUG=1.
 *
 * Every delivery goes over loopback to test/receivers/counting-receiver.mjs, a separate process
 * that verifies X-Flowcerta-Signature on every request and logs the arrival time. In one run:
 * (a) SQLite engine deliveries/s vs a bare undici loop that signs (the engine's own signing code)
 *     and POSTs the same bodies to the same URLs with the same concurrency and no persistence;
 * (b) event committed → received latency p50/p95/p99 at a steady BENCH_RATE events/s, one event
 *     per transaction, on SQLite and PostgreSQL;
 * (c) 8 webhooks, 2 of them black-holed (a second receiver process that reads and never answers):
 *     throughput of the 6 healthy ones vs the same 6 when all 8 are healthy;
 * (d) PostgreSQL with one and with two `flowcerta serve --role worker` processes.
 * Part (e), the same delivery step run by BullMQ on Redis and pg-boss on PostgreSQL, is bench/webhooks-queues.bench.ts.
 * The engine runs as it does in production: startFlowcerta(role worker) in this process for (a)–(c)
 * (on SQLite that is the `all` process's worker, sharing the in-process wake-up signal), separate
 * processes for (d). Prints a Markdown row for bench/README.md.
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Agent, request } from 'undici'
import { loadConfig } from '../src/config/config.js'
import { createLogger } from '../src/logging/create-logger.js'
import { type RunningFlowcerta, startFlowcerta } from '../src/main.js'
import { recordEvent } from '../src/store/events.js'
import type { Store, StoreEngine } from '../src/store/store.js'
import { DEFAULT_GLOBAL_CAP, DEFAULT_PER_WEBHOOK_CAP } from '../src/webhooks/delivery/delivery-worker.js'
import { buildDeliveryHeaders } from '../src/webhooks/delivery/signing.js'
import { generateWebhookSecret } from '../src/webhooks/webhook-secret.js'
import type { RunningProcess } from '../test/helpers/run-cli.js'
import { type CountingReceiver, startCountingReceiver } from '../test/receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
  recordEventBurst,
  type SystemDatabase,
  sentBodies,
  startServe,
} from '../test/webhooks/system-test-kit.js'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const RATE = Number(process.env.BENCH_RATE ?? 500)
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 8)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'a,b,c,d').split(','))
const HOOKS = 8
/** The engine's HTTP sender keeps this many connections per origin (http-sender.ts default). */
const CONNECTIONS_PER_ORIGIN = 16
const HAS_POSTGRES = process.env.FLOWCERTA_TEST_DATABASE_URL !== undefined

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

interface Setup {
  db: SystemDatabase
  /**
   * Where events are written: the engine's own store once it runs in this process, as in the
   * `all` role (on SQLite a second connection in the same thread would make each connection's
   * synchronous busy-wait block the other's transaction).
   */
  writer: Store
  receiver: CountingReceiver
  /** Per webhook index: its id and secret; webhook i posts to receiver.hookUrl(i). */
  hooks: { id: string; secret: string; url: string }[]
  close(): Promise<void>
}

/** A database with one org and `healthy` webhooks on the receiver (+ `blackholed` on a second one). */
async function setUp(
  engine: StoreEngine,
  healthy: number,
  blackholed = 0,
): Promise<Setup & { blackhole?: CountingReceiver }> {
  const db = await openSystemDatabase(engine)
  const secrets = Array.from({ length: healthy }, () => generateWebhookSecret())
  const receiver = await startCountingReceiver(secrets)
  const hooks: Setup['hooks'] = []
  for (let i = 0; i < healthy; i++) {
    const url = receiver.hookUrl(i)
    hooks.push({ ...(await createWebhookWithSecret(db, { url, secret: secrets[i]! })), url })
  }
  // Black holes on their own origin, as a dead customer endpoint would be.
  const blackhole = blackholed > 0 ? await startCountingReceiver([]) : undefined
  for (let i = 0; i < blackholed; i++) await createWebhookWithSecret(db, { url: blackhole!.blackholeUrl(i) })
  return {
    db,
    writer: db.store,
    receiver,
    hooks,
    ...(blackhole !== undefined ? { blackhole } : {}),
    close: async () => {
      await blackhole?.stop()
      await receiver.stop()
      await db.cleanup()
    },
  }
}

/** The worker role in this process; events are then written through its store. */
async function startEngineInProcess(setup: Setup): Promise<RunningFlowcerta> {
  const running = await startFlowcerta({
    config: loadConfig(setup.db.env),
    role: 'worker',
    logger: createLogger('silent'),
  })
  setup.writer = running.store
  return running
}

/** Waits until the receiver accepted `count` in all; returns the last arrival time among them. */
async function waitForArrivals(
  receiver: CountingReceiver,
  count: number,
  timeoutMs = 300_000,
): Promise<number> {
  await receiver.waitForAccepted(count, timeoutMs)
  return Math.max(...receiver.deliveries().map((d) => d.receivedAt))
}

// --- (a) engine vs bare loop ----------------------------------------------------------------

/** Commits DELIVERIES deliveries in one transaction with the worker running; deliveries/s to the last arrival. */
async function engineThroughput(setup: Setup): Promise<{ rate: number; ids: string[] }> {
  const before = (await setup.receiver.stats()).accepted
  const events = Math.ceil(DELIVERIES / setup.hooks.length)
  const committed: string[] = []
  // The insert is not timed: the rate runs from the commit to the last arrival.
  await setup.writer.transaction(async (trx) => {
    for (let i = 0; i < events; i++) {
      committed.push(
        ...(await recordEvent(trx, setup.writer.capabilities, labelledEnvelope(setup.db.orgId, `tp-${i}`)))
          .deliveryIds,
      )
    }
  })
  const committedAt = now()
  const last = await waitForArrivals(setup.receiver, before + committed.length)
  return { rate: committed.length / ((last - committedAt) / 1000), ids: committed }
}

/** The same bodies, signed with the engine's signing code, POSTed with the engine's concurrency. */
async function bareLoopThroughput(setup: Setup, ids: string[]): Promise<number> {
  const rows = await sentBodies(setup.db, ids)
  const hookById = new Map(setup.hooks.map((hook) => [hook.id, hook]))
  const work = rows.map((row) => ({ row, hook: hookById.get(row.webhook_id)! }))
  const agent = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 4_000 })
  const before = (await setup.receiver.stats()).accepted
  const start = now()
  let next = 0
  const perHook = new Map<string, number>()
  // DEFAULT_GLOBAL_CAP loops; each takes the next delivery whose webhook is under its cap.
  const loop = async () => {
    for (;;) {
      const index = next++
      const item = work[index]
      if (item === undefined) return
      while ((perHook.get(item.hook.id) ?? 0) >= DEFAULT_PER_WEBHOOK_CAP) await sleep(0)
      perHook.set(item.hook.id, (perHook.get(item.hook.id) ?? 0) + 1)
      const body = item.row.body
      const headers = buildDeliveryHeaders({
        deliveryId: item.row.id,
        event: item.row.event,
        target: 'generic',
        body,
        secret: item.hook.secret,
        previousSecret: null,
        now: Date.now(),
      })
      const response = await request(item.hook.url, { method: 'POST', headers, body, dispatcher: agent })
      await response.body.dump()
      if (response.statusCode !== 200) throw new Error(`bare loop: HTTP ${response.statusCode}`)
      perHook.set(item.hook.id, (perHook.get(item.hook.id) ?? 1) - 1)
    }
  }
  await Promise.all(Array.from({ length: DEFAULT_GLOBAL_CAP }, loop))
  const elapsed = now() - start
  await agent.close()
  const accepted = (await setup.receiver.stats()).accepted - before
  if (accepted !== work.length) throw new Error(`bare loop: receiver accepted ${accepted} of ${work.length}`)
  return work.length / (elapsed / 1000)
}

async function partA(): Promise<{ engine: number; bare: number }> {
  const setup = await setUp('sqlite', HOOKS)
  const engine = await startEngineInProcess(setup)
  const engineRates: number[] = []
  const bareRates: number[] = []
  try {
    // Warm-up (JIT, connections, SQLite cache), not counted.
    const warm = await engineThroughput(setup)
    await bareLoopThroughput(setup, warm.ids.slice(0, 500))
    for (let round = 0; round < ROUNDS; round++) {
      const run = await engineThroughput(setup)
      engineRates.push(run.rate)
      bareRates.push(await bareLoopThroughput(setup, run.ids))
    }
  } finally {
    await engine.stop()
    await setup.close()
  }
  return { engine: median(engineRates), bare: median(bareRates) }
}

// --- (b) latency at a steady rate ---------------------------------------------------------------

async function partB(engineName: StoreEngine): Promise<{ p50: number; p95: number; p99: number; n: number }> {
  const setup = await setUp(engineName, 1)
  const engine = await startEngineInProcess(setup)
  try {
    const committedAt = new Map<string, number>()
    const total = Math.round(RATE * LATENCY_SECONDS)
    const interval = 1000 / RATE
    const start = now() + 50
    for (let seq = 0; seq < total; seq++) {
      const due = start + seq * interval
      const wait = due - now()
      // Always yield to the event loop, as a request handler would: on SQLite the store's calls
      // are synchronous underneath, so a loop that is behind schedule would otherwise starve the worker.
      if (wait > 1) await sleep(wait - 1)
      else await new Promise((resolve) => setImmediate(resolve))
      const label = `lat-${seq}`
      await setup.writer.transaction(async (trx) => {
        await recordEvent(trx, setup.writer.capabilities, labelledEnvelope(setup.db.orgId, label))
      })
      committedAt.set(label, now())
    }
    const generated = now() - start
    await waitForArrivals(setup.receiver, total, 120_000)
    const warmUpCutoff = Math.round(RATE) // the first second is warm-up
    const latencies = setup.receiver
      .deliveries()
      .filter((d) => d.label !== null && Number(d.label.slice(4)) >= warmUpCutoff)
      .map((d) => d.receivedAt - committedAt.get(d.label!)!)
    if (process.env.BENCH_DEBUG) {
      const tenth = Math.floor(latencies.length / 10)
      console.log(
        `  generated ${total} events in ${f(generated)} ms (${f(total / (generated / 1000))}/s); median latency by tenth:`,
        Array.from({ length: 10 }, (_, i) => f(median(latencies.slice(i * tenth, (i + 1) * tenth)), 1)).join(
          ' ',
        ),
      )
    }
    return {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      n: latencies.length,
    }
  } finally {
    await engine.stop()
    await setup.close()
  }
}

// --- (c) black-holed webhooks -------------------------------------------------------------------

async function partC(): Promise<{ allHealthy: number; withBlackholes: number }> {
  const measure = async (blackholed: boolean): Promise<number> => {
    const setup = await setUp('sqlite', blackholed ? 6 : 8, blackholed ? 2 : 0)
    const engine = await startEngineInProcess(setup)
    try {
      const events = Math.ceil(DELIVERIES / 8)
      const before = (await setup.receiver.stats()).accepted
      await setup.writer.transaction(async (trx) => {
        for (let i = 0; i < events; i++)
          await recordEvent(trx, setup.writer.capabilities, labelledEnvelope(setup.db.orgId, `bh-${i}`))
      })
      const committedAt = now()
      // The first 6 hooks' deliveries: `events` each.
      await setup.receiver.waitForAccepted(before + events * (blackholed ? 6 : 8), 300_000)
      const lastOfSix = Math.max(
        ...setup.receiver
          .deliveries()
          .filter((d) => d.hook < 6)
          .map((d) => d.receivedAt),
      )
      return (events * 6) / ((lastOfSix - committedAt) / 1000)
    } finally {
      await setup.blackhole?.stop()
      await engine.stop()
      await setup.close()
    }
  }
  return { allHealthy: await measure(false), withBlackholes: await measure(true) }
}

// --- (d) PostgreSQL, one and two worker processes ---------------------------------------------------

async function partD(workers: number): Promise<number> {
  const setup = await setUp('postgres', HOOKS)
  const processes: RunningProcess[] = []
  try {
    for (let i = 0; i < workers; i++) processes.push(await startServe(setup.db, 'worker'))
    const events = Math.ceil(DELIVERIES / HOOKS)
    const ids = await recordEventBurst(setup.db, { count: events, perTransaction: events, labelPrefix: 'pg' })
    const committedAt = now()
    const last = await waitForArrivals(setup.receiver, ids.length)
    return ids.length / ((last - committedAt) / 1000)
  } finally {
    await Promise.all(processes.map((child) => child.stop()))
    await setup.close()
  }
}

// --- run -------------------------------------------------------------------------------------

const results: Record<string, string> = {}
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}, load avg ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
)
console.log(
  `${DELIVERIES} deliveries per throughput run over ${HOOKS} webhooks; caps ${DEFAULT_PER_WEBHOOK_CAP}/webhook, ${DEFAULT_GLOBAL_CAP} global; ${CONNECTIONS_PER_ORIGIN} connections per origin`,
)
if (PARTS.has('a')) {
  const a = await partA()
  results.a = `${f(a.engine)} / ${f(a.bare)} /s = ${f(a.engine / a.bare, 2)}`
  console.log(
    `(a) SQLite engine ${f(a.engine)} deliveries/s, bare undici loop ${f(a.bare)}/s, ratio ${f(a.engine / a.bare, 2)}`,
  )
}
if (PARTS.has('b')) {
  for (const engineName of HAS_POSTGRES ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    const b = await partB(engineName)
    results[`b-${engineName}`] = `${f(b.p50, 1)} / ${f(b.p95, 1)} / ${f(b.p99, 1)} ms`
    console.log(
      `(b) ${engineName}: committed → received at ${RATE} events/s (${b.n} events after 1 s warm-up): p50 ${f(b.p50, 1)} ms, p95 ${f(b.p95, 1)} ms, p99 ${f(b.p99, 1)} ms`,
    )
  }
}
if (PARTS.has('c')) {
  const c = await partC()
  results.c = `${f(c.withBlackholes)} vs ${f(c.allHealthy)} /s = ${f(c.withBlackholes / c.allHealthy, 2)}`
  console.log(
    `(c) 6 healthy webhooks: ${f(c.allHealthy)} deliveries/s with 2 more healthy, ${f(c.withBlackholes)}/s with 2 black-holed: ${f((100 * c.withBlackholes) / c.allHealthy)} %`,
  )
}
if (PARTS.has('d') && HAS_POSTGRES) {
  const one = await partD(1)
  const two = await partD(2)
  results.d = `${f(one)} / ${f(two)} /s`
  console.log(`(d) PostgreSQL: 1 worker process ${f(one)} deliveries/s, 2 worker processes ${f(two)}/s`)
}
console.log('\nMarkdown row:')
console.log(
  `| ${new Date().toISOString().slice(0, 10)} | ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)} | ${results.a ?? '–'} | ${results['b-sqlite'] ?? '–'} | ${results['b-postgres'] ?? '–'} | ${results.c ?? '–'} | ${results.d ?? '–'} |`,
)
