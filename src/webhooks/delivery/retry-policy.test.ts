import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY, maxAttempts, nextAttemptDelayMs, parseRetryAfter } from './retry-policy.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const noJitter = () => 0.5
const policy = DEFAULT_RETRY_POLICY

describe('the default schedule', () => {
  it('is 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts', () => {
    const spelled = policy.attemptDelaysMs.map((ms) =>
      ms % HOUR === 0 && ms > 0
        ? `${ms / HOUR}h`
        : ms % MINUTE === 0 && ms > 0
          ? `${ms / MINUTE}min`
          : `${ms / SECOND}s`,
    )
    expect(spelled.join(' ')).toBe('0s 5s 5min 30min 2h 5h 10h 10h')
    expect(maxAttempts(policy)).toBe(8)
  })
})

describe('nextAttemptDelayMs', () => {
  it('waits the scheduled delay after each failed attempt, without jitter at random 0.5', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextAttemptDelayMs(policy, attempt, null, noJitter))
    expect(waits).toEqual([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR])
  })

  it('gives up after the last attempt', () => {
    expect(nextAttemptDelayMs(policy, 8, null, noJitter)).toBeNull()
    expect(nextAttemptDelayMs(policy, 9, 5 * SECOND, noJitter)).toBeNull()
  })

  it('spreads a delay over ±jitter, never outside it', () => {
    expect(nextAttemptDelayMs(policy, 3, null, () => 0)).toBe(Math.round(30 * MINUTE * 0.8))
    expect(nextAttemptDelayMs(policy, 3, null, () => 0.999_999)).toBe(
      Math.round(30 * MINUTE * (1 + 0.2 * 0.999_998)),
    )
    for (let i = 0; i < 200; i++) {
      const delay = nextAttemptDelayMs(policy, 3, null) ?? -1
      expect(delay).toBeGreaterThanOrEqual(30 * MINUTE * 0.8)
      expect(delay).toBeLessThanOrEqual(30 * MINUTE * 1.2)
    }
  })

  it("takes a Retry-After instead of the schedule, clamped to the policy's bounds, without jitter", () => {
    expect(nextAttemptDelayMs(policy, 1, 42 * SECOND, () => 0)).toBe(42 * SECOND)
    expect(nextAttemptDelayMs(policy, 1, 10, noJitter)).toBe(policy.retryAfterMinMs)
    expect(nextAttemptDelayMs(policy, 1, 48 * HOUR, noJitter)).toBe(policy.retryAfterMaxMs)
  })

  it('follows a policy given as data', () => {
    const custom = { ...policy, attemptDelaysMs: [0, 100], jitter: 0 }
    expect(nextAttemptDelayMs(custom, 1, null, () => 0)).toBe(100)
    expect(nextAttemptDelayMs(custom, 2, null, () => 0)).toBeNull()
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-15T18:00:00.000Z')

  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * SECOND)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })

  it('reads an HTTP date as the time from now, and a past date as now', () => {
    expect(parseRetryAfter('Fri, 15 May 2026 18:02:00 GMT', now)).toBe(2 * MINUTE)
    expect(parseRetryAfter('Fri, 15 May 2026 17:00:00 GMT', now)).toBe(0)
  })

  it('is null when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('12345678901', now)).toBeNull()
  })
})
