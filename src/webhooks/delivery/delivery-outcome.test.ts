import { describe, expect, it } from 'vitest'
import { decideOutcome } from './delivery-outcome.js'
import type { AttemptResult } from './http-sender.js'
import { DEFAULT_RETRY_POLICY } from './retry-policy.js'

const NOW = Date.parse('2026-05-15T18:00:00.000Z')
const noJitter = () => 0.5
const event = 'validation.completed'

function result(statusCode: number | null, extra: Partial<AttemptResult> = {}): AttemptResult {
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300
  return {
    statusCode,
    durationMs: 12,
    responseBody: null,
    errorClass: ok ? null : statusCode === null ? 'connection_refused' : 'http_error',
    errorMessage: ok ? null : 'failed',
    retryAfter: undefined,
    ...extra,
  }
}

const decide = (delivery: { event: string; attemptCount: number }, attempt: AttemptResult) =>
  decideOutcome(DEFAULT_RETRY_POLICY, delivery, attempt, NOW, noJitter)

describe('decideOutcome', () => {
  it('a 2xx succeeds, whatever the attempt', () => {
    expect(decide({ event, attemptCount: 0 }, result(204))).toEqual({ status: 'succeeded' })
    expect(decide({ event, attemptCount: 7 }, result(200))).toEqual({ status: 'succeeded' })
  })

  it('a failed first attempt is retried 5 s later; later ones follow the schedule', () => {
    expect(decide({ event, attemptCount: 0 }, result(500))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 5_000,
    })
    expect(decide({ event, attemptCount: 2 }, result(null))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 30 * 60_000,
    })
  })

  it('the eighth failed attempt fails the delivery, without disabling the webhook', () => {
    expect(decide({ event, attemptCount: 7 }, result(500))).toEqual({
      status: 'failed',
      disableWebhook: null,
    })
  })

  it('410 Gone fails at once and disables the webhook', () => {
    expect(decide({ event, attemptCount: 0 }, result(410))).toEqual({
      status: 'failed',
      disableWebhook: 'gone',
    })
  })

  it('honours Retry-After on 429 and 503 only', () => {
    expect(decide({ event, attemptCount: 0 }, result(429, { retryAfter: '120' }))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 120_000,
    })
    expect(decide({ event, attemptCount: 0 }, result(503, { retryAfter: '60' }))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 60_000,
    })
    expect(decide({ event, attemptCount: 0 }, result(500, { retryAfter: '120' }))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 5_000,
    })
  })

  it('a re-queued delivery that used up its schedule starts it again', () => {
    expect(decide({ event, attemptCount: 8 }, result(500))).toEqual({
      status: 'retry',
      nextAttemptAt: NOW + 5_000,
    })
    expect(decide({ event, attemptCount: 15 }, result(500))).toEqual({
      status: 'failed',
      disableWebhook: null,
    })
  })

  it('a webhook.test gets one attempt and never disables the webhook, even on 410', () => {
    const test = { event: 'webhook.test', attemptCount: 0 }
    expect(decide(test, result(500))).toEqual({ status: 'failed', disableWebhook: null })
    expect(decide(test, result(410))).toEqual({ status: 'failed', disableWebhook: null })
    expect(decide(test, result(200))).toEqual({ status: 'succeeded' })
  })
})
