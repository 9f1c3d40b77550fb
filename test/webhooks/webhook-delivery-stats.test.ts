/**
 * The webhook list's delivery stats on both engines: one statement for the whole page (no query per
 * webhook), with the same last delivery, success rate and window as one webhook's own read; a
 * webhook of another org given by id gets nothing.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { createOrg } from '../../src/orgs/create-org.js'
import type { DeliveriesTable } from '../../src/store/database.js'
import { pendingDelivery } from '../../src/store/delivery-lifecycle.js'
import {
  NO_DELIVERY_STATS,
  SUCCESS_RATE_WINDOW,
  webhookDeliveryStats,
  webhooksDeliveryStats,
} from '../../src/store/delivery-log.js'
import { testEngines } from '../helpers/test-stores.js'
import { createWebhookWithSecret, openSystemDatabase, type SystemDatabase } from './system-test-kit.js'

const T0 = Date.parse('2026-12-01T00:00:00.000Z')

/** Rows of `webhookId`, oldest first, each made one ms after the one before. */
async function insertDeliveries(
  db: SystemDatabase,
  orgId: string,
  webhookId: string,
  rows: Partial<DeliveriesTable>[],
): Promise<string[]> {
  const eventId = uuidv7({ msecs: T0 })
  await db.store.db
    .insertInto('events')
    .values({
      id: eventId,
      org_id: orgId,
      event: 'validation.completed',
      occurred_at: T0,
      envelope_json: '{}',
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute()
  const event = { id: eventId, orgId, event: 'validation.completed', occurredAt: T0 }
  const ids: string[] = []
  for (const [index, row] of rows.entries()) {
    const id = uuidv7({ msecs: T0 + 1 + index })
    ids.push(id)
    await db.store.db
      .insertInto('deliveries')
      .values({ ...pendingDelivery(event, webhookId, id), updated_at: T0 + 1 + index, ...row })
      .execute()
  }
  return ids
}

const succeeded = { status: 'succeeded', attempt_count: 1, last_status_code: 200 } as const
const failed = {
  status: 'failed',
  attempt_count: 8,
  last_status_code: 500,
  last_error_class: 'http_status',
} as const

describe.each(testEngines())('webhook delivery stats on %s', (engine) => {
  let db: SystemDatabase | undefined
  afterEach(async () => {
    await db?.cleanup()
    db = undefined
  })

  it('one statement for a page of webhooks, the same stats as each webhook read alone', async () => {
    db = await openSystemDatabase(engine)
    const orgId = db.orgId
    const webhook = async () => (await createWebhookWithSecret(db!, { url: 'http://127.0.0.1:9/hook' })).id
    const quiet = await webhook()
    const busy = await webhook()
    const small = await webhook()
    // busy: 30 old failures, then 100 finished of which 75 succeeded (the window), then a retrying
    // delivery (attempted: the last delivery) and a new one not attempted yet.
    const window = Array.from({ length: SUCCESS_RATE_WINDOW }, (_, i) => (i % 4 === 3 ? failed : succeeded))
    const busyIds = await insertDeliveries(db, orgId, busy, [
      ...Array.from({ length: 30 }, () => failed),
      ...window,
      { status: 'pending', attempt_count: 2, last_status_code: 503, last_error_class: 'http_status' },
      { status: 'pending' },
    ])
    // small: one success, then a cancelled delivery that had been attempted (not finished).
    const smallIds = await insertDeliveries(db, orgId, small, [
      succeeded,
      { status: 'cancelled', attempt_count: 1, last_status_code: 503, completed_at: T0 + 10 },
    ])
    const other = await createOrg(db.store, {
      name: 'other-org',
      adminEmail: 'admin@other.test',
      at: Date.now(),
    })
    const foreign = (
      await createWebhookWithSecret({ ...db, orgId: other.orgId }, { url: 'http://127.0.0.1:9/x' })
    ).id
    await insertDeliveries(db, other.orgId, foreign, [succeeded])

    let statements = 0
    const counted = db.store.db.withPlugin({
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    const page = await webhooksDeliveryStats(counted, orgId, [quiet, busy, small, foreign])
    expect(statements).toBe(1)

    expect([...page.keys()].sort()).toEqual([quiet, busy, small].sort())
    expect(page.get(quiet)).toEqual(NO_DELIVERY_STATS)
    expect(page.get(busy)).toEqual({
      lastDelivery: {
        id: busyIds.at(-2),
        event: 'validation.completed',
        status: 'pending',
        statusCode: 503,
        errorClass: 'http_status',
        at: T0 + 1 + 130,
      },
      successRate: 0.75,
      recentDeliveries: SUCCESS_RATE_WINDOW,
    })
    expect(page.get(small)).toEqual({
      lastDelivery: {
        id: smallIds[1],
        event: 'validation.completed',
        status: 'cancelled',
        statusCode: 503,
        errorClass: null,
        at: T0 + 2,
      },
      successRate: 1,
      recentDeliveries: 1,
    })
    for (const id of [quiet, busy, small])
      expect(await webhookDeliveryStats(db.store.db, orgId, id)).toEqual(page.get(id))
    expect(await webhookDeliveryStats(db.store.db, orgId, foreign)).toEqual(NO_DELIVERY_STATS)
    expect(await webhooksDeliveryStats(counted, orgId, [])).toEqual(new Map())
    expect(statements).toBe(1) // an empty page asks nothing
  }, 60_000)
})
