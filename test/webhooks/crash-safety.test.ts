/**
 * Crash safety of the delivery engine, with real processes: `flowcerta serve --role worker`
 * processes deliver a 5,000-delivery burst (recorded through recordEvent, in transactions, from
 * this process) to a real receiver that verifies every signature; one worker is killed with
 * SIGKILL in the middle of it.
 *
 * What must hold: every delivery id arrives at least once; the only ids that arrive twice are
 * ones the killed worker had sent but not yet recorded (they are still `pending` in the database
 * after the kill, their lease runs out and they are sent again), and there are no more of those
 * than the worker's concurrency cap allows in flight.
 *
 * SQLite: one worker, killed and restarted. PostgreSQL: three workers on one schema, one killed,
 * the other two finish (including the killed one's rows once their lease runs out).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_GLOBAL_CAP } from '../../src/webhooks/delivery/delivery-worker.js'
import { generateWebhookSecret } from '../../src/webhooks/webhook-secret.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { type CountingReceiver, startCountingReceiver, waitUntil } from '../receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  deliveryStatusCounts,
  killHard,
  openSystemDatabase,
  recordEventBurst,
  type SystemDatabase,
  startServe,
} from './system-test-kit.js'

const WEBHOOKS = 4
const EVENTS = 1250
const TOTAL_DELIVERIES = WEBHOOKS * EVENTS // 5,000
/** Kill once this many deliveries arrived: well inside the burst. */
const KILL_AFTER = Math.floor(TOTAL_DELIVERIES * 0.3)
/** The receiver answers after this long, so the worker has many requests in flight when killed. */
const RECEIVER_DELAY_MS = 20

/**
 * The workers run with the engine's default caps (8 per webhook / 64 global) and the shortest
 * lease config allows (FLOWCERTA_WEBHOOK_LEASE_SECONDS=20, default 60): the killed worker's rows
 * come back only when its lease runs out, so each case takes about 20 s longer than the
 * deliveries themselves.
 */
const WORKER_ENV: Record<string, string> = { FLOWCERTA_WEBHOOK_LEASE_SECONDS: '20' }
/** The most a killed worker can have sent without recording: its global in-flight cap. */
const IN_FLIGHT_BOUND = DEFAULT_GLOBAL_CAP

describe.each(testEngines())('crash safety on %s', (engine) => {
  let db: SystemDatabase | undefined
  let receiver: CountingReceiver | undefined
  const workers: RunningProcess[] = []

  let pendingBurst: Promise<unknown> = Promise.resolve()

  afterEach(async () => {
    // A failed assertion must not close the database under the burst still writing.
    await pendingBurst
    await Promise.allSettled(workers.map((worker) => worker.stop()))
    workers.length = 0
    await receiver?.stop()
    await db?.cleanup()
    receiver = undefined
    db = undefined
  })

  const workerCount = engine === 'postgres' ? 3 : 1

  it(`kill -9 one of ${workerCount} worker process(es) mid-burst of ${TOTAL_DELIVERIES} deliveries → every id arrives, duplicates only from what was in flight`, async () => {
    db = await openSystemDatabase(engine)
    // The receiver needs the secrets before it starts, the webhooks its port: secrets first.
    const secrets = Array.from({ length: WEBHOOKS }, () => generateWebhookSecret())
    receiver = await startCountingReceiver(secrets, { delayMs: RECEIVER_DELAY_MS })
    for (let i = 0; i < WEBHOOKS; i++) {
      await createWebhookWithSecret(db, { url: receiver.hookUrl(i), secret: secrets[i]! })
    }
    for (let i = 0; i < workerCount; i++) workers.push(await startServe(db, 'worker', WORKER_ENV))

    // The burst: 25 transactions of 50 events, each fanned out to the 4 webhooks.
    const burst = recordEventBurst(db, { count: EVENTS, perTransaction: 50, labelPrefix: 'burst' })
    pendingBurst = burst.catch(() => [])
    await receiver.waitForAccepted(KILL_AFTER, 120_000)
    const victim = workers[0]!
    await killHard(victim)
    // Let requests the receiver had already read reach its log; the dead worker's lease (20 s)
    // keeps its rows from being sent again meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500))

    // What the killed worker had sent but not recorded: still pending under its lease in the
    // database, yet already arrived at the receiver.
    const arrivedAtKill = new Set(receiver.deliveries().map((d) => d.deliveryId))
    const victimLeases = await pendingLeasedBy(db, victim)
    const unrecordedAtKill = new Set(victimLeases.filter((id) => arrivedAtKill.has(id)))
    expect(
      unrecordedAtKill.size,
      `sent but not recorded by the killed worker; its log:\n${victim.output().slice(-3000)}`,
    ).toBeLessThanOrEqual(IN_FLIGHT_BOUND)

    const deliveryIds = await burst
    expect(deliveryIds).toHaveLength(TOTAL_DELIVERIES)
    // SQLite: restart the one worker. PostgreSQL: the two survivors finish, taking the killed
    // worker's rows once their lease runs out.
    if (workerCount === 1) workers.push(await startServe(db, 'worker', WORKER_ENV))
    await finishAndCheck(db, receiver, deliveryIds, unrecordedAtKill)
  }, 300_000)
})

/** Pending deliveries leased by the process (worker ids are `<host>:<pid>:<random>`). */
async function pendingLeasedBy(db: SystemDatabase, worker: RunningProcess): Promise<string[]> {
  const pid = String(worker.child.pid)
  const rows = await db.store.db
    .selectFrom('deliveries')
    .select(['id', 'locked_by'])
    .where('status', '=', 'pending')
    .where('locked_by', 'is not', null)
    .execute()
  return rows.filter((row) => row.locked_by?.split(':').at(-2) === pid).map((row) => row.id)
}

async function finishAndCheck(
  db: SystemDatabase,
  receiver: CountingReceiver,
  deliveryIds: string[],
  unrecordedAtKill: Set<string>,
): Promise<void> {
  const expected = new Set(deliveryIds)
  await waitUntil(
    () => {
      const arrived = new Set(receiver.deliveries().map((d) => d.deliveryId))
      for (const id of expected) if (!arrived.has(id)) return false
      return true
    },
    180_000,
    () =>
      `${new Set(receiver.deliveries().map((d) => d.deliveryId)).size} of ${expected.size} distinct ids arrived`,
  )
  // Every delivery ends succeeded (the receiver accepts all): nothing lost, nothing stuck.
  const deadline = Date.now() + 60_000
  let counts = await deliveryStatusCounts(db)
  while ((counts.succeeded ?? 0) < deliveryIds.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    counts = await deliveryStatusCounts(db)
  }
  expect(counts).toEqual({ succeeded: deliveryIds.length })

  const arrivals = receiver.deliveries()
  const seen = new Map<string, number>()
  for (const { deliveryId } of arrivals) seen.set(deliveryId, (seen.get(deliveryId) ?? 0) + 1)
  // Only ids of this burst arrived, each at least once.
  expect([...seen.keys()].filter((id) => !expected.has(id))).toEqual([])
  const duplicated = [...seen.entries()].filter(([, n]) => n > 1)
  const duplicates = arrivals.length - seen.size
  const unexpected = duplicated.filter(([id]) => !unrecordedAtKill.has(id)).map(([id]) => id)
  if (unexpected.length > 0)
    console.error(await explainDuplicates(db, arrivals, unexpected.slice(0, 10), unexpected.length))
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_BOUND)
  // No id arrived three times: one worker died once.
  expect(duplicated.every(([, n]) => n === 2)).toBe(true)
  // Exactly what the killed worker had sent without recording came again, and only once more:
  // its first attempt was never recorded, so the delivery shows one attempt.
  expect(duplicated.map(([id]) => id).sort()).toEqual([...unrecordedAtKill].sort())
  if (duplicated.length > 0) {
    const rows = await db.store.db
      .selectFrom('deliveries')
      .select(['attempt_count'])
      .where(
        'id',
        'in',
        duplicated.map(([id]) => id),
      )
      .execute()
    expect(rows.map((row) => row.attempt_count)).toEqual(duplicated.map(() => 1))
  }
  console.info(
    `[crash-safety] ${db.engine}: ${deliveryIds.length} deliveries, ${arrivals.length} arrivals, ${duplicates} duplicates (bound ${IN_FLIGHT_BOUND}), receiver max in flight ${(await receiver.stats()).maxOpen}`,
  )
}

/** For a failure message: when each unexpected duplicate arrived, and what the database recorded. */
async function explainDuplicates(
  db: SystemDatabase,
  arrivals: { deliveryId: string; receivedAt: number }[],
  ids: string[],
  total: number,
): Promise<string> {
  const lines = [`${total} duplicated ids were not in flight at the kill; first ${ids.length}:`]
  for (const id of ids) {
    const times = arrivals.filter((a) => a.deliveryId === id).map((a) => Math.round(a.receivedAt))
    const row = await db.store.db
      .selectFrom('deliveries')
      .select(['attempt_count', 'status', 'locked_by', 'created_at', 'completed_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    const attempts = await db.store.db
      .selectFrom('delivery_attempts')
      .select(['number', 'started_at', 'status_code', 'error_class'])
      .where('delivery_id', '=', id)
      .execute()
    lines.push(
      `${id}: arrived at ${times.join(', ')}; row ${JSON.stringify(row)}; attempts ${JSON.stringify(attempts)}`,
    )
  }
  return lines.join('\n')
}
