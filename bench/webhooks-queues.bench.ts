/**
 * Webhook delivery benchmark, part (e) of issue 5 (a script, not a test): the same delivery step
 * done by a bare undici loop and by the queues a team would otherwise reach for — BullMQ on Redis
 * and pg-boss on PostgreSQL (bench-only dev dependencies) — against Flowcerta's engine on SQLite
 * and on PostgreSQL, in one run, in two configurations (issue 15, item 2):
 * - `caps`: every system held to the engine's default caps — one queue per webhook with 8 in
 *   flight each (DEFAULT_PER_WEBHOOK_CAP), 64 in all (DEFAULT_GLOBAL_CAP), pg-boss fetching 32 per
 *   loop and sending them one after another, 16 connections per origin (the sender's default);
 * - `tuned`: each system configured for throughput as its docs suggest — the bare loop 32
 *   concurrent sends on a pool of 32 connections, BullMQ one queue with `concurrency: 32`, pg-boss
 *   one queue fetching 500 jobs and sending the batch in parallel, and the engine with its caps
 *   raised to the same number in flight as pg-boss (global = per webhook = claim size = 500);
 *   32 connections to the receiver for all.
 *
 *   npm run bench:queues
 *   # = npx tsx bench/webhooks-queues.bench.ts
 * Knobs: BENCH_DELIVERIES (4000), BENCH_ROUNDS (3, after one warm-up round per system),
 * BENCH_CONFIGS ("caps,tuned"), BENCH_SYSTEMS (default "bare,sqlite,postgres,bullmq,pgboss"),
 * BENCH_ENQUEUE_BATCH (500 jobs per addBulk / insert), BENCH_PGBOSS_BATCH (32 jobs per pg-boss
 * fetch under `caps`; tuned: 1 and 8 were slower), BENCH_TUNED_CONNECTIONS (32),
 * BENCH_TUNED_CONCURRENCY (32: bare loop and BullMQ), BENCH_TUNED_IN_FLIGHT (500: pg-boss fetch,
 * engine caps), BENCH_REDIS (127.0.0.1:6379), FLOWCERTA_TEST_DATABASE_URL (the engine's schemas;
 * postgres://postgres@127.0.0.1:5432/test), BENCH_PGBOSS_DATABASE_URL (pg-boss's own database,
 * created if missing; postgres://postgres@127.0.0.1:5432/pgthroughput).
 *
 * As in bench/webhooks.bench.ts part (a): 8 webhooks on one receiver origin,
 * test/receivers/counting-receiver.mjs in a separate process verifying X-Flowcerta-Signature on
 * every request and logging its arrival time; BENCH_DELIVERIES deliveries = BENCH_DELIVERIES / 8
 * `validation.completed` events (labels `tp-<i>`) fanned out to the 8 webhooks. Everything runs in
 * this process (the engine as startFlowcerta role `worker`, the queues' workers), traffic only to
 * 127.0.0.1. Per system and round:
 * - enqueue: the engine commits all events in one transaction (the outbox fan-out, `recordEvents`:
 *   one statement on PostgreSQL); the queues
 *   get the *same bodies* (read back from the engine's SQLite deliveries) as jobs, one per
 *   delivery, in batches of BENCH_ENQUEUE_BATCH, with the workers already running; the bare loop
 *   has no enqueue;
 * - each job signs its body with the engine's buildDeliveryHeaders (same HMAC headers), POSTs it
 *   with undici and is marked complete by the queue itself (Redis for BullMQ, PostgreSQL for pg-boss);
 * - deliveries/s = N / (enqueue start → last arrival), plus the engine's (a)-style figure
 *   (commit → last arrival); latency = arrival − the enqueue call (or commit) returning, p50/p99.
 * Prints a Markdown table for bench/README.md, with each system's share of the bare loop of the
 * same configuration.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import PgBoss from 'pg-boss'
import { Agent, request } from 'undici'
import { loadConfig } from '../src/config/config.js'
import { createLogger } from '../src/logging/create-logger.js'
import { startFlowcerta } from '../src/main.js'
import { recordEvents } from '../src/store/events.js'
import type { StoreEngine } from '../src/store/store.js'
import { DEFAULT_GLOBAL_CAP, DEFAULT_PER_WEBHOOK_CAP } from '../src/webhooks/delivery/delivery-worker.js'
import { buildDeliveryHeaders } from '../src/webhooks/delivery/signing.js'
import { generateWebhookSecret } from '../src/webhooks/webhook-secret.js'
import { type CountingReceiver, startCountingReceiver } from '../test/receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
  type SystemDatabase,
  sentBodies,
} from '../test/webhooks/system-test-kit.js'
import { median, percentile } from './bench-server.js'

process.env.FLOWCERTA_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const PGBOSS_DATABASE_URL =
  process.env.BENCH_PGBOSS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pgthroughput'
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SYSTEMS = new Set((process.env.BENCH_SYSTEMS ?? 'bare,sqlite,postgres,bullmq,pgboss').split(','))
const CONFIG_NAMES = (process.env.BENCH_CONFIGS ?? 'caps,tuned').split(',')
const ENQUEUE_BATCH = Number(process.env.BENCH_ENQUEUE_BATCH ?? 500)
const [REDIS_HOST = '127.0.0.1', REDIS_PORT = '6379'] = (process.env.BENCH_REDIS ?? '127.0.0.1:6379').split(
  ':',
)
const HOOKS = 8
const TIMEOUT_MS = 120_000

/** How every system is set up in one configuration. */
interface BenchConfig {
  name: 'caps' | 'tuned'
  /** Connections to the receiver's origin, for every system. */
  connections: number
  /** The bare loop: concurrent sends, and at most this many per webhook (null: no such cap). */
  bare: { concurrency: number; perWebhook: number | null }
  /** BullMQ: one queue per webhook or one for all, and each worker's concurrency. */
  bullmq: { queuePerWebhook: boolean; concurrency: number }
  /** pg-boss: fetch loops per queue (one queue per webhook or one), batch size, batch sent in parallel or in turn. */
  pgboss: { queuePerWebhook: boolean; loops: number; batchSize: number; parallel: boolean }
  /** The engine's settings (FLOWCERTA_WEBHOOK_*). */
  engine: { globalCap: number; perWebhookCap: number; claimBatch: number }
}

const TUNED_CONNECTIONS = Number(process.env.BENCH_TUNED_CONNECTIONS ?? 32)
const TUNED_CONCURRENCY = Number(process.env.BENCH_TUNED_CONCURRENCY ?? 32)
const TUNED_IN_FLIGHT = Number(process.env.BENCH_TUNED_IN_FLIGHT ?? 500)
const CONFIGS: Record<BenchConfig['name'], BenchConfig> = {
  caps: {
    name: 'caps',
    connections: 16, // the engine's sender default (FLOWCERTA_WEBHOOK_CONNECTIONS_PER_ORIGIN)
    bare: { concurrency: DEFAULT_GLOBAL_CAP, perWebhook: DEFAULT_PER_WEBHOOK_CAP },
    bullmq: { queuePerWebhook: true, concurrency: DEFAULT_PER_WEBHOOK_CAP },
    pgboss: {
      queuePerWebhook: true,
      loops: DEFAULT_PER_WEBHOOK_CAP,
      batchSize: Number(process.env.BENCH_PGBOSS_BATCH ?? 32),
      parallel: false,
    },
    engine: { globalCap: DEFAULT_GLOBAL_CAP, perWebhookCap: DEFAULT_PER_WEBHOOK_CAP, claimBatch: 100 },
  },
  tuned: {
    name: 'tuned',
    connections: TUNED_CONNECTIONS,
    bare: { concurrency: TUNED_CONCURRENCY, perWebhook: null },
    bullmq: { queuePerWebhook: false, concurrency: TUNED_CONCURRENCY },
    pgboss: { queuePerWebhook: false, loops: 1, batchSize: TUNED_IN_FLIGHT, parallel: true },
    engine: { globalCap: TUNED_IN_FLIGHT, perWebhookCap: TUNED_IN_FLIGHT, claimBatch: TUNED_IN_FLIGHT },
  },
}

const now = () => performance.timeOrigin + performance.now()
const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

/** One delivery as a queue job: what the engine would send for it. */
interface DeliveryJob {
  deliveryId: string
  /** Webhook index: its receiver path and secret. */
  hook: number
  event: string
  body: string
}

interface RoundResult {
  enqueueMs: number
  /** N / (enqueue start → last arrival). */
  rate: number
  /** N / (enqueue returned → last arrival): part (a)'s figure for the engine. */
  drainRate: number
  p50: number
  p99: number
  /**
   * CPU of this process (user + system) per delivery, µs, enqueue start → the last delivery
   * accepted: the engine's worker (and its enqueue, also given alone below) or a queue's worker;
   * the receiver is another process.
   */
  cpuUs: number
  /** Of `cpuUs`, the enqueue's share (the engine's transaction; 0 for the bare loop). */
  enqueueCpuUs: number
  /** CPU per delivery (µs) of the system's own PostgreSQL backends, when metered. */
  databaseCpuUs?: number
}

// --- CPU per delivery ------------------------------------------------------------------------
// Wall-clock rates on a shared 2-core machine move with the load; CPU per delivery much less. The
// engine's and pg-boss's connections carry an application_name, so their backends' CPU is read
// from /proc (the server runs on this machine) as well as this process's.

const ENGINE_APP = 'flowcerta_bench_engine'
const PGBOSS_APP = 'flowcerta_bench_pgboss'
const withAppName = (url: string, app: string) => {
  const parsed = new URL(url)
  parsed.searchParams.set('application_name', app)
  return parsed.toString()
}

const CLOCK_TICKS_PER_SECOND = 100

/** utime + stime of a process, ms (0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return 0
  }
}

let adminClient: pg.Client | undefined
async function backendCpuMs(app: string): Promise<Map<number, number>> {
  if (adminClient === undefined) {
    adminClient = new pg.Client({ connectionString: process.env.FLOWCERTA_TEST_DATABASE_URL })
    await adminClient.connect()
  }
  const { rows } = await adminClient.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1',
    [app],
  )
  return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid)]))
}

/**
 * Starts metering the PostgreSQL backends of `app`; the returned function gives their CPU µs per
 * delivery since then (this process's own CPU is `collect`'s `cpuUs`).
 */
async function startDatabaseCpuMeter(app: string): Promise<(deliveries: number) => Promise<number>> {
  const before = await backendCpuMs(app)
  return async (deliveries) => {
    const after = await backendCpuMs(app)
    let databaseMs = 0
    for (const [pid, ms] of after) databaseMs += ms - (before.get(pid) ?? 0)
    return (databaseMs * 1000) / deliveries
  }
}

/**
 * Arrivals logged since `fromLine`, once `count` more were accepted: rate and per-delivery
 * latency against `enqueuedAt` (by X-Flowcerta-Delivery).
 */
async function collect(
  receiver: CountingReceiver,
  fromLine: number,
  count: number,
  startedAt: number,
  enqueuedAt: Map<string, number>,
  enqueueReturnedAt: number,
  cpu: { start: NodeJS.CpuUsage; enqueueUs: number },
): Promise<RoundResult> {
  // The receiver logs every accepted request, so its count and its log's length agree.
  await receiver.waitForAccepted(fromLine + count, TIMEOUT_MS)
  const used = process.cpuUsage(cpu.start)
  const arrivals = receiver.deliveries().slice(fromLine, fromLine + count)
  const last = Math.max(...arrivals.map((d) => d.receivedAt))
  const latencies = arrivals.map((d) => d.receivedAt - enqueuedAt.get(d.deliveryId)!)
  if (latencies.some((l) => !Number.isFinite(l))) throw new Error('an arrival with an unknown delivery id')
  return {
    enqueueMs: enqueueReturnedAt - startedAt,
    rate: count / ((last - startedAt) / 1000),
    drainRate: count / ((last - enqueueReturnedAt) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuUs: (used.user + used.system) / count,
    enqueueCpuUs: cpu.enqueueUs / count,
  }
}

// --- the receiver and the signing/POST step the queues run -------------------------------------

interface Hooks {
  receiver: CountingReceiver
  secrets: string[]
}

async function startHooks(): Promise<Hooks> {
  const secrets = Array.from({ length: HOOKS }, () => generateWebhookSecret())
  return { receiver: await startCountingReceiver(secrets), secrets }
}

/** The delivery step of a queue job: sign as the engine does, POST with undici, 2xx or throw. */
function makeSender(hooks: Hooks, connections: number) {
  const agent = new Agent({
    connections,
    keepAliveTimeout: 4_000,
    connect: { timeout: 5_000 },
  })
  const send = async (job: DeliveryJob): Promise<void> => {
    const headers = buildDeliveryHeaders({
      deliveryId: job.deliveryId,
      event: job.event,
      target: 'generic',
      body: job.body,
      secret: hooks.secrets[job.hook]!,
      previousSecret: null,
      now: Date.now(),
    })
    const response = await request(hooks.receiver.hookUrl(job.hook), {
      method: 'POST',
      headers,
      body: job.body,
      dispatcher: agent,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    })
    await response.body.dump()
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw new Error(`HTTP ${response.statusCode}`)
  }
  return { send, close: () => agent.close() }
}

// --- Flowcerta's engine ----------------------------------------------------------------------

/**
 * The engine's deliveries table after its rounds: updates, and how many were HOT (no new index
 * entries; the lease since migration 017), read once the engine's connections have closed (a
 * backend reports its table statistics when it ends).
 */
async function logUpdateStats(db: SystemDatabase): Promise<void> {
  const schema = db.env.FLOWCERTA_DATABASE_SCHEMA ?? 'public'
  const client = new pg.Client({ connectionString: db.env.FLOWCERTA_DATABASE_URL })
  await client.connect()
  try {
    await new Promise((resolve) => setTimeout(resolve, 600))
    const { rows } = await client.query(
      `select n_tup_ins, n_tup_upd, n_tup_hot_upd from pg_stat_user_tables
       where schemaname = $1 and relname = 'deliveries'`,
      [schema],
    )
    const row = rows[0]
    if (row === undefined) return
    const hotShare = (100 * Number(row.n_tup_hot_upd)) / Math.max(1, Number(row.n_tup_upd))
    console.log(
      `  deliveries: ${row.n_tup_ins} inserted, ${row.n_tup_upd} updated, ${row.n_tup_hot_upd} of them HOT (${hotShare.toFixed(0)} %)`,
    )
  } finally {
    await client.end()
  }
}

/** Rounds of the engine on `engine`; on SQLite also returns the last round's bodies for the queues. */
async function engineRounds(
  engine: StoreEngine,
  config: BenchConfig,
): Promise<{ results: RoundResult[]; jobs: DeliveryJob[] }> {
  const db = await openSystemDatabase(engine)
  const secrets = Array.from({ length: HOOKS }, () => generateWebhookSecret())
  const receiver = await startCountingReceiver(secrets)
  const hookIndex = new Map<string, number>()
  for (let i = 0; i < HOOKS; i++) {
    const { id } = await createWebhookWithSecret(db, { url: receiver.hookUrl(i), secret: secrets[i]! })
    hookIndex.set(id, i)
  }
  // Kysely's Migrator looks at every schema of the shared test database; one dropped by another
  // run at that moment fails the migration (test/webhooks/system-test-kit.ts): tried again.
  const start = () =>
    startFlowcerta({
      config: loadConfig({
        ...db.env,
        ...(engine === 'postgres'
          ? { FLOWCERTA_DATABASE_URL: withAppName(db.env.FLOWCERTA_DATABASE_URL!, ENGINE_APP) }
          : {}),
        FLOWCERTA_WEBHOOK_CONCURRENCY: String(config.engine.globalCap),
        FLOWCERTA_WEBHOOK_CONCURRENCY_PER_WEBHOOK: String(config.engine.perWebhookCap),
        FLOWCERTA_WEBHOOK_CLAIM_BATCH_SIZE: String(config.engine.claimBatch),
        FLOWCERTA_WEBHOOK_CONNECTIONS_PER_ORIGIN: String(config.connections),
      }),
      role: 'worker',
      logger: createLogger('silent'),
    })
  const running = await start()
    .catch((error: unknown) => {
      if (!/schema "[^"]+" does not exist/.test(String(error))) throw error
      return start()
    })
    .catch(async (error: unknown) => {
      await receiver.stop()
      await db.cleanup()
      throw error
    })
  const writer = running.store
  const results: RoundResult[] = []
  let lastIds: string[] = []
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = receiver.deliveries().length
      const events = Math.ceil(DELIVERIES / HOOKS)
      const ids: string[] = []
      const stopMeter = engine === 'postgres' ? await startDatabaseCpuMeter(ENGINE_APP) : undefined
      const cpuStart = process.cpuUsage()
      const startedAt = now()
      // One batch, as the queues get theirs: recordEvents (one statement on PostgreSQL).
      await writer.transaction(async (trx) => {
        const envelopes = Array.from({ length: events }, (_, i) => labelledEnvelope(db.orgId, `tp-${i}`))
        for (const recorded of await recordEvents(trx, writer.capabilities, envelopes))
          ids.push(...recorded.deliveryIds)
      })
      const committedAt = now()
      const enqueueCpu = process.cpuUsage(cpuStart)
      const result = await collect(
        receiver,
        fromLine,
        ids.length,
        startedAt,
        new Map(ids.map((id) => [id, committedAt])),
        committedAt,
        { start: cpuStart, enqueueUs: enqueueCpu.user + enqueueCpu.system },
      )
      if (stopMeter !== undefined) result.databaseCpuUs = await stopMeter(ids.length)
      if (round > 0) results.push(result) // round 0 is the warm-up
      log(`${config.name}: ${engine} engine`, round, result)
      lastIds = ids
    }
    let jobs: DeliveryJob[] = []
    if (engine === 'sqlite') {
      const rows = await sentBodies(db, lastIds)
      jobs = rows.map((row) => ({
        deliveryId: row.id,
        hook: hookIndex.get(row.webhook_id)!,
        event: row.event,
        body: row.body,
      }))
    }
    return { results, jobs }
  } finally {
    await running.stop()
    await receiver.stop()
    if (engine === 'postgres') await logUpdateStats(db).catch(() => {})
    await db.cleanup()
  }
}

// --- the bare loop: no queue, no persistence ------------------------------------------------------

/** `concurrency` loops, each sending the next job whose webhook is under its cap (if any). */
async function bareRounds(jobs: DeliveryJob[], config: BenchConfig): Promise<RoundResult[]> {
  const hooks = await startHooks()
  const sender = makeSender(hooks, config.connections)
  const { concurrency, perWebhook } = config.bare
  const results: RoundResult[] = []
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = hooks.receiver.deliveries().length
      const cpuStart = process.cpuUsage()
      const startedAt = now()
      const waiting = [...jobs]
      const inFlight = new Map<number, number>()
      const loop = async () => {
        for (;;) {
          const index =
            perWebhook === null ? 0 : waiting.findIndex((job) => (inFlight.get(job.hook) ?? 0) < perWebhook)
          if (waiting.length === 0) return
          if (index < 0) {
            await new Promise((resolve) => setImmediate(resolve))
            continue
          }
          const [job] = waiting.splice(index, 1)
          inFlight.set(job!.hook, (inFlight.get(job!.hook) ?? 0) + 1)
          await sender.send(job!)
          inFlight.set(job!.hook, inFlight.get(job!.hook)! - 1)
        }
      }
      await Promise.all(Array.from({ length: concurrency }, loop))
      const result = await collect(
        hooks.receiver,
        fromLine,
        jobs.length,
        startedAt,
        new Map(jobs.map((job) => [job.deliveryId, startedAt])),
        startedAt,
        { start: cpuStart, enqueueUs: 0 },
      )
      if (round > 0) results.push(result)
      log(`${config.name}: bare loop`, round, result)
    }
    return results
  } finally {
    await sender.close()
    await hooks.receiver.stop()
  }
}

// --- BullMQ on Redis ---------------------------------------------------------------------------

async function bullmqRounds(jobs: DeliveryJob[], config: BenchConfig): Promise<RoundResult[]> {
  const hooks = await startHooks()
  const sender = makeSender(hooks, config.connections)
  // A fresh key prefix per run, obliterated after.
  const prefix = `flowcerta-bench-${randomBytes(4).toString('hex')}`
  // BullMQ 6 under ESM takes constructed ioredis clients: one shared by the queues, one per worker
  // (each worker duplicates its own for the blocking fetch).
  const redis = () => new Redis({ host: REDIS_HOST, port: Number(REDIS_PORT), maxRetriesPerRequest: null })
  const clients: Redis[] = []
  const client = (): Redis => {
    const made = redis()
    clients.push(made)
    return made
  }
  const shared = client()
  // `caps`: one queue per webhook (the per-webhook cap); `tuned`: one queue for all. `concurrency`
  // jobs in flight in each worker.
  const perWebhook = config.bullmq.queuePerWebhook
  const names = Array.from({ length: perWebhook ? HOOKS : 1 }, (_, i) => `hook-${i}`)
  const queueOf = (hook: number) => (perWebhook ? hook : 0)
  const queues = names.map((name) => new Queue<DeliveryJob>(name, { connection: shared, prefix }))
  const workers = names.map(
    (name) =>
      new Worker<DeliveryJob>(name, (job) => sender.send(job.data), {
        connection: client(),
        prefix,
        concurrency: config.bullmq.concurrency,
      }),
  )
  const results: RoundResult[] = []
  try {
    await Promise.all([...queues, ...workers].map((q) => q.waitUntilReady()))
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = hooks.receiver.deliveries().length
      const enqueuedAt = new Map<string, number>()
      const cpuStart = process.cpuUsage()
      const startedAt = now()
      for (let start = 0; start < jobs.length; start += ENQUEUE_BATCH) {
        const batch = jobs.slice(start, start + ENQUEUE_BATCH)
        const byQueue = new Map<number, DeliveryJob[]>()
        for (const job of batch)
          byQueue.set(queueOf(job.hook), [...(byQueue.get(queueOf(job.hook)) ?? []), job])
        await Promise.all(
          [...byQueue].map(([queue, list]) =>
            queues[queue]!.addBulk(
              list.map((data) => ({
                name: data.event,
                data,
                // Retries with backoff, as the engine retries (not exercised here: all succeed);
                // completed jobs are kept (an hour) as a delivery log, as the engine keeps its rows.
                opts: {
                  attempts: 8,
                  backoff: { type: 'exponential', delay: 5_000 },
                  removeOnComplete: { age: 3600 },
                },
              })),
            ),
          ),
        )
        const at = now()
        for (const job of batch) enqueuedAt.set(job.deliveryId, at)
      }
      const enqueueCpu = process.cpuUsage(cpuStart)
      const result = await collect(hooks.receiver, fromLine, jobs.length, startedAt, enqueuedAt, now(), {
        start: cpuStart,
        enqueueUs: enqueueCpu.user + enqueueCpu.system,
      })
      if (round > 0) results.push(result)
      log(`${config.name}: BullMQ`, round, result)
    }
    // Every job marked complete by BullMQ itself.
    const deadline = Date.now() + 10_000
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('completed')))
      const completed = counts.reduce((sum, c) => sum + (c.completed ?? 0), 0)
      if (completed === jobs.length * (ROUNDS + 1)) break
      if (Date.now() > deadline)
        throw new Error(`BullMQ: ${completed} jobs completed of ${jobs.length * (ROUNDS + 1)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return results
  } finally {
    await Promise.all(workers.map((w) => w.close()))
    await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())))
    await Promise.all(clients.map((c) => c.quit()))
    await sender.close()
    await hooks.receiver.stop()
  }
}

// --- pg-boss on PostgreSQL ---------------------------------------------------------------------

/** Creates the database of `url` if it does not exist (pg-boss runs in its own, not the tests'). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (rows.length === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`)
  } finally {
    await client.end()
  }
}

async function pgbossRounds(jobs: DeliveryJob[], config: BenchConfig): Promise<RoundResult[]> {
  const hooks = await startHooks()
  const sender = makeSender(hooks, config.connections)
  await ensureDatabase(PGBOSS_DATABASE_URL)
  // A fresh schema per run in pg-boss's own database, dropped after.
  const schema = `pgboss_bench_${randomBytes(4).toString('hex')}`
  const boss = new PgBoss({
    connectionString: withAppName(PGBOSS_DATABASE_URL, PGBOSS_APP),
    schema,
    schedule: false,
  })
  const errors: Error[] = []
  boss.on('error', (error) => errors.push(error))
  const { queuePerWebhook, loops, batchSize, parallel } = config.pgboss
  const names = Array.from({ length: queuePerWebhook ? HOOKS : 1 }, (_, i) => `hook-${i}`)
  const queueOf = (hook: number) => names[queuePerWebhook ? hook : 0]!
  const workerIds: string[] = []
  const results: RoundResult[] = []
  try {
    await boss.start()
    for (const name of names) {
      await boss.createQueue(name, { name, retryLimit: 7, retryDelay: 5, retryBackoff: true })
      // v10 has no teamSize: each work() is one fetch loop. `caps`: 8 loops per webhook queue,
      // each fetching 32 jobs and sending them one after another (8 in flight per webhook, 64 in
      // all); `tuned`: one loop fetching 500 and sending them all at once. pg-boss completes the
      // batch after the handler (a failed send fails the whole batch, retried by pg-boss).
      for (let loop = 0; loop < loops; loop++) {
        const self = { id: '' }
        self.id = await boss.work<DeliveryJob>(
          name,
          { batchSize, pollingIntervalSeconds: 0.5 },
          async (batch) => {
            if (parallel) await Promise.all(batch.map((job) => sender.send(job.data)))
            else for (const job of batch) await sender.send(job.data)
            // A full batch: more are probably waiting, so fetch again at once instead of
            // sleeping out the polling interval (pg-boss v10 polls; 0.5 s is its minimum).
            if (batch.length === batchSize) boss.notifyWorker(self.id)
          },
        )
        workerIds.push(self.id)
      }
    }
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = hooks.receiver.deliveries().length
      const enqueuedAt = new Map<string, number>()
      const stopMeter = await startDatabaseCpuMeter(PGBOSS_APP)
      const cpuStart = process.cpuUsage()
      const startedAt = now()
      for (let start = 0; start < jobs.length; start += ENQUEUE_BATCH) {
        const batch = jobs.slice(start, start + ENQUEUE_BATCH)
        await boss.insert(batch.map((data) => ({ name: queueOf(data.hook), data })))
        const at = now()
        for (const job of batch) enqueuedAt.set(job.deliveryId, at)
        // Wake the fetch loops now (the engine's equivalent is its commit signal / NOTIFY).
        for (const id of workerIds) boss.notifyWorker(id)
      }
      const enqueueCpu = process.cpuUsage(cpuStart)
      const result = await collect(hooks.receiver, fromLine, jobs.length, startedAt, enqueuedAt, now(), {
        start: cpuStart,
        enqueueUs: enqueueCpu.user + enqueueCpu.system,
      })
      result.databaseCpuUs = await stopMeter(jobs.length)
      if (round > 0) results.push(result)
      log(`${config.name}: pg-boss`, round, result)
    }
    // Every job marked complete by pg-boss itself (its completion is not awaited by the loop).
    const client = new pg.Client({ connectionString: PGBOSS_DATABASE_URL })
    await client.connect()
    try {
      const deadline = Date.now() + 10_000
      for (;;) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${schema}.job WHERE state = 'completed'`,
        )
        const completed = Number(rows[0]?.n ?? 0)
        if (completed === jobs.length * (ROUNDS + 1)) break
        if (Date.now() > deadline)
          throw new Error(`pg-boss: ${completed} jobs completed of ${jobs.length * (ROUNDS + 1)}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      await client.end()
    }
    if (errors.length > 0) throw new Error(`pg-boss errors: ${errors.map((e) => e.message).join('; ')}`)
    return results
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 5_000 })
    const client = new pg.Client({ connectionString: PGBOSS_DATABASE_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
    await sender.close()
    await hooks.receiver.stop()
  }
}

// --- run -------------------------------------------------------------------------------------

function log(system: string, round: number, r: RoundResult) {
  console.log(
    `  ${system} ${round === 0 ? 'warm-up' : `round ${round}`}: enqueue ${f(r.enqueueMs)} ms, ${f(r.rate)} deliveries/s (${f(r.drainRate)}/s from enqueue returned), enqueue → received p50 ${f(r.p50, 1)} ms, p99 ${f(r.p99, 1)} ms${cpuText(r)}`,
  )
}

const cpuText = (r: RoundResult) =>
  `, CPU per delivery: this process ${f(r.cpuUs)} µs (enqueue ${f(r.enqueueCpuUs)})${r.databaseCpuUs === undefined ? '' : `, its PostgreSQL backends ${f(r.databaseCpuUs)} µs`}`

const summarize = (results: RoundResult[]): RoundResult => ({
  enqueueMs: median(results.map((r) => r.enqueueMs)),
  rate: median(results.map((r) => r.rate)),
  drainRate: median(results.map((r) => r.drainRate)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  cpuUs: median(results.map((r) => r.cpuUs)),
  enqueueCpuUs: median(results.map((r) => r.enqueueCpuUs)),
  ...(results.every((r) => r.databaseCpuUs !== undefined)
    ? { databaseCpuUs: median(results.map((r) => r.databaseCpuUs as number)) }
    : {}),
})

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}, load avg ${load()}`,
)
console.log(
  `${DELIVERIES} deliveries per round over ${HOOKS} webhooks; ${ROUNDS} rounds after a warm-up per system; enqueue batches of ${ENQUEUE_BATCH}; configurations ${CONFIG_NAMES.join(', ')}`,
)

interface Row {
  config: BenchConfig['name']
  label: string
  result: RoundResult | string
  load: string
}
const rows: Row[] = []
const attempt = async (config: BenchConfig, label: string, run: () => Promise<RoundResult[]>) => {
  console.log(`${config.name}: ${label}`)
  try {
    rows.push({ config: config.name, label, result: summarize(await run()), load: load() })
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    console.log(`${label} failed: ${message}`)
    rows.push({ config: config.name, label, result: `failed: ${message}`, load: load() })
  }
}

for (const name of CONFIG_NAMES) {
  const config = CONFIGS[name as BenchConfig['name']]
  if (config === undefined) throw new Error(`BENCH_CONFIGS: unknown configuration ${name}`)
  console.log(
    `\n== ${name}: ${config.connections} connections; bare ${config.bare.concurrency} loops${config.bare.perWebhook === null ? '' : `, ${config.bare.perWebhook} per webhook`}; BullMQ ${config.bullmq.queuePerWebhook ? 'a queue per webhook' : 'one queue'}, concurrency ${config.bullmq.concurrency}; pg-boss ${config.pgboss.queuePerWebhook ? 'a queue per webhook' : 'one queue'}, ${config.pgboss.loops} loop(s) × batch ${config.pgboss.batchSize} ${config.pgboss.parallel ? 'in parallel' : 'in turn'}; engine caps ${config.engine.perWebhookCap} per webhook / ${config.engine.globalCap} in all, claims of ${config.engine.claimBatch}`,
  )
  // The SQLite engine runs first in any case: its rows are the bodies every other system sends.
  console.log(`${name}: Flowcerta engine, SQLite`)
  const sqlite = await engineRounds('sqlite', config)
  if (SYSTEMS.has('sqlite'))
    rows.push({
      config: config.name,
      label: 'Flowcerta engine, SQLite',
      result: summarize(sqlite.results),
      load: load(),
    })
  const jobs = sqlite.jobs
  if (SYSTEMS.has('bare'))
    await attempt(config, 'bare undici loop (no persistence)', () => bareRounds(jobs, config))
  if (SYSTEMS.has('postgres'))
    await attempt(
      config,
      'Flowcerta engine, PostgreSQL',
      async () => (await engineRounds('postgres', config)).results,
    )
  if (SYSTEMS.has('bullmq')) await attempt(config, 'BullMQ, Redis', () => bullmqRounds(jobs, config))
  if (SYSTEMS.has('pgboss')) await attempt(config, 'pg-boss, PostgreSQL', () => pgbossRounds(jobs, config))
}

console.log(`\nload avg at the end: ${load()}`)
await adminClient?.end()
console.log(
  '\n| config | system | enqueue | deliveries/s (enqueue start → last arrival) | share of the bare loop | from enqueue returned | enqueue → received p50 / p99 | CPU µs/delivery: this process (enqueue) + PostgreSQL backends | load avg after |',
)
console.log('|---|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  const r = row.result
  if (typeof r === 'string') {
    console.log(`| ${row.config} | ${row.label} | ${r} | | | | | | ${row.load} |`)
    continue
  }
  const bare = rows.find((other) => other.config === row.config && other.label.startsWith('bare'))?.result
  const share = typeof bare === 'object' ? f(r.rate / bare.rate, 2) : '–'
  console.log(
    `| ${row.config} | ${row.label} | ${f(r.enqueueMs)} ms | ${f(r.rate)} | ${share} | ${f(r.drainRate)} | ${f(r.p50, 1)} / ${f(r.p99, 1)} ms | ${f(r.cpuUs)} (${f(r.enqueueCpuUs)})${r.databaseCpuUs === undefined ? '' : ` + ${f(r.databaseCpuUs)} = ${f(r.cpuUs + r.databaseCpuUs)}`} | ${row.load} |`,
  )
}
