/**
 * Org webhooks (admins only): create (the secret is in that response only), list, get, change,
 * delete (pending deliveries are cancelled, the log stays) and rotate the secret (the new one is in
 * that response only; the old one keeps signing the Standard Webhooks header for an overlap).
 * The actions, each audited in its own transaction, are src/webhooks/manage-webhooks.ts; no audit
 * entry, log line or read holds a secret.
 */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../../domain/errors/app-error.js'
import { WEBHOOK_TARGETS, type WebhookTarget } from '../../../domain/webhook-targets.js'
import {
  NO_DELIVERY_STATS,
  type WebhookDeliveryStats,
  webhookDeliveryStats,
  webhooksDeliveryStats,
} from '../../../store/delivery-log.js'
import { getWebhook, listWebhooks } from '../../../store/webhooks.js'
import {
  changeWebhook,
  createWebhook,
  MAX_SECRET_OVERLAP_SECONDS,
  removeWebhook,
  rotateWebhookSecret,
  type WebhookAdminDeps,
  type WebhookWithSecret,
} from '../../../webhooks/manage-webhooks.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  errorResponses,
  idParamsSchema,
  listQuerySchema,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import { knownId } from '../../schemas/known-id.js'
import { toWebhookBody, webhookSchema, webhookWithSecretSchema } from './webhook-schemas.js'

export type WebhookRouteDeps = WebhookAdminDeps

const urlSchema = { type: 'string', minLength: 1, maxLength: 2048 } as const
const eventsSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: { type: 'string', minLength: 1, maxLength: 100 },
} as const
const targetSchema = { type: 'string', enum: [...WEBHOOK_TARGETS] } as const
const descriptionSchema = { type: ['string', 'null'], maxLength: 500 } as const
/** The fields a create or a change may send (create requires url and events). */
const webhookFieldsSchema = {
  url: urlSchema,
  events: eventsSchema,
  target: targetSchema,
  description: descriptionSchema,
  enabled: { type: 'boolean' },
} as const

interface CreateBody {
  url: string
  events: string[]
  target?: WebhookTarget
  description?: string | null
  enabled?: boolean
}

type PatchBody = Partial<CreateBody>

/** The create and rotate answers: the webhook with its secret, shown this once. */
function withSecretBody(
  { webhook, secret, previousSecretExpiresAt }: WebhookWithSecret,
  stats: WebhookDeliveryStats,
) {
  return {
    ...toWebhookBody(webhook, stats),
    secret,
    previousSecretExpiresAt:
      previousSecretExpiresAt === null ? null : new Date(previousSecretExpiresAt).toISOString(),
  }
}

export async function webhooksRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  app.post<{ Body: CreateBody }>(
    '/api/v1/org-webhooks',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'Create a webhook for your org (admin). The response is the only one that carries the secret.',
        tags: ['webhooks'],
        body: {
          type: 'object',
          required: ['url', 'events'],
          additionalProperties: false,
          properties: webhookFieldsSchema,
        },
        response: { 201: webhookWithSecretSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const created = await createWebhook(deps, requireAuth(request), request.body)
      request.log.info({ webhookId: created.webhook.id }, 'webhook created')
      return reply.status(201).send(withSecretBody(created, NO_DELIVERY_STATS))
    },
  )

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/api/v1/org-webhooks',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Your org's webhooks, newest first (admin). Never the secret.",
        tags: ['webhooks'],
        querystring: listQuerySchema,
        response: { 200: listResponseSchema(webhookSchema), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const { limit, cursor } = request.query
      const page = await listWebhooks(deps.store.db, {
        orgId: auth.orgId,
        limit: limit + 1,
        beforeId: cursor === undefined ? undefined : decodeCursor(cursor),
      })
      const stats = await webhooksDeliveryStats(
        deps.store.db,
        auth.orgId,
        page.slice(0, limit).map((webhook) => webhook.id),
      )
      return toPage(page, limit, (webhook) =>
        toWebhookBody(webhook, stats.get(webhook.id) ?? NO_DELIVERY_STATS),
      )
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/org-webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'One webhook of your org (admin). Never the secret.',
        tags: ['webhooks'],
        params: idParamsSchema,
        response: { 200: webhookSchema, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const webhook = await getWebhook(deps.store.db, auth.orgId, knownId(request.params.id))
      if (webhook === null) throw new AppError('NOT_FOUND')
      return toWebhookBody(webhook, await webhookDeliveryStats(deps.store.db, auth.orgId, webhook.id))
    },
  )

  app.patch<{ Params: { id: string }; Body: PatchBody }>(
    '/api/v1/org-webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Change a webhook (admin). Only the fields sent change.',
        description:
          'Turning a webhook off fails its pending deliveries; turning it on again does not resend them (use recover).',
        tags: ['webhooks'],
        params: idParamsSchema,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: webhookFieldsSchema,
        },
        response: { 200: webhookSchema, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const updated = await changeWebhook(
        deps,
        requireAuth(request),
        knownId(request.params.id),
        request.body,
      )
      return toWebhookBody(updated, await webhookDeliveryStats(deps.store.db, updated.orgId, updated.id))
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/v1/org-webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'Delete a webhook (admin): its pending deliveries are cancelled; its delivery log stays readable.',
        tags: ['webhooks'],
        params: idParamsSchema,
        response: {
          204: { type: 'null', description: 'Deleted; no body.' },
          ...errorResponses(401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      await removeWebhook(deps, requireAuth(request), knownId(request.params.id))
      return reply.status(204).send()
    },
  )

  app.post<{ Params: { id: string }; Body: { overlapSeconds?: number } }>(
    '/api/v1/org-webhooks/:id/rotate-secret',
    {
      config: { access: 'admin', bodyOptional: true },
      schema: {
        summary:
          'Replace the signing secret (admin). The response is the only one that carries the new secret.',
        description:
          'X-Flowcerta-Signature uses the new secret at once. For `overlapSeconds` (default 86400) the ' +
          'Standard Webhooks `webhook-signature` header carries signatures with both secrets.',
        tags: ['webhooks'],
        params: idParamsSchema,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            overlapSeconds: { type: 'integer', minimum: 0, maximum: MAX_SECRET_OVERLAP_SECONDS },
          },
        },
        response: { 200: webhookWithSecretSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      const rotated = await rotateWebhookSecret(deps, auth, id, request.body.overlapSeconds)
      request.log.info({ webhookId: id }, 'webhook secret rotated')
      return withSecretBody(rotated, await webhookDeliveryStats(deps.store.db, auth.orgId, id))
    },
  )
}
