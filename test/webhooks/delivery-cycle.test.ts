/**
 * The statements of a delivery cycle, on every engine: the outbox fan-out, the claim and the
 * record (with the next claim in the same call), called as the worker calls them. On PostgreSQL
 * these are the one-statement paths (src/store/webhook-fan-out.ts `insertEventWithFanOut`,
 * src/webhooks/delivery/delivery-cycle-statement.ts); on SQLite the multi-statement ones. The
 * same expectations hold for both. Sends are not made here (test/webhooks/delivery-engine.test.ts
 * does them against real receivers): each claimed delivery gets a made-up answer.
 */
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { WEBHOOK_TEST_EVENT } from '../../src/domain/events/webhook-test-event.js'
import { pendingDelivery } from '../../src/store/delivery-lifecycle.js'
import { recordEvent, recordEvents } from '../../src/store/events.js'
import { runPreparedSqlText } from '../../src/store/sql-text.js'
import {
  type ClaimedDelivery,
  type ClaimOptions,
  claimDeliveries,
} from '../../src/webhooks/delivery/claim-deliveries.js'
import { completeDeliveries, type FinishedAttempt } from '../../src/webhooks/delivery/complete-deliveries.js'
import type { DeliveryOutcome } from '../../src/webhooks/delivery/delivery-outcome.js'
import { DEFAULT_RETRY_POLICY } from '../../src/webhooks/delivery/retry-policy.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  attemptsOf,
  type DeliveryKit,
  deliveryRow,
  openDeliveryKit,
  TEST_PUBLIC_URL,
  webhookRow,
} from './delivery-test-kit.js'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const LEASE_MS = 60_000

describe.each(testEngines())('delivery cycle statements on %s', (engine) => {
  let kit: DeliveryKit
  beforeEach(async () => {
    kit = await openDeliveryKit(engine)
  })
  afterEach(async () => {
    await kit.close()
  })

  const db = () => kit.testStore.store.db
  const claim = (options: Partial<ClaimOptions> = {}) =>
    claimDeliveries(kit.testStore.store, claimOptions(options))
  const claimOptions = (options: Partial<ClaimOptions> = {}): ClaimOptions => ({
    workerId: 'worker-1',
    now: kit.clock.now(),
    leaseMs: LEASE_MS,
    limit: 100,
    perWebhookFree: 100,
    freeByWebhook: new Map(),
    publicUrl: TEST_PUBLIC_URL,
    ...options,
  })
  const answer = (
    delivery: ClaimedDelivery,
    outcome: DeliveryOutcome = { status: 'succeeded' },
    statusCode = 200,
  ): FinishedAttempt => ({
    delivery,
    startedAt: kit.clock.now(),
    result: {
      statusCode,
      durationMs: 7,
      responseBody: `answer ${statusCode}`,
      errorClass: statusCode < 300 ? null : 'http_error',
      errorMessage: statusCode < 300 ? null : `HTTP ${statusCode}`,
      retryAfter: undefined,
    },
    outcome,
    requestHeaders: { 'x-flowcerta-delivery': delivery.id },
  })
  const record = (finished: FinishedAttempt[], next?: Partial<ClaimOptions>, workerId = 'worker-1') =>
    completeDeliveries(
      kit.testStore.store,
      { workerId, now: kit.clock.now(), policy: DEFAULT_RETRY_POLICY },
      finished,
      next === undefined ? undefined : claimOptions({ workerId, ...next }),
    )
  /** `count` events, 1 ms apart (so their deliveries come due in that order). */
  const emitMany = async (count: number) => {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      ids.push(...(await kit.emit()))
      kit.clock.advance(1)
    }
    return ids
  }

  it('fan-out: one pending row per enabled, live, subscribed webhook, as pendingDelivery shapes it, ids UUID v7 in webhook order', async () => {
    const all = await kit.addWebhook('http://127.0.0.1:9/all')
    const named = await kit.addWebhook('http://127.0.0.1:9/named', { events: ['exception.expiring_soon'] })
    await kit.addWebhook('http://127.0.0.1:9/other', { events: ['validation.completed'] })
    const disabled = await kit.addWebhook('http://127.0.0.1:9/disabled')
    const deleted = await kit.addWebhook('http://127.0.0.1:9/deleted')
    await db().updateTable('webhooks').set({ enabled: 0 }).where('id', '=', disabled.id).execute()
    await db()
      .updateTable('webhooks')
      .set({ deleted_at: kit.clock.now() })
      .where('id', '=', deleted.id)
      .execute()

    const ids = await kit.emit()
    expect(ids).toHaveLength(2)
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids) expect(id).toMatch(UUID_V7)
    const rows = await db().selectFrom('deliveries').selectAll().orderBy('id').execute()
    const event = await db().selectFrom('events').selectAll().executeTakeFirstOrThrow()
    const byWebhook = [all.id, named.id].sort()
    expect(rows.map((row) => row.webhook_id)).toEqual(byWebhook)
    rows.forEach((row, index) => {
      expect(row).toEqual(
        pendingDelivery(
          { id: event.id, orgId: kit.orgId, event: event.event, occurredAt: event.occurred_at },
          byWebhook[index]!,
          ids[index]!,
        ),
      )
    })
    // Another event: fresh ids, none shared with the first.
    const more = await kit.emit()
    expect(new Set([...ids, ...more]).size).toBe(4)
  })

  it('recordEvents: several events in one call, each with its own deliveries; a direct-only event is stored and not fanned out', async () => {
    const all = await kit.addWebhook('http://127.0.0.1:9/all')
    const named = await kit.addWebhook('http://127.0.0.1:9/named', { events: ['validation.completed'] })
    const store = kit.testStore.store
    const recorded = await store.transaction((trx) =>
      recordEvents(trx, store.capabilities, [
        buildEnvelope('exception.expiring_soon', kit.orgId, kit.clock.now(), { n: 1 }),
        buildEnvelope('validation.completed', kit.orgId, kit.clock.now() + 1, { n: 2 }),
        buildEnvelope(WEBHOOK_TEST_EVENT, kit.orgId, kit.clock.now() + 2, { n: 3 }),
      ]),
    )
    expect(recorded.map((event) => event.event)).toEqual([
      'exception.expiring_soon',
      'validation.completed',
      WEBHOOK_TEST_EVENT,
    ])
    expect(recorded.map((event) => event.deliveryIds.length)).toEqual([1, 2, 0])
    const rows = await db().selectFrom('deliveries').selectAll().execute()
    expect(rows).toHaveLength(3)
    for (const event of recorded) {
      const stored = await db()
        .selectFrom('events')
        .selectAll()
        .where('id', '=', event.id)
        .executeTakeFirstOrThrow()
      expect(stored.envelope_json).toBe(event.envelopeJson)
      for (const id of event.deliveryIds) {
        const row = rows.find((r) => r.id === id)!
        expect(row).toEqual(pendingDelivery(event, row.webhook_id, id))
      }
    }
    expect(
      rows
        .filter((row) => row.event_id === recorded[1]!.id)
        .map((row) => row.webhook_id)
        .sort(),
    ).toEqual([all.id, named.id].sort())
  })

  it('fan-out in a transaction that rolls back leaves neither the event nor its deliveries', async () => {
    await kit.addWebhook('http://127.0.0.1:9/all')
    await expect(
      kit.testStore.store.transaction(async (trx) => {
        await recordEvent(
          trx,
          kit.testStore.store.capabilities,
          buildEnvelope('exception.expiring_soon', kit.orgId, kit.clock.now(), { note: 'x' }),
        )
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await db().selectFrom('events').selectAll().execute()).toEqual([])
    expect(await db().selectFrom('deliveries').selectAll().execute()).toEqual([])
  })

  it('claim: oldest due first, within each webhook free slots and the limit; a webhook with none free is not taken; the lease and target are set', async () => {
    const a = await kit.addWebhook('http://127.0.0.1:9/a')
    const b = await kit.addWebhook('http://127.0.0.1:9/b')
    const ids = await emitMany(6) // 12 deliveries, each event's in webhook order: a, b, a, b, …
    const aIds = ids.filter((_, index) => index % 2 === 0)
    const bIds = ids.filter((_, index) => index % 2 === 1)
    expect(aIds.every((id, i) => i === 0 || id > aIds[i - 1]!)).toBe(true)

    const dueAt = (await deliveryRow(kit, bIds[0]!)).next_attempt_at
    const first = await claim({ limit: 3, freeByWebhook: new Map([[a.id, 0]]) })
    expect(first.map((d) => d.id)).toEqual(bIds.slice(0, 3))

    const second = await claim({ limit: 10, perWebhookFree: 2, freeByWebhook: new Map([[b.id, 1]]) })
    expect(second.map((d) => d.id).sort()).toEqual([...aIds.slice(0, 2), bIds[3]!].sort())

    const row = await deliveryRow(kit, first[0]!.id)
    expect(row).toMatchObject({
      status: 'pending',
      locked_by: 'worker-1',
      locked_until: kit.clock.now() + LEASE_MS,
      // The lease writes no indexed column (migration 017): the row keeps its due time.
      next_attempt_at: dueAt,
      target: 'generic',
      body: null,
    })
    expect(first[0]).toMatchObject({
      lockedUntil: kit.clock.now() + LEASE_MS,
      url: 'http://127.0.0.1:9/b',
      attemptCount: 0,
    })
    expect(JSON.parse(first[0]!.body)).toMatchObject({ event: 'exception.expiring_soon', orgId: kit.orgId })
    // Leased rows are not due again until the lease runs out.
    expect(await claim()).toHaveLength(6)
    expect(await claim()).toHaveLength(0)
    kit.clock.advance(LEASE_MS)
    expect(await claim({ workerId: 'worker-2' })).toHaveLength(12)
  })

  it("claim: a deleted webhook's due rows are cancelled, a disabled one's failed, none sent", async () => {
    const live = await kit.addWebhook('http://127.0.0.1:9/live')
    const gone = await kit.addWebhook('http://127.0.0.1:9/gone')
    const off = await kit.addWebhook('http://127.0.0.1:9/off')
    await emitMany(2)
    await db()
      .updateTable('webhooks')
      .set({ deleted_at: kit.clock.now() })
      .where('id', '=', gone.id)
      .execute()
    await db().updateTable('webhooks').set({ enabled: 0 }).where('id', '=', off.id).execute()
    const claimed = await claim()
    expect(claimed.map((d) => d.webhookId)).toEqual([live.id, live.id])
    const rows = await db().selectFrom('deliveries').selectAll().execute()
    for (const row of rows.filter((r) => r.webhook_id === gone.id)) {
      expect(row).toMatchObject({ status: 'cancelled', next_attempt_at: null, completed_at: kit.clock.now() })
      expect(row.last_error_class).toBeNull()
    }
    for (const row of rows.filter((r) => r.webhook_id === off.id)) {
      expect(row).toMatchObject({
        status: 'failed',
        last_error_class: 'webhook_disabled',
        next_attempt_at: null,
      })
    }
  })

  it('claim: a slack delivery gets its body rendered and stored at the first claim, and sends those bytes after', async () => {
    const slack = await kit.addWebhook('http://127.0.0.1:9/slack', { target: 'slack' })
    const [id] = await kit.emit()
    const [first] = await claim()
    const row = await deliveryRow(kit, id!)
    expect(row.target).toBe('slack')
    expect(row.body).toBe(first!.body)
    expect(JSON.parse(first!.body)).toHaveProperty('blocks')
    // A retry later: the stored bytes, even after the webhook's target changed.
    await record([answer(first!, { status: 'retry', nextAttemptAt: kit.clock.now() + 5_000 }, 500)])
    await db().updateTable('webhooks').set({ target: 'generic' }).where('id', '=', slack.id).execute()
    kit.clock.advance(5_000)
    const [again] = await claim()
    expect(again).toMatchObject({ id, target: 'slack', body: first!.body, attemptCount: 1 })
  })

  it('record: only rows still leased to this worker and pending; one attempt each; a second copy in the batch is stale; the webhook stamped', async () => {
    const hook = await kit.addWebhook('http://127.0.0.1:9/a')
    await emitMany(3)
    const [one, two, three] = await claim()
    // Three's lease ran out and another worker took it meanwhile.
    await db().updateTable('deliveries').set({ locked_by: 'worker-2' }).where('id', '=', three!.id).execute()
    kit.clock.advance(10)
    const report = await record([answer(one!), answer(one!), answer(two!), answer(three!)])
    expect(report.recorded.map((f) => f.delivery.id)).toEqual([one!.id, two!.id])
    expect(report.stale.map((f) => f.delivery.id)).toEqual([one!.id, three!.id])
    for (const delivery of [one!, two!]) {
      expect(await deliveryRow(kit, delivery.id)).toMatchObject({
        status: 'succeeded',
        attempt_count: 1,
        next_attempt_at: null,
        locked_by: null,
        locked_until: null,
        last_status_code: 200,
        last_error_class: null,
        completed_at: kit.clock.now(),
        updated_at: kit.clock.now(),
      })
      const attempts = await attemptsOf(kit, delivery.id)
      expect(attempts).toHaveLength(1)
      expect(attempts[0]).toMatchObject({
        number: 1,
        org_id: kit.orgId,
        status_code: 200,
        duration_ms: 7,
        response_body: 'answer 200',
        error_class: null,
        request_headers_json: JSON.stringify({ 'x-flowcerta-delivery': delivery.id }),
      })
      expect(attempts[0]!.id).toMatch(UUID_V7)
    }
    expect(await deliveryRow(kit, three!.id)).toMatchObject({ status: 'pending', locked_by: 'worker-2' })
    expect(await attemptsOf(kit, three!.id)).toEqual([])
    expect(await webhookRow(kit, hook.id)).toMatchObject({
      last_success_at: kit.clock.now(),
      failing_since: null,
    })
  })

  it('record + claim in one call: the freed slots are claimed; a row whose lease ran out while it was sent is recorded, not claimed again', async () => {
    await kit.addWebhook('http://127.0.0.1:9/a')
    await emitMany(4)
    const first = await claim({ limit: 2, leaseMs: 1_000 })
    kit.clock.advance(2_000) // both leases over: due again, still leased to worker-1
    const report = await record(
      first.map((d) => answer(d)),
      { limit: 10 },
    )
    expect(report.recorded).toHaveLength(2)
    expect(report.claimed).toHaveLength(2)
    expect(report.claimed.filter((d) => first.some((f) => f.id === d.id))).toEqual([])
    for (const d of first) expect((await deliveryRow(kit, d.id)).status).toBe('succeeded')
    for (const d of report.claimed) expect((await deliveryRow(kit, d.id)).locked_by).toBe('worker-1')
  })

  it('record with a failure: a retry opens the failure run; a 410 disables the webhook before the same call claims, so its due rows fail instead', async () => {
    const flaky = await kit.addWebhook('http://127.0.0.1:9/flaky')
    const gone = await kit.addWebhook('http://127.0.0.1:9/gone')
    await emitMany(3)
    const claimed = await claim({ perWebhookFree: 1 })
    const flakyOne = claimed.find((d) => d.webhookId === flaky.id)!
    const goneOne = claimed.find((d) => d.webhookId === gone.id)!
    kit.clock.advance(10)
    const report = await record(
      [
        answer(flakyOne, { status: 'retry', nextAttemptAt: kit.clock.now() + 5_000 }, 500),
        answer(goneOne, { status: 'failed', disableWebhook: 'gone' }, 410),
      ],
      { perWebhookFree: 1 },
    )
    expect(report.recorded).toHaveLength(2)
    expect(report.disabled).toEqual([{ webhookId: gone.id, reason: 'gone' }])
    expect(report.claimed.map((d) => d.webhookId)).toEqual([flaky.id])
    expect(await webhookRow(kit, flaky.id)).toMatchObject({ failing_since: kit.clock.now(), enabled: 1 })
    expect(await webhookRow(kit, gone.id)).toMatchObject({ enabled: 0, disabled_reason: 'gone' })
    expect(await deliveryRow(kit, flakyOne.id)).toMatchObject({
      status: 'pending',
      attempt_count: 1,
      next_attempt_at: kit.clock.now() + 5_000,
      last_status_code: 500,
      last_error_class: 'http_error',
      completed_at: null,
    })
    const goneRows = await db()
      .selectFrom('deliveries')
      .selectAll()
      .where('webhook_id', '=', gone.id)
      .execute()
    expect(goneRows.map((row) => row.status).sort()).toEqual(['failed', 'failed', 'failed'])
    expect(goneRows.filter((row) => row.last_error_class === 'webhook_disabled')).toHaveLength(2)
  })

  it.runIf(engine === 'postgres')(
    'runPreparedSqlText runs a named prepared statement, parsed once per connection whatever the values',
    async () => {
      await kit.testStore.store.transaction(async (trx) => {
        const one = await runPreparedSqlText<{ n: number }>(
          trx,
          'flowcerta_test_echo',
          'select $1::int as n',
          [1],
        )
        const two = await runPreparedSqlText<{ n: number }>(
          trx,
          'flowcerta_test_echo',
          'select $1::int as n',
          [2],
        )
        expect([one[0]!.n, two[0]!.n]).toEqual([1, 2])
        const { rows } = await sql<{ count: number }>`
          select count(*)::int as count from pg_prepared_statements where name = 'flowcerta_test_echo'`.execute(
          trx,
        )
        expect(rows[0]!.count).toBe(1)
      })
    },
  )
})
