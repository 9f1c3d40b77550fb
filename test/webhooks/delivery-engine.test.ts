/**
 * The delivery engine against real receivers on 127.0.0.1 (allow-list 127.0.0.0/8, as in tests
 * and on-premise set-ups), on both engines. Time is a ManualClock and jitter is off (random 0.5),
 * so schedules are exact; `runUntilIdle` sends whatever is due at the clock's now.
 */
import { createHmac } from 'node:crypto'
import net from 'node:net'
import { Registry } from 'prom-client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { signalNewDeliveries } from '../../src/store/delivery-wake-signal.js'
import { recordEvent } from '../../src/store/events.js'
import { updateWebhook } from '../../src/store/webhooks.js'
import { claimDeliveries } from '../../src/webhooks/delivery/claim-deliveries.js'
import { createDeliveryMetrics } from '../../src/webhooks/delivery/delivery-metrics.js'
import { renderBody } from '../../src/webhooks/delivery/render-body.js'
import { DEFAULT_RETRY_POLICY } from '../../src/webhooks/delivery/retry-policy.js'
import { USER_AGENT } from '../../src/webhooks/delivery/signing.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  attemptsOf,
  type DeliveryKit,
  deliveryRow,
  openDeliveryKit,
  startReceiver,
  TEST_PUBLIC_URL,
  type TestReceiver,
  webhookRow,
} from './delivery-test-kit.js'

const SECOND = 1000
const HOUR = 3600 * SECOND

describe.each(testEngines())('delivery engine on %s', (engine) => {
  let kit: DeliveryKit
  const receivers: TestReceiver[] = []
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const started = await startReceiver(...args)
    receivers.push(started)
    return started
  }

  beforeEach(async () => {
    kit = await openDeliveryKit(engine, { totalTimeoutMs: 400 })
  })
  afterEach(async () => {
    await kit.close()
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })

  it('POSTs the stored envelope bytes with the spec headers and both signatures, then marks it succeeded', async () => {
    const target = await receiver((_r, res) => res.writeHead(204).end())
    const { id: webhookId, secret } = await kit.addWebhook(target.url)
    const [deliveryId] = await kit.emit()
    expect(await kit.worker().runUntilIdle()).toBe(1)

    const event = await kit.testStore.store.db
      .selectFrom('events')
      .select('envelope_json')
      .executeTakeFirstOrThrow()
    expect(target.received).toHaveLength(1)
    const { headers, body } = target.received[0]!
    expect(body.toString('utf8')).toBe(event.envelope_json)
    expect(headers['content-type']).toBe('application/json')
    expect(headers['user-agent']).toBe(USER_AGENT)
    expect(headers['x-flowcerta-event']).toBe('exception.expiring_soon')
    expect(headers['x-flowcerta-delivery']).toBe(deliveryId)
    expect(headers['x-flowcerta-target']).toBe('generic')
    // Keyed by the UTF-8 bytes of the whole secret string, as the spec's receivers compute.
    expect(headers['x-flowcerta-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    )
    // Standard Webhooks: base64 key after whsec_, over id.timestamp.body.
    const timestamp = headers['webhook-timestamp'] as string
    expect(timestamp).toBe(String(Math.floor(kit.clock.now() / 1000)))
    expect(headers['webhook-id']).toBe(deliveryId)
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const expected = createHmac('sha256', key)
      .update(`${deliveryId}.${timestamp}.`)
      .update(body)
      .digest('base64')
    expect(headers['webhook-signature']).toBe(`v1,${expected}`)

    const row = await deliveryRow(kit, deliveryId!)
    expect(row).toMatchObject({
      status: 'succeeded',
      attempt_count: 1,
      last_status_code: 204,
      locked_by: null,
    })
    // A generic body is the event's envelope (never changed), so only the target is fixed.
    expect(row).toMatchObject({ body: null, target: 'generic' })
    const attempts = await attemptsOf(kit, deliveryId!)
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({
      number: 1,
      status_code: 204,
      error_class: null,
      started_at: kit.clock.now(),
    })
    expect((await webhookRow(kit, webhookId)).last_success_at).toBe(kit.clock.now())
  })

  it.each(['slack', 'teams'] as const)(
    '%s target: sends the formatted body, signed over exactly those bytes, the same bytes on a retry',
    async (targetName) => {
      let calls = 0
      const target = await receiver((_r, res) => res.writeHead(calls++ === 0 ? 500 : 200).end())
      const { secret } = await kit.addWebhook(target.url, { target: targetName })
      const [deliveryId] = await kit.emit()
      const worker = kit.worker()
      expect(await worker.runUntilIdle()).toBe(1)
      kit.clock.advance(DEFAULT_RETRY_POLICY.attemptDelaysMs[1]!)
      expect(await worker.runUntilIdle()).toBe(1)

      const event = await kit.testStore.store.db
        .selectFrom('events')
        .select('envelope_json')
        .executeTakeFirstOrThrow()
      const formatted = renderBody(targetName, event.envelope_json, { publicUrl: TEST_PUBLIC_URL })
      expect(formatted).not.toBe(event.envelope_json)
      expect(target.received).toHaveLength(2)
      for (const { headers, body } of target.received) {
        expect(body.toString('utf8')).toBe(formatted)
        expect(headers['x-flowcerta-target']).toBe(targetName)
        expect(headers['x-flowcerta-event']).toBe('exception.expiring_soon')
        expect(headers['x-flowcerta-signature']).toBe(
          `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        )
      }
      const parsed = JSON.parse(formatted) as Record<string, unknown>
      if (targetName === 'slack')
        expect(parsed).toMatchObject({ text: expect.any(String), blocks: expect.any(Array) })
      else
        expect(parsed).toMatchObject({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions' })
      const row = await deliveryRow(kit, deliveryId!)
      expect(row).toMatchObject({
        status: 'succeeded',
        attempt_count: 2,
        body: formatted,
        target: targetName,
      })
    },
  )

  it.each([
    ['generic', 'slack'],
    ['slack', 'generic'],
  ] as const)(
    'the body and target are fixed at the first attempt: %s stays %s after a PATCH to the other',
    async (first, later) => {
      let calls = 0
      const target = await receiver((_r, res) => res.writeHead(calls++ === 0 ? 500 : 200).end())
      const { id: webhookId } = await kit.addWebhook(target.url, { target: first })
      const [deliveryId] = await kit.emit()
      const worker = kit.worker()
      expect(await worker.runUntilIdle()).toBe(1)
      await updateWebhook(kit.testStore.store.db, kit.orgId, webhookId, { target: later }, kit.clock.now())
      kit.clock.advance(DEFAULT_RETRY_POLICY.attemptDelaysMs[1]!)
      expect(await worker.runUntilIdle()).toBe(1)

      expect(target.received).toHaveLength(2)
      const [attempt1, attempt2] = target.received
      expect(attempt2!.body.equals(attempt1!.body)).toBe(true)
      expect(attempt2!.headers['x-flowcerta-target']).toBe(first)
      expect(attempt1!.headers['x-flowcerta-target']).toBe(first)
      expect(await deliveryRow(kit, deliveryId!)).toMatchObject({ status: 'succeeded', target: first })
    },
  )

  it('500: retries on the schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with identical bytes, then fails', async () => {
    const target = await receiver((_r, res) => res.writeHead(500).end('boom'))
    const { id: webhookId } = await kit.addWebhook(target.url)
    const [deliveryId] = await kit.emit()
    const worker = kit.worker()
    expect(await worker.runUntilIdle()).toBe(1)
    for (const delay of DEFAULT_RETRY_POLICY.attemptDelaysMs.slice(1)) {
      const row = await deliveryRow(kit, deliveryId!)
      expect(row).toMatchObject({ status: 'pending', next_attempt_at: kit.clock.now() + delay })
      kit.clock.advance(delay - 1)
      expect(await worker.runUntilIdle()).toBe(0)
      kit.clock.advance(1)
      expect(await worker.runUntilIdle()).toBe(1)
    }
    const row = await deliveryRow(kit, deliveryId!)
    expect(row).toMatchObject({
      status: 'failed',
      attempt_count: 8,
      next_attempt_at: null,
      last_status_code: 500,
    })
    expect(target.received).toHaveLength(8)
    const first = target.received[0]!
    for (const request of target.received) {
      expect(request.body.equals(first.body)).toBe(true)
      expect(request.headers['x-flowcerta-delivery']).toBe(deliveryId)
      expect(request.headers['x-flowcerta-signature']).toBe(first.headers['x-flowcerta-signature'])
    }
    const attempts = await attemptsOf(kit, deliveryId!)
    expect(attempts.map((a) => [a.number, a.status_code, a.error_class, a.response_body])).toEqual(
      Array.from({ length: 8 }, (_, i) => [i + 1, 500, 'http_error', 'boom']),
    )
    // About 28 h of failures: not yet the 5 days that disable a webhook.
    expect(await webhookRow(kit, webhookId)).toMatchObject({
      enabled: 1,
      failing_since: Date.parse('2026-05-15T18:00:00.000Z'),
    })
  })

  it('jitter spreads a retry over ±20 %', async () => {
    const target = await receiver((_r, res) => res.writeHead(500).end())
    await kit.addWebhook(target.url)
    const [low, high] = [await kit.emit(), await kit.emit()].map((ids) => ids[0]!)
    await kit.worker({ random: () => 0 }).runUntilIdle()
    // Both were sent by the first worker (random 0 → −20 %).
    expect((await deliveryRow(kit, low!)).next_attempt_at).toBe(kit.clock.now() + 4000)
    expect((await deliveryRow(kit, high!)).next_attempt_at).toBe(kit.clock.now() + 4000)
  })

  it('a webhook failing with no success for 5 days is disabled (failing) and its pending deliveries fail', async () => {
    const target = await receiver((_r, res) => res.writeHead(502).end())
    const { id: webhookId } = await kit.addWebhook(target.url)
    const worker = kit.worker()
    await kit.emit()
    await worker.runUntilIdle()
    kit.clock.advance(5 * 24 * HOUR)
    const [later] = await kit.emit()
    const [queued] = await kit.emit()
    // Only one of the two new deliveries is sent before the webhook is disabled? Both are claimed
    // in one batch; the second finds the webhook disabled only if sent later, so send one first.
    await kit.testStore.store.db
      .updateTable('deliveries')
      .set({ next_attempt_at: kit.clock.now() + HOUR })
      .where('id', '=', queued!)
      .execute()
    await worker.runUntilIdle()
    expect(await webhookRow(kit, webhookId)).toMatchObject({ enabled: 0, disabled_reason: 'failing' })
    expect(await deliveryRow(kit, later!)).toMatchObject({ status: 'failed' })
    expect(await deliveryRow(kit, queued!)).toMatchObject({
      status: 'failed',
      last_error_class: 'webhook_disabled',
    })
  })

  it('410 Gone disables the webhook at once (gone); nothing more is sent', async () => {
    const target = await receiver((_r, res) => res.writeHead(410).end('gone'))
    const { id: webhookId } = await kit.addWebhook(target.url)
    const [first] = await kit.emit()
    const worker = kit.worker()
    await worker.runUntilIdle()
    expect(await deliveryRow(kit, first!)).toMatchObject({ status: 'failed', last_status_code: 410 })
    expect(await webhookRow(kit, webhookId)).toMatchObject({ enabled: 0, disabled_reason: 'gone' })
    expect(await kit.emit()).toEqual([]) // disabled webhooks get no deliveries
    kit.clock.advance(HOUR)
    await worker.runUntilIdle()
    expect(target.received).toHaveLength(1)
  })

  it('429 and 503 with Retry-After are honoured, within bounds', async () => {
    let status = 429
    let retryAfter = '120'
    const target = await receiver((_r, res) => res.writeHead(status, { 'retry-after': retryAfter }).end())
    await kit.addWebhook(target.url)
    const [id] = await kit.emit()
    const worker = kit.worker()
    await worker.runUntilIdle()
    expect(await deliveryRow(kit, id!)).toMatchObject({
      status: 'pending',
      next_attempt_at: kit.clock.now() + 120 * SECOND,
    })
    status = 503
    retryAfter = '99999999'
    kit.clock.advance(120 * SECOND)
    await worker.runUntilIdle()
    expect(await deliveryRow(kit, id!)).toMatchObject({
      next_attempt_at: kit.clock.now() + DEFAULT_RETRY_POLICY.retryAfterMaxMs,
    })
    const attempts = await attemptsOf(kit, id!)
    expect(attempts.map((a) => a.status_code)).toEqual([429, 503])
  })

  it('302 is a failure (redirect) and the Location is not followed', async () => {
    const elsewhere = await receiver()
    const target = await receiver((_r, res) => res.writeHead(302, { location: elsewhere.url }).end())
    await kit.addWebhook(target.url)
    const [id] = await kit.emit()
    await kit.worker().runUntilIdle()
    expect(elsewhere.received).toHaveLength(0)
    expect(await deliveryRow(kit, id!)).toMatchObject({
      status: 'pending',
      last_status_code: 302,
      last_error_class: 'redirect',
    })
    const [attempt] = await attemptsOf(kit, id!)
    expect(attempt?.error_message).toContain('redirect not followed')
  })

  it('a hanging receiver is a timeout; a slow body too; a reset is connection_reset; a closed port is refused', async () => {
    const hanging = await receiver(() => {})
    const slowBody = await receiver((_r, res) => {
      res.writeHead(200)
      res.write('partial')
    })
    const reset = await receiver((_r, _res, req) => req.socket.destroy())
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const hooks = {
      hanging: await kit.addWebhook(hanging.url),
      slowBody: await kit.addWebhook(slowBody.url),
      reset: await kit.addWebhook(reset.url),
      refused: await kit.addWebhook(`http://127.0.0.1:${closedPort}/hook`),
    }
    await kit.emit()
    await kit.worker().runUntilIdle()
    const byWebhook = async (webhookId: string) =>
      kit.testStore.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .executeTakeFirstOrThrow()
    expect(await byWebhook(hooks.hanging.id)).toMatchObject({
      status: 'pending',
      last_error_class: 'timeout',
      last_status_code: null,
    })
    expect(await byWebhook(hooks.slowBody.id)).toMatchObject({
      status: 'pending',
      last_error_class: 'timeout',
    })
    expect(await byWebhook(hooks.reset.id)).toMatchObject({
      status: 'pending',
      last_error_class: 'connection_reset',
    })
    expect(await byWebhook(hooks.refused.id)).toMatchObject({
      status: 'pending',
      last_error_class: 'connection_refused',
    })
    const hangingAttempt = (await attemptsOf(kit, (await byWebhook(hooks.hanging.id)).id))[0]
    expect(hangingAttempt?.duration_ms).toBeGreaterThanOrEqual(350)
  })

  it('keeps the first 64 KiB of a response body', async () => {
    const target = await receiver((_r, res) => res.writeHead(500).end('x'.repeat(100 * 1024)))
    await kit.addWebhook(target.url)
    const [id] = await kit.emit()
    await kit.worker().runUntilIdle()
    const [attempt] = await attemptsOf(kit, id!)
    expect(attempt?.response_body).toHaveLength(64 * 1024)
  })

  it('a black-holed webhook holds at most its 8 slots; a healthy one keeps flowing', async () => {
    const blackHole = await receiver(() => {})
    const healthy = await receiver()
    await kit.addWebhook(blackHole.url)
    await kit.addWebhook(healthy.url)
    for (let i = 0; i < 12; i++) await kit.emit()
    const worker = kit.worker({ pollMs: 60_000, globalCap: 16 })
    await worker.start()
    await vi.waitFor(() => expect(healthy.received).toHaveLength(12), { timeout: 3000, interval: 10 })
    expect(blackHole.received.length).toBeLessThanOrEqual(8)
    await worker.stop()
    expect(worker.inFlight).toBe(0)
  })

  it('wakes on commit: a started worker delivers a new event without waiting for its poll', async () => {
    const target = await receiver()
    await kit.addWebhook(target.url)
    // The store's own wake-up: in-process on SQLite, LISTEN/NOTIFY on PostgreSQL.
    const worker = kit.worker({ pollMs: 60_000 })
    await worker.start()
    await kit.testStore.store.transaction(async (trx) => {
      await recordEvent(
        trx,
        kit.testStore.store.capabilities,
        buildEnvelope('exception.expiring_soon', kit.orgId, kit.clock.now(), { n: 1 }),
      )
      await signalNewDeliveries(trx, kit.testStore.store.capabilities)
    })
    await vi.waitFor(() => expect(target.received).toHaveLength(1), { timeout: 2000, interval: 5 })
    await worker.stop()
  })

  it('stop() lets sends in flight finish and records them', async () => {
    let answer: (() => void) | null = null
    const target = await receiver((_r, res) => {
      answer = () => res.writeHead(200).end()
    })
    await kit.addWebhook(target.url)
    const [id] = await kit.emit()
    const worker = kit.worker({ pollMs: 60_000 })
    await worker.start()
    worker.wake()
    await vi.waitFor(() => expect(answer).not.toBeNull(), { timeout: 2000, interval: 5 })
    const stopped = worker.stop()
    answer!()
    await stopped
    expect(await deliveryRow(kit, id!)).toMatchObject({ status: 'succeeded' })
  })

  it('metrics: attempts by outcome, duration histogram, due backlog and oldest due age', async () => {
    const registry = new Registry()
    const metrics = createDeliveryMetrics(registry, { store: kit.testStore.store, clock: kit.clock })
    const ok = await receiver()
    const failing = await receiver((_r, res) => res.writeHead(500).end())
    await kit.addWebhook(ok.url)
    await kit.addWebhook(failing.url)
    await kit.emit()
    await kit.worker({ metrics }).runUntilIdle()
    kit.clock.advance(65 * SECOND)
    const text = await registry.metrics()
    expect(text).toContain('flowcerta_webhook_deliveries_total{outcome="succeeded",error_class="none"} 1')
    expect(text).toContain('flowcerta_webhook_deliveries_total{outcome="retry",error_class="http_error"} 1')
    expect(text).toContain('flowcerta_webhook_attempt_duration_seconds_count{outcome="succeeded"} 1')
    expect(text).toContain('flowcerta_webhook_due_backlog 1')
    expect(text).toContain('flowcerta_webhook_oldest_due_age_seconds 60')
  })

  it('two claimers at once never take the same due row within a lease', async () => {
    const { id: webhookId } = await kit.addWebhook('http://127.0.0.1:9/hook')
    for (let i = 0; i < 60; i++) await kit.emit()
    // PostgreSQL: a second pool, as a second process would have. SQLite has one writer per
    // database by design (one Store per process), so there the claims interleave on one store.
    const other = engine === 'postgres' ? kit.testStore.open() : kit.testStore.store
    const claim = (store: typeof other, workerId: string) =>
      claimDeliveries(store, {
        workerId,
        now: kit.clock.now(),
        leaseMs: 60_000,
        limit: 25,
        perWebhookFree: 100,
        freeByWebhook: new Map(),
        publicUrl: TEST_PUBLIC_URL,
      })
    // Concurrent claims from both until nothing is left: rows another claimer had locked are
    // skipped, not waited for, and show up in a later round.
    const ids: string[] = []
    for (let round = 0; round < 10; round++) {
      const claimed = await Promise.all([
        claim(kit.testStore.store, 'a'),
        claim(other, 'b'),
        claim(kit.testStore.store, 'a'),
        claim(other, 'b'),
      ])
      ids.push(...claimed.flat().map((d) => d.id))
      if (claimed.every((batch) => batch.length === 0)) break
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(60)
    // Within the lease nobody gets them again; after it, they return.
    expect(await claim(other, 'c')).toHaveLength(0)
    kit.clock.advance(60_000)
    expect((await claim(other, 'c')).length).toBeGreaterThan(0)
    expect(webhookId).toBeDefined()
  })
})
