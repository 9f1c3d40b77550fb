/**
 * The Express and Fastify middleware over real HTTP on 127.0.0.1, fed requests signed by the
 * engine's own signing code.
 */
import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '../../domain/events/event-schemas.js'
import { buildDeliveryHeaders } from '../delivery/signing.js'
import { generateWebhookSecret } from '../webhook-secret.js'
import { type FlowcertaExpressRequest, flowcertaExpress } from './express.js'
import { type FlowcertaFastifyRequest, flowcertaFastify } from './fastify.js'
import type { VerifiedDelivery } from './verify-delivery.js'

const secret = generateWebhookSecret()
const oldSecret = generateWebhookSecret()

function signed(
  body: string,
  options: { secret?: string; previousSecret?: string | null; now?: number } = {},
) {
  return buildDeliveryHeaders({
    deliveryId: randomUUID(),
    event: 'webhook.test',
    target: 'generic',
    body,
    secret: options.secret ?? secret,
    previousSecret: options.previousSecret ?? null,
    now: options.now ?? Date.now(),
  })
}

const example = (name: string) => JSON.stringify(EVENT_TYPES.find((t) => t.name === name)!.example)

interface Harness {
  name: string
  url: (path: string) => string
  seen: VerifiedDelivery[]
}

async function startExpress(): Promise<{ harness: Harness; close: () => Promise<void> }> {
  const seen: VerifiedDelivery[] = []
  const app = express()
  const handler = (req: express.Request, res: express.Response) => {
    seen.push((req as unknown as FlowcertaExpressRequest).flowcerta)
    res.status(204).end()
  }
  // Reads the stream itself.
  app.post('/hook', flowcertaExpress({ secret: [secret, oldSecret] }), handler)
  // After express.raw: uses req.body.
  app.post('/raw', express.raw({ type: 'application/json' }), flowcertaExpress({ secret }), handler)
  app.post('/std', flowcertaExpress({ secret, scheme: 'standard-webhooks' }), handler)
  app.post('/small', flowcertaExpress({ secret, bodyLimitBytes: 64 }), handler)
  // A mistake: express.json() ran first.
  app.post('/json-first', express.json(), flowcertaExpress({ secret }), handler)
  // Everything else keeps express.json().
  app.post('/other', express.json(), (req, res) => {
    res.json({ echoed: req.body })
  })
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: error.message })
  })
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const port = (server.address() as AddressInfo).port
  return {
    harness: { name: 'express', url: (p) => `http://127.0.0.1:${port}${p}`, seen },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function startFastify(): Promise<{ harness: Harness; close: () => Promise<void> }> {
  const seen: VerifiedDelivery[] = []
  const app: FastifyInstance = Fastify()
  const handler = async (request: unknown, reply: { code(n: number): { send(): unknown } }) => {
    seen.push((request as FlowcertaFastifyRequest).flowcerta)
    return reply.code(204).send()
  }
  await app.register(async (scope) => {
    await scope.register(flowcertaFastify, { secret: [secret, oldSecret] })
    scope.post('/hook', handler)
  })
  await app.register(async (scope) => {
    await scope.register(flowcertaFastify, { secret, scheme: 'standard-webhooks' })
    scope.post('/std', handler)
  })
  await app.register(async (scope) => {
    await scope.register(flowcertaFastify, { secret, bodyLimitBytes: 64 })
    scope.post('/small', handler)
  })
  // Outside the scopes: Fastify's own JSON parsing, no signature check.
  app.post('/other', async (request) => ({ echoed: request.body }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  return {
    harness: { name: 'fastify', url: (p) => `http://127.0.0.1:${port}${p}`, seen },
    close: () => app.close(),
  }
}

const servers: { harness: Harness; close: () => Promise<void> }[] = []
beforeAll(async () => {
  servers.push(await startExpress(), await startFastify())
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

const post = async (url: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', headers, body })
  const text = await response.text()
  return { status: response.status, body: text === '' ? null : JSON.parse(text) }
}

describe.each(['express', 'fastify'])('%s middleware over HTTP', (name) => {
  const harness = () => servers.find((s) => s.harness.name === name)!.harness

  it('verifies, parses every event, and attaches it with the raw body and delivery id', async () => {
    for (const type of EVENT_TYPES) {
      const body = example(type.name)
      const headers = signed(body)
      const before = harness().seen.length
      expect((await post(harness().url('/hook'), body, headers)).status, type.name).toBe(204)
      const delivery = harness().seen[before]!
      expect(delivery.event).toEqual(type.example)
      expect(delivery.unknownEvent).toBeUndefined()
      expect(delivery.deliveryId).toBe(headers['X-Flowcerta-Delivery'])
      expect(delivery.rawBody.toString('utf8')).toBe(body)
    }
  })

  it('answers 401 on a tampered body, a wrong secret, a bad or missing header, and runs no handler', async () => {
    const body = example('webhook.test')
    const before = harness().seen.length
    const headers = signed(body)
    expect((await post(harness().url('/hook'), `${body} `, headers)).status).toBe(401)
    expect(
      (await post(harness().url('/hook'), body, signed(body, { secret: generateWebhookSecret() }))).status,
    ).toBe(401)
    const { 'X-Flowcerta-Signature': _dropped, ...unsigned } = headers
    const missing = await post(harness().url('/hook'), body, unsigned)
    expect(missing).toEqual({
      status: 401,
      body: { error: 'invalid_signature', message: expect.any(String) },
    })
    expect(
      (await post(harness().url('/hook'), body, { ...headers, 'X-Flowcerta-Signature': 'sha256=00' })).status,
    ).toBe(401)
    expect(harness().seen.length).toBe(before)
  })

  it('accepts the old secret too while both are configured (rotation)', async () => {
    const body = example('webhook.test')
    expect((await post(harness().url('/hook'), body, signed(body, { secret: oldSecret }))).status).toBe(204)
  })

  it('standard-webhooks scheme: checks the webhook-* headers and the timestamp', async () => {
    const body = example('validation.below_threshold')
    expect((await post(harness().url('/std'), body, signed(body))).status).toBe(204)
    expect(
      (await post(harness().url('/std'), body, signed(body, { secret: oldSecret, previousSecret: secret })))
        .status,
    ).toBe(204)
    const stale = await post(harness().url('/std'), body, signed(body, { now: Date.now() - 600_000 }))
    expect(stale).toEqual({ status: 401, body: { error: 'timestamp_too_old', message: expect.any(String) } })
    const future = await post(harness().url('/std'), body, signed(body, { now: Date.now() + 600_000 }))
    expect(future.body.error).toBe('timestamp_too_new')
  })

  it('answers 400 on a signed body that is not an event, passes unknown events with unknownEvent set', async () => {
    for (const garbage of [
      'not json',
      '[]',
      '{"event":"validation.completed","orgId":"o","occurredAt":"t","data":{}}',
    ]) {
      const answer = await post(harness().url('/hook'), garbage, signed(garbage))
      expect(answer.status, garbage).toBe(400)
    }
    const unknown = JSON.stringify({ event: 'policy.changed', orgId: 'o', occurredAt: 't', data: { x: 1 } })
    const before = harness().seen.length
    expect((await post(harness().url('/hook'), unknown, signed(unknown))).status).toBe(204)
    expect(harness().seen[before]).toMatchObject({ event: undefined, unknownEvent: JSON.parse(unknown) })
  })

  it('answers 413 over the body limit, and leaves other routes JSON-parsed as before', async () => {
    const body = example('validation.completed')
    expect((await post(harness().url('/small'), body, signed(body))).status).toBe(413)
    const other = await post(harness().url('/other'), '{"a":1}', { 'content-type': 'application/json' })
    expect(other).toEqual({ status: 200, body: { echoed: { a: 1 } } })
  })
})

describe('express specifics', () => {
  const harness = () => servers[0]!.harness

  it('uses the Buffer left by express.raw', async () => {
    const body = example('exception.expiring_soon')
    const before = harness().seen.length
    expect((await post(harness().url('/raw'), body, signed(body))).status).toBe(204)
    expect(harness().seen[before]!.event?.event).toBe('exception.expiring_soon')
  })

  it('passes an error to next() when express.json() consumed the body first', async () => {
    const body = example('webhook.test')
    const answer = await post(harness().url('/json-first'), body, signed(body))
    expect(answer.status).toBe(500)
    expect(answer.body.error).toMatch(/before express\.json\(\)/)
  })
})
