/**
 * The delivery log shows each request as it was sent: GET /api/v1/deliveries/{id} gives the body
 * (requestBody) and each attempt's headers (requestHeaders), and they verify — X-Flowcerta-
 * Signature and the Standard Webhooks headers — with the webhook's secret exactly as the spec's
 * receiver checks them, on the bytes a real receiver got. After a secret rotation the earlier
 * attempt still verifies with the secret that signed it (the headers are stored, not re-signed).
 * The secret itself is never in the log. The webhook list and detail show the last delivery's
 * outcome and the success rate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifySignature, verifyStandardWebhook } from '../../src/webhooks/receiver/signatures.js'

import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { type ReceivedRequest, startReceiver, type TestReceiver } from './delivery-test-kit.js'

interface LoggedDelivery {
  requestBody: string | null
  attempts: { startedAt: string; statusCode: number | null; requestHeaders: Record<string, string> | null }[]
}

/** The signature headers a receiver checks, as the receiver got them and as the log shows them. */
const SIGNED_HEADERS = [
  'content-type',
  'user-agent',
  'x-flowcerta-event',
  'x-flowcerta-delivery',
  'x-flowcerta-signature',
  'x-flowcerta-target',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

/** True when the logged request verifies with `secret` under both schemes, as a receiver checks. */
function verifies(delivery: LoggedDelivery, attempt: number, secret: string): boolean {
  const headers = delivery.attempts[attempt]?.requestHeaders
  if (headers === null || headers === undefined || delivery.requestBody === null) return false
  const body = Buffer.from(delivery.requestBody, 'utf8')
  // Signatures only: a Slack body is a message, not an event envelope a receiver would parse.
  if (!verifySignature(body, headers['X-Flowcerta-Signature'], secret)) return false
  try {
    verifyStandardWebhook(body, headers, secret, { nowSeconds: Number(headers['webhook-timestamp']) })
    return true
  } catch {
    return false
  }
}

describe.each(testEngines())('a delivery as sent, on %s', (engine) => {
  let t: TestApp
  let receiver: TestReceiver
  let failNext = false
  beforeEach(async () => {
    t = await openTestApp(engine)
    failNext = false
    receiver = await startReceiver((_request, res) =>
      res.writeHead(failNext ? 500 : 200).end(failNext ? 'down' : 'ok'),
    )
  })
  afterEach(async () => {
    await t.close()
    await receiver.close()
  })

  async function sendTest(webhookId: string): Promise<{ deliveryId: string; received: ReceivedRequest }> {
    const res = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: `/api/v1/org-webhooks/${webhookId}/test`,
    })
    expect(res.statusCode, res.body).toBe(200)
    const received = receiver.received.at(-1)
    if (received === undefined) throw new Error('the receiver got nothing')
    return { deliveryId: res.json().deliveryId, received }
  }

  async function logged(deliveryId: string): Promise<LoggedDelivery> {
    const res = await t.request(t.orgA.adminKey, { method: 'GET', url: `/api/v1/deliveries/${deliveryId}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  for (const target of ['generic', 'slack'] as const) {
    it(`${target}: the logged body and headers are what the receiver got, and verify with the secret`, async () => {
      const created = await t.request(t.orgA.adminKey, {
        method: 'POST',
        url: '/api/v1/org-webhooks',
        payload: { url: receiver.url, events: ['*'], target },
      })
      const { id, secret } = created.json() as { id: string; secret: string }
      const { deliveryId, received } = await sendTest(id)
      const delivery = await logged(deliveryId)
      expect(delivery.requestBody).toBe(received.body.toString('utf8'))
      const headers = lowerCased(delivery.attempts[0]?.requestHeaders ?? {})
      for (const name of SIGNED_HEADERS) expect(headers[name], name).toBe(received.headers[name])
      expect(headers['x-flowcerta-target']).toBe(target)
      expect(verifies(delivery, 0, secret)).toBe(true)
      expect(verifies(delivery, 0, `${secret.slice(0, -2)}AA`)).toBe(false)
      const raw = JSON.stringify(delivery)
      expect(raw).not.toContain(secret)
      expect(raw).not.toContain(secret.slice('whsec_'.length))
    })
  }

  it('after a rotation, the earlier attempt still verifies with the secret that signed it (stored, not re-signed)', async () => {
    const created = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/org-webhooks',
      payload: { url: receiver.url, events: ['*'] },
    })
    const { id, secret: oldSecret } = created.json() as { id: string; secret: string }
    const before = await sendTest(id)
    const rotated = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: `/api/v1/org-webhooks/${id}/rotate-secret`,
      payload: { overlapSeconds: 0 },
    })
    expect(rotated.statusCode, rotated.body).toBe(200)
    const newSecret = rotated.json().secret as string
    t.clock.advance(60_000)
    const after = await sendTest(id)
    const first = await logged(before.deliveryId)
    const second = await logged(after.deliveryId)
    expect(verifies(first, 0, oldSecret)).toBe(true)
    expect(verifies(first, 0, newSecret)).toBe(false)
    expect(verifies(second, 0, newSecret)).toBe(true)
    expect(verifies(second, 0, oldSecret)).toBe(false)
    expect(Number(second.attempts[0]?.requestHeaders?.['webhook-timestamp'])).toBe(
      Number(first.attempts[0]?.requestHeaders?.['webhook-timestamp']) + 60,
    )
  })

  it('the webhook list and detail show the last delivery outcome and the success rate', async () => {
    const created = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/org-webhooks',
      payload: { url: receiver.url, events: ['*'] },
    })
    const { id } = created.json() as { id: string }
    expect(created.json()).toMatchObject({ lastDelivery: null, successRate: null, recentDeliveries: 0 })
    await sendTest(id)
    failNext = true
    t.clock.advance(1000)
    const failed = await sendTest(id)
    const detail = await t.request(t.orgA.adminKey, { method: 'GET', url: `/api/v1/org-webhooks/${id}` })
    expect(detail.json()).toMatchObject({
      lastDelivery: {
        id: failed.deliveryId,
        event: 'webhook.test',
        status: 'failed',
        statusCode: 500,
        at: new Date(t.clock.now()).toISOString(),
      },
      successRate: 0.5,
      recentDeliveries: 2,
    })
    const list = await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/org-webhooks' })
    const item = (list.json().items as { id: string }[]).find((webhook) => webhook.id === id)
    expect(item).toEqual(detail.json())
  })
})
