/**
 * The real receivers (test/receivers/) against requests signed here with node:crypto exactly as
 * spec/webhooks.txt describes — independent of the engine's own signing code, so a mistake made
 * the same way on both sides cannot hide. Each receiver runs as its own process on 127.0.0.1.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../helpers/run-cli.js'
import {
  RECEIVER_KINDS,
  RECEIVER_VERIFIES,
  RECEIVERS_DIR,
  type ReceiverKind,
  type RunningReceiver,
  startCountingReceiver,
  startReceiver,
} from '../receivers/receiver-process.js'

const SECRET = `whsec_${randomBytes(32).toString('base64')}`
const OTHER_SECRET = `whsec_${randomBytes(32).toString('base64')}`

/** The spec: `sha256=` + hex HMAC-SHA256 of the raw body, keyed by the secret string's UTF-8 bytes. */
function flowcertaSignature(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed by base64-decoding the part after `whsec_`. */
function standardSignature(secret: string, id: string, timestamp: number, body: Buffer): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body])
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`
}

function envelope(event: string): Buffer {
  // Non-ASCII text on purpose: receivers must verify the raw bytes, not a re-encoded string.
  return Buffer.from(
    JSON.stringify({
      event,
      orgId: randomUUID(),
      occurredAt: new Date().toISOString(),
      data: { fileName: 'Zählung ✓ Main.xaml', score: 47, passed: false },
    }),
    'utf8',
  )
}

interface SignedRequest {
  deliveryId: string
  body: Buffer
  headers: Record<string, string>
}

/** Headers as the spec lists them, signed with `secret` over `body`. */
function signedRequest(secret: string, event: string, body: Buffer = envelope(event)): SignedRequest {
  const deliveryId = randomUUID()
  const timestamp = Math.floor(Date.now() / 1000)
  return {
    deliveryId,
    body,
    headers: {
      'content-type': 'application/json',
      'x-flowcerta-event': event,
      'x-flowcerta-delivery': deliveryId,
      'x-flowcerta-signature': flowcertaSignature(secret, body),
      'x-flowcerta-target': 'generic',
      'webhook-id': deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(secret, deliveryId, timestamp, body),
    },
  }
}

async function post(receiver: RunningReceiver, request: { body: Buffer; headers: Record<string, string> }) {
  const response = await fetch(receiver.url, { method: 'POST', body: request.body, headers: request.headers })
  await response.arrayBuffer()
  return response.status
}

/** The published docs (shared/spec beside the project, as in CI). */
const SPEC_FILE =
  process.env.FLOWCERTA_WEBHOOK_SPEC ?? path.resolve(PROJECT_ROOT, '../shared/spec/webhooks.txt')

/** The lines from the one starting with `first` to the first one equal to `last`, inclusive. */
function linesBetween(text: string, first: string, last: string): string {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith(first))
  const end = lines.findIndex((line, index) => index > start && line === last)
  if (start < 0 || end < 0) throw new Error(`no block from "${first}" to "${last}"`)
  return lines.slice(start, end + 1).join('\n')
}

/** The code between the receiver file's SPEC markers, without the marker lines. */
function specBlockOf(file: string): string {
  const text = readFileSync(path.join(RECEIVERS_DIR, file), 'utf8')
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.includes('---- SPEC:'))
  const end = lines.findIndex((line) => line.includes('---- end SPEC ----'))
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim()
}

describe('the receivers carry the spec code exactly', () => {
  const spec = readFileSync(SPEC_FILE, 'utf8')

  it('Node.js (Express) handler', () => {
    expect(specBlockOf('express-receiver.cjs')).toBe(
      linesBetween(spec, "const crypto = require('crypto')", '})'),
    )
  })

  it('Python (Flask) verify function', () => {
    expect(specBlockOf('flask-receiver.py')).toBe(
      linesBetween(spec, 'import hmac, hashlib, os', '    return hmac.compare_digest(signature, expected)'),
    )
  })
})

const receivers = new Map<ReceiverKind, RunningReceiver>()

beforeAll(async () => {
  const started = await Promise.all(RECEIVER_KINDS.map((kind) => startReceiver(kind, SECRET)))
  for (const receiver of started) receivers.set(receiver.kind, receiver)
})

afterAll(async () => {
  await Promise.all([...receivers.values()].map((receiver) => receiver.stop()))
})

describe.each(RECEIVER_KINDS)('%s receiver', (kind) => {
  const receiver = () => receivers.get(kind)!

  it('accepts requests signed as the spec describes, and records each delivery id', async () => {
    const before = receiver().accepted().length
    const requests = ['validation.completed', 'exception.expiring_soon', 'webhook.test'].map((event) =>
      signedRequest(SECRET, event),
    )
    const statuses = await Promise.all(requests.map((request) => post(receiver(), request)))
    expect(statuses).toEqual([200, 200, 200])
    const accepted = (await receiver().waitForAccepted(before + 3, 10_000)).slice(before)
    expect(accepted.map((entry) => entry.deliveryId).sort()).toEqual(requests.map((r) => r.deliveryId).sort())
    expect(accepted.map((entry) => entry.event).sort()).toEqual([
      'exception.expiring_soon',
      'validation.completed',
      'webhook.test',
    ])
  })

  it('answers 401 to a tampered body', async () => {
    const request = signedRequest(SECRET, 'validation.completed')
    const tampered = Buffer.from(request.body.toString('utf8').replace('"score":47', '"score":99'), 'utf8')
    expect(tampered.equals(request.body)).toBe(false)
    expect(await post(receiver(), { ...request, body: tampered })).toBe(401)
  })

  it('answers 401 to a request signed with another secret', async () => {
    expect(await post(receiver(), signedRequest(OTHER_SECRET, 'validation.completed'))).toBe(401)
  })

  it('accepts nothing it was sent unsigned or tampered', async () => {
    const accepted = receiver().accepted().length
    const request = signedRequest(SECRET, 'validation.completed')
    const unsigned = Object.fromEntries(
      Object.entries(request.headers).filter(
        ([name]) => name !== 'x-flowcerta-signature' && name !== 'webhook-signature',
      ),
    )
    const status = await post(receiver(), { body: request.body, headers: unsigned })
    // The spec's Express handler passes buffers of different lengths to crypto.timingSafeEqual,
    // which throws: Express answers 500 there, not 401. Either way nothing is accepted.
    expect(kind === 'express' ? [401, 500] : [401]).toContain(status)
    expect(receiver().accepted().length).toBe(accepted)
  })

  if (RECEIVER_VERIFIES[kind] === 'standard-webhooks') {
    it('answers 401 to a stale webhook-timestamp (replay protection)', async () => {
      const body = envelope('validation.completed')
      const id = randomUUID()
      const stale = Math.floor(Date.now() / 1000) - 3600
      const status = await post(receiver(), {
        body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(stale),
          'webhook-signature': standardSignature(SECRET, id, stale, body),
        },
      })
      expect(status).toBe(401)
    })

    it('accepts when any of several space-separated signatures matches (rotation overlap)', async () => {
      const request = signedRequest(SECRET, 'validation.completed')
      const fromOld = standardSignature(
        OTHER_SECRET,
        request.deliveryId,
        Number(request.headers['webhook-timestamp']),
        request.body,
      )
      const status = await post(receiver(), {
        ...request,
        headers: {
          ...request.headers,
          'webhook-signature': `${fromOld} ${request.headers['webhook-signature']}`,
        },
      })
      expect(status).toBe(200)
    })
  }
})

describe('counting receiver (crash-safety tests and benchmark)', () => {
  it('accepts per-webhook signatures, rejects tampering and another hook secret, holds black-holed requests open', async () => {
    const receiver = await startCountingReceiver([SECRET, OTHER_SECRET])
    try {
      const first = signedRequest(SECRET, 'validation.completed')
      const second = signedRequest(OTHER_SECRET, 'validation.completed')
      const send = (url: string, request: { body: Buffer; headers: Record<string, string> }) =>
        fetch(url, { method: 'POST', body: request.body, headers: request.headers }).then((r) => r.status)
      expect(await send(receiver.hookUrl(0), first)).toBe(200)
      expect(await send(receiver.hookUrl(1), second)).toBe(200)
      expect(await send(receiver.hookUrl(1), first)).toBe(401)
      expect(
        await send(receiver.hookUrl(0), { ...first, body: Buffer.concat([first.body, Buffer.from(' ')]) }),
      ).toBe(401)

      const abort = new AbortController()
      const hanging = fetch(receiver.blackholeUrl(0), {
        method: 'POST',
        body: first.body,
        headers: first.headers,
        signal: abort.signal,
      }).catch(() => 'aborted')
      await waitUntil(async () => (await receiver.stats()).open === 1, 5000)
      abort.abort()
      expect(await hanging).toBe('aborted')

      expect(await receiver.stats()).toMatchObject({ accepted: 2, rejected: 2 })
      expect(receiver.deliveries().map((d) => [d.deliveryId, d.hook])).toEqual([
        [first.deliveryId, 0],
        [second.deliveryId, 1],
      ])
    } finally {
      await receiver.stop()
    }
  })
})

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
