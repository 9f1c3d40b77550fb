/** The delivery state table (the updates themselves run against both engines in test/webhooks/). */
import { describe, expect, it } from 'vitest'
import {
  canTransition,
  DELIVERY_STATES,
  DELIVERY_TRANSITIONS,
  pendingDelivery,
  REQUEUEABLE_STATES,
} from './delivery-lifecycle.js'

describe('the delivery lifecycle', () => {
  it('pending moves anywhere (a retry or a lease keeps it pending); finished rows only back to pending', () => {
    expect(DELIVERY_TRANSITIONS).toEqual({
      pending: ['pending', 'succeeded', 'failed', 'cancelled'],
      succeeded: ['pending'],
      failed: ['pending'],
      cancelled: [],
    })
    expect(Object.keys(DELIVERY_TRANSITIONS)).toEqual([...DELIVERY_STATES])
  })

  it('a cancelled delivery is final: its webhook is gone', () => {
    for (const to of DELIVERY_STATES) expect(canTransition('cancelled', to)).toBe(false)
  })

  it('redeliver takes succeeded and failed deliveries back, never pending or cancelled ones', () => {
    expect(REQUEUEABLE_STATES).toEqual(['succeeded', 'failed'])
  })

  it('is frozen', () => {
    expect(Object.isFrozen(DELIVERY_STATES)).toBe(true)
    expect(Object.isFrozen(DELIVERY_TRANSITIONS)).toBe(true)
    expect(Object.isFrozen(DELIVERY_TRANSITIONS.pending)).toBe(true)
  })

  it('a new delivery is pending, unattempted, due and created when its event occurred, body not fixed', () => {
    const event = { id: 'e1', orgId: 'o1', event: 'validation.completed', occurredAt: 1_000 }
    const row = pendingDelivery(event, 'w1', 'd1')
    expect([row.id, row.org_id, row.webhook_id, row.event_id, row.event]).toEqual([
      'd1',
      'o1',
      'w1',
      'e1',
      event.event,
    ])
    expect([row.status, row.attempt_count, row.next_attempt_at, row.created_at]).toEqual([
      'pending',
      0,
      1_000,
      1_000,
    ])
    const unset = [
      row.locked_until,
      row.locked_by,
      row.body,
      row.target,
      row.last_status_code,
      row.completed_at,
      row.trace_context,
    ]
    expect(unset).toEqual([null, null, null, null, null, null, null])
    expect(Object.keys(row)).toHaveLength(18)
    // With tracing on, the row keeps the writing span's traceparent (migration 016).
    const traced = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    expect(pendingDelivery(event, 'w1', 'd1', traced).trace_context).toBe(traced)
  })
})
