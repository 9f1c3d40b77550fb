/**
 * Webhook delivery benchmark, part (e) of issue 5 (a script, not a test): the same delivery step
 * done by the queues a team would otherwise reach for — BullMQ on Redis and pg-boss on PostgreSQL
 * (bench-only dev dependencies) — against Flowcerta's engine on SQLite and on PostgreSQL, in one run.
 *
 *   npm run bench:queues
 *   # = npx tsx bench/webhooks-queues.bench.ts
 * Knobs: BENCH_DELIVERIES (4000), BENCH_ROUNDS (3, after one warm-up round per system),
 * BENCH_SYSTEMS (default "sqlite,postgres,bullmq,pgboss"), BENCH_ENQUEUE_BATCH (500 jobs per
 * addBulk / insert), BENCH_PGBOSS_BATCH (32 jobs per pg-boss fetch; tuned: 1 and 8 were slower), BENCH_REDIS (127.0.0.1:6379),
 * FLOWCERTA_TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test).
 *
 * As in bench/webhooks.bench.ts part (a): 8 webhooks on one receiver origin,
 * test/receivers/counting-receiver.mjs in a separate process verifying X-Flowcerta-Signature on
 * every request and logging its arrival time; BENCH_DELIVERIES deliveries = BENCH_DELIVERIES / 8
 * `validation.completed` events (labels `tp-<i>`) fanned out to the 8 webhooks. Everything runs in
 * this process (the engine as startFlowcerta role `worker`, the queues' workers), traffic only to
 * 127.0.0.1. Per system and round:
 * - enqueue: the engine commits all events in one transaction (the outbox fan-out); the queues
 *   get the *same bodies* (read back from the engine's SQLite deliveries) as jobs, one per
 *   delivery, in batches of BENCH_ENQUEUE_BATCH, with the workers already running;
 * - each job signs its body with the engine's buildDeliveryHeaders (same HMAC headers), POSTs it
 *   with undici (an Agent with 16 connections per origin, the engine's sender default) and is
 *   marked complete by the queue itself (Redis for BullMQ, PostgreSQL for pg-boss);
 * - concurrency as the engine's caps: one queue per webhook with 8 in flight each
 *   (DEFAULT_PER_WEBHOOK_CAP), 8 × 8 = 64 in all (DEFAULT_GLOBAL_CAP);
 * - deliveries/s = N / (enqueue start → last arrival), plus the engine's (a)-style figure
 *   (commit → last arrival); latency = arrival − the enqueue call (or commit) returning, p50/p99.
 * Prints a Markdown table for bench/README.md.
 */
import { randomBytes } from 'node:crypto'
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
import { recordEvent } from '../src/store/events.js'
import type { StoreEngine } from '../src/store/store.js'
import { DEFAULT_GLOBAL_CAP, DEFAULT_PER_WEBHOOK_CAP } from '../src/webhooks/delivery/delivery-worker.js'
import { buildDeliveryHeaders } from '../src/webhooks/delivery/signing.js'
import { generateWebhookSecret } from '../src/webhooks/webhook-secret.js'
import { type CountingReceiver, startCountingReceiver } from '../test/receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
  sentBodies,
} from '../test/webhooks/system-test-kit.js'

process.env.FLOWCERTA_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const DATABASE_URL = process.env.FLOWCERTA_TEST_DATABASE_URL
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SYSTEMS = new Set((process.env.BENCH_SYSTEMS ?? 'sqlite,postgres,bullmq,pgboss').split(','))
const ENQUEUE_BATCH = Number(process.env.BENCH_ENQUEUE_BATCH ?? 500)
const PGBOSS_BATCH = Number(process.env.BENCH_PGBOSS_BATCH ?? 32)
const [REDIS_HOST = '127.0.0.1', REDIS_PORT = '6379'] = (process.env.BENCH_REDIS ?? '127.0.0.1:6379').split(
  ':',
)
const HOOKS = 8
/** The engine's HTTP sender keeps this many connections per origin (http-sender.ts default). */
const CONNECTIONS_PER_ORIGIN = 16
const TIMEOUT_MS = 120_000

const now = () => performance.timeOrigin + performance.now()
const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

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
): Promise<RoundResult> {
  // The receiver logs every accepted request, so its count and its log's length agree.
  await receiver.waitForAccepted(fromLine + count, TIMEOUT_MS)
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
function makeSender(hooks: Hooks) {
  const agent = new Agent({
    connections: CONNECTIONS_PER_ORIGIN,
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

/** Rounds of the engine on `engine`; on SQLite also returns the last round's bodies for the queues. */
async function engineRounds(engine: StoreEngine): Promise<{ results: RoundResult[]; jobs: DeliveryJob[] }> {
  const db = await openSystemDatabase(engine)
  const secrets = Array.from({ length: HOOKS }, () => generateWebhookSecret())
  const receiver = await startCountingReceiver(secrets)
  const hookIndex = new Map<string, number>()
  for (let i = 0; i < HOOKS; i++) {
    const { id } = await createWebhookWithSecret(db, { url: receiver.hookUrl(i), secret: secrets[i]! })
    hookIndex.set(id, i)
  }
  const running = await startFlowcerta({
    config: loadConfig(db.env),
    role: 'worker',
    logger: createLogger('silent'),
  })
  const writer = running.store
  const results: RoundResult[] = []
  let lastIds: string[] = []
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = receiver.deliveries().length
      const events = Math.ceil(DELIVERIES / HOOKS)
      const ids: string[] = []
      const startedAt = now()
      await writer.transaction(async (trx) => {
        for (let i = 0; i < events; i++) {
          ids.push(
            ...(await recordEvent(trx, writer.capabilities, labelledEnvelope(db.orgId, `tp-${i}`)))
              .deliveryIds,
          )
        }
      })
      const committedAt = now()
      const result = await collect(
        receiver,
        fromLine,
        ids.length,
        startedAt,
        new Map(ids.map((id) => [id, committedAt])),
        committedAt,
      )
      if (round > 0) results.push(result) // round 0 is the warm-up
      log(`${engine} engine`, round, result)
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
    await db.cleanup()
  }
}

// --- BullMQ on Redis ---------------------------------------------------------------------------

async function bullmqRounds(jobs: DeliveryJob[]): Promise<RoundResult[]> {
  const hooks = await startHooks()
  const sender = makeSender(hooks)
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
  const names = Array.from({ length: HOOKS }, (_, i) => `hook-${i}`)
  // One queue per webhook (the per-webhook cap), `concurrency` jobs in flight in each worker.
  const queues = names.map((name) => new Queue<DeliveryJob>(name, { connection: shared, prefix }))
  const workers = names.map(
    (name) =>
      new Worker<DeliveryJob>(name, (job) => sender.send(job.data), {
        connection: client(),
        prefix,
        concurrency: DEFAULT_PER_WEBHOOK_CAP,
      }),
  )
  const results: RoundResult[] = []
  try {
    await Promise.all([...queues, ...workers].map((q) => q.waitUntilReady()))
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = hooks.receiver.deliveries().length
      const enqueuedAt = new Map<string, number>()
      const startedAt = now()
      for (let start = 0; start < jobs.length; start += ENQUEUE_BATCH) {
        const batch = jobs.slice(start, start + ENQUEUE_BATCH)
        const byQueue = new Map<number, DeliveryJob[]>()
        for (const job of batch) byQueue.set(job.hook, [...(byQueue.get(job.hook) ?? []), job])
        await Promise.all(
          [...byQueue].map(([hook, list]) =>
            queues[hook]!.addBulk(
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
      const result = await collect(hooks.receiver, fromLine, jobs.length, startedAt, enqueuedAt, now())
      if (round > 0) results.push(result)
      log('BullMQ', round, result)
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

async function pgbossRounds(jobs: DeliveryJob[]): Promise<RoundResult[]> {
  const hooks = await startHooks()
  const sender = makeSender(hooks)
  // A fresh schema per run, dropped after.
  const schema = `pgboss_bench_${randomBytes(4).toString('hex')}`
  const boss = new PgBoss({ connectionString: DATABASE_URL, schema, schedule: false })
  const errors: Error[] = []
  boss.on('error', (error) => errors.push(error))
  const names = Array.from({ length: HOOKS }, (_, i) => `hook-${i}`)
  const workerIds: string[] = []
  const results: RoundResult[] = []
  try {
    await boss.start()
    for (const name of names) {
      await boss.createQueue(name, { name, retryLimit: 7, retryDelay: 5, retryBackoff: true })
      // v10 has no teamSize: each work() is one fetch loop. DEFAULT_PER_WEBHOOK_CAP loops per
      // queue, each fetching PGBOSS_BATCH jobs and sending them one after another, so at most
      // 8 are in flight per webhook and 64 in all. pg-boss completes the batch after the handler.
      for (let loop = 0; loop < DEFAULT_PER_WEBHOOK_CAP; loop++) {
        const self = { id: '' }
        self.id = await boss.work<DeliveryJob>(
          name,
          { batchSize: PGBOSS_BATCH, pollingIntervalSeconds: 0.5 },
          async (batch) => {
            for (const job of batch) await sender.send(job.data)
            // A full batch: more are probably waiting, so fetch again at once instead of
            // sleeping out the polling interval (pg-boss v10 polls; 0.5 s is its minimum).
            if (batch.length === PGBOSS_BATCH) boss.notifyWorker(self.id)
          },
        )
        workerIds.push(self.id)
      }
    }
    for (let round = 0; round <= ROUNDS; round++) {
      const fromLine = hooks.receiver.deliveries().length
      const enqueuedAt = new Map<string, number>()
      const startedAt = now()
      for (let start = 0; start < jobs.length; start += ENQUEUE_BATCH) {
        const batch = jobs.slice(start, start + ENQUEUE_BATCH)
        await boss.insert(batch.map((data) => ({ name: `hook-${data.hook}`, data })))
        const at = now()
        for (const job of batch) enqueuedAt.set(job.deliveryId, at)
        // Wake the fetch loops now (the engine's equivalent is its commit signal / NOTIFY).
        for (const id of workerIds) boss.notifyWorker(id)
      }
      const result = await collect(hooks.receiver, fromLine, jobs.length, startedAt, enqueuedAt, now())
      if (round > 0) results.push(result)
      log('pg-boss', round, result)
    }
    // Every job marked complete by pg-boss itself (its completion is not awaited by the loop).
    const client = new pg.Client({ connectionString: DATABASE_URL })
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
    const client = new pg.Client({ connectionString: DATABASE_URL })
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
    `  ${system} ${round === 0 ? 'warm-up' : `round ${round}`}: enqueue ${f(r.enqueueMs)} ms, ${f(r.rate)} deliveries/s (${f(r.drainRate)}/s from enqueue returned), enqueue → received p50 ${f(r.p50, 1)} ms, p99 ${f(r.p99, 1)} ms`,
  )
}

const summarize = (results: RoundResult[]): RoundResult => ({
  enqueueMs: median(results.map((r) => r.enqueueMs)),
  rate: median(results.map((r) => r.rate)),
  drainRate: median(results.map((r) => r.drainRate)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
})

const startLoad = loadavg()
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}, load avg ${startLoad
    .map((n) => n.toFixed(1))
    .join(' ')}`,
)
console.log(
  `${DELIVERIES} deliveries per round over ${HOOKS} webhooks; ${DEFAULT_PER_WEBHOOK_CAP} in flight per webhook, ${DEFAULT_GLOBAL_CAP} in all; ${CONNECTIONS_PER_ORIGIN} connections per origin; ${ROUNDS} rounds after a warm-up; enqueue batches of ${ENQUEUE_BATCH}, pg-boss fetch batch ${PGBOSS_BATCH}`,
)
if (HOOKS * DEFAULT_PER_WEBHOOK_CAP !== DEFAULT_GLOBAL_CAP) {
  console.log(
    `note: ${HOOKS} queues × ${DEFAULT_PER_WEBHOOK_CAP} ≠ the engine's global cap ${DEFAULT_GLOBAL_CAP}`,
  )
}

const rows: [string, RoundResult | string][] = []
const attempt = async (label: string, run: () => Promise<RoundResult[]>) => {
  try {
    rows.push([label, summarize(await run())])
  } catch (error) {
    console.log(`${label} failed: ${error instanceof Error ? error.message : String(error)}`)
    rows.push([label, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`])
  }
}

// The SQLite engine runs first in any case: its rows are the bodies every queue sends.
console.log('Flowcerta engine, SQLite')
const sqlite = await engineRounds('sqlite')
if (SYSTEMS.has('sqlite'))
  rows.push(['Flowcerta engine, SQLite (WAL, synchronous=NORMAL)', summarize(sqlite.results)])
const jobs = sqlite.jobs
if (SYSTEMS.has('postgres')) {
  console.log('Flowcerta engine, PostgreSQL')
  await attempt('Flowcerta engine, PostgreSQL', async () => (await engineRounds('postgres')).results)
}
if (SYSTEMS.has('bullmq')) {
  console.log('BullMQ, Redis')
  await attempt('BullMQ, Redis', () => bullmqRounds(jobs))
}
if (SYSTEMS.has('pgboss')) {
  console.log('pg-boss, PostgreSQL')
  await attempt('pg-boss, PostgreSQL', () => pgbossRounds(jobs))
}

console.log(
  `\nload avg at the end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
)
console.log(
  '\n| system | enqueue | deliveries/s (enqueue start → last arrival) | from enqueue returned | enqueue → received p50 / p99 |',
)
console.log('|---|---|---|---|---|')
for (const [label, r] of rows) {
  if (typeof r === 'string') console.log(`| ${label} | ${r} | | | |`)
  else
    console.log(
      `| ${label} | ${f(r.enqueueMs)} ms | ${f(r.rate)} | ${f(r.drainRate)} | ${f(r.p50, 1)} / ${f(r.p99, 1)} ms |`,
    )
}
