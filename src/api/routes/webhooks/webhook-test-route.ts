/**
 * POST /api/v1/org-webhooks/{id}/test (admins): sends a `webhook.test` event to that webhook now
 * and answers with the attempt's outcome. The send is src/webhooks/send-test-delivery.ts, which
 * also says why it is the one send made from a request rather than by the delivery workers.
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import type { Store } from '../../../store/store.js'
import { createSecretOpener } from '../../../webhooks/delivery/delivery-worker.js'
import type { HttpSender } from '../../../webhooks/delivery/http-sender.js'
import type { RetryPolicy } from '../../../webhooks/delivery/retry-policy.js'
import { sendTestDelivery } from '../../../webhooks/send-test-delivery.js'
import { requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_IDS, errorResponses, idParamsSchema } from '../../schemas/common-schemas.js'
import { knownId } from '../../schemas/known-id.js'

export interface WebhookTestRouteDeps {
  store: Store
  clock: Clock
  secretKey: Buffer
  sender: HttpSender
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies. */
  publicUrl: string
  /** The workers' retry policy and lease (sendTestDelivery's deps). */
  policy: RetryPolicy
  leaseMs: number
}

/** The response snippet in this answer; the attempt log keeps the first 64 KiB. */
const SNIPPET_CHARS = 1024

const outcomeSchema = {
  description: 'The outcome of the one test attempt.',
  type: 'object',
  additionalProperties: false,
  required: ['deliveryId', 'status', 'statusCode', 'durationMs', 'responseSnippet', 'errorClass'],
  properties: {
    deliveryId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['succeeded', 'failed'] },
    statusCode: { type: ['integer', 'null'] },
    durationMs: { type: 'integer' },
    responseSnippet: { type: ['string', 'null'], description: 'Start of the response body (1 KiB).' },
    errorClass: {
      type: ['string', 'null'],
      description:
        'timeout, connection_refused, connection_reset, tls, dns, ssrf_blocked, redirect, http_error, network',
    },
  },
  examples: [
    {
      deliveryId: EXAMPLE_IDS.delivery,
      status: 'failed',
      statusCode: 503,
      durationMs: 148,
      responseSnippet: 'Service Unavailable',
      errorClass: 'http_error',
    },
  ],
} as const

export async function webhookTestRoute(app: FastifyInstance, deps: WebhookTestRouteDeps): Promise<void> {
  const secrets = createSecretOpener(deps.secretKey)
  app.post<{ Params: { id: string } }>(
    '/api/v1/org-webhooks/:id/test',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Send a webhook.test event to this webhook now and return the attempt (admin).',
        tags: ['webhooks'],
        params: idParamsSchema,
        response: { 200: outcomeSchema, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { deliveryId, attempt } = await sendTestDelivery(
        {
          store: deps.store,
          clock: deps.clock,
          sender: deps.sender,
          secrets,
          publicUrl: deps.publicUrl,
          policy: deps.policy,
          leaseMs: deps.leaseMs,
        },
        requireAuth(request),
        knownId(request.params.id),
      )
      const { result, outcome } = attempt
      return {
        deliveryId,
        status: outcome.status === 'succeeded' ? 'succeeded' : 'failed',
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        responseSnippet: result.responseBody === null ? null : result.responseBody.slice(0, SNIPPET_CHARS),
        errorClass: result.errorClass,
      }
    },
  )
}
