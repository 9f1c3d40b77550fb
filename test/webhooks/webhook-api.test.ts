import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { listAuditEntries } from '../../src/store/audit-log.js'
import { recordEvent } from '../../src/store/events.js'
import { loadWebhookForDelivery } from '../../src/webhooks/webhook-signing-secrets.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

const HOUR = 60 * 60 * 1000

interface WebhookBody {
  id: string
  url: string
  target: string
  events: string[]
  description: string | null
  enabled: boolean
  disabledReason: string | null
  secret_preview: string
  secret?: string
}

describe.each(testEngines())('webhook API on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  const admin = () => t.orgA.adminKey
  function create(payload: object, key = admin()) {
    return t.request(key, { method: 'POST', url: '/api/v1/org-webhooks', payload })
  }
  async function created(payload: object = {}): Promise<WebhookBody> {
    const res = await create({ url: 'https://hooks.example.com/flowcerta', events: ['*'], ...payload })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  async function webhookCount(): Promise<number> {
    const rows = await t.testStore.store.db.selectFrom('webhooks').select('id').execute()
    return rows.length
  }
  /** Records a validation.completed event in org A and returns its delivery ids. */
  async function fireEvent(orgId = t.orgA.orgId): Promise<string[]> {
    const recorded = await t.testStore.store.transaction((trx) =>
      recordEvent(
        trx,
        t.testStore.store.capabilities,
        buildEnvelope('validation.completed', orgId, t.clock.now(), { n: 1 }),
      ),
    )
    return recorded.deliveryIds
  }
  async function setDeliveryStatus(id: string, status: 'succeeded' | 'failed', attempts = 3): Promise<void> {
    await t.testStore.store.db
      .updateTable('deliveries')
      .set({
        status,
        attempt_count: attempts,
        completed_at: t.clock.now(),
        next_attempt_at: null,
        body: '{"fixed":"bytes"}',
      })
      .where('id', '=', id)
      .execute()
  }

  it('creates a webhook: 201 with the secret once, defaults applied, audited without the secret', async () => {
    const res = await create({ url: 'https://Hooks.Example.com/a', events: ['validation.completed'] })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      url: 'https://hooks.example.com/a',
      target: 'generic',
      events: ['validation.completed'],
      description: null,
      enabled: true,
      disabledReason: null,
    })
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(body.secret_preview).toBe(`whsec_${body.secret.slice(6, 10)}…${body.secret.slice(-4)}`)
    expect(Object.keys(body).sort()).toEqual(
      [
        'createdAt',
        'description',
        'disabledReason',
        'enabled',
        'events',
        'id',
        'lastDelivery',
        'previousSecretExpiresAt',
        'recentDeliveries',
        'secret',
        'secret_preview',
        'successRate',
        'target',
        'updatedAt',
        'url',
      ].sort(),
    )

    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 10,
      action: 'webhook.created',
    })
    const entry = entries.find((e) => e.targetId === body.id)
    expect(entry?.actorEmail).toBe('admin@org-a.test')
    expect(JSON.stringify(entry)).not.toContain(body.secret)

    // The stored, sealed secret opens to exactly what the response gave.
    const forDelivery = await loadWebhookForDelivery(
      t.testStore.store.db,
      t.secretKey,
      body.id,
      t.clock.now(),
    )
    expect(forDelivery?.secrets).toEqual([body.secret])
  })

  it('reads (get, list, patch) never carry the secret', async () => {
    const hook = await created({ target: 'slack', description: 'to #governance' })
    const reads = [
      await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}` }),
      await t.request(admin(), { method: 'GET', url: '/api/v1/org-webhooks?limit=200' }),
      await t.request(admin(), {
        method: 'PATCH',
        url: `/api/v1/org-webhooks/${hook.id}`,
        payload: { description: 'x' },
      }),
      await t.request(admin(), { method: 'GET', url: '/api/v1/audit-log?limit=200' }),
    ]
    for (const res of reads) {
      expect(res.statusCode).toBe(200)
      expect(res.body).not.toContain(hook.secret)
      expect(res.body).not.toContain('"secret"')
    }
    const got = reads[0]?.json()
    expect(got).toMatchObject({
      id: hook.id,
      target: 'slack',
      description: 'to #governance',
      secret_preview: hook.secret_preview,
    })
    expect(reads[1]?.json().items.map((w: WebhookBody) => w.id)).toContain(hook.id)
  })

  it('lists newest first with nextCursor pages, only the org’s own webhooks', async () => {
    const other = await created()
    await create({ url: 'https://b.example.com/', events: ['*'] }, t.orgB.adminKey)
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = await t.request(admin(), {
        method: 'GET',
        url: `/api/v1/org-webhooks?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      })
      expect(page.statusCode).toBe(200)
      const json = page.json() as { items: WebhookBody[]; nextCursor: string | null }
      expect(json.items.length).toBeLessThanOrEqual(2)
      ids.push(...json.items.map((item) => item.id))
      cursor = json.nextCursor
    } while (cursor !== null)
    expect(ids[0]).toBe(other.id)
    expect([...ids].sort().reverse()).toEqual(ids)
    const orgBIds = (await t.request(t.orgB.adminKey, { method: 'GET', url: '/api/v1/org-webhooks' })).json()
      .items
    expect(orgBIds).toHaveLength(1)
    expect(ids).not.toContain(orgBIds[0].id)
  })

  it('patches only the fields sent, checks them like create, and audits from → to', async () => {
    const hook = await created({ events: ['validation.completed'] })
    const res = await t.request(admin(), {
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${hook.id}`,
      payload: { events: ['exception.expiring_soon', 'validation.below_threshold'], target: 'teams' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      url: hook.url,
      target: 'teams',
      events: ['exception.expiring_soon', 'validation.below_threshold'],
    })
    const bad = await t.request(admin(), {
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${hook.id}`,
      payload: { url: 'http://example.com/' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('INVALID_WEBHOOK_URL')
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'webhook.updated',
    })
    const entry = entries.find((e) => e.targetId === hook.id)
    expect(entry?.changes).toEqual({
      target: { from: 'generic', to: 'teams' },
      events: {
        from: ['validation.completed'],
        to: ['exception.expiring_soon', 'validation.below_threshold'],
      },
    })
  })

  it('disabling fails pending deliveries (reason manual); enabling does not resend; recover does', async () => {
    const hook = await created()
    const [deliveryId] = (await fireEvent()).slice(-1)
    const off = await t.request(admin(), {
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${hook.id}`,
      payload: { enabled: false },
    })
    expect(off.json()).toMatchObject({ enabled: false, disabledReason: 'manual' })
    const failed = await t.request(admin(), { method: 'GET', url: `/api/v1/deliveries/${deliveryId}` })
    expect(failed.json()).toMatchObject({ status: 'failed', lastErrorClass: 'webhook_disabled' })
    // Disabled: no new deliveries, and no re-sends.
    expect((await fireEvent()).length).toBeGreaterThan(0)
    const list = await t.request(admin(), {
      method: 'GET',
      url: `/api/v1/org-webhooks/${hook.id}/deliveries`,
    })
    expect(list.json().items).toHaveLength(1)
    const recoverOff = await t.request(admin(), {
      method: 'POST',
      url: `/api/v1/org-webhooks/${hook.id}/recover`,
      payload: { since: new Date(t.clock.now() - HOUR).toISOString() },
    })
    expect(recoverOff.statusCode).toBe(409)
    expect(recoverOff.json().error.code).toBe('WEBHOOK_DISABLED')

    const on = await t.request(admin(), {
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${hook.id}`,
      payload: { enabled: true },
    })
    expect(on.json()).toMatchObject({ enabled: true, disabledReason: null })
    expect(
      (await t.request(admin(), { method: 'GET', url: `/api/v1/deliveries/${deliveryId}` })).json().status,
    ).toBe('failed')
    const recovered = await t.request(admin(), {
      method: 'POST',
      url: `/api/v1/org-webhooks/${hook.id}/recover`,
      payload: { since: new Date(t.clock.now() - HOUR).toISOString() },
    })
    expect(recovered.statusCode).toBe(202)
    expect(recovered.json().requeued).toBe(1)
    const after = await t.request(admin(), { method: 'GET', url: `/api/v1/deliveries/${deliveryId}` })
    expect(after.json()).toMatchObject({
      id: deliveryId,
      status: 'pending',
      nextAttemptAt: new Date(t.clock.now()).toISOString(),
    })
  })

  it('deletes: 204, pending deliveries cancelled, the log stays readable, the webhook is gone', async () => {
    const hook = await created()
    const deliveryId = (await fireEvent()).at(-1) as string
    const done = (await fireEvent()).at(-1) as string
    await setDeliveryStatus(done, 'succeeded', 1)
    const res = await t.request(admin(), { method: 'DELETE', url: `/api/v1/org-webhooks/${hook.id}` })
    expect(res.statusCode).toBe(204)
    expect(
      (await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}` })).statusCode,
    ).toBe(404)
    expect(
      (await t.request(admin(), { method: 'DELETE', url: `/api/v1/org-webhooks/${hook.id}` })).statusCode,
    ).toBe(404)
    const cancelled = await t.request(admin(), { method: 'GET', url: `/api/v1/deliveries/${deliveryId}` })
    expect(cancelled.json().status).toBe('cancelled')
    const log = await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}/deliveries` })
    expect(log.statusCode).toBe(200)
    expect(
      log
        .json()
        .items.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([deliveryId, done].sort())
    const again = await t.request(admin(), { method: 'POST', url: `/api/v1/deliveries/${done}/redeliver` })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('WEBHOOK_DELETED')
    // A deleted webhook gets no more deliveries.
    const ids = await fireEvent()
    const rows = await t.testStore.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('webhook_id', '=', hook.id)
      .execute()
    expect(rows).toHaveLength(2)
    expect(ids).not.toContain(undefined)
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'webhook.deleted',
    })
    expect(entries.find((e) => e.targetId === hook.id)?.changes).toMatchObject({ cancelledDeliveries: 1 })
  })

  it('rotates the secret: the new one once, the old one kept for the overlap (default 24 h)', async () => {
    const hook = await created()
    const res = await t.request(admin(), {
      method: 'POST',
      url: `/api/v1/org-webhooks/${hook.id}/rotate-secret`,
    })
    expect(res.statusCode).toBe(200)
    const rotated = res.json()
    expect(rotated.secret).toMatch(/^whsec_/)
    expect(rotated.secret).not.toBe(hook.secret)
    expect(rotated.secret_preview).not.toBe(hook.secret_preview)
    expect(rotated.previousSecretExpiresAt).toBe(new Date(t.clock.now() + 24 * HOUR).toISOString())
    const now = t.clock.now()
    const during = await loadWebhookForDelivery(t.testStore.store.db, t.secretKey, hook.id, now)
    expect(during?.secrets).toEqual([rotated.secret, hook.secret])
    const after = await loadWebhookForDelivery(t.testStore.store.db, t.secretKey, hook.id, now + 24 * HOUR)
    expect(after?.secrets).toEqual([rotated.secret])

    // A second rotation keeps only the one before it; overlap 0 keeps none.
    const second = (
      await t.request(admin(), {
        method: 'POST',
        url: `/api/v1/org-webhooks/${hook.id}/rotate-secret`,
        payload: { overlapSeconds: 60 },
      })
    ).json()
    expect((await loadWebhookForDelivery(t.testStore.store.db, t.secretKey, hook.id, now))?.secrets).toEqual([
      second.secret,
      rotated.secret,
    ])
    const third = (
      await t.request(admin(), {
        method: 'POST',
        url: `/api/v1/org-webhooks/${hook.id}/rotate-secret`,
        payload: { overlapSeconds: 0 },
      })
    ).json()
    expect(third.previousSecretExpiresAt).toBeNull()
    expect((await loadWebhookForDelivery(t.testStore.store.db, t.secretKey, hook.id, now))?.secrets).toEqual([
      third.secret,
    ])

    const read = await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}` })
    for (const secret of [hook.secret, rotated.secret, second.secret, third.secret]) {
      expect(read.body).not.toContain(secret)
    }
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'webhook.secret_rotated',
    })
    expect(entries.filter((e) => e.targetId === hook.id)).toHaveLength(3)
    expect(JSON.stringify(entries)).not.toContain(rotated.secret)
  })

  it('lists deliveries with status and event filters and pages; one delivery shows its attempts', async () => {
    const hook = await created({ events: ['validation.completed', 'exception.expiring_soon'] })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await fireEvent()).at(-1) as string)
    const expiring = await t.testStore.store.transaction((trx) =>
      recordEvent(
        trx,
        t.testStore.store.capabilities,
        buildEnvelope('exception.expiring_soon', t.orgA.orgId, t.clock.now(), {}),
      ),
    )
    const expiringId = expiring.deliveryIds.at(-1) as string
    await setDeliveryStatus(ids[0] as string, 'failed', 8)
    await t.testStore.store.db
      .insertInto('delivery_attempts')
      .values(
        [1, 2].map((number) => ({
          id: `0190a000-0000-7000-8000-00000000000${number}`,
          delivery_id: ids[0] as string,
          org_id: t.orgA.orgId,
          number,
          started_at: t.clock.now() + number,
          duration_ms: 12,
          status_code: number === 1 ? 500 : null,
          response_body: number === 1 ? 'oops' : null,
          error_class: number === 1 ? null : 'timeout',
          error_message: number === 1 ? null : 'no answer in 15 s',
        })),
      )
      .execute()

    const url = `/api/v1/org-webhooks/${hook.id}/deliveries`
    const all = (await t.request(admin(), { method: 'GET', url })).json().items
    expect(all.map((d: { id: string }) => d.id)).toEqual([expiringId, ...[...ids].reverse()])
    const failed = (await t.request(admin(), { method: 'GET', url: `${url}?status=failed` })).json().items
    expect(failed.map((d: { id: string }) => d.id)).toEqual([ids[0]])
    const byEvent = (
      await t.request(admin(), { method: 'GET', url: `${url}?event=exception.expiring_soon` })
    ).json().items
    expect(byEvent.map((d: { id: string }) => d.id)).toEqual([expiringId])
    const page1 = (await t.request(admin(), { method: 'GET', url: `${url}?limit=3` })).json()
    const page2 = (
      await t.request(admin(), { method: 'GET', url: `${url}?limit=3&cursor=${page1.nextCursor}` })
    ).json()
    expect([...page1.items, ...page2.items].map((d: { id: string }) => d.id)).toEqual(
      all.map((d: { id: string }) => d.id),
    )
    expect(page2.nextCursor).toBeNull()
    const badStatus = await t.request(admin(), { method: 'GET', url: `${url}?status=lost` })
    expect(badStatus.statusCode).toBe(400)

    const one = await t.request(admin(), { method: 'GET', url: `/api/v1/deliveries/${ids[0]}` })
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({
      id: ids[0],
      webhookId: hook.id,
      event: 'validation.completed',
      status: 'failed',
      attemptCount: 8,
      attempts: [
        { number: 1, statusCode: 500, durationMs: 12, responseBody: 'oops', errorClass: null },
        { number: 2, statusCode: null, errorClass: 'timeout', errorMessage: 'no answer in 15 s' },
      ],
    })
  })

  it('redeliver re-queues a finished delivery with the same id and body; a pending one is refused', async () => {
    const hook = await created()
    const id = (await fireEvent()).at(-1) as string
    const pending = await t.request(admin(), { method: 'POST', url: `/api/v1/deliveries/${id}/redeliver` })
    expect(pending.statusCode).toBe(409)
    expect(pending.json().error.code).toBe('DELIVERY_PENDING')

    await setDeliveryStatus(id, 'succeeded', 1)
    t.clock.advance(HOUR)
    const res = await t.request(admin(), { method: 'POST', url: `/api/v1/deliveries/${id}/redeliver` })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({
      id,
      webhookId: hook.id,
      status: 'pending',
      attemptCount: 1,
      completedAt: null,
      nextAttemptAt: new Date(t.clock.now()).toISOString(),
    })
    const row = await t.testStore.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.body).toBe('{"fixed":"bytes"}')
    expect(row.locked_until).toBeNull()
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'delivery.redelivered',
    })
    expect(entries.find((e) => e.targetId === id)).toBeDefined()
  })

  it('recover re-queues only failed deliveries inside [since, until)', async () => {
    const hook = await created()
    const start = t.clock.now()
    const early = (await fireEvent()).at(-1) as string
    t.clock.advance(HOUR)
    const inside = (await fireEvent()).at(-1) as string
    const insideOk = (await fireEvent()).at(-1) as string
    t.clock.advance(HOUR)
    const late = (await fireEvent()).at(-1) as string
    for (const id of [early, inside, late]) await setDeliveryStatus(id, 'failed', 8)
    await setDeliveryStatus(insideOk, 'succeeded', 1)
    const res = await t.request(admin(), {
      method: 'POST',
      url: `/api/v1/org-webhooks/${hook.id}/recover`,
      payload: {
        since: new Date(start + HOUR).toISOString(),
        until: new Date(start + 2 * HOUR).toISOString(),
      },
    })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ requeued: 1 })
    const statuses = await t.testStore.store.db
      .selectFrom('deliveries')
      .select(['id', 'status'])
      .where('webhook_id', '=', hook.id)
      .execute()
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
      [early]: 'failed',
      [inside]: 'pending',
      [insideOk]: 'succeeded',
      [late]: 'failed',
    })
    const backwards = await t.request(admin(), {
      method: 'POST',
      url: `/api/v1/org-webhooks/${hook.id}/recover`,
      payload: { since: new Date(start + HOUR).toISOString(), until: new Date(start).toISOString() },
    })
    expect(backwards.statusCode).toBe(400)
    const entries = await listAuditEntries(t.testStore.store.db, {
      orgId: t.orgA.orgId,
      limit: 50,
      action: 'webhook.recovered',
    })
    expect(entries.find((e) => e.targetId === hook.id)?.changes).toMatchObject({ requeued: 1 })
  })

  describe('bad input: a clear 4xx and nothing stored', () => {
    it.each([
      [{ url: 'ftp://example.com/', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'not a url', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'https://user:pw@example.com/', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'https://token@example.com/', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'http://example.com/', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'http://10.1.2.3/', events: ['*'] }, 422, 'INVALID_WEBHOOK_URL'],
      [{ url: 'https://example.com/', events: ['validation.finished'] }, 422, 'UNKNOWN_EVENT'],
      [{ url: 'https://example.com/', events: ['*', 'validation.completed'] }, 422, 'UNKNOWN_EVENT'],
      [{ url: 'https://example.com/', events: ['webhook.test'] }, 422, 'UNKNOWN_EVENT'],
      [{ url: 'https://example.com/', events: [] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/', events: ['*'], target: 'discord' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/', events: ['*'], secret: 'whsec_mine' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/', events: ['*'], enabled: 'yes' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/', events: '*' }, 400, 'VALIDATION_FAILED'],
    ])('%j → %i %s', async (payload, status, code) => {
      const before = await webhookCount()
      const res = await create(payload)
      expect(res.statusCode).toBe(status)
      expect(res.json().error.code).toBe(code)
      expect(res.json().error.message.length).toBeGreaterThan(10)
      expect(await webhookCount()).toBe(before)
    })

    it('names the unknown events and the bad field', async () => {
      const res = await create({
        url: 'https://example.com/',
        events: ['validation.completed', 'nope.never'],
      })
      expect(res.json().error.message).toContain('"nope.never"')
      expect(res.json().error.details).toEqual([
        { field: 'body.events', reason: 'unknown event "nope.never"', value: 'nope.never' },
      ])
      const url = await create({ url: 'https://a:b@example.com/', events: ['*'] })
      expect(url.json().error.details[0].field).toBe('body.url')
    })

    it('accepts plain http for loopback in the allowed ranges only', async () => {
      const ok = await create({ url: 'http://127.0.0.1:9999/hook', events: ['*'] })
      expect(ok.statusCode).toBe(201)
      const strict = await openTestApp(engine, { webhookUrlPolicy: { allowHttp: false, allowCidrs: [] } })
      try {
        const res = await strict.request(strict.orgA.adminKey, {
          method: 'POST',
          url: '/api/v1/org-webhooks',
          payload: { url: 'http://127.0.0.1:9999/hook', events: ['*'] },
        })
        expect(res.statusCode).toBe(422)
        expect(res.json().error.code).toBe('INVALID_WEBHOOK_URL')
      } finally {
        await strict.close()
      }
    })

    it('bad patches, rotate and recover bodies change nothing', async () => {
      const hook = await created()
      for (const payload of [
        {},
        { secret: 'x' },
        { events: ['bogus'] },
        { url: 'https://u:p@example.com/' },
      ]) {
        const res = await t.request(admin(), {
          method: 'PATCH',
          url: `/api/v1/org-webhooks/${hook.id}`,
          payload,
        })
        expect([400, 422]).toContain(res.statusCode)
      }
      const read = (
        await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}` })
      ).json()
      expect(read).toMatchObject({ url: hook.url, events: hook.events, secret_preview: hook.secret_preview })
      const rotate = await t.request(admin(), {
        method: 'POST',
        url: `/api/v1/org-webhooks/${hook.id}/rotate-secret`,
        payload: { overlapSeconds: -1 },
      })
      expect(rotate.statusCode).toBe(400)
      const recover = await t.request(admin(), {
        method: 'POST',
        url: `/api/v1/org-webhooks/${hook.id}/recover`,
        payload: { since: 'yesterday' },
      })
      expect(recover.statusCode).toBe(400)
      expect(
        (await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/not-a-uuid` })).statusCode,
      ).toBe(404)
    })
  })

  describe('admin only', () => {
    const routes = (id: string, deliveryId: string) => [
      {
        method: 'POST' as const,
        url: '/api/v1/org-webhooks',
        payload: { url: 'https://example.com/', events: ['*'] },
      },
      { method: 'GET' as const, url: '/api/v1/org-webhooks' },
      { method: 'GET' as const, url: `/api/v1/org-webhooks/${id}` },
      { method: 'PATCH' as const, url: `/api/v1/org-webhooks/${id}`, payload: { enabled: false } },
      { method: 'DELETE' as const, url: `/api/v1/org-webhooks/${id}` },
      { method: 'POST' as const, url: `/api/v1/org-webhooks/${id}/rotate-secret`, payload: {} },
      { method: 'GET' as const, url: `/api/v1/org-webhooks/${id}/deliveries` },
      {
        method: 'POST' as const,
        url: `/api/v1/org-webhooks/${id}/recover`,
        payload: { since: '2026-01-01T00:00:00Z' },
      },
      { method: 'GET' as const, url: `/api/v1/deliveries/${deliveryId}` },
      { method: 'POST' as const, url: `/api/v1/deliveries/${deliveryId}/redeliver` },
    ]

    it('members get 403 FORBIDDEN_ROLE and no key gets 401 on every webhook route; nothing changes', async () => {
      const hook = await created()
      const deliveryId = (await fireEvent()).at(-1) as string
      const before = await webhookCount()
      for (const route of routes(hook.id, deliveryId)) {
        const member = await t.request(t.orgA.memberKey, route)
        expect(member.statusCode, `${route.method} ${route.url}`).toBe(403)
        expect(member.json().error.code).toBe('FORBIDDEN_ROLE')
        const anonymous = await t.request(null, route)
        expect(anonymous.statusCode, `${route.method} ${route.url}`).toBe(401)
      }
      expect(await webhookCount()).toBe(before)
      const read = (
        await t.request(admin(), { method: 'GET', url: `/api/v1/org-webhooks/${hook.id}` })
      ).json()
      expect(read).toMatchObject({ enabled: true, secret_preview: hook.secret_preview })
    })
  })
})
