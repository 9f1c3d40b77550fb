/**
 * What a webhook's body is shaped for: `generic` (the event envelope as it is), `slack` (Block
 * Kit) or `teams` (an Office 365 connector MessageCard). A column type, an API enum and the switch
 * in src/webhooks/delivery/render-body.ts all read this one list.
 */
export const WEBHOOK_TARGETS = Object.freeze(['generic', 'slack', 'teams'] as const)
export type WebhookTarget = (typeof WEBHOOK_TARGETS)[number]
