/**
 * The scheduler's job spans, and tracing off, on both engines (in this process, with a real OTLP
 * receiver and a real webhook receiver): the expiry scan run by the scheduler loop is a root span
 * `flowcerta.job exception-expiry-scan`; the `exception.expiring_soon` event it writes is its
 * child; the delivery attempt continues that trace from the stored traceparent. With tracing off
 * (before start and after stop) nothing is stored with a delivery and no span is exported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseCronExpression } from '../../src/domain/cron-expression.js'
import { newId } from '../../src/domain/ids.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import { createExpiryScanLoop } from '../../src/risk-exceptions/expiry-scan-scheduler.js'
import type { BackgroundLoop } from '../../src/roles/background-loop.js'
import { insertRiskException } from '../../src/store/risk-exceptions.js'
import { tracingEnabled } from '../../src/tracing/spans.js'
import { type RunningTracing, startTracing } from '../../src/tracing/start-tracing.js'
import { type OtlpReceiver, startOtlpReceiver } from '../helpers/otlp-receiver.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  type DeliveryKit,
  deliveryRow,
  openDeliveryKit,
  startReceiver,
  type TestReceiver,
} from '../webhooks/delivery-test-kit.js'

const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each(testEngines())('scheduler job spans and tracing off on %s', (engine) => {
  let kit: DeliveryKit
  let otlp: OtlpReceiver
  let receiver: TestReceiver
  let tracing: RunningTracing | undefined
  let loop: BackgroundLoop | undefined

  beforeEach(async () => {
    kit = await openDeliveryKit(engine)
    otlp = await startOtlpReceiver()
    receiver = await startReceiver()
  })
  afterEach(async () => {
    await loop?.stop()
    await tracing?.stop()
    await receiver.close()
    await otlp.close()
    await kit.close()
  })

  it('the expiry scan is a root job span; its event and the delivery attempt are in its trace', async () => {
    await kit.addWebhook(receiver.url, { events: ['exception.expiring_soon'] })

    // Off: a delivery written now keeps no trace context.
    expect(tracingEnabled()).toBe(false)
    const [untraced] = await kit.emit()
    expect((await deliveryRow(kit, untraced!)).trace_context).toBeNull()
    await kit.worker().runUntilIdle()
    expect(receiver.received).toHaveLength(1)

    tracing = startTracing({ endpoint: otlp.endpoint, sampleRatio: 1, role: 'scheduler', exportDelayMs: 50 })
    const now = kit.clock.now()
    await insertRiskException(kit.testStore.store.db, {
      id: newId(),
      orgId: kit.orgId,
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Main.xaml',
      location: null,
      reason: 'r',
      status: 'approved',
      requestedByEmail: 'm@org-d.test',
      decidedByEmail: 'admin@org-d.test',
      decidedAt: now,
      decisionReason: null,
      warnedAt: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + 3 * DAY_MS,
    })
    // The kit's clock is 18:00; the job runs at 19:00.
    loop = createExpiryScanLoop({
      store: kit.testStore.store,
      clock: kit.clock,
      schedule: parseCronExpression('0 19 * * *'),
      logger: createLogger('silent'),
      pollMs: 5,
    })
    loop.start()
    kit.clock.set(Date.parse('2026-05-15T19:00:00.000Z'))
    const deadline = Date.now() + 10_000
    let deliveryId: string | undefined
    while (deliveryId === undefined && Date.now() < deadline) {
      await settle(20)
      const rows = await kit.testStore.store.db
        .selectFrom('deliveries')
        .select(['id', 'trace_context'])
        .where('event', '=', 'exception.expiring_soon')
        .where('id', '!=', untraced!)
        .execute()
      deliveryId = rows[0]?.id
    }
    expect(deliveryId, 'the scan wrote a delivery').toBeDefined()
    const stored = (await deliveryRow(kit, deliveryId!)).trace_context
    expect(stored).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    await kit.worker().runUntilIdle()
    expect(receiver.received).toHaveLength(2)
    await tracing.flush()

    const job = otlp.spans.find((span) => span.name === 'flowcerta.job exception-expiry-scan')
    expect(job, JSON.stringify(otlp.spans.map((s) => s.name))).toBeDefined()
    expect(job!.parentSpanId).toBe('')
    expect(job!.attributes).toMatchObject({ 'flowcerta.job': 'exception-expiry-scan', 'flowcerta.warned': 1 })
    expect(job!.resource['flowcerta.role']).toBe('scheduler')
    const outbox = otlp.spans.find((span) => span.name === 'flowcerta.outbox.record')!
    expect(outbox).toMatchObject({ traceId: job!.traceId, parentSpanId: job!.spanId })
    expect(stored).toBe(`00-${outbox.traceId}-${outbox.spanId}-01`)
    // One attempt span: the delivery written while tracing was off was sent before it started.
    const attempts = otlp.spans.filter((span) => span.name === 'flowcerta.webhook.attempt')
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({
      traceId: job!.traceId,
      parentSpanId: outbox.spanId,
      attributes: { 'flowcerta.delivery_id': deliveryId, 'http.response.status_code': 200 },
    })

    // Off again: nothing stored, nothing exported.
    await loop.stop()
    await tracing.stop()
    expect(tracingEnabled()).toBe(false)
    const exported = otlp.spans.length
    const [afterStop] = await kit.emit()
    expect((await deliveryRow(kit, afterStop!)).trace_context).toBeNull()
    await kit.worker().runUntilIdle()
    await settle(200)
    expect(otlp.spans).toHaveLength(exported)
  })
})
