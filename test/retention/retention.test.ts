/**
 * Retention on both engines (issue 15): `pruneRetention` removes exactly what is past its age —
 * finished deliveries and their attempts, failed ones only after their own (longer) retention,
 * events once no delivery is left, idempotency keys, ended sessions, results with their per-day
 * rule counts and project rows — and nothing else; `--dry-run` counts the same rows. Then the
 * same while deliveries keep flowing: a real `flowcerta serve --role worker` process delivers a
 * stream of new events to a real receiver while the prune runs again and again in small batches;
 * every new delivery arrives and stays, every old one goes. A kept result whose comparison base
 * was pruned reads as compared with nothing.
 */

import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { newId } from '../../src/domain/ids.js'
import type { DeliveriesTable } from '../../src/store/database.js'
import {
  PRUNE_KINDS,
  type PruneReport,
  pruneRetention,
  type RetentionPolicy,
  uuidV7LowerBound,
} from '../../src/store/retention-prune.js'
import { epochDay } from '../../src/store/rule-failures.js'
import { SESSION_IDLE_MS } from '../../src/store/sessions.js'
import {
  getValidation,
  insertValidation,
  listProjects,
  listValidations,
  type StoredFinding,
} from '../../src/store/validations.js'
import { generateWebhookSecret } from '../../src/webhooks/webhook-secret.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { type CountingReceiver, startCountingReceiver, waitUntil } from '../receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  openSystemDatabase,
  recordEventBurst,
  type SystemDatabase,
  startServe,
} from '../webhooks/system-test-kit.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A UUID v7 made at `ms`, as the row would have got then. */
const idAt = (ms: number) => uuidv7({ msecs: ms })

function zeroReport(): PruneReport {
  return Object.fromEntries(PRUNE_KINDS.map((kind) => [kind, 0])) as PruneReport
}

async function insertEvent(db: SystemDatabase, at: number): Promise<string> {
  const id = idAt(at)
  await db.store.db
    .insertInto('events')
    .values({ id, org_id: db.orgId, event: 'validation.completed', occurred_at: at, envelope_json: '{}' })
    .execute()
  return id
}

/** A delivery of the event, in `status`, finished at `completedAt` (null: pending), with `attempts` attempts. */
async function insertDelivery(
  db: SystemDatabase,
  input: {
    webhookId: string
    eventId: string
    createdAt: number
    status: DeliveriesTable['status']
    completedAt: number | null
    attempts?: number
  },
): Promise<string> {
  const id = idAt(input.createdAt)
  const attempts = input.attempts ?? 2
  await db.store.db
    .insertInto('deliveries')
    .values({
      id,
      org_id: db.orgId,
      webhook_id: input.webhookId,
      event_id: input.eventId,
      event: 'validation.completed',
      status: input.status,
      attempt_count: attempts,
      next_attempt_at: input.status === 'pending' ? Date.now() + DAY : null,
      locked_until: null,
      locked_by: null,
      body: null,
      target: 'generic',
      last_status_code: 200,
      last_error_class: null,
      created_at: input.createdAt,
      updated_at: input.completedAt ?? input.createdAt,
      completed_at: input.completedAt,
    })
    .execute()
  for (let number = 1; number <= attempts; number++) {
    await db.store.db
      .insertInto('delivery_attempts')
      .values({
        id: newId(),
        delivery_id: id,
        org_id: db.orgId,
        number,
        started_at: input.createdAt,
        duration_ms: 3,
        status_code: 200,
        response_body: '',
        error_class: null,
        error_message: null,
        request_headers_json: null,
      })
      .execute()
  }
  return id
}

async function ids(db: SystemDatabase, table: 'deliveries' | 'events' | 'validations' | 'sessions') {
  const rows = await db.store.db.selectFrom(table).select('id').execute()
  return new Set(rows.map((row) => row.id))
}

async function countRows(db: SystemDatabase, table: 'delivery_attempts' | 'deliveries'): Promise<number> {
  const row = await db.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const finding = (ruleId: string): StoredFinding => ({
  ruleId,
  severity: 'high',
  category: 'error-handling',
  description: 'd',
  column: 1,
  activity: 'TryCatch',
  line: 3,
  location: 'Main.xaml:3',
  message: null,
  recommendation: 'r',
  docsUrl: 'http://127.0.0.1/docs',
  waived: false,
  exceptionId: null,
})

async function insertResult(
  db: SystemDatabase,
  at: number,
  projectName: string | null,
  fileName = 'Main.xaml',
  comparedWithId: string | null = null,
): Promise<string> {
  const id = idAt(at)
  await insertValidation(db.store.db, {
    id,
    orgId: db.orgId,
    platform: 'uipath',
    fileName,
    label: null,
    passed: false,
    score: 80,
    enforcementMode: 'advisory',
    policyPackSlug: 'uipath-general',
    validatedAt: at,
    submittedByEmail: 'admin@system.test',
    contentSha256: '0'.repeat(64),
    sizeBytes: 10,
    summary: { critical: 0, high: 1, medium: 0, low: 0, total: 1 },
    findings: [finding('FC-UIP-ERR-001')],
    ruleErrors: [],
    projectName,
    project: null,
    comparedWithId,
  })
  return id
}

describe.each(testEngines())('retention on %s', (engine) => {
  let db: SystemDatabase | undefined
  let receiver: CountingReceiver | undefined
  let worker: RunningProcess | undefined

  afterEach(async () => {
    await worker?.stop()
    await receiver?.stop()
    await db?.cleanup()
    worker = undefined
    receiver = undefined
    db = undefined
  })

  it('uuidV7LowerBound sorts below every id made at or after its time, above every earlier one', () => {
    const t = Date.parse('2026-12-07T12:00:00.000Z')
    expect(idAt(t - 1) < uuidV7LowerBound(t)).toBe(true)
    expect(idAt(t) > uuidV7LowerBound(t)).toBe(true)
    expect(idAt(t + 1) > uuidV7LowerBound(t)).toBe(true)
  })

  it('removes exactly what is past its age, per kind; --dry-run counts the same; a second run finds nothing', async () => {
    db = await openSystemDatabase(engine)
    const now = Date.now()
    const { id: webhookId } = await createWebhookWithSecret(db, { url: 'http://127.0.0.1:9/hook' })
    const policy: RetentionPolicy = {
      deliveries: 1 * DAY,
      failedDeliveries: 3 * DAY,
      events: 5 * DAY,
      idempotencyKeys: 1 * DAY,
      sessions: 1 * DAY,
      results: 10 * DAY,
    }
    const gone = new Set<string>()
    const kept = new Set<string>()
    const delivery = async (
      eventId: string,
      createdAt: number,
      status: DeliveriesTable['status'],
      completedAt: number | null,
      expectGone: boolean,
    ) => {
      const id = await insertDelivery(db!, { webhookId, eventId, createdAt, status, completedAt })
      ;(expectGone ? gone : kept).add(id)
    }
    // Events ten days old, each with deliveries in a different state.
    const old = now - 10 * DAY
    const e1 = await insertEvent(db, old)
    await delivery(e1, old + 1, 'succeeded', now - 2 * DAY, true)
    await delivery(e1, old + 2, 'cancelled', now - 2 * DAY, true)
    await delivery(e1, old + 3, 'failed', now - 2 * DAY, false) // failed: kept 3 days
    const e2 = await insertEvent(db, old + 10)
    await delivery(e2, old + 11, 'succeeded', now - DAY + HOUR, false) // finished 23 h ago
    const e3 = await insertEvent(db, old + 20)
    await delivery(e3, old + 21, 'succeeded', now - 9 * DAY, true)
    const e4 = await insertEvent(db, old + 30)
    await delivery(e4, old + 31, 'failed', now - 4 * DAY, true)
    const e5 = await insertEvent(db, old + 40)
    await delivery(e5, old + 41, 'pending', null, false) // pending: never pruned
    const e9 = await insertEvent(db, old + 50)
    for (let i = 0; i < 20; i++) await delivery(e9, old + 60 + i, 'succeeded', now - 2 * DAY, true)
    const e6 = await insertEvent(db, now - 4 * DAY) // no deliveries, inside 5 days
    const e7 = await insertEvent(db, now - 6 * DAY) // no deliveries, past 5 days
    const e8 = await insertEvent(db, now - HOUR)
    await delivery(e8, now - HOUR + 1, 'succeeded', now - 30 * MINUTE, false)
    const eventsGone = new Set([e3, e4, e7, e9])
    const eventsKept = new Set([e1, e2, e5, e6, e8])

    for (const [key, at] of [
      ['old-1', now - 2 * DAY],
      ['old-2', now - 2 * DAY],
      ['old-3', now - DAY - MINUTE],
      ['fresh', now - HOUR],
    ] as const) {
      await db.store.db
        .insertInto('idempotency_keys')
        .values({ org_id: db.orgId, key, request_sha256: 'x', validation_id: newId(), created_at: at })
        .execute()
    }

    const apiKey = await db.store.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()
    const session = async (lastSeenAt: number, expiresAt: number) => {
      const id = newId()
      await db!.store.db
        .insertInto('sessions')
        .values({
          id,
          token_hash: newId(),
          org_id: db!.orgId,
          api_key_id: apiKey.id,
          created_at: lastSeenAt,
          last_seen_at: lastSeenAt,
          expires_at: expiresAt,
        })
        .execute()
      return id
    }
    const sessionsGone = new Set([
      await session(now - 3 * DAY, now - 2 * DAY), // expired two days ago
      await session(now - DAY - SESSION_IDLE_MS - MINUTE, now + HOUR), // idle-ended just over a day ago
    ])
    const sessionsKept = new Set([
      await session(now - 3 * HOUR, now + HOUR), // idle-ended an hour ago
      await session(now - MINUTE, now + HOUR), // live
    ])

    // Results: project P (two old, one recent), project Q (one old: its row goes), single files.
    const p1 = await insertResult(db, now - 20 * DAY, 'P')
    const p2 = await insertResult(db, now - 15 * DAY, 'P')
    const p3 = await insertResult(db, now - DAY, 'P')
    const q1 = await insertResult(db, now - 12 * DAY, 'Q')
    const w1 = await insertResult(db, now - 11 * DAY, null, 'One.xaml')
    const w2 = await insertResult(db, now - 9 * DAY, null, 'One.xaml')
    const resultsGone = new Set([p1, p2, q1, w1])
    const resultsKept = new Set([p3, w2])
    // Rule counts: one row per day of a result; days wholly before the cut-off go.
    const cutoffDay = Math.floor((now - 10 * DAY) / DAY)
    const dayRowsGone = [now - 20 * DAY, now - 15 * DAY, now - 12 * DAY, now - 11 * DAY].filter(
      (at) => epochDay(at) < cutoffDay,
    ).length

    const expected: PruneReport = {
      ...zeroReport(),
      deliveries: 23,
      failedDeliveries: 1,
      deliveryAttempts: 48,
      events: 4,
      idempotencyKeys: 3,
      sessions: 2,
      results: 4,
      ruleFailureDays: dayRowsGone,
    }
    const dry = await pruneRetention(db.store, { now, policy, batchSize: 7, dryRun: true })
    expect(dry).toEqual(expected)
    expect(await countRows(db, 'deliveries')).toBe(gone.size + kept.size)

    const batches: number[] = []
    const report = await pruneRetention(db.store, {
      now,
      policy,
      batchSize: 7,
      onBatch: (_kind, rows) => batches.push(rows),
    })
    expect(report).toEqual(expected)
    expect(Math.max(...batches)).toBeLessThanOrEqual(7)

    expect(await ids(db, 'deliveries')).toEqual(kept)
    expect(await countRows(db, 'delivery_attempts')).toBe(kept.size * 2)
    const events = await ids(db, 'events')
    expect([...eventsGone].filter((id) => events.has(id))).toEqual([])
    expect(events).toEqual(eventsKept)
    const keys = await db.store.db.selectFrom('idempotency_keys').select('key').execute()
    expect(keys.map((row) => row.key)).toEqual(['fresh'])
    expect(await ids(db, 'sessions')).toEqual(sessionsKept)
    expect([...sessionsGone].some((id) => sessionsKept.has(id))).toBe(false)
    expect(await ids(db, 'validations')).toEqual(resultsKept)
    expect([...resultsGone].some((id) => resultsKept.has(id))).toBe(false)
    const projects = await db.store.db.selectFrom('projects').selectAll().execute()
    expect(projects.map((p) => [p.name, p.latest_validation_id, p.validations])).toEqual([['P', p3, 1]])
    const days = await db.store.db.selectFrom('rule_failure_days').select('day').execute()
    expect(days.every((row) => row.day >= cutoffDay)).toBe(true)
    expect(days.length).toBeGreaterThanOrEqual(2)

    expect(await pruneRetention(db.store, { now, policy, batchSize: 7 })).toEqual(zeroReport())
    expect(await pruneRetention(db.store, { now, policy, batchSize: 7, dryRun: true })).toEqual(zeroReport())
  }, 60_000)

  it('a kept result whose comparison base was pruned reads as compared with nothing', async () => {
    db = await openSystemDatabase(engine)
    const now = Date.now()
    const p1 = await insertResult(db, now - 20 * DAY, 'P')
    const p2 = await insertResult(db, now - 15 * DAY, 'P', 'Main.xaml', p1)
    const p3 = await insertResult(db, now - 2 * DAY, 'P', 'Main.xaml', p2)
    const p4 = await insertResult(db, now - DAY, 'P', 'Main.xaml', p3)
    const w1 = await insertResult(db, now - 11 * DAY, null, 'One.xaml')
    const w2 = await insertResult(db, now - 9 * DAY, null, 'One.xaml', w1)
    const policy: RetentionPolicy = {
      deliveries: null,
      failedDeliveries: null,
      events: null,
      idempotencyKeys: null,
      sessions: null,
      results: 10 * DAY,
    }
    const report = await pruneRetention(db.store, { now, policy, batchSize: 2 })
    expect(report.results).toBe(3)
    expect(await ids(db, 'validations')).toEqual(new Set([p3, p4, w2]))

    const comparedWith = async (id: string) =>
      (await getValidation(db!.store.db, db!.orgId, id))?.comparedWithId
    expect(await comparedWith(p3)).toBeNull() // p2 is gone
    expect(await comparedWith(w2)).toBeNull() // w1 is gone
    expect(await comparedWith(p4)).toBe(p3) // p3 is kept
    const listed = await listValidations(db.store.db, { orgId: db.orgId, limit: 10 })
    expect(listed.map((v) => [v.id, v.comparedWithId])).toEqual([
      [p4, p3],
      [p3, null],
      [w2, null],
    ])
    const [project] = await listProjects(db.store.db, { orgId: db.orgId, limit: 10 })
    expect([project?.latest.id, project?.latest.comparedWithId]).toEqual([p4, p3])
  }, 60_000)

  it('while a worker process delivers a stream of new events, repeated prunes take only the old rows', async () => {
    db = await openSystemDatabase(engine)
    const secrets = [generateWebhookSecret(), generateWebhookSecret()]
    receiver = await startCountingReceiver(secrets)
    const webhooks = []
    for (let i = 0; i < secrets.length; i++) {
      webhooks.push(await createWebhookWithSecret(db, { url: receiver.hookUrl(i), secret: secrets[i]! }))
    }
    const now = Date.now()
    // 300 old deliveries, finished two hours ago (retention below: one hour).
    const oldIds = new Set<string>()
    for (let e = 0; e < 30; e++) {
      const eventAt = now - 3 * HOUR + e * 100
      const eventId = await insertEvent(db, eventAt)
      for (let d = 0; d < 10; d++) {
        oldIds.add(
          await insertDelivery(db, {
            webhookId: webhooks[d % 2]!.id,
            eventId,
            createdAt: eventAt + d + 1,
            status: d === 9 ? 'cancelled' : 'succeeded',
            completedAt: now - 2 * HOUR,
            attempts: 1,
          }),
        )
      }
    }
    worker = await startServe(db, 'worker')
    const policy: RetentionPolicy = {
      deliveries: HOUR,
      failedDeliveries: HOUR,
      events: HOUR,
      idempotencyKeys: DAY,
      sessions: DAY,
      results: null,
    }
    let pruning = true
    const totals = zeroReport()
    const pruneLoop = (async () => {
      let runs = 0
      while (pruning || runs < 2) {
        const report = await pruneRetention(db!.store, { now: Date.now(), policy, batchSize: 25 })
        for (const kind of PRUNE_KINDS) totals[kind] += report[kind]
        runs++
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return runs
    })()

    const newIds: string[] = []
    for (let round = 0; round < 10; round++) {
      newIds.push(
        ...(await recordEventBurst(db, { count: 20, perTransaction: 10, labelPrefix: `flow-${round}` })),
      )
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await waitUntil(
      () => {
        const arrived = new Set(receiver!.deliveries().map((d) => d.deliveryId))
        return newIds.every((id) => arrived.has(id))
      },
      60_000,
      () => `${receiver!.deliveries().length} of ${newIds.length} new deliveries arrived`,
    )
    pruning = false
    const runs = await pruneLoop
    expect(runs).toBeGreaterThanOrEqual(2)

    expect(totals.deliveries).toBe(oldIds.size)
    expect(totals.deliveryAttempts).toBe(oldIds.size)
    expect(totals.events).toBe(30)
    const left = await ids(db, 'deliveries')
    expect([...oldIds].filter((id) => left.has(id))).toEqual([])
    // Every new delivery is still there, succeeded, with its attempt.
    expect(left).toEqual(new Set(newIds))
    // The last attempts are recorded just after the receiver logged them: wait for the rows.
    const deadline = Date.now() + 30_000
    let succeeded = 0
    while (Date.now() < deadline) {
      const row = await db.store.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'succeeded')
        .executeTakeFirstOrThrow()
      succeeded = Number(row.n)
      if (succeeded === newIds.length) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(succeeded).toBe(newIds.length)
    expect(await countRows(db, 'delivery_attempts')).toBe(newIds.length)
  }, 120_000)
})
