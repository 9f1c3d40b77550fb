/**
 * Webhook delivery benchmark (a script, not a test). Run:
 *   npm run build && FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/webhooks.bench.ts
 * Knobs: BENCH_DELIVERIES (default 4000 per throughput run), BENCH_ROUNDS (2), BENCH_RATE (500
 * events/s), BENCH_LATENCY_SECONDS (8), BENCH_B_RUNS (5), BENCH_B_LOADS (quiet,validations),
 * BENCH_VALIDATION_RATE (20), BENCH_PARTS (default "a,b,c,d"), BENCH_DEBUG=1.
 * Part (b) alone, every run the aims speak of (5 × quiet and under load, both engines):
 *   FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test FLOWCERTA_CORPUS_DIR=/work/shared/corpus \
 *     BENCH_PARTS=b npx tsx bench/webhooks.bench.ts
 *
 * Every delivery goes over loopback to test/receivers/counting-receiver.mjs, a separate process
 * that verifies X-Flowcerta-Signature on every request and logs the arrival time. In one run:
 * (a) SQLite engine deliveries/s vs a bare undici loop that signs (the engine's own signing code)
 *     and POSTs the same bodies to the same URLs with the same concurrency and no persistence;
 * (b) event committed → received latency p50/p95/p99 at a steady BENCH_RATE events/s, one event
 *     per transaction, on SQLite and PostgreSQL, BENCH_B_RUNS times (5) for each of BENCH_B_LOADS
 *     ("quiet,validations"): quiet = role `worker`, nothing else running; validations = role `all`
 *     (API, default analysis threads, worker, scheduler) while bench/steady-validations.mjs, a
 *     separate process, POSTs a ~50 KB corpus file to /api/v1/validations at BENCH_VALIDATION_RATE
 *     per second (50; FLOWCERTA_CORPUS_DIR). Each delivery's latency is split into commit (the
 *     producer's transaction), wake-up (commit returned → the claiming cycle began), claim (that
 *     cycle's statements), send (claim returned → the receiver parsed the request head: signing,
 *     undici, loopback) and receiver (head → body read); the worker publishes its claims on the
 *     diagnostics channel DELIVERY_CLAIM_CHANNEL, the receiver logs both of its times;
 * (c) 8 webhooks, 2 of them black-holed (a second receiver process that reads and never answers):
 *     throughput of the 6 healthy ones vs the same 6 when all 8 are healthy;
 * (d) PostgreSQL with one and with two `flowcerta serve --role worker` processes.
 * Part (e), the same delivery step run by BullMQ on Redis and pg-boss on PostgreSQL, is bench/webhooks-queues.bench.ts.
 * The engine runs as it does in production: startFlowcerta(role worker) in this process for (a)–(c)
 * (on SQLite that is the `all` process's worker, sharing the in-process wake-up signal), separate
 * processes for (d). Prints a Markdown row for bench/README.md.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { Agent, request } from 'undici'
import { loadConfig } from '../src/config/config.js'
import { createLogger } from '../src/logging/create-logger.js'
import { type RunningFlowcerta, startFlowcerta } from '../src/main.js'
import { recordEvent } from '../src/store/events.js'
import type { Store, StoreEngine } from '../src/store/store.js'
import {
  DEFAULT_GLOBAL_CAP,
  DEFAULT_PER_WEBHOOK_CAP,
  DELIVERY_CLAIM_CHANNEL,
  type DeliveryClaimMessage,
} from '../src/webhooks/delivery/delivery-worker.js'
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
import { closestCorpusFile } from './api-load.mjs'
import { median, percentile } from './bench-server.js'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const RATE = Number(process.env.BENCH_RATE ?? 500)
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 8)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'a,b,c,d').split(','))
const B_RUNS = Number(process.env.BENCH_B_RUNS ?? 5)
const B_LOADS = (process.env.BENCH_B_LOADS ?? 'quiet,validations').split(',') as BLoad[]
const VALIDATION_RATE = Number(process.env.BENCH_VALIDATION_RATE ?? 20)
/** (b)'s aims: committed → received p99, ms. */
const B_AIM_MS: Record<StoreEngine, number> = { sqlite: 10, postgres: 25 }
const HOOKS = 8
/** The engine's HTTP sender keeps this many connections per origin (http-sender.ts default). */
const CONNECTIONS_PER_ORIGIN = 16
const HAS_POSTGRES = process.env.FLOWCERTA_TEST_DATABASE_URL !== undefined

const now = () => performance.timeOrigin + performance.now()
const debug = (text: string) => {
  if (process.env.BENCH_DEBUG) console.log(`  [${new Date().toISOString().slice(11, 23)}] ${text}`)
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

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
async function startEngineInProcess(
  setup: Setup,
  role: 'worker' | 'all' = 'worker',
): Promise<RunningFlowcerta> {
  const running = await startFlowcerta({
    config: loadConfig({ ...setup.db.env, FLOWCERTA_PORT: '0' }),
    role,
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

/** What else runs while (b) delivers: nothing, or a steady stream of validations through the API. */
type BLoad = 'quiet' | 'validations'
const B_PARTS = ['commit', 'wake-up', 'claim', 'send', 'receiver'] as const
type BPart = (typeof B_PARTS)[number]
interface BResult {
  p50: number
  p95: number
  p99: number
  n: number
  /** Per part: p50, p99, and its mean over the slowest 1 % of deliveries (where the tail comes from). */
  parts: Record<BPart, { p50: number; p99: number; tailMean: number }>
  /** The validation stream's own figures, under load. */
  validations: { sent: number; ok: number; failed: number; p50: number | null; p99: number | null } | null
  load: string
}

const CORPUS_DIR = process.env.FLOWCERTA_CORPUS_DIR ?? join(import.meta.dirname, '../../shared/corpus')
/** The corpus .xaml closest to 50 KB, as bench/validations-api.bench.mjs picks it. */
const validationFile = (): string => closestCorpusFile(CORPUS_DIR).path

/** bench/steady-validations.mjs in its own process, sending to `api` until stopped. */
async function startValidationStream(api: string, apiKey: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'steady-validations.mjs')], {
    env: {
      ...process.env,
      BENCH_API: api,
      BENCH_API_KEY: apiKey,
      BENCH_FILE: validationFile(),
      BENCH_RATE: String(VALIDATION_RATE),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      if (output.includes('started\n')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`steady-validations exited (${code}) before starting`)))
  })
  return {
    async stop(): Promise<NonNullable<BResult['validations']>> {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      const last = output.trim().split('\n').at(-1) ?? '{}'
      return JSON.parse(last)
    },
  }
}

async function partB(engineName: StoreEngine, load: BLoad): Promise<BResult> {
  const setup = await setUp(engineName, 1)
  // When each delivery's claim began and returned (the worker publishes it on a diagnostics channel).
  const claims = new Map<string, DeliveryClaimMessage>()
  const onClaim = (message: unknown) => {
    const claim = message as DeliveryClaimMessage
    for (const id of claim.deliveryIds) claims.set(id, claim)
  }
  DELIVERY_CLAIM_CHANNEL.subscribe(onClaim)
  // Under load the process runs role `all` (API + analysis threads + worker + scheduler), as in production.
  const engine = await startEngineInProcess(setup, load === 'validations' ? 'all' : 'worker')
  const stream =
    load === 'validations' ? await startValidationStream(engine.address!, setup.db.adminKey) : null
  let validations: BResult['validations'] = null
  try {
    debug(`(b) ${engineName} ${load}: engine started${stream === null ? '' : ', validation stream started'}`)
    if (stream !== null) await sleep(1000) // the stream settles (analysis thread warm) before timing
    const produced = new Map<string, { startedAt: number; committedAt: number; seq: number }>()
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
      const startedAt = now()
      const recorded = await setup.writer.transaction((trx) =>
        recordEvent(trx, setup.writer.capabilities, labelledEnvelope(setup.db.orgId, `lat-${seq}`)),
      )
      const committedAt = now()
      for (const id of recorded.deliveryIds) produced.set(id, { startedAt, committedAt, seq })
    }
    const generated = now() - start
    debug(`(b) ${engineName} ${load}: ${total} events committed in ${f(generated)} ms`)
    // Every one of these events' deliveries (the validations' own deliveries come on top).
    const deadline = Date.now() + 120_000
    for (;;) {
      const arrived = setup.receiver.deliveries().filter((d) => produced.has(d.deliveryId)).length
      if (arrived >= produced.size) break
      if (Date.now() > deadline)
        throw new Error(`(b): ${arrived} of ${produced.size} deliveries arrived within 120 s`)
      await sleep(100)
    }
    if (stream !== null) validations = await stream.stop()
    const warmUpCutoff = Math.round(RATE) // the first second is warm-up
    const timed = setup.receiver
      .deliveries()
      .filter((d) => (produced.get(d.deliveryId)?.seq ?? -1) >= warmUpCutoff)
      .map((d) => {
        const made = produced.get(d.deliveryId)!
        const claim = claims.get(d.deliveryId)
        return {
          total: d.receivedAt - made.committedAt,
          parts: {
            commit: made.committedAt - made.startedAt,
            'wake-up': claim === undefined ? Number.NaN : claim.cycleStartedAt - made.committedAt,
            claim: claim === undefined ? Number.NaN : claim.claimedAt - claim.cycleStartedAt,
            send: claim === undefined ? Number.NaN : d.arrivedAt - claim.claimedAt,
            receiver: d.receivedAt - d.arrivedAt,
          } satisfies Record<BPart, number>,
        }
      })
    const totals = timed.map((t) => t.total)
    const p99 = percentile(totals, 99)
    const tail = timed.filter((t) => t.total >= p99)
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length
    const parts = Object.fromEntries(
      B_PARTS.map((part) => {
        const values = timed.map((t) => t.parts[part]).filter(Number.isFinite)
        return [
          part,
          {
            p50: percentile(values, 50),
            p99: percentile(values, 99),
            tailMean: mean(tail.map((t) => t.parts[part]).filter(Number.isFinite)),
          },
        ]
      }),
    ) as BResult['parts']
    if (process.env.BENCH_DEBUG) {
      const tenth = Math.floor(totals.length / 10)
      console.log(
        `  generated ${total} events in ${f(generated)} ms (${f(total / (generated / 1000))}/s); median latency by tenth:`,
        Array.from({ length: 10 }, (_, i) => f(median(totals.slice(i * tenth, (i + 1) * tenth)), 1)).join(
          ' ',
        ),
      )
    }
    return {
      p50: percentile(totals, 50),
      p95: percentile(totals, 95),
      p99,
      n: totals.length,
      parts,
      validations,
      load: loadavg()
        .map((n) => n.toFixed(1))
        .join(' '),
    }
  } finally {
    if (stream !== null && validations === null) await stream.stop().catch(() => null)
    DELIVERY_CLAIM_CHANNEL.unsubscribe(onClaim)
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

/** utime + stime of a process (all its threads), ms; 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // USER_HZ = 100
  } catch {
    return 0
  }
}

/** The machine's CPU time, ms: busy (everything but idle and iowait) and in all. */
function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0) * 10
  return { busy: total - (fields[3]! + fields[4]!) * 10, total }
}

/**
 * On 2 cores the ratio of two worker processes to one says little once one worker, its
 * PostgreSQL backends and the receiver keep both cores busy; so each run also prints the CPU per
 * delivery of the worker processes and of their backends (connections tagged by
 * application_name), and how busy the machine was during the drain.
 */
async function partD(workers: number): Promise<number> {
  const setup = await setUp('postgres', HOOKS)
  const processes: RunningProcess[] = []
  const app = `flowcerta_bench_d${workers}`
  const url = new URL(setup.db.env.FLOWCERTA_DATABASE_URL!)
  url.searchParams.set('application_name', app)
  const admin = new pg.Client({ connectionString: setup.db.env.FLOWCERTA_DATABASE_URL })
  await admin.connect()
  const backendsCpuMs = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [app],
    )
    return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid)]))
  }
  try {
    for (let i = 0; i < workers; i++)
      processes.push(await startServe(setup.db, 'worker', { FLOWCERTA_DATABASE_URL: url.toString() }))
    const workersCpuMs = () => processes.reduce((sum, p) => sum + processCpuMs(p.child.pid!), 0)
    const events = Math.ceil(DELIVERIES / HOOKS)
    const workersBefore = workersCpuMs()
    const backendsBefore = await backendsCpuMs()
    const machineBefore = machineCpuMs()
    const ids = await recordEventBurst(setup.db, { count: events, perTransaction: events, labelPrefix: 'pg' })
    const committedAt = now()
    const last = await waitForArrivals(setup.receiver, ids.length)
    const machine = machineCpuMs()
    let backendsMs = 0
    for (const [pid, ms] of await backendsCpuMs()) backendsMs += ms - (backendsBefore.get(pid) ?? 0)
    const workersMs = workersCpuMs() - workersBefore
    const rate = ids.length / ((last - committedAt) / 1000)
    const perDelivery = (ms: number) => f((ms * 1000) / ids.length)
    console.log(
      `  (d) ${workers} worker process(es): ${f(rate)} deliveries/s; CPU per delivery: worker processes ${perDelivery(workersMs)} µs, their PostgreSQL backends ${perDelivery(backendsMs)} µs; deliveries per worker CPU-second ${f(ids.length / (workersMs / 1000))}; machine busy ${f((100 * (machine.busy - machineBefore.busy)) / (machine.total - machineBefore.total))} % from the burst to the last arrival`,
    )
    return rate
  } finally {
    await admin.end()
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
  const engines = HAS_POSTGRES ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)
  const table: string[] = []
  for (const engineName of engines) {
    for (const load of B_LOADS) {
      const p99s: number[] = []
      for (let run = 1; run <= B_RUNS; run++) {
        const b = await partB(engineName, load)
        p99s.push(b.p99)
        const partsText = B_PARTS.map(
          (part) =>
            `${part} ${f(b.parts[part].p50, 1)}/${f(b.parts[part].p99, 1)}/${f(b.parts[part].tailMean, 1)}`,
        ).join(', ')
        const validationsText =
          b.validations === null
            ? ''
            : `; validations ${b.validations.ok} ok of ${b.validations.sent} at ${VALIDATION_RATE}/s (${b.validations.failed} failed), answer p50 ${f(b.validations.p50 ?? Number.NaN, 0)} / p99 ${f(b.validations.p99 ?? Number.NaN, 0)} ms`
        console.log(
          `(b) ${engineName}, ${load}, run ${run}/${B_RUNS}: committed → received at ${RATE} events/s (${b.n} events after 1 s warm-up): p50 ${f(b.p50, 1)} ms, p95 ${f(b.p95, 1)} ms, p99 ${f(b.p99, 1)} ms${b.p99 <= B_AIM_MS[engineName] ? '' : ` (over the ${B_AIM_MS[engineName]} ms aim)`}; parts p50/p99/mean in the slowest 1 %: ${partsText}${validationsText}; load avg ${b.load}`,
        )
        table.push(
          `| ${engineName} | ${load === 'quiet' ? 'quiet' : `validations ${VALIDATION_RATE}/s`} | ${run} | ${f(b.p50, 1)} / ${f(b.p95, 1)} / ${f(b.p99, 1)} | ${B_PARTS.map((part) => `${f(b.parts[part].p99, 1)} (${f(b.parts[part].tailMean, 1)})`).join(' | ')} | ${b.validations === null ? '–' : `${b.validations.ok}/${b.validations.sent}, p99 ${f(b.validations.p99 ?? Number.NaN, 0)} ms`} | ${b.load} |`,
        )
      }
      const within = p99s.filter((p99) => p99 <= B_AIM_MS[engineName]).length
      results[`b-${engineName}-${load}`] =
        `p99 ${p99s.map((p99) => f(p99, 1)).join(', ')} ms (${within}/${p99s.length} ≤ ${B_AIM_MS[engineName]})`
      console.log(`(b) ${engineName}, ${load}: ${results[`b-${engineName}-${load}`]}`)
    }
  }
  console.log('\n(b) runs (ms; parts: p99, and in brackets the mean over the slowest 1 % of deliveries):')
  console.log(
    `| engine | load | run | committed → received p50 / p95 / p99 | ${B_PARTS.join(' | ')} | validations (ok/sent, answer p99) | load avg after |`,
  )
  console.log(`|---|---|---|---|${B_PARTS.map(() => '---|').join('')}---|---|`)
  for (const line of table) console.log(line)
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
  `| ${new Date().toISOString().slice(0, 10)} | ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)} | ${results.a ?? '–'} | ${[results['b-sqlite-quiet'], results['b-sqlite-validations']].filter(Boolean).join('; ') || '–'} | ${[results['b-postgres-quiet'], results['b-postgres-validations']].filter(Boolean).join('; ') || '–'} | ${results.c ?? '–'} | ${results.d ?? '–'} |`,
)
