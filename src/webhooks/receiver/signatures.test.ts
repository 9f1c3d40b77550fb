import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildDeliveryHeaders, signPayload } from '../delivery/signing.js'
import { generateWebhookSecret } from '../webhook-secret.js'
import { WebhookVerificationError } from './errors.js'
import { verifySignature, verifyStandardWebhook } from './signatures.js'

const secret = generateWebhookSecret()
const other = generateWebhookSecret()
const body = '{"event":"webhook.test","orgId":"x","occurredAt":"y","data":{"message":"héllo"}}'
const NOW = 1_780_000_000_000

function headersFor(input: { secret?: string; previousSecret?: string | null; now?: number; sent?: string }) {
  return buildDeliveryHeaders({
    deliveryId: randomUUID(),
    event: 'webhook.test',
    target: 'generic',
    body: input.sent ?? body,
    secret: input.secret ?? secret,
    previousSecret: input.previousSecret ?? null,
    now: input.now ?? NOW,
  })
}

function codeOf(run: () => unknown): string | null {
  try {
    run()
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError)
    return (error as WebhookVerificationError).code
  }
}

describe('verifySignature', () => {
  const header = signPayload(secret, body)

  it('accepts the engine signature over a string or the raw bytes', () => {
    expect(verifySignature(body, header, secret)).toBe(true)
    expect(verifySignature(Buffer.from(body, 'utf8'), header, secret)).toBe(true)
    expect(verifySignature(new Uint8Array(Buffer.from(body, 'utf8')), header, secret)).toBe(true)
    expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true)
  })

  it('accepts any of several secrets (rotation), in any order', () => {
    expect(verifySignature(body, header, [other, secret])).toBe(true)
    expect(verifySignature(body, header, [secret, other])).toBe(true)
    expect(verifySignature(body, header, [other])).toBe(false)
  })

  it('rejects a tampered body, header or secret', () => {
    expect(verifySignature(`${body} `, header, secret)).toBe(false)
    expect(verifySignature(body.replace('héllo', 'hello'), header, secret)).toBe(false)
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0')
    expect(verifySignature(body, flipped, secret)).toBe(false)
    expect(verifySignature(body, header, other)).toBe(false)
    // The secret is keyed as its whole UTF-8 string, `whsec_` included.
    expect(verifySignature(body, header, secret.slice('whsec_'.length))).toBe(false)
  })

  it('is false, never a throw, on missing or malformed input', () => {
    const bad: unknown[] = [
      undefined,
      null,
      '',
      'sha256=',
      'sha256=zz',
      `sha1=${header.slice(7)}`,
      `${header}00`,
      header.slice(0, -2),
      ['a', 'b'],
      [header],
      42,
      {},
    ]
    for (const value of bad) expect(verifySignature(body, value as string, secret), String(value)).toBe(false)
    expect(verifySignature(body, header, [])).toBe(false)
    expect(verifySignature(body, header, '')).toBe(false)
    expect(verifySignature(undefined as unknown as string, header, secret)).toBe(false)
    expect(verifySignature(body, header, undefined as unknown as string)).toBe(false)
    expect(verifySignature(body, header, [undefined, null, 3] as unknown as string[])).toBe(false)
  })
})

describe('verifyStandardWebhook', () => {
  const nowSeconds = Math.floor(NOW / 1000)

  it('accepts the engine headers (Node headers, any case, fetch Headers) and returns id and timestamp', () => {
    const headers = headersFor({})
    const verified = verifyStandardWebhook(body, headers, secret, { nowSeconds })
    expect(verified).toEqual({ id: headers['webhook-id'], timestamp: nowSeconds })
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]))
    expect(verifyStandardWebhook(Buffer.from(body), lower, secret, { nowSeconds }).id).toBe(
      headers['webhook-id'],
    )
    expect(verifyStandardWebhook(body, upper, secret, { nowSeconds }).id).toBe(headers['webhook-id'])
    expect(verifyStandardWebhook(body, new Headers(headers), secret, { nowSeconds }).id).toBe(
      headers['webhook-id'],
    )
  })

  it('accepts either secret during a rotation (two signatures in the header)', () => {
    const headers = headersFor({ secret: other, previousSecret: secret })
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(() => verifyStandardWebhook(body, headers, secret, { nowSeconds })).not.toThrow()
    expect(() => verifyStandardWebhook(body, headers, other, { nowSeconds })).not.toThrow()
    expect(() =>
      verifyStandardWebhook(body, headers, [generateWebhookSecret(), other], { nowSeconds }),
    ).not.toThrow()
    expect(codeOf(() => verifyStandardWebhook(body, headers, generateWebhookSecret(), { nowSeconds }))).toBe(
      'no_matching_signature',
    )
  })

  it('rejects stale and future timestamps beyond the tolerance, both ways', () => {
    const headers = headersFor({})
    const options = (offset: number, toleranceSeconds?: number) => ({
      nowSeconds: nowSeconds + offset,
      ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
    })
    expect(() => verifyStandardWebhook(body, headers, secret, options(300))).not.toThrow()
    expect(codeOf(() => verifyStandardWebhook(body, headers, secret, options(301)))).toBe('timestamp_too_old')
    expect(() => verifyStandardWebhook(body, headers, secret, options(-300))).not.toThrow()
    expect(codeOf(() => verifyStandardWebhook(body, headers, secret, options(-301)))).toBe(
      'timestamp_too_new',
    )
    expect(codeOf(() => verifyStandardWebhook(body, headers, secret, options(11, 10)))).toBe(
      'timestamp_too_old',
    )
    expect(() => verifyStandardWebhook(body, headers, secret, options(3600, 7200))).not.toThrow()
    // Default: the real clock; a delivery signed an hour ago is stale.
    const old = headersFor({ now: Date.now() - 3_600_000 })
    expect(codeOf(() => verifyStandardWebhook(body, old, secret))).toBe('timestamp_too_old')
    expect(() => verifyStandardWebhook(body, headersFor({ now: Date.now() }), secret)).not.toThrow()
  })

  it('rejects tampering with the body, id, timestamp or signature', () => {
    const headers = headersFor({})
    const run = (sent: string, changed: Record<string, string>) =>
      codeOf(() =>
        verifyStandardWebhook(sent, { ...headers, ...changed }, secret, { nowSeconds: nowSeconds + 1 }),
      )
    expect(run(`${body} `, {})).toBe('no_matching_signature')
    expect(run(body, { 'webhook-id': randomUUID() })).toBe('no_matching_signature')
    expect(run(body, { 'webhook-timestamp': String(nowSeconds + 1) })).toBe('no_matching_signature')
    expect(run(body, { 'webhook-signature': headers['webhook-signature']!.replace('v1,', 'v2,') })).toBe(
      'no_matching_signature',
    )
    expect(run(body, { 'webhook-signature': 'v1,AAAA' })).toBe('no_matching_signature')
    expect(run(body, { 'webhook-signature': 'garbage' })).toBe('no_matching_signature')
  })

  it('throws only WebhookVerificationError on missing or malformed headers', () => {
    const headers = headersFor({})
    const without = (name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name))
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      expect(codeOf(() => verifyStandardWebhook(body, without(name), secret, { nowSeconds }))).toBe(
        'missing_headers',
      )
    }
    for (const timestamp of ['', 'abc', '1e9', '-5', '12.5']) {
      expect(
        codeOf(() =>
          verifyStandardWebhook(body, { ...headers, 'webhook-timestamp': timestamp }, secret, { nowSeconds }),
        ),
        timestamp,
      ).toBe('invalid_timestamp')
    }
    expect(codeOf(() => verifyStandardWebhook(body, headers, [], { nowSeconds }))).toBe('no_secret')
    expect(codeOf(() => verifyStandardWebhook(body, {}, secret))).toBe('missing_headers')
    expect(
      codeOf(() => verifyStandardWebhook(undefined as unknown as string, headers, secret, { nowSeconds })),
    ).toBe('no_matching_signature')
  })

  it('ignores a tolerance or clock that is not a finite number (never lets a stale timestamp through)', () => {
    const headers = headersFor({ now: Date.now() - 3_600_000 })
    for (const toleranceSeconds of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(codeOf(() => verifyStandardWebhook(body, headers, secret, { toleranceSeconds }))).toBe(
        'timestamp_too_old',
      )
    }
    expect(codeOf(() => verifyStandardWebhook(body, headers, secret, { nowSeconds: Number.NaN }))).toBe(
      'timestamp_too_old',
    )
    expect(codeOf(() => verifyStandardWebhook(body, headers, undefined as unknown as string))).toBe(
      'no_secret',
    )
    expect(codeOf(() => verifyStandardWebhook(body, null as unknown as Record<string, string>, secret))).toBe(
      'missing_headers',
    )
  })

  it('keys a secret without the whsec_ prefix by its UTF-8 bytes, as the engine does', () => {
    const plain = 'not-a-whsec-secret'
    const headers = headersFor({ secret: plain })
    expect(() => verifyStandardWebhook(body, headers, plain, { nowSeconds })).not.toThrow()
  })
})
