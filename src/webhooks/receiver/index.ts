/**
 * `flowcerta/webhooks`: verify and parse Flowcerta webhook deliveries.
 *
 * - verifySignature(rawBody, header, secretOrSecrets): the X-Flowcerta-Signature check (boolean).
 * - verifyStandardWebhook(rawBody, headers, secret, {toleranceSeconds}): the Standard Webhooks
 *   check; returns {id, timestamp} or throws WebhookVerificationError.
 * - parseEvent(rawBody): a typed FlowcertaEvent; throws InvalidEventError or UnknownEventError.
 *   safeParseEvent returns {ok, event | error} instead.
 * - flowcertaExpress(options), flowcertaFastify: ready middleware that keep the raw body.
 *
 * Depends on node:crypto only.
 */
export {
  InvalidEventError,
  type InvalidEventErrorCode,
  WebhookVerificationError,
  type WebhookVerificationErrorCode,
} from './errors.js'
export {
  type EventFinding,
  type ExceptionExpiringSoonData,
  type ExceptionExpiringSoonEvent,
  FLOWCERTA_EVENT_NAMES,
  type FlowcertaEnvelope,
  type FlowcertaEvent,
  type FlowcertaEventName,
  parseEvent,
  type SafeParseResult,
  type Severity,
  type SeveritySummary,
  safeParseEvent,
  type UnknownEvent,
  UnknownEventError,
  type ValidationBelowThresholdData,
  type ValidationBelowThresholdEvent,
  type ValidationCompletedData,
  type ValidationCompletedEvent,
  type WebhookTestData,
  type WebhookTestEvent,
} from './events.js'
export { type FlowcertaExpressMiddleware, type FlowcertaExpressRequest, flowcertaExpress } from './express.js'
export {
  type FastifyLikeInstance,
  type FlowcertaFastifyPlugin,
  type FlowcertaFastifyRequest,
  flowcertaFastify,
} from './fastify.js'
export {
  type HeadersLike,
  headerValue,
  type RawBody,
  type SecretOrSecrets,
  type StandardWebhookOptions,
  type VerifiedStandardWebhook,
  verifySignature,
  verifyStandardWebhook,
} from './signatures.js'
export type { VerifiedDelivery, WebhookReceiverOptions } from './verify-delivery.js'
