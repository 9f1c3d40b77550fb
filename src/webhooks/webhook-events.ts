/**
 * Which event names a webhook may subscribe to: every event type in src/domain/events except the
 * direct-only ones (`webhook.test` is sent by the test route to one webhook, never fanned out),
 * or `*` alone for all of them — including event types added later.
 */

import { AppError } from '../domain/errors/app-error.js'
import { EVENT_NAMES } from '../domain/events/event-schemas.js'
import { DIRECT_ONLY_EVENTS } from '../domain/events/webhook-test-event.js'
import { ALL_EVENTS } from '../store/webhook-fan-out.js'

/** The names a subscription may list (besides `*`). */
export function subscribableEventNames(): string[] {
  return EVENT_NAMES.filter((name) => !DIRECT_ONLY_EVENTS.includes(name))
}

/** Checks a subscription list; returns it without duplicates, or throws UNKNOWN_EVENT. */
export function checkWebhookEvents(events: readonly string[]): string[] {
  const unique = [...new Set(events)]
  if (unique.includes(ALL_EVENTS)) {
    if (unique.length > 1) {
      throw new AppError('UNKNOWN_EVENT', {
        message: 'body.events: "*" already means every event; send it alone',
        details: [{ field: 'body.events', reason: '"*" must be the only entry' }],
      })
    }
    return unique
  }
  const known = subscribableEventNames()
  const unknown = unique.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_EVENT', {
      message: `body.events: unknown event ${unknown.map((name) => `"${name}"`).join(', ')} (known: ${known.join(', ')}, or "*")`,
      details: unknown.map((name) => ({
        field: 'body.events',
        reason: `unknown event "${name}"`,
        value: name,
      })),
    })
  }
  return unique
}
