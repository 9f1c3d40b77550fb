/**
 * The delivery log and the manual re-sends (admins only): a webhook's deliveries (filter by status
 * and event, paginated), one delivery with its attempts, redeliver one, recover a webhook's failed
 * deliveries in a time window. A re-send keeps the delivery id and the body bytes, so receivers
 * can dedupe on X-Flowcerta-Delivery.
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { isUuid } from '../../../domain/ids.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import {
  DELIVERY_STATES,
  type DeliveryState,
  getDelivery,
  getDeliveryRequestBody,
  listDeliveryAttempts,
  listWebhookDeliveries,
  requeueDelivery,
  requeueFailedDeliveries,
  webhookExistsInOrg,
} from '../../../store/delivery-log.js'
import { signalNewDeliveries } from '../../../store/delivery-wake-signal.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_TIME,
  errorResponses,
  idParamsSchema,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import {
  deliverySchema,
  deliveryWithAttemptsSchema,
  toAttemptBody,
  toDeliveryBody,
} from './webhook-schemas.js'

interface DeliveriesQuery {
  limit: number
  cursor?: string
  status?: DeliveryState
  event?: string
}

function knownId(id: string): string {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  return id
}

const isoTime = { type: 'string', format: 'date-time' } as const

export async function webhookDeliveriesRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: DeliveriesQuery }>(
    '/api/v1/org-webhooks/:id/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        summary: "A webhook's deliveries, newest first (admin); also for a deleted webhook, whose log stays.",
        tags: ['webhooks'],
        params: idParamsSchema,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
            status: { type: 'string', enum: [...DELIVERY_STATES] },
            event: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
        response: { 200: listResponseSchema(deliverySchema), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const webhookId = knownId(request.params.id)
      if ((await webhookExistsInOrg(deps.store.db, auth.orgId, webhookId)) === null)
        throw new AppError('NOT_FOUND')
      const q = request.query
      const page = await listWebhookDeliveries(deps.store.db, {
        orgId: auth.orgId,
        webhookId,
        limit: q.limit + 1,
        beforeId: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        status: q.status,
        event: q.event,
      })
      return toPage(page, q.limit, toDeliveryBody)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/deliveries/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          "One delivery with every attempt and the request as sent: its body and each attempt's headers (admin).",
        tags: ['webhooks'],
        params: idParamsSchema,
        response: { 200: deliveryWithAttemptsSchema, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      const delivery = await getDelivery(deps.store.db, auth.orgId, id)
      if (delivery === null) throw new AppError('NOT_FOUND')
      const attempts = await listDeliveryAttempts(deps.store.db, auth.orgId, id)
      const requestBody = await getDeliveryRequestBody(deps.store.db, auth.orgId, id)
      return { ...toDeliveryBody(delivery), requestBody, attempts: attempts.map(toAttemptBody) }
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/deliveries/:id/redeliver',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Send a finished delivery again, now (admin): same delivery id, same body bytes.',
        tags: ['webhooks'],
        params: idParamsSchema,
        response: { 202: deliverySchema, ...errorResponses(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      const now = deps.clock.now()
      const requeued = await deps.store.transaction(async (trx) => {
        const delivery = await getDelivery(trx, auth.orgId, id)
        if (delivery === null) throw new AppError('NOT_FOUND')
        const webhook = await webhookExistsInOrg(trx, auth.orgId, delivery.webhookId)
        if (webhook === null || webhook.deleted) throw new AppError('WEBHOOK_DELETED')
        if (!webhook.enabled) throw new AppError('WEBHOOK_DISABLED')
        if (delivery.status === 'pending') throw new AppError('DELIVERY_PENDING')
        if (!(await requeueDelivery(trx, auth.orgId, id, now))) throw new AppError('DELIVERY_PENDING')
        await signalNewDeliveries(trx, deps.store.capabilities)
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'delivery.redelivered',
          targetType: 'delivery',
          targetId: id,
          changes: {
            webhookId: delivery.webhookId,
            event: delivery.event,
            status: { from: delivery.status, to: 'pending' },
          },
          at: now,
        })
        const after = await getDelivery(trx, auth.orgId, id)
        if (after === null) throw new AppError('NOT_FOUND')
        return after
      })
      return reply.status(202).send(toDeliveryBody(requeued))
    },
  )

  app.post<{ Params: { id: string }; Body: { since: string; until?: string } }>(
    '/api/v1/org-webhooks/:id/recover',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          "Re-send a webhook's failed deliveries created in [since, until) (admin; until defaults to now).",
        tags: ['webhooks'],
        params: idParamsSchema,
        body: {
          type: 'object',
          required: ['since'],
          additionalProperties: false,
          properties: { since: isoTime, until: isoTime },
        },
        response: {
          202: {
            description: 'How many failed deliveries were queued again.',
            type: 'object',
            required: ['requeued', 'since', 'until'],
            properties: { requeued: { type: 'integer' }, since: isoTime, until: isoTime },
            examples: [{ requeued: 3, since: '2026-05-14T00:00:00.000Z', until: EXAMPLE_TIME }],
          },
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const webhookId = knownId(request.params.id)
      const now = deps.clock.now()
      const since = Date.parse(request.body.since)
      // One millisecond past now, so a delivery created this very millisecond is included.
      const until = request.body.until === undefined ? now + 1 : Date.parse(request.body.until)
      if (!(since < until)) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'body.since must be before body.until',
          details: [{ field: 'body.since', reason: 'must be before body.until' }],
        })
      }
      const requeued = await deps.store.transaction(async (trx) => {
        const webhook = await webhookExistsInOrg(trx, auth.orgId, webhookId)
        if (webhook === null || webhook.deleted) throw new AppError('NOT_FOUND')
        if (!webhook.enabled) throw new AppError('WEBHOOK_DISABLED')
        const count = await requeueFailedDeliveries(trx, { orgId: auth.orgId, webhookId, since, until }, now)
        if (count > 0) await signalNewDeliveries(trx, deps.store.capabilities)
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.recovered',
          targetType: 'webhook',
          targetId: webhookId,
          changes: {
            since: new Date(since).toISOString(),
            until: new Date(until).toISOString(),
            requeued: count,
          },
          at: now,
        })
        return count
      })
      return reply
        .status(202)
        .send({ requeued, since: new Date(since).toISOString(), until: new Date(until).toISOString() })
    },
  )
}
