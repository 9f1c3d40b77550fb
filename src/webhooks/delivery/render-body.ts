/**
 * The body a delivery sends, per target:
 * - `generic`: the stored envelope JSON text, byte for byte;
 * - `slack`: a Block Kit message (src/webhooks/targets/slack-message.ts);
 * - `teams`: an Office 365 connector MessageCard (src/webhooks/targets/teams-message-card.ts).
 * Links in the formatted bodies point at `publicUrl` (FLOWCERTA_PUBLIC_URL). The result is stored
 * on the delivery at its first claim and reused on every retry and redelivery (and it is what
 * X-Flowcerta-Signature signs), so a later change here never alters bytes already sent.
 * Never throws: an unreadable envelope or an event without a layout still gets a short message.
 */
import type { WebhookTarget } from '../../domain/webhook-targets.js'
import { renderSlackMessage } from '../targets/slack-message.js'
import { parseEnvelope } from '../targets/target-text.js'
import { renderTeamsMessageCard } from '../targets/teams-message-card.js'

export interface RenderBodyOptions {
  /** FLOWCERTA_PUBLIC_URL: the base of the result and exception links. */
  publicUrl: string
}

export function renderBody(target: WebhookTarget, envelopeJson: string, options: RenderBodyOptions): string {
  switch (target) {
    case 'generic':
      return envelopeJson
    case 'slack':
      return JSON.stringify(renderSlackMessage(parseEnvelope(envelopeJson), options.publicUrl))
    case 'teams':
      return JSON.stringify(renderTeamsMessageCard(parseEnvelope(envelopeJson), options.publicUrl))
  }
}

/**
 * What a delivery row keeps in `body` once its body is fixed: nothing for `generic`, whose body is
 * the event's envelope (never changed), the formatted body otherwise.
 */
export function bodyToStore(target: WebhookTarget, body: string): string | null {
  return target === 'generic' ? null : body
}
