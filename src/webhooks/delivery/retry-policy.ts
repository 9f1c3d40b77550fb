/**
 * The retry policy as data, and the one function that turns it into "when is the next attempt".
 * Every other module asks `nextAttemptDelayMs`; nothing else computes backoff.
 */

export interface RetryPolicy {
  /**
   * Delay before each attempt, relative to the previous one: entry 0 is the first attempt (sent
   * at once), entry n the wait after attempt n failed. After the last entry the delivery fails.
   */
  readonly attemptDelaysMs: readonly number[]
  /** Jitter as a fraction: 0.2 spreads each delay uniformly over ±20 %. */
  readonly jitter: number
  /** `Retry-After` (429/503) is honoured, but never below or above these bounds. */
  readonly retryAfterMinMs: number
  readonly retryAfterMaxMs: number
  /** A webhook failing with no success for this long is disabled (reason `failing`). */
  readonly disableAfterFailingMs: number
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±20 %), then failed. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attemptDelaysMs: Object.freeze([
    0,
    5 * SECOND,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    10 * HOUR,
  ]),
  jitter: 0.2,
  retryAfterMinMs: 1 * SECOND,
  retryAfterMaxMs: 10 * HOUR,
  disableAfterFailingMs: 5 * 24 * HOUR,
})

/**
 * `policy` with another schedule of retries (FLOWCERTA_WEBHOOK_RETRY_SCHEDULE): the waits after
 * each failed attempt; the first attempt is still sent at once.
 */
export function withRetrySchedule(policy: RetryPolicy, retryDelaysMs: readonly number[]): RetryPolicy {
  return Object.freeze({ ...policy, attemptDelaysMs: Object.freeze([0, ...retryDelaysMs]) })
}

/** Status codes whose `Retry-After` header is honoured. */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503])

/** How many attempts a delivery gets in all. */
export function maxAttempts(policy: RetryPolicy): number {
  return policy.attemptDelaysMs.length
}

/**
 * The wait after failed attempt number `attemptNumber` (1-based), or null when it was the last.
 * `retryAfterMs` (from a 429/503 Retry-After) replaces the scheduled delay, clamped to the bounds.
 * `random` returns [0, 1): 0.5 means no jitter (tests inject it).
 */
export function nextAttemptDelayMs(
  policy: RetryPolicy,
  attemptNumber: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const scheduled = policy.attemptDelaysMs[attemptNumber]
  if (scheduled === undefined) return null
  if (retryAfterMs !== null) {
    return Math.min(policy.retryAfterMaxMs, Math.max(policy.retryAfterMinMs, Math.round(retryAfterMs)))
  }
  const factor = 1 + policy.jitter * (2 * random() - 1)
  return Math.max(0, Math.round(scheduled * factor))
}

/**
 * Reads a Retry-After header (delta seconds or an HTTP date) as milliseconds from `now`; null
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null
  const text = value.trim()
  if (/^\d{1,10}$/.test(text)) return Number(text) * SECOND
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}
