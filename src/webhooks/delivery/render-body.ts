/**
 * The body a delivery sends, per target. Generic is the stored envelope JSON text byte for byte.
 * Slack Block Kit and Teams MessageCard formatting come in the next issue; until then both send
 * the generic body. The result is stored on the delivery at its first claim and reused on every
 * retry and redelivery, so a later change here never alters bytes already sent.
 */
export type WebhookTarget = 'generic' | 'slack' | 'teams'

export function renderBody(target: WebhookTarget, envelopeJson: string): string {
  switch (target) {
    case 'generic':
    case 'slack':
    case 'teams':
      return envelopeJson
  }
}
