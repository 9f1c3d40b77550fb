/**
 * POST /api/v1/org-webhooks/{id}/test (admins): sends a `webhook.test` event to that webhook now
 * and answers with the attempt's outcome. The event and its one delivery are written outside the
 * fan-out (only this webhook gets it), already leased to this request so no worker races it; the
 * attempt is logged like any other. A test gets one attempt and never changes the webhook's health
 * (no disabling on 410, no failure run): it is a diagnostic, and works on a disabled webhook too.
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { buildEnvelope } from '../../../domain/events/event-envelope.js'
import { WEBHOOK_TEST_EVENT } from '../../../domain/events/webhook-test-event.js'
import { isUuid, newId } from '../../../domain/ids.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import { insertTestDelivery } from '../../../store/deliveries.js'
import type { Store } from '../../../store/store.js'
import { getWebhookForDelivery } from '../../../store/webhooks.js'
import type { ClaimedDelivery } from '../../../webhooks/delivery/claim-deliveries.js'
import { completeDeliveries } from '../../../webhooks/delivery/complete-deliveries.js'
import { attemptDelivery, createSecretOpener } from '../../../webhooks/delivery/delivery-worker.js'
import type { HttpSender } from '../../../webhooks/delivery/http-sender.js'
import { bodyToStore, renderBody } from '../../../webhooks/delivery/render-body.js'
import { DEFAULT_RETRY_POLICY } from '../../../webhooks/delivery/retry-policy.js'
import { requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_IDS, errorResponses, idParamsSchema } from '../../schemas/common-schemas.js'

export interface WebhookTestRouteDeps {
  store: Store
  clock: Clock
  secretKey: Buffer
  sender: HttpSender
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies. */
  publicUrl: string
}

/** Longer than any send can take: the route's lease only keeps workers off the row meanwhile. */
const TEST_LEASE_MS = 5 * 60 * 1000
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
      const auth = requireAuth(request)
      const { id } = request.params
      if (!isUuid(id)) throw new AppError('NOT_FOUND')
      const webhook = await getWebhookForDelivery(deps.store.db, id)
      if (webhook === null || webhook.orgId !== auth.orgId || webhook.deleted) throw new AppError('NOT_FOUND')

      const now = deps.clock.now()
      const lockedBy = `api-test:${newId()}`
      const envelope = buildEnvelope(WEBHOOK_TEST_EVENT, auth.orgId, now, {
        webhookId: webhook.id,
        message: 'This is a test delivery from Flowcerta.',
      })
      const envelopeJson = JSON.stringify(envelope)
      const body = renderBody(webhook.target, envelopeJson, { publicUrl: deps.publicUrl })
      const { deliveryId, eventId } = await deps.store.transaction(async (trx) => {
        const created = await insertTestDelivery(trx, {
          orgId: auth.orgId,
          webhookId: webhook.id,
          envelopeJson,
          body: bodyToStore(webhook.target, body),
          target: webhook.target,
          at: now,
          lockedBy,
          lockedUntil: now + TEST_LEASE_MS,
        })
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.tested',
          targetType: 'webhook',
          targetId: webhook.id,
          changes: { deliveryId: { from: null, to: created.deliveryId } },
          at: now,
        })
        return created
      })

      const delivery: ClaimedDelivery = {
        id: deliveryId,
        orgId: auth.orgId,
        webhookId: webhook.id,
        eventId,
        event: WEBHOOK_TEST_EVENT,
        attemptCount: 0,
        body,
        url: webhook.url,
        target: webhook.target,
        sealed: {
          secretEncrypted: webhook.secretEncrypted,
          previousSecretEncrypted: webhook.previousSecretEncrypted,
          previousSecretExpiresAt: webhook.previousSecretExpiresAt,
        },
        lockedUntil: now + TEST_LEASE_MS,
      }
      const finished = await attemptDelivery(
        {
          clock: deps.clock,
          sender: deps.sender,
          policy: DEFAULT_RETRY_POLICY,
          random: Math.random,
          secrets,
        },
        delivery,
      )
      await completeDeliveries(
        deps.store,
        { workerId: lockedBy, now: deps.clock.now(), policy: DEFAULT_RETRY_POLICY },
        [finished],
      )
      const { result, outcome } = finished
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
