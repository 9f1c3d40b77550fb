/**
 * Org webhooks (admins only): create (the secret is in that response only), list, get, change,
 * delete (pending deliveries are cancelled, the log stays) and rotate the secret (the new one is in
 * that response only; the old one keeps signing the Standard Webhooks header for an overlap).
 * Every change is audited in its own transaction; no audit entry, log line or read holds a secret.
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { isUuid, newId } from '../../../domain/ids.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import { webhookDeliveryStats } from '../../../store/delivery-log.js'
import type { Store } from '../../../store/store.js'
import {
  deleteWebhook,
  failPendingDeliveries,
  getWebhook,
  getWebhookSealedSecrets,
  insertWebhook,
  listWebhooks,
  replaceWebhookSecret,
  updateWebhook,
  WEBHOOK_TARGETS,
  type WebhookChange,
  type WebhookTarget,
} from '../../../store/webhooks.js'
import { encryptSecret } from '../../../webhooks/secret-box.js'
import { checkWebhookUrl, type HostResolver, type WebhookUrlPolicy } from '../../../webhooks/url-policy.js'
import { checkWebhookEvents } from '../../../webhooks/webhook-events.js'
import { generateWebhookSecret, webhookSecretPreview } from '../../../webhooks/webhook-secret.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  errorResponses,
  idParamsSchema,
  listQuerySchema,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import {
  NO_DELIVERY_STATS,
  toWebhookBody,
  webhookSchema,
  webhookWithSecretSchema,
} from './webhook-schemas.js'

/** How long the previous secret keeps signing after a rotation unless the request says otherwise. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 60 * 60
const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 60 * 60

export interface WebhookRouteDeps {
  store: Store
  clock: Clock
  /** The master key secrets are sealed under. */
  secretKey: Buffer
  urlPolicy: WebhookUrlPolicy
  /** Name resolution for the plain-http check (tests inject one). */
  resolveHost?: HostResolver | undefined
}

const urlSchema = { type: 'string', minLength: 1, maxLength: 2048 } as const
const eventsSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: { type: 'string', minLength: 1, maxLength: 100 },
} as const
const targetSchema = { type: 'string', enum: [...WEBHOOK_TARGETS] } as const
const descriptionSchema = { type: ['string', 'null'], maxLength: 500 } as const

interface CreateBody {
  url: string
  events: string[]
  target?: WebhookTarget
  description?: string | null
  enabled?: boolean
}

type PatchBody = Partial<CreateBody>

/** Unknown and malformed ids answer 404 like another org's ids. */
function knownId(id: string): string {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  return id
}

export async function webhooksRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const checkUrl = (url: string) => checkWebhookUrl(url, deps.urlPolicy, deps.resolveHost)

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
          properties: {
            url: urlSchema,
            events: eventsSchema,
            target: targetSchema,
            description: descriptionSchema,
            enabled: { type: 'boolean' },
          },
        },
        response: { 201: webhookWithSecretSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const body = request.body
      // Checked before anything is written, so a refused webhook leaves nothing behind.
      const url = await checkUrl(body.url)
      const events = checkWebhookEvents(body.events)
      const id = newId()
      const secret = generateWebhookSecret()
      const now = deps.clock.now()
      const created = await deps.store.transaction(async (trx) => {
        const webhook = await insertWebhook(trx, {
          id,
          orgId: auth.orgId,
          url,
          target: body.target ?? 'generic',
          events,
          description: body.description ?? null,
          enabled: body.enabled ?? true,
          secretEncrypted: encryptSecret(deps.secretKey, secret, id),
          secretPreview: webhookSecretPreview(secret),
          at: now,
        })
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.created',
          targetType: 'webhook',
          targetId: id,
          changes: {
            url: webhook.url,
            target: webhook.target,
            events: webhook.events,
            description: webhook.description,
            enabled: webhook.enabled,
            secretPreview: webhook.secretPreview,
          },
          at: now,
        })
        return webhook
      })
      request.log.info({ webhookId: id }, 'webhook created')
      return reply
        .status(201)
        .send({ ...toWebhookBody(created, NO_DELIVERY_STATS), secret, previousSecretExpiresAt: null })
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
      const stats = new Map<string, Awaited<ReturnType<typeof webhookDeliveryStats>>>()
      for (const webhook of page.slice(0, limit))
        stats.set(webhook.id, await webhookDeliveryStats(deps.store.db, auth.orgId, webhook.id))
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
          properties: {
            url: urlSchema,
            events: eventsSchema,
            target: targetSchema,
            description: descriptionSchema,
            enabled: { type: 'boolean' },
          },
        },
        response: { 200: webhookSchema, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      const body = request.body
      const change: WebhookChange = {}
      if (body.url !== undefined) change.url = await checkUrl(body.url)
      if (body.events !== undefined) change.events = checkWebhookEvents(body.events)
      if (body.target !== undefined) change.target = body.target
      if (body.description !== undefined) change.description = body.description
      if (body.enabled !== undefined) change.enabled = body.enabled
      const now = deps.clock.now()
      const updated = await deps.store.transaction(async (trx) => {
        const current = await getWebhook(trx, auth.orgId, id)
        if (current === null) throw new AppError('NOT_FOUND')
        // Saying "enabled: true" to an enabled webhook changes nothing (its failure run goes on).
        if (change.enabled === current.enabled) delete change.enabled
        const next = await updateWebhook(trx, auth.orgId, id, change, now)
        if (next === null) throw new AppError('NOT_FOUND')
        const failed = change.enabled === false ? await failPendingDeliveries(trx, id, now) : 0
        const changes: Record<string, unknown> = {}
        for (const key of ['url', 'target', 'events', 'description', 'enabled'] as const) {
          if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) {
            changes[key] = { from: current[key], to: next[key] }
          }
        }
        if (failed > 0) changes.failedPendingDeliveries = failed
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.updated',
          targetType: 'webhook',
          targetId: id,
          changes,
          at: now,
        })
        return next
      })
      return toWebhookBody(updated, await webhookDeliveryStats(deps.store.db, auth.orgId, id))
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
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      const now = deps.clock.now()
      await deps.store.transaction(async (trx) => {
        const current = await getWebhook(trx, auth.orgId, id)
        if (current === null) throw new AppError('NOT_FOUND')
        const cancelled = await deleteWebhook(trx, auth.orgId, id, now)
        if (cancelled === null) throw new AppError('NOT_FOUND')
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.deleted',
          targetType: 'webhook',
          targetId: id,
          changes: { url: current.url, events: current.events, cancelledDeliveries: cancelled },
          at: now,
        })
      })
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
      const overlapSeconds = request.body.overlapSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS
      const secret = generateWebhookSecret()
      const now = deps.clock.now()
      const previousSecretExpiresAt = overlapSeconds > 0 ? now + overlapSeconds * 1000 : null
      const rotated = await deps.store.transaction(async (trx) => {
        const sealed = await getWebhookSealedSecrets(trx, auth.orgId, id)
        if (sealed === null) throw new AppError('NOT_FOUND')
        const next = await replaceWebhookSecret(
          trx,
          auth.orgId,
          id,
          {
            secretEncrypted: encryptSecret(deps.secretKey, secret, id),
            secretPreview: webhookSecretPreview(secret),
            // The current secret, still sealed, becomes the previous one; an older one is dropped.
            previousSecretEncrypted: previousSecretExpiresAt === null ? null : sealed.secretEncrypted,
            previousSecretExpiresAt,
          },
          now,
        )
        if (next === null) throw new AppError('NOT_FOUND')
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'webhook.secret_rotated',
          targetType: 'webhook',
          targetId: id,
          changes: {
            secretPreview: next.secretPreview,
            previousSecretExpiresAt:
              previousSecretExpiresAt === null ? null : new Date(previousSecretExpiresAt).toISOString(),
          },
          at: now,
        })
        return next
      })
      request.log.info({ webhookId: id }, 'webhook secret rotated')
      return {
        ...toWebhookBody(rotated, await webhookDeliveryStats(deps.store.db, auth.orgId, id)),
        secret,
        previousSecretExpiresAt:
          previousSecretExpiresAt === null ? null : new Date(previousSecretExpiresAt).toISOString(),
      }
    },
  )
}
