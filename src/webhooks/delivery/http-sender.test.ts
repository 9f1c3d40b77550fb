/**
 * How a thrown error becomes the attempt log's error class (the sends themselves are tested end
 * to end in test/webhooks/).
 */
import { errors as undiciErrors } from 'undici'
import { describe, expect, it } from 'vitest'
import { classifyError, ERROR_CLASSES } from './http-sender.js'
import { SsrfBlockedError } from './ssrf-guard.js'

const coded = (code: string, cause?: unknown) =>
  Object.assign(new Error(code), { code }, cause ? { cause } : {})

describe('classifyError', () => {
  it.each([
    [new SsrfBlockedError('10.0.0.1', 'private'), 'ssrf_blocked'],
    [new Error('fetch failed', { cause: new SsrfBlockedError('::1', 'loopback') }), 'ssrf_blocked'],
    [coded('ERR_SSRF_BLOCKED'), 'ssrf_blocked'],
    [new undiciErrors.ConnectTimeoutError(), 'timeout'],
    [new undiciErrors.HeadersTimeoutError(), 'timeout'],
    [new undiciErrors.BodyTimeoutError(), 'timeout'],
    [coded('ETIMEDOUT'), 'timeout'],
    [coded('ECONNREFUSED'), 'connection_refused'],
    [coded('ECONNRESET'), 'connection_reset'],
    [coded('EPIPE'), 'connection_reset'],
    [coded('UND_ERR_SOCKET'), 'connection_reset'],
    [coded('ENOTFOUND'), 'dns'],
    [coded('EAI_AGAIN'), 'dns'],
    [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls'],
    [new Error('strange'), 'network'],
    [null, 'network'],
  ] as const)('%s → %s', (error, errorClass) => {
    expect(classifyError(error)).toBe(errorClass)
  })

  it('looks through undici wrappers for the cause code (UND_ERR_SOCKET hides it)', () => {
    expect(classifyError(coded('UND_ERR_SOCKET', coded('ECONNREFUSED')))).toBe('connection_refused')
    expect(classifyError(new Error('fetch failed', { cause: coded('ENOTFOUND') }))).toBe('dns')
  })

  it('only ever answers a class of the attempt log', () => {
    for (const error of [coded('WHATEVER'), undefined, 'text']) {
      expect(ERROR_CLASSES).toContain(classifyError(error))
    }
  })
})
