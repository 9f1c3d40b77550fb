/**
 * The real receivers against a running engine, on both engines. One `flowcerta serve --role all`
 * process (real API over HTTP, real delivery worker) and four receiver processes on 127.0.0.1:
 * the spec's Express receiver and Flask receiver, a `standardwebhooks` (npm) receiver that checks
 * only the Standard Webhooks headers, and a shell receiver whose HMAC is computed by
 * `openssl dgst -sha256 -hmac`. Each webhook is created through the API, and its receiver is
 * started with the secret exactly as the create response returned it.
 *
 * Every receiver must accept every delivery (validations through the API, test events, and a
 * burst recorded through recordEvent); tampered bodies and wrong secrets, signed with the
 * engine's own signing code, get 401; after a secret rotation the Standard Webhooks receiver still
 * verifies with the old secret (overlap) while X-Flowcerta-Signature moves to the new one.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDeliveryHeaders } from '../../src/webhooks/delivery/signing.js'
import { generateWebhookSecret } from '../../src/webhooks/webhook-secret.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, MANY_FINDINGS_FILE, SMALL_FILE } from '../helpers/validation-test-kit.js'
import {
  RECEIVER_KINDS,
  type ReceiverKind,
  type RunningReceiver,
  startReceiver,
  waitUntil,
} from '../receivers/receiver-process.js'
import {
  adminApi,
  openSystemDatabase,
  recordEventBurst,
  type SystemDatabase,
  servedAddress,
  startServe,
} from './system-test-kit.js'

const BURST_EVENTS = 20

interface Hooked {
  kind: ReceiverKind
  webhookId: string
  secret: string
  receiver: RunningReceiver
}

describe.each(testEngines())('real receivers against the engine on %s', (engine) => {
  let db: SystemDatabase
  let server: RunningProcess
  let base: string
  const hooks: Hooked[] = []

  const api = adminApi(
    () => db,
    () => base,
  )

  /** Every delivery of the webhook, through the paginated API. */
  const deliveriesOf = async (webhookId: string) => {
    const all: { id: string; status: string; event: string }[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
      const page = await api('GET', `/api/v1/org-webhooks/${webhookId}/deliveries?limit=200${query}`)
      expect(page.status).toBe(200)
      all.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor !== null)
    return all
  }

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    server = await startServe(db, 'all')
    base = servedAddress(server)
    for (const kind of RECEIVER_KINDS) {
      // Created off, at a placeholder, so the receiver can start with the secret first.
      const created = await api('POST', '/api/v1/org-webhooks', {
        url: 'http://127.0.0.1:9/placeholder',
        events: ['*'],
        description: `${kind} receiver`,
        enabled: false,
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const secret: string = created.body.secret
      const receiver = await startReceiver(kind, secret)
      hooks.push({ kind, webhookId: created.body.id, secret, receiver })
      const enabled = await api('PATCH', `/api/v1/org-webhooks/${created.body.id}`, {
        url: receiver.url,
        enabled: true,
      })
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200)
    }
  }, 120_000)

  afterAll(async () => {
    await Promise.allSettled(hooks.map((hook) => hook.receiver.stop()))
    await server?.stop()
    await db?.cleanup()
  })

  it('every receiver accepts every delivery: validations via the API, test events, a recordEvent burst', async () => {
    for (const [fileName, bytes] of [
      ['dos.xaml', corpusBytes(MANY_FINDINGS_FILE)],
      ['uno.xaml', corpusBytes(SMALL_FILE)],
    ] as const) {
      const submitted = await api('POST', '/api/v1/validations', {
        fileName,
        content: bytes.toString('utf8'),
      })
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
    }
    for (const hook of hooks) {
      const tested = await api('POST', `/api/v1/org-webhooks/${hook.webhookId}/test`)
      expect(tested.status).toBe(200)
      expect(tested.body, `${hook.kind}: ${JSON.stringify(tested.body)}`).toMatchObject({
        status: 'succeeded',
        statusCode: 200,
        errorClass: null,
      })
    }
    await recordEventBurst(db, { count: BURST_EVENTS, perTransaction: 5, labelPrefix: 'receivers' })

    for (const hook of hooks) {
      // All of this webhook's deliveries succeed, and the receiver saw exactly those ids.
      let deliveries = await deliveriesOf(hook.webhookId)
      await waitUntil(
        () => hook.receiver.accepted().length >= deliveries.length,
        60_000,
        () => `${hook.kind}: ${hook.receiver.accepted().length} accepted of ${deliveries.length}`,
      )
      const deadline = Date.now() + 30_000
      while (deliveries.some((d) => d.status !== 'succeeded') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        deliveries = await deliveriesOf(hook.webhookId)
      }
      expect(
        deliveries.filter((d) => d.status !== 'succeeded'),
        hook.kind,
      ).toEqual([])
      // 2 validations (validation.completed, maybe below_threshold) + 1 test + the burst.
      expect(deliveries.length).toBeGreaterThanOrEqual(2 + 1 + BURST_EVENTS)
      const accepted = hook.receiver.accepted()
      expect(accepted.map((a) => a.deliveryId).sort(), hook.kind).toEqual(deliveries.map((d) => d.id).sort())
      expect(new Map(accepted.map((a) => [a.deliveryId, a.event]))).toEqual(
        new Map(deliveries.map((d) => [d.id, d.event])),
      )
    }
  }, 120_000)

  it('tampered bodies and wrong secrets, signed with the engine signing code, get 401 from every receiver', async () => {
    const body = JSON.stringify({
      event: 'webhook.test',
      orgId: db.orgId,
      occurredAt: new Date().toISOString(),
      data: { message: 'tamper check' },
    })
    for (const hook of hooks) {
      const before = hook.receiver.accepted().length
      const send = (sentBody: string, secret: string) => {
        const headers = buildDeliveryHeaders({
          deliveryId: randomUUID(),
          event: 'webhook.test',
          target: 'generic',
          body,
          secret,
          previousSecret: null,
          now: Date.now(),
        })
        return fetch(hook.receiver.url, { method: 'POST', headers, body: sentBody }).then((r) => r.status)
      }
      expect(await send(body, hook.secret), `${hook.kind}, genuine`).toBe(200)
      expect(
        await send(body.replace('tamper check', 'tamper check!'), hook.secret),
        `${hook.kind}, tampered`,
      ).toBe(401)
      expect(await send(body, generateWebhookSecret()), `${hook.kind}, wrong secret`).toBe(401)
      expect(hook.receiver.accepted().length).toBe(before + 1)
    }
  })

  it('after rotate-secret: X-Flowcerta-Signature uses the new secret at once; Standard Webhooks still verifies with the old one', async () => {
    for (const kind of ['express', 'standardwebhooks'] as const) {
      const hook = hooks.find((h) => h.kind === kind)!
      const rotated = await api('POST', `/api/v1/org-webhooks/${hook.webhookId}/rotate-secret`, {})
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
      expect(rotated.body.secret).not.toBe(hook.secret)
      const tested = await api('POST', `/api/v1/org-webhooks/${hook.webhookId}/test`)
      expect(tested.status).toBe(200)
      // The receivers still hold the old secret.
      if (kind === 'standardwebhooks')
        expect(tested.body).toMatchObject({ status: 'succeeded', statusCode: 200 })
      else expect(tested.body).toMatchObject({ statusCode: 401 })
      // Stop the retries of the refused test delivery from reaching the (old-secret) receiver.
      await api('PATCH', `/api/v1/org-webhooks/${hook.webhookId}`, { enabled: false })
    }
  })
})
