import { describe, expect, it } from 'vitest'
import {
  buildDeliveryHeaders,
  signPayload,
  signStandardWebhook,
  standardWebhooksKey,
  USER_AGENT,
} from './signing.js'

// Published vectors, so these tests do not just repeat the implementation:
// RFC 4231 test case 2 (HMAC-SHA256), and the Standard Webhooks / Svix example signature.
const RFC4231_KEY = 'Jefe'
const RFC4231_DATA = 'what do ya want for nothing?'
const RFC4231_MAC = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SW_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const SW_TIMESTAMP = 1614265330
const SW_BODY = '{"test": 2432232314}'
const SW_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='

describe('X-Flowcerta-Signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body keyed by the UTF-8 bytes of the whole secret', () => {
    expect(signPayload(RFC4231_KEY, RFC4231_DATA)).toBe(`sha256=${RFC4231_MAC}`)
    expect(signPayload(RFC4231_KEY, Buffer.from(RFC4231_DATA))).toBe(`sha256=${RFC4231_MAC}`)
  })

  it('keys by the whole whsec_ string, not its decoded part (what the spec tells receivers to do)', () => {
    expect(signPayload(SW_SECRET, SW_BODY)).not.toBe(signPayload(SW_SECRET.slice('whsec_'.length), SW_BODY))
  })
})

describe('Standard Webhooks signature', () => {
  it('matches the published example', () => {
    expect(signStandardWebhook(SW_SECRET, SW_ID, SW_TIMESTAMP, SW_BODY)).toBe(SW_SIGNATURE)
  })

  it('keys by the base64 after whsec_, or by the UTF-8 bytes of a secret without the prefix', () => {
    expect(standardWebhooksKey(SW_SECRET)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))
    expect(standardWebhooksKey('plain')).toEqual(Buffer.from('plain', 'utf8'))
  })

  it('changes with the id, the timestamp and the body', () => {
    const base = signStandardWebhook(SW_SECRET, SW_ID, SW_TIMESTAMP, SW_BODY)
    expect(signStandardWebhook(SW_SECRET, `${SW_ID}x`, SW_TIMESTAMP, SW_BODY)).not.toBe(base)
    expect(signStandardWebhook(SW_SECRET, SW_ID, SW_TIMESTAMP + 1, SW_BODY)).not.toBe(base)
    expect(signStandardWebhook(SW_SECRET, SW_ID, SW_TIMESTAMP, `${SW_BODY} `)).not.toBe(base)
  })
})

describe('buildDeliveryHeaders', () => {
  const input = {
    deliveryId: SW_ID,
    event: 'validation.completed',
    target: 'generic',
    body: SW_BODY,
    secret: SW_SECRET,
    previousSecret: null,
    now: SW_TIMESTAMP * 1000 + 999,
  }

  it('carries every header of the spec, in its spelling, the timestamp in whole seconds', () => {
    expect(buildDeliveryHeaders(input)).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      'X-Flowcerta-Event': 'validation.completed',
      'X-Flowcerta-Delivery': SW_ID,
      'X-Flowcerta-Signature': signPayload(SW_SECRET, SW_BODY),
      'X-Flowcerta-Target': 'generic',
      'webhook-id': SW_ID,
      'webhook-timestamp': String(SW_TIMESTAMP),
      'webhook-signature': SW_SIGNATURE,
    })
  })

  it('during a rotation signs webhook-signature with both secrets, X-Flowcerta-Signature with the new one only', () => {
    const previousSecret = 'whsec_b2xkIHNlY3JldCBvbGQgc2VjcmV0IG9sZCBzZWNyZXQ='
    const headers = buildDeliveryHeaders({ ...input, previousSecret })
    expect(headers['webhook-signature']).toBe(
      `${SW_SIGNATURE} ${signStandardWebhook(previousSecret, SW_ID, SW_TIMESTAMP, SW_BODY)}`,
    )
    expect(headers['X-Flowcerta-Signature']).toBe(signPayload(SW_SECRET, SW_BODY))
  })

  it('does not repeat a signature when the previous secret is the current one', () => {
    expect(buildDeliveryHeaders({ ...input, previousSecret: SW_SECRET })['webhook-signature']).toBe(
      SW_SIGNATURE,
    )
  })
})
