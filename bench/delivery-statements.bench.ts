/**
 * The delivery engine's PostgreSQL statements, one by one (a script, not a test): what an enqueue
 * and a worker cycle cost in round trips and time, with the multi-statement path (as SQLite runs
 * it: `supportsWritableCtes` off) and the one-statement path (PostgreSQL's), in one run.
 *
 *   FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/delivery-statements.bench.ts
 * Knobs: BENCH_EVENTS (500 events × 8 webhooks = 4,000 deliveries per round), BENCH_ROUNDS (3,
 * alternating the two paths after a warm-up of each).
 *
 * No HTTP: every claimed delivery is "answered" 200 at once, so what is timed is the database
 * work of the real functions (recordEvent, claimDeliveries, completeDeliveries with the next claim
 * in the same commit, as the worker calls them: 64 in flight, 8 per webhook, groups of 32).
 * Every query the pg client sends is timed from send to answer (round trip, server work
 * included) and grouped by its statement kind. Each path runs in its own schema.
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import pg from 'pg'
import { recordEvent } from '../src/store/events.js'
import type { Store } from '../src/store/store.js'
import { type ClaimOptions, claimDeliveries } from '../src/webhooks/delivery/claim-deliveries.js'
import { completeDeliveries, type FinishedAttempt } from '../src/webhooks/delivery/complete-deliveries.js'
import { DEFAULT_RETRY_POLICY } from '../src/webhooks/delivery/retry-policy.js'
import {
  createWebhookWithSecret,
  labelledEnvelope,
  openSystemDatabase,
} from '../test/webhooks/system-test-kit.js'

process.env.FLOWCERTA_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const HOOKS = 8
const PER_WEBHOOK = 8
const GLOBAL = 64
const GROUP = 32

// --- timing every query the pg client sends --------------------------------------------------

interface Timing {
  count: number
  totalMs: number
}
let timings = new Map<string, Timing>()

/** A short name for a statement: its verb and table (or the prepared statement's name). */
function kindOf(text: string): string {
  const prepared = /^\/\* prepared:(\S+) \*\//.exec(text)
  if (prepared) return `prepared ${prepared[1]}`
  const flat = text.replace(/\s+/g, ' ').trim().toLowerCase()
  if (flat.startsWith('with event as')) return 'insert event + deliveries + notify (one statement)'
  const verb = /^(select|insert into|update|delete from|begin|commit|rollback)\s*(\S*)/.exec(flat)
  if (!verb) return flat.slice(0, 40)
  if (verb[1] === 'select') {
    const from = / from "?([a-z_]+)"?/.exec(flat)
    const what = flat.includes('pg_notify') ? 'pg_notify' : (from?.[1] ?? '?')
    return `select ${what}${flat.includes('for update skip locked') ? ' (for update skip locked)' : ''}${flat.includes(' join events') ? ' join events' : ''}`
  }
  return `${verb[1]} ${(verb[2] ?? '').replaceAll('"', '')}`.trim()
}

const originalQuery = pg.Client.prototype.query
// biome-ignore lint/suspicious/noExplicitAny: wraps pg's overloaded query() for timing only.
pg.Client.prototype.query = function timedQuery(this: pg.Client, ...args: any[]): any {
  const config = args[0]
  const text: string = typeof config === 'string' ? config : (config?.text ?? '')
  const started = performance.now()
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  const result = (originalQuery as any).apply(this, args)
  if (result && typeof result.then === 'function' && text !== '') {
    const kind = kindOf(text)
    result.then(
      () => {
        const t = timings.get(kind) ?? { count: 0, totalMs: 0 }
        t.count++
        t.totalMs += performance.now() - started
        timings.set(kind, t)
      },
      () => {},
    )
  }
  return result
}

// --- the two paths ----------------------------------------------------------------------------

/** The same store with the one-statement path on or off. */
function withWritableCtes(store: Store, on: boolean): Store {
  const view = Object.create(store) as Store
  Object.defineProperty(view, 'capabilities', {
    value: { ...store.capabilities, supportsWritableCtes: on },
  })
  return view
}

interface PathResult {
  enqueueMs: number
  deliverMs: number
  cycles: number
  statements: Map<string, Timing>
  enqueueStatements: Map<string, Timing>
}

async function runPath(store: Store, orgId: string, webhookIds: string[]): Promise<PathResult> {
  // Enqueue: EVENTS events in one transaction (the fan-out to 8 webhooks each).
  timings = new Map()
  const t0 = performance.now()
  await store.transaction(async (trx) => {
    for (let i = 0; i < EVENTS; i++) {
      await recordEvent(trx, store.capabilities, labelledEnvelope(orgId, `st-${i}`))
    }
  })
  const enqueueMs = performance.now() - t0
  const enqueueStatements = timings
  void webhookIds

  // Deliver: the worker's cycle without HTTP.
  timings = new Map()
  const workerId = `bench-${Math.random().toString(36).slice(2)}`
  const inFlight = new Map<string, number>()
  let inFlightTotal = 0
  const plan = (releasing: readonly FinishedAttempt[]): ClaimOptions | undefined => {
    const released = new Map<string, number>()
    for (const { delivery } of releasing)
      released.set(delivery.webhookId, (released.get(delivery.webhookId) ?? 0) + 1)
    const free = GLOBAL - inFlightTotal + releasing.length
    if (free <= 0) return undefined
    const freeByWebhook = new Map<string, number>()
    for (const [id, n] of inFlight) freeByWebhook.set(id, PER_WEBHOOK - (n - (released.get(id) ?? 0)))
    return {
      workerId,
      now: Date.now(),
      leaseMs: 60_000,
      limit: free,
      perWebhookFree: PER_WEBHOOK,
      freeByWebhook,
      publicUrl: 'http://127.0.0.1',
      stats: { pageFull: false },
    }
  }
  const take = (claimed: readonly { webhookId: string }[]) => {
    for (const { webhookId } of claimed) {
      inFlight.set(webhookId, (inFlight.get(webhookId) ?? 0) + 1)
      inFlightTotal++
    }
  }
  const release = (batch: readonly FinishedAttempt[]) => {
    for (const { delivery } of batch) {
      inFlight.set(delivery.webhookId, inFlight.get(delivery.webhookId)! - 1)
      inFlightTotal--
    }
  }
  const answered = (delivery: FinishedAttempt['delivery']): FinishedAttempt => ({
    delivery,
    startedAt: Date.now(),
    result: {
      statusCode: 200,
      durationMs: 1,
      responseBody: 'ok',
      errorClass: null,
      errorMessage: null,
      retryAfter: undefined,
    },
    outcome: { status: 'succeeded' },
    requestHeaders: { 'content-type': 'application/json', 'x-flowcerta-delivery': delivery.id },
  })
  const t1 = performance.now()
  let pending: FinishedAttempt[] = (await claimDeliveries(store, plan([])!)).map(answered)
  take(pending.map((f) => f.delivery))
  let delivered = 0
  let cycles = 1
  const total = EVENTS * HOOKS
  while (delivered < total) {
    // Record a group (GROUP answered attempts, as the worker's group commit) and claim for the slots.
    const batch = pending.slice(0, GROUP)
    pending = pending.slice(GROUP)
    const report = await completeDeliveries(
      store,
      { workerId, now: Date.now(), policy: DEFAULT_RETRY_POLICY },
      batch,
      plan(batch),
    )
    cycles++
    if (report.stale.length > 0) throw new Error(`${report.stale.length} stale records`)
    delivered += report.recorded.length
    release(batch)
    take(report.claimed)
    pending.push(...report.claimed.map(answered))
    if (batch.length === 0 && report.claimed.length === 0)
      throw new Error(`stuck at ${delivered} of ${total}`)
  }
  return { enqueueMs, deliverMs: performance.now() - t1, cycles, statements: timings, enqueueStatements }
}

// --- run -------------------------------------------------------------------------------------

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')
console.log(
  `machine: ${cpus().length} cores, node ${process.version}, load avg ${load()}; ${EVENTS} events × ${HOOKS} webhooks per round, ${ROUNDS} rounds per path after a warm-up`,
)

const setups = await Promise.all(
  [false, true].map(async (on) => {
    const db = await openSystemDatabase('postgres')
    const ids: string[] = []
    for (let i = 0; i < HOOKS; i++)
      ids.push((await createWebhookWithSecret(db, { url: `http://127.0.0.1:9/${i}` })).id)
    return { on, db, store: withWritableCtes(db.store, on), ids }
  }),
)
const results = new Map<boolean, PathResult[]>([
  [false, []],
  [true, []],
])
try {
  for (let round = 0; round <= ROUNDS; round++) {
    for (const setup of setups) {
      const r = await runPath(setup.store, setup.db.orgId, setup.ids)
      console.log(
        `  ${setup.on ? 'one statement ' : 'multi-statement'} ${round === 0 ? 'warm-up' : `round ${round}`}: enqueue ${f(r.enqueueMs)} ms, deliver ${f(r.deliverMs)} ms (${f((EVENTS * HOOKS) / (r.deliverMs / 1000))}/s, ${r.cycles} cycles), load ${load()}`,
      )
      if (round > 0) results.get(setup.on)!.push(r)
    }
    // Planner statistics, as autovacuum keeps them in a database that has been running: on a table
    // never analysed PostgreSQL guesses a handful of due rows and sorts them all (bitmap scan +
    // sort of every due row) instead of walking the due index in order and stopping at the limit.
    if (round === 0)
      for (const setup of setups) await sql`analyze deliveries, webhooks, events`.execute(setup.db.store.db)
  }
} finally {
  for (const setup of setups) await setup.db.cleanup()
}

function table(
  title: string,
  pick: (r: PathResult) => Map<string, Timing>,
  per: (r: PathResult) => number,
  perName: string,
) {
  console.log(`\n${title}`)
  console.log(`| path | statement | per ${perName} | mean µs | total ms per round |`)
  console.log('|---|---|---|---|---|')
  for (const [on, list] of results) {
    const kinds = new Set(list.flatMap((r) => [...pick(r).keys()]))
    let trips = 0
    let ms = 0
    for (const kind of [...kinds].filter((k) => !/^(drop schema|set search_path|analyze)/.test(k)).sort()) {
      const count = list.reduce((sum, r) => sum + (pick(r).get(kind)?.count ?? 0), 0)
      const total = list.reduce((sum, r) => sum + (pick(r).get(kind)?.totalMs ?? 0), 0)
      const units = list.reduce((sum, r) => sum + per(r), 0)
      trips += count / units
      ms += total / list.length
      console.log(
        `| ${on ? 'one statement' : 'multi-statement'} | ${kind} | ${f(count / units, 2)} | ${f((1000 * total) / count)} | ${f(total / list.length, 1)} |`,
      )
    }
    console.log(`| ${on ? 'one statement' : 'multi-statement'} | **all** | ${f(trips, 2)} | | ${f(ms, 1)} |`)
  }
}
table(
  'Enqueue (one transaction of events):',
  (r) => r.enqueueStatements,
  () => EVENTS,
  'event',
)
table(
  'Delivery cycles (record a group of 32 + claim for the free slots):',
  (r) => r.statements,
  (r) => r.cycles,
  'cycle',
)
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
for (const [on, list] of results) {
  console.log(
    `${on ? 'one statement ' : 'multi-statement'}: enqueue median ${f(median(list.map((r) => r.enqueueMs)))} ms; deliver median ${f(median(list.map((r) => (EVENTS * HOOKS) / (r.deliverMs / 1000))))} deliveries/s (database work only); load avg at the end ${load()}`,
  )
}
