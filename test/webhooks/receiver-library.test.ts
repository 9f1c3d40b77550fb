/**
 * The receiver library (`flowcerta/webhooks`) against a running engine, on both engines: one
 * `flowcerta serve --role all` process (real API, real delivery worker) delivering to receivers
 * on 127.0.0.1:
 * - a capture server that keeps every request's headers and raw body, behind webhooks of every
 *   target (generic, slack, teams: the slack and teams bodies are signed the same way, whatever
 *   their shape), checked with verifySignature / verifyStandardWebhook / parseEvent;
 * - an Express app and a Fastify app using the library's middleware;
 * - examples/ticket-receiver/server.mjs, spawned as a process, which imports the library as
 *   `flowcerta/webhooks` through the package exports (Node's self-reference, from dist).
 */
import { spawnSync } from 'node:child_process'
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import express from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type FlowcertaExpressRequest,
  type FlowcertaFastifyRequest,
  flowcertaExpress,
  flowcertaFastify,
  parseEvent,
  safeParseEvent,
  type VerifiedDelivery,
  verifySignature,
  verifyStandardWebhook,
  WebhookVerificationError,
} from '../../src/webhooks/receiver/index.js'
import { generateWebhookSecret } from '../../src/webhooks/webhook-secret.js'
import { PROJECT_ROOT, type RunningProcess, startProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, MANY_FINDINGS_FILE, SMALL_FILE } from '../helpers/validation-test-kit.js'
import { waitUntil } from '../receivers/receiver-process.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
} from './system-test-kit.js'

const EXAMPLE_RECEIVER = 'examples/ticket-receiver/server.mjs'
const TARGETS = ['generic', 'slack', 'teams'] as const
type Target = (typeof TARGETS)[number]

interface Captured {
  headers: IncomingHttpHeaders
  body: Buffer
}

/** Answers 200 to everything and keeps each request by path. */
async function startCaptureServer() {
  const captured = new Map<string, Captured[]>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const list = captured.get(req.url ?? '') ?? []
      list.push({ headers: req.headers, body: Buffer.concat(chunks) })
      captured.set(req.url ?? '', list)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  return {
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    at: (p: string) => captured.get(p) ?? [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const header = (captured: Captured, name: string) => captured.headers[name] as string

describe('package exports', () => {
  it('resolves flowcerta/webhooks (and still flowcerta) by package name from dist, as Node 20 ESM does', () => {
    const script = [
      "const lib = await import('flowcerta/webhooks')",
      "const main = await import('flowcerta')",
      "const { createRequire } = await import('node:module')",
      'const require = createRequire(import.meta.url)',
      'console.log(JSON.stringify({',
      '  lib: Object.keys(lib).sort(),',
      "  libFile: import.meta.resolve('flowcerta/webhooks'),",
      "  mainFile: import.meta.resolve('flowcerta'),",
      '  mainKeys: Object.keys(main).length,',
      "  pkg: require('flowcerta/package.json').name,",
      '}))',
    ].join('\n')
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    const out = JSON.parse(run.stdout)
    expect(out.lib).toEqual(
      expect.arrayContaining([
        'flowcertaExpress',
        'flowcertaFastify',
        'parseEvent',
        'verifySignature',
        'verifyStandardWebhook',
      ]),
    )
    expect(out.libFile).toMatch(/\/dist\/webhooks\/receiver\/index\.js$/)
    expect(out.mainFile).toMatch(/\/dist\/main\.js$/)
    expect(out.mainKeys).toBeGreaterThan(0)
    expect(out.pkg).toBe('flowcerta')
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'))
    expect(pkg.bin).toEqual({ flowcerta: 'dist/cli/index.js' })
    expect(pkg.exports['./webhooks'].types).toBe('./dist/webhooks/receiver/index.d.ts')
    expect(readFileSync(path.join(PROJECT_ROOT, 'dist/webhooks/receiver/index.d.ts'), 'utf8')).toContain(
      'parseEvent',
    )
  })
})

describe.each(testEngines())('receiver library against the engine on %s', (engine) => {
  let db: SystemDatabase
  let server: RunningProcess
  let base: string
  let capture: Awaited<ReturnType<typeof startCaptureServer>>
  const hooks = new Map<Target, { id: string; secret: string }>()
  const closers: (() => Promise<unknown>)[] = []

  const api = adminApi(
    () => db,
    () => base,
  )

  /** Creates a webhook (disabled, at a placeholder, so the receiver can start with its secret). */
  const createWebhook = async (target: Target, events: string[] = ['*']) => {
    const created = await api('POST', '/api/v1/org-webhooks', {
      url: 'http://127.0.0.1:9/placeholder',
      target,
      events,
      enabled: false,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return { id: created.body.id as string, secret: created.body.secret as string }
  }
  const enable = async (id: string, url: string) => {
    const enabled = await api('PATCH', `/api/v1/org-webhooks/${id}`, { url, enabled: true })
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200)
  }
  const disable = (id: string) => api('PATCH', `/api/v1/org-webhooks/${id}`, { enabled: false })

  const deliveriesOf = async (webhookId: string) => {
    const page = await api('GET', `/api/v1/org-webhooks/${webhookId}/deliveries?limit=200`)
    expect(page.status).toBe(200)
    return page.body.items as { id: string; status: string; event: string }[]
  }
  /** Waits until every delivery of the webhook has succeeded; returns them. */
  const settled = async (webhookId: string, atLeast: number) => {
    let deliveries = await deliveriesOf(webhookId)
    const deadline = Date.now() + 60_000
    while (
      (deliveries.length < atLeast || deliveries.some((d) => d.status !== 'succeeded')) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      deliveries = await deliveriesOf(webhookId)
    }
    expect(deliveries.length, webhookId).toBeGreaterThanOrEqual(atLeast)
    expect(deliveries.filter((d) => d.status !== 'succeeded')).toEqual([])
    return deliveries
  }
  const submitValidation = async (fileName: string, file: string) => {
    const submitted = await api('POST', '/api/v1/validations', {
      fileName,
      content: corpusBytes(file).toString('utf8'),
    })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
  }
  const sendTest = async (webhookId: string) => {
    const tested = await api('POST', `/api/v1/org-webhooks/${webhookId}/test`)
    expect(tested.status, JSON.stringify(tested.body)).toBe(200)
    return tested.body as { status: string; statusCode: number | null }
  }

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    server = await startServe(db, 'all')
    base = servedAddress(server)
    capture = await startCaptureServer()
    closers.push(capture.close)
    for (const target of TARGETS) {
      const hook = await createWebhook(target)
      hooks.set(target, hook)
      await enable(hook.id, capture.url(`/${target}`))
    }
  }, 120_000)

  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()))
    await server?.stop()
    await db?.cleanup()
  })

  it('verifies real deliveries of every target (generic, slack, teams) and parses the generic ones', async () => {
    await submitValidation('dos.xaml', MANY_FINDINGS_FILE)
    for (const target of TARGETS)
      expect(await sendTest(hooks.get(target)!.id)).toMatchObject({ statusCode: 200 })
    for (const target of TARGETS) {
      const hook = hooks.get(target)!
      const deliveries = await settled(hook.id, 2)
      await waitUntil(
        () => capture.at(`/${target}`).length >= deliveries.length,
        30_000,
        () => `${target}: ${capture.at(`/${target}`).length} captured of ${deliveries.length}`,
      )
      const received = capture.at(`/${target}`)
      expect(received.map((r) => header(r, 'x-flowcerta-delivery')).sort()).toEqual(
        deliveries.map((d) => d.id).sort(),
      )
      expect(new Set(received.map((r) => header(r, 'x-flowcerta-event')))).toEqual(
        new Set(['validation.completed', 'webhook.test', ...deliveries.map((d) => d.event)]),
      )
      for (const delivery of received) {
        const context = `${target} ${header(delivery, 'x-flowcerta-event')}`
        expect(header(delivery, 'x-flowcerta-target'), context).toBe(target)
        expect(
          verifySignature(delivery.body, header(delivery, 'x-flowcerta-signature'), hook.secret),
          context,
        ).toBe(true)
        expect(verifyStandardWebhook(delivery.body, delivery.headers, hook.secret), context).toEqual({
          id: header(delivery, 'x-flowcerta-delivery'),
          timestamp: Number(header(delivery, 'webhook-timestamp')),
        })
        // Another webhook's secret verifies nothing.
        const otherSecret = hooks.get(target === 'generic' ? 'slack' : 'generic')!.secret
        expect(verifySignature(delivery.body, header(delivery, 'x-flowcerta-signature'), otherSecret)).toBe(
          false,
        )
        const parsed = safeParseEvent(delivery.body)
        if (target === 'generic') {
          const event = parseEvent(delivery.body)
          expect(event.event, context).toBe(header(delivery, 'x-flowcerta-event'))
          expect(event.orgId).toBe(db.orgId)
          if (event.event === 'validation.completed') expect(event.data.fileName).toBe('dos.xaml')
          if (event.event === 'webhook.test') expect(event.data.webhookId).toBe(hook.id)
        } else {
          // A Block Kit message / a MessageCard: JSON, but not an event envelope.
          expect(parsed.ok, context).toBe(false)
          const formatted = JSON.parse(delivery.body.toString('utf8'))
          if (target === 'slack') expect(formatted, context).toHaveProperty('blocks')
          else expect(formatted['@type'], context).toBe('MessageCard')
          if (!parsed.ok) expect(parsed.error.code, context).toBe('invalid_envelope')
        }
      }
    }
  }, 120_000)

  it('rejects tampering with a real delivery: body, headers, secret', () => {
    for (const target of TARGETS) {
      const hook = hooks.get(target)!
      const delivery = capture.at(`/${target}`)[0]!
      const signature = header(delivery, 'x-flowcerta-signature')
      const tampered = Buffer.from(delivery.body)
      const middle = Math.floor(tampered.length / 2)
      tampered[middle] = tampered[middle]! ^ 0x01
      expect(verifySignature(tampered, signature, hook.secret), target).toBe(false)
      expect(verifySignature(Buffer.concat([delivery.body, Buffer.from(' ')]), signature, hook.secret)).toBe(
        false,
      )
      const flipped = `${signature.slice(0, -1)}${signature.endsWith('a') ? 'b' : 'a'}`
      expect(verifySignature(delivery.body, flipped, hook.secret)).toBe(false)
      expect(verifySignature(delivery.body, undefined, hook.secret)).toBe(false)
      expect(verifySignature(delivery.body, signature, generateWebhookSecret())).toBe(false)

      const standardCode = (body: Buffer, headers: IncomingHttpHeaders, secret: string) => {
        try {
          verifyStandardWebhook(body, headers, secret)
          return null
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookVerificationError)
          return (error as WebhookVerificationError).code
        }
      }
      expect(standardCode(tampered, delivery.headers, hook.secret)).toBe('no_matching_signature')
      expect(
        standardCode(delivery.body, { ...delivery.headers, 'webhook-id': randomUUID() }, hook.secret),
      ).toBe('no_matching_signature')
      const timestamp = Number(header(delivery, 'webhook-timestamp'))
      expect(
        standardCode(
          delivery.body,
          { ...delivery.headers, 'webhook-timestamp': String(timestamp - 1) },
          hook.secret,
        ),
      ).toBe('no_matching_signature')
      expect(standardCode(delivery.body, delivery.headers, generateWebhookSecret())).toBe(
        'no_matching_signature',
      )
    }
  })

  it('rejects stale (and future) Standard Webhooks timestamps on a real delivery', () => {
    const hook = hooks.get('generic')!
    const delivery = capture.at('/generic')[0]!
    const timestamp = Number(header(delivery, 'webhook-timestamp'))
    const verify = (nowSeconds: number, toleranceSeconds?: number) =>
      verifyStandardWebhook(delivery.body, delivery.headers, hook.secret, {
        nowSeconds,
        ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      })
    expect(verify(timestamp + 300).id).toBe(header(delivery, 'x-flowcerta-delivery'))
    expect(() => verify(timestamp + 301)).toThrow(expect.objectContaining({ code: 'timestamp_too_old' }))
    expect(() => verify(timestamp + 61, 60)).toThrow(expect.objectContaining({ code: 'timestamp_too_old' }))
    expect(() => verify(timestamp - 301)).toThrow(expect.objectContaining({ code: 'timestamp_too_new' }))
    // The signature still matches: only the timestamp makes it stale.
    expect(verifySignature(delivery.body, header(delivery, 'x-flowcerta-signature'), hook.secret)).toBe(true)
  })

  it('accepts either secret during a rotation (POST …/rotate-secret)', async () => {
    for (const target of TARGETS) {
      const hook = hooks.get(target)!
      const rotated = await api('POST', `/api/v1/org-webhooks/${hook.id}/rotate-secret`, {})
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
      const newSecret: string = rotated.body.secret
      expect(newSecret).not.toBe(hook.secret)
      const before = capture.at(`/${target}`).length
      expect(await sendTest(hook.id)).toMatchObject({ statusCode: 200 })
      await waitUntil(
        () => capture.at(`/${target}`).length > before,
        30_000,
        () => `${target}: no delivery after the rotation`,
      )
      const delivery = capture.at(`/${target}`).at(-1)!
      const signature = header(delivery, 'x-flowcerta-signature')
      // X-Flowcerta-Signature moves to the new secret at once; a receiver holding both accepts it.
      expect(verifySignature(delivery.body, signature, [hook.secret, newSecret]), target).toBe(true)
      expect(verifySignature(delivery.body, signature, [newSecret, hook.secret])).toBe(true)
      expect(verifySignature(delivery.body, signature, newSecret)).toBe(true)
      expect(verifySignature(delivery.body, signature, hook.secret)).toBe(false)
      // Standard Webhooks carries one signature per live secret: either one verifies alone.
      expect(header(delivery, 'webhook-signature').split(' ')).toHaveLength(2)
      expect(verifyStandardWebhook(delivery.body, delivery.headers, hook.secret).id).toBe(
        header(delivery, 'webhook-id'),
      )
      expect(verifyStandardWebhook(delivery.body, delivery.headers, newSecret).id).toBe(
        header(delivery, 'webhook-id'),
      )
      expect(() => verifyStandardWebhook(delivery.body, delivery.headers, generateWebhookSecret())).toThrow(
        WebhookVerificationError,
      )
      hooks.set(target, { id: hook.id, secret: newSecret })
    }
    // The capture webhooks are done: keep later events away from them.
    for (const target of TARGETS) await disable(hooks.get(target)!.id)
  }, 60_000)

  it('Express and Fastify middleware receive real deliveries over HTTP and refuse tampered ones', async () => {
    const expressHook = await createWebhook('generic')
    const fastifyHook = await createWebhook('generic')
    const seen = { express: [] as VerifiedDelivery[], fastify: [] as VerifiedDelivery[] }

    const app = express()
    app.post('/flowcerta-webhook', flowcertaExpress({ secret: expressHook.secret }), (req, res) => {
      seen.express.push((req as unknown as FlowcertaExpressRequest).flowcerta)
      res.status(204).end()
    })
    const expressServer: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    closers.push(() => new Promise((resolve) => expressServer.close(resolve)))
    const expressUrl = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}/flowcerta-webhook`

    const fastify: FastifyInstance = Fastify()
    await fastify.register(async (scope) => {
      await scope.register(flowcertaFastify, { secret: fastifyHook.secret, scheme: 'standard-webhooks' })
      scope.post('/flowcerta-webhook', async (request, reply) => {
        seen.fastify.push((request as unknown as FlowcertaFastifyRequest).flowcerta)
        return reply.code(204).send()
      })
    })
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    closers.push(() => fastify.close())
    const fastifyUrl = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/flowcerta-webhook`

    await enable(expressHook.id, expressUrl)
    await enable(fastifyHook.id, fastifyUrl)
    await submitValidation('uno.xaml', SMALL_FILE)
    expect(await sendTest(expressHook.id)).toMatchObject({ status: 'succeeded', statusCode: 204 })
    expect(await sendTest(fastifyHook.id)).toMatchObject({ status: 'succeeded', statusCode: 204 })

    for (const [name, hook] of [
      ['express', expressHook],
      ['fastify', fastifyHook],
    ] as const) {
      const deliveries = await settled(hook.id, 2)
      await waitUntil(
        () => seen[name].length >= deliveries.length,
        30_000,
        () => `${name}: ${seen[name].length} of ${deliveries.length}`,
      )
      expect(seen[name].map((d) => d.deliveryId).sort(), name).toEqual(deliveries.map((d) => d.id).sort())
      for (const delivery of seen[name]) {
        expect(delivery.event, name).toBeDefined()
        expect(delivery.event).toEqual(JSON.parse(delivery.rawBody.toString('utf8')))
        expect(deliveries.find((d) => d.id === delivery.deliveryId)?.event).toBe(delivery.event!.event)
        if (delivery.event!.event === 'validation.completed') {
          expect(delivery.event!.data.fileName).toBe('uno.xaml')
        }
      }
    }

    // A real delivery replayed with a changed body, or with another webhook's secret: 401.
    const genuine = seen.express.find((d) => d.event?.event === 'webhook.test')!
    const resign = (url: string, body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    const text = genuine.rawBody.toString('utf8')
    const signature = `sha256=${createHmac('sha256', expressHook.secret).update(text).digest('hex')}`
    expect((await resign(expressUrl, text, { 'x-flowcerta-signature': signature })).status).toBe(204)
    expect(
      (await resign(expressUrl, text.replace('"event"', '"event" '), { 'x-flowcerta-signature': signature }))
        .status,
    ).toBe(401)
    const wrong = `sha256=${createHmac('sha256', fastifyHook.secret).update(text).digest('hex')}`
    expect((await resign(expressUrl, text, { 'x-flowcerta-signature': wrong })).status).toBe(401)
    expect((await resign(fastifyUrl, text, { 'x-flowcerta-signature': signature })).status).toBe(401)

    await disable(expressHook.id)
    await disable(fastifyHook.id)
  }, 120_000)

  it('the example ticket receiver (a process importing flowcerta/webhooks) makes tickets and dedupes a redelivery', async () => {
    const hook = await createWebhook('generic')
    const ticketsDir = mkdtempSync(path.join(tmpdir(), 'flowcerta-tickets-'))
    closers.push(async () => rmSync(ticketsDir, { recursive: true, force: true }))
    const receiver = startProcess(process.execPath, [EXAMPLE_RECEIVER], {
      FLOWCERTA_WEBHOOK_SECRET: hook.secret,
      PORT: '0',
      TICKETS_DIR: ticketsDir,
      FLOWCERTA_PUBLIC_URL: 'https://flowcerta.example.com/',
    })
    closers.push(() => receiver.stop())
    const port = (await receiver.waitFor(/listening (\d+)/, 20_000))[1]!
    const url = `http://127.0.0.1:${port}/`
    await enable(hook.id, url)

    await submitValidation('dos.xaml', MANY_FINDINGS_FILE)
    expect(await sendTest(hook.id)).toMatchObject({ status: 'succeeded', statusCode: 200 })
    const deliveries = await settled(hook.id, 2)
    const completed = deliveries.find((d) => d.event === 'validation.completed')!
    await receiver.waitFor(new RegExp(`ticket ${completed.id} `), 20_000)
    // The test event's line reaches us through the receiver's stdout pipe, after its HTTP answer
    // (which sendTest already saw) and maybe after the ticket line: wait for it, do not read at once.
    await receiver.waitFor(/ignored \S+ webhook\.test/, 10_000)

    const ticketFile = path.join(ticketsDir, `${completed.id}.json`)
    const ticket = JSON.parse(readFileSync(ticketFile, 'utf8'))
    const result = await api('GET', `/api/v1/results/${ticket.externalId}`)
    expect(result.status, JSON.stringify(result.body)).toBe(200)
    expect(ticket).toMatchObject({
      source: 'flowcerta',
      deliveryId: completed.id,
      summary: expect.stringMatching(/^\[Flowcerta\] dos\.xaml (passed|FAILED) with score \d+\/100$/),
      priority: expect.stringMatching(/^P[1-5]$/),
      labels: expect.arrayContaining(['flowcerta']),
      fields: { orgId: db.orgId, validationId: ticket.externalId, fileName: 'dos.xaml' },
      link: `https://flowcerta.example.com/results/${ticket.externalId}`,
    })
    expect(ticket.description).toContain('dos.xaml')

    // Redelivery: same X-Flowcerta-Delivery, acknowledged (succeeded) but no second ticket.
    const redelivered = await api('POST', `/api/v1/deliveries/${completed.id}/redeliver`)
    expect(redelivered.status, JSON.stringify(redelivered.body)).toBe(202)
    await receiver.waitFor(new RegExp(`duplicate ${completed.id}`), 30_000)
    await settled(hook.id, deliveries.length)
    const ticketLines = receiver.output().match(new RegExp(`ticket ${completed.id} `, 'g')) ?? []
    expect(ticketLines).toHaveLength(1)
    expect(readdirSync(ticketsDir)).toEqual([`${completed.id}.json`])

    // A forged request: 401, nothing written.
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-flowcerta-delivery': randomUUID(),
        'x-flowcerta-signature': `sha256=${'0'.repeat(64)}`,
      },
      body: readFileSync(ticketFile),
    })
    expect(forged.status).toBe(401)
    expect(readdirSync(ticketsDir)).toHaveLength(1)
    await disable(hook.id)
  }, 120_000)
})
