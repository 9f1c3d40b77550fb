/**
 * What an attempt's result means for its delivery: succeeded, retry at a time, or failed — and
 * whether the webhook must be disabled at once. Pure; the only caller of the backoff function.
 */
import { WEBHOOK_TEST_EVENT } from '../../domain/events/webhook-test-event.js'
import type { AttemptResult } from './http-sender.js'
import {
  maxAttempts,
  nextAttemptDelayMs,
  parseRetryAfter,
  RETRY_AFTER_STATUSES,
  type RetryPolicy,
} from './retry-policy.js'

export type DeliveryOutcome =
  | { status: 'succeeded' }
  | { status: 'retry'; nextAttemptAt: number }
  | { status: 'failed'; disableWebhook: 'gone' | null }

export function decideOutcome(
  policy: RetryPolicy,
  delivery: { event: string; attemptCount: number },
  result: AttemptResult,
  now: number,
  random: () => number = Math.random,
): DeliveryOutcome {
  if (result.errorClass === null) return { status: 'succeeded' }
  // A test (../send-test-delivery.ts) gets one attempt; complete-deliveries leaves the webhook's health alone.
  if (delivery.event === WEBHOOK_TEST_EVENT) return { status: 'failed', disableWebhook: null }
  if (result.statusCode === 410) return { status: 'failed', disableWebhook: 'gone' }
  // A re-queued delivery that used up its schedule (redeliver, recover) starts it again; the
  // attempt numbers in the log keep counting.
  const attemptNumber = delivery.attemptCount + 1
  const position = ((attemptNumber - 1) % maxAttempts(policy)) + 1
  const retryAfterMs =
    result.statusCode !== null && RETRY_AFTER_STATUSES.has(result.statusCode)
      ? parseRetryAfter(result.retryAfter, now)
      : null
  const delay = nextAttemptDelayMs(policy, position, retryAfterMs, random)
  if (delay === null) return { status: 'failed', disableWebhook: null }
  return { status: 'retry', nextAttemptAt: now + delay }
}
