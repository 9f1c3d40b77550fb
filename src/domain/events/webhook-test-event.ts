/**
 * `webhook.test`: the one event that is not fanned out. `POST /api/v1/org-webhooks/{id}/test`
 * sends it to that one webhook (so a `*` subscription never gets other webhooks' tests and nobody
 * subscribes to it); it gets one attempt and never changes the webhook's health.
 */
export const WEBHOOK_TEST_EVENT = 'webhook.test'

/** Events that go only to the webhook they are sent to: never fanned out, not subscribable. */
export const DIRECT_ONLY_EVENTS: readonly string[] = Object.freeze([WEBHOOK_TEST_EVENT])
