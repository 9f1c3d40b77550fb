/**
 * API keys: create (admin; the key is in that response only), list (admins see the org's keys,
 * members only their own; never a secret), revoke (admin).
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { viewApiKey } from '../../../orgs/api-key-view.js'
import { issueApiKey } from '../../../orgs/create-api-key.js'
import { revokeOrgApiKey } from '../../../orgs/revoke-api-key.js'
import { listApiKeys } from '../../../store/api-keys.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  errorResponses,
  idParamsSchema,
  listQuerySchema,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import { knownId } from '../../schemas/known-id.js'

const apiKeySchema = {
  type: 'object',
  required: ['id', 'prefix', 'name', 'email', 'role', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the key, to recognise it.' },
    name: { type: ['string', 'null'] },
    email: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'member'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  examples: [
    {
      id: EXAMPLE_IDS.apiKey,
      prefix: 'fc_k7Qm2xR9',
      name: 'CI pipeline',
      email: 'ci@example.com',
      role: 'member',
      createdAt: EXAMPLE_TIME,
      lastUsedAt: '2026-05-15T18:05:00.000Z',
      revokedAt: null,
    },
  ],
} as const

interface CreateBody {
  email: string
  role: 'admin' | 'member'
  name?: string
}

export async function apiKeysRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  app.post<{ Body: CreateBody }>(
    '/api/v1/api-keys',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create an API key for a user of your org (the user is created if new).',
        description: 'The response is the only time the key is shown.',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['email', 'role'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            role: { type: 'string', enum: ['admin', 'member'] },
            name: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
        response: {
          201: {
            description: 'The new key: `apiKey` is shown this once.',
            type: 'object',
            required: ['id', 'apiKey', 'prefix', 'email', 'role', 'createdAt'],
            properties: {
              id: { type: 'string' },
              apiKey: { type: 'string', description: 'The key. Store it now: it is never shown again.' },
              prefix: { type: 'string' },
              name: { type: ['string', 'null'] },
              email: { type: 'string' },
              role: { type: 'string', enum: ['admin', 'member'] },
              createdAt: { type: 'string', format: 'date-time' },
            },
            examples: [
              {
                id: EXAMPLE_IDS.apiKey,
                apiKey: 'fc_k7Qm2xR9_Vd3sP0aLw8ZbN1cYe5HtUj6fGi2o',
                prefix: 'fc_k7Qm2xR9',
                name: 'CI pipeline',
                email: 'ci@example.com',
                role: 'member',
                createdAt: EXAMPLE_TIME,
              },
            ],
          },
          ...errorResponses(400, 401, 403, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const now = deps.clock.now()
      const issued = await deps.store.transaction(async (trx) => {
        const key = await issueApiKey(trx, {
          orgId: auth.orgId,
          email: request.body.email,
          role: request.body.role,
          name: request.body.name ?? null,
          at: now,
        })
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: key.id,
          changes: { email: key.email, role: key.role, name: key.name, prefix: `fc_${key.prefix}` },
          at: now,
        })
        return key
      })
      request.log.info({ keyId: issued.id, role: issued.role }, 'api key created')
      return reply.status(201).send({
        id: issued.id,
        apiKey: issued.apiKey,
        prefix: `fc_${issued.prefix}`,
        name: issued.name,
        email: issued.email,
        role: issued.role,
        createdAt: new Date(issued.createdAt).toISOString(),
      })
    },
  )

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/api/v1/api-keys',
    {
      config: { access: 'member' },
      schema: {
        summary:
          "List API keys: an admin sees the org's keys, a member only their own. Never the key itself.",
        tags: ['auth'],
        querystring: listQuerySchema,
        response: { 200: listResponseSchema(apiKeySchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const beforeId = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor)
      const page = await listApiKeys(deps.store.db, {
        orgId: auth.orgId,
        userId: auth.role === 'admin' ? undefined : auth.userId,
        limit: request.query.limit + 1,
        beforeId,
      })
      return toPage(page, request.query.limit, viewApiKey)
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/v1/api-keys/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Revoke an API key of your org. It stops working at once.',
        tags: ['auth'],
        params: idParamsSchema,
        response: {
          204: { type: 'null', description: 'Revoked; no body.' },
          ...errorResponses(401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const id = knownId(request.params.id)
      await deps.store.transaction((trx) =>
        revokeOrgApiKey(trx, { orgId: auth.orgId, keyId: id, actorEmail: auth.email, at: deps.clock.now() }),
      )
      request.log.info({ keyId: id }, 'api key revoked')
      return reply.status(204).send()
    },
  )
}
