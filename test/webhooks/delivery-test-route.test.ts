/** POST /api/v1/org-webhooks/{id}/test: one real attempt, its outcome returned, logged; admin only; org-scoped. */
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { startReceiver, type TestReceiver } from './delivery-test-kit.js'

describe.each(testEngines())('POST /api/v1/org-webhooks/{id}/test on %s', (engine) => {
  let t: TestApp
  const receivers: TestReceiver[] = []
  beforeEach(async () => {
    t = await openTestApp(engine)
  })
  afterEach(async () => {
    await t.close()
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })

  async function createWebhook(url: string): Promise<{ id: string; secret: string }> {
    const created = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/org-webhooks',
      payload: { url, events: ['*'] },
    })
    expect(created.statusCode, created.body).toBe(201)
    return created.json()
  }

  it('sends a signed webhook.test to that webhook only and returns the outcome', async () => {
    const target = await startReceiver((_r, res) => res.writeHead(200).end('thanks'))
    const other = await startReceiver()
    receivers.push(target, other)
    const { id, secret } = await createWebhook(target.url)
    await createWebhook(other.url)
    const response = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: `/api/v1/org-webhooks/${id}/test`,
    })
    expect(response.statusCode, response.body).toBe(200)
    const outcome = response.json()
    expect(outcome).toMatchObject({
      status: 'succeeded',
      statusCode: 200,
      responseSnippet: 'thanks',
      errorClass: null,
    })
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0)
    expect(other.received).toHaveLength(0)
    expect(target.received).toHaveLength(1)
    const { headers, body } = target.received[0]!
    expect(headers['x-flowcerta-event']).toBe('webhook.test')
    expect(headers['x-flowcerta-delivery']).toBe(outcome.deliveryId)
    expect(headers['x-flowcerta-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    )
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({
      event: 'webhook.test',
      orgId: t.orgA.orgId,
      data: { webhookId: id },
    })
    const row = await t.testStore.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', outcome.deliveryId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      status: 'succeeded',
      attempt_count: 1,
      locked_by: null,
      event: 'webhook.test',
    })
  })

  it('a failing receiver: one attempt, status failed, the webhook stays enabled (even on 410)', async () => {
    const target = await startReceiver((_r, res) => res.writeHead(410).end('gone'))
    receivers.push(target)
    const { id } = await createWebhook(target.url)
    const response = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: `/api/v1/org-webhooks/${id}/test`,
    })
    expect(response.json()).toMatchObject({
      status: 'failed',
      statusCode: 410,
      errorClass: 'http_error',
      responseSnippet: 'gone',
    })
    const webhook = await t.request(t.orgA.adminKey, { method: 'GET', url: `/api/v1/org-webhooks/${id}` })
    expect(webhook.json()).toMatchObject({ enabled: true })
  })

  it('is admin only and scoped to the org', async () => {
    const target = await startReceiver()
    receivers.push(target)
    const { id } = await createWebhook(target.url)
    expect(
      (await t.request(t.orgA.memberKey, { method: 'POST', url: `/api/v1/org-webhooks/${id}/test` }))
        .statusCode,
    ).toBe(403)
    expect(
      (await t.request(t.orgB.adminKey, { method: 'POST', url: `/api/v1/org-webhooks/${id}/test` }))
        .statusCode,
    ).toBe(404)
    expect(
      (await t.request(null, { method: 'POST', url: `/api/v1/org-webhooks/${id}/test` })).statusCode,
    ).toBe(401)
    expect(target.received).toHaveLength(0)
  })
})
