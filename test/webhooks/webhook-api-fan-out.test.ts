import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { recordEvent } from '../../src/store/events.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

/** A minimal workflow the validations route accepts. */
const WORKFLOW =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="Main" /></Activity>'

describe.each(testEngines())('outbox fan-out on %s', (engine) => {
  let t: TestApp
  const hooks: Record<string, string> = {}
  beforeAll(async () => {
    t = await openTestApp(engine)
    const make = async (name: string, payload: object, key = t.orgA.adminKey) => {
      const res = await t.request(key, {
        method: 'POST',
        url: '/api/v1/org-webhooks',
        payload: { url: `https://${name}.example.com/`, ...payload },
      })
      if (res.statusCode !== 201) throw new Error(res.body)
      hooks[name] = res.json().id
    }
    await make('completed', { events: ['validation.completed'] })
    await make('all', { events: ['*'] })
    await make('expiring', { events: ['exception.expiring_soon'] })
    await make('two', { events: ['validation.completed', 'validation.below_threshold'] })
    await make('disabled', { events: ['*'], enabled: false })
    await make('later-disabled', { events: ['*'] })
    await make('deleted', { events: ['*'] })
    await make('org-b', { events: ['*'] }, t.orgB.adminKey)
    await t.request(t.orgA.adminKey, {
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${hooks['later-disabled']}`,
      payload: { enabled: false },
    })
    await t.request(t.orgA.adminKey, { method: 'DELETE', url: `/api/v1/org-webhooks/${hooks.deleted}` })
  })
  afterAll(() => t.close())

  const name = (webhookId: string) => Object.entries(hooks).find(([, id]) => id === webhookId)?.[0]

  async function fire(event: string, orgId = t.orgA.orgId) {
    const occurredAt = t.clock.now()
    const recorded = await t.testStore.store.transaction((trx) =>
      recordEvent(trx, t.testStore.store.capabilities, buildEnvelope(event, orgId, occurredAt, {})),
    )
    const rows = await t.testStore.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('event_id', '=', recorded.id)
      .execute()
    return { recorded, rows, occurredAt }
  }

  it.each([
    ['validation.completed', ['all', 'completed', 'two']],
    ['validation.below_threshold', ['all', 'two']],
    ['exception.expiring_soon', ['all', 'expiring']],
    // Sent only by the test route, to one webhook: `*` does not take it.
    ['webhook.test', []],
  ])('%s → one pending delivery per enabled subscribed webhook: %j', async (event, expected) => {
    const { recorded, rows, occurredAt } = await fire(event)
    expect(rows.map((row) => name(row.webhook_id)).sort()).toEqual(expected)
    expect(recorded.deliveryIds.sort()).toEqual(rows.map((row) => row.id).sort())
    for (const row of rows) {
      expect(row).toMatchObject({
        org_id: t.orgA.orgId,
        event,
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: occurredAt,
        locked_until: null,
        body: null,
      })
    }
  })

  it("an org's event reaches only its own webhooks", async () => {
    const { rows } = await fire('validation.completed', t.orgB.orgId)
    expect(rows.map((row) => name(row.webhook_id))).toEqual(['org-b'])
  })

  it('the deliveries commit with the event or not at all', async () => {
    const before = await t.testStore.store.db.selectFrom('deliveries').select('id').execute()
    await expect(
      t.testStore.store.transaction(async (trx) => {
        await recordEvent(
          trx,
          t.testStore.store.capabilities,
          buildEnvelope('validation.completed', t.orgA.orgId, t.clock.now(), {}),
        )
        throw new Error('the change that caused the event failed')
      }),
    ).rejects.toThrow('failed')
    const after = await t.testStore.store.db.selectFrom('deliveries').select('id').execute()
    expect(after).toHaveLength(before.length)
  })

  it('a real validation fans out validation.completed through the API', async () => {
    const res = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName: 'FanOut.xaml', content: WORKFLOW },
    })
    expect(res.statusCode, res.body).toBe(201)
    const events = await t.testStore.store.db
      .selectFrom('events')
      .select(['id', 'event'])
      .where('org_id', '=', t.orgA.orgId)
      .orderBy('id', 'desc')
      .limit(1)
      .execute()
    const rows = await t.testStore.store.db
      .selectFrom('deliveries')
      .select('webhook_id')
      .where('event_id', '=', events[0]?.id ?? '')
      .execute()
    expect(events[0]?.event).toBe('validation.completed')
    expect(rows.map((row) => name(row.webhook_id)).sort()).toEqual(['all', 'completed', 'two'])
  })

  it('fans out to many webhooks in batches (600 subscribed → 600 rows)', async () => {
    const orgId = t.orgB.orgId
    const now = t.clock.now()
    // Inserted directly: 600 API calls would only slow the suite down.
    const rows = Array.from({ length: 599 }, (_, i) => ({
      id: `0190b000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      org_id: orgId,
      url: 'https://bulk.example.com/',
      target: 'generic' as const,
      events_json: '["validation.completed"]',
      description: null,
      enabled: 1,
      disabled_reason: null,
      secret_encrypted: 'v1.x.y.z',
      secret_preview: 'whsec_x…y',
      previous_secret_encrypted: null,
      previous_secret_expires_at: null,
      last_success_at: null,
      failing_since: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    }))
    await t.testStore.store.db.insertInto('webhooks').values(rows).execute()
    const { rows: deliveries } = await fire('validation.completed', orgId)
    expect(deliveries).toHaveLength(600)
    expect(new Set(deliveries.map((row) => row.webhook_id)).size).toBe(600)
  })
})
