/** GET /api/v1/audit-log (admin): who did what and when, newest first. */
import type { FastifyInstance } from 'fastify'
import { listAuditEntries } from '../../../store/audit-log.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  errorResponses,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'

const entrySchema = {
  type: 'object',
  required: ['id', 'actorEmail', 'action', 'targetType', 'targetId', 'changes', 'at'],
  properties: {
    id: { type: 'string' },
    actorEmail: { type: 'string' },
    action: { type: 'string' },
    targetType: { type: 'string' },
    targetId: { type: ['string', 'null'] },
    changes: { type: 'object', additionalProperties: true },
    at: { type: 'string', format: 'date-time' },
  },
  examples: [
    {
      id: EXAMPLE_IDS.auditEntry,
      actorEmail: 'lead@example.com',
      action: 'org_settings.updated',
      targetType: 'org_settings',
      targetId: EXAMPLE_IDS.org,
      changes: { scoreThreshold: { from: null, to: 80 } },
      at: EXAMPLE_TIME,
    },
  ],
} as const

export async function auditLogRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  app.get<{ Querystring: { limit: number; cursor?: string; action?: string } }>(
    '/api/v1/audit-log',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Admin actions in your org (keys, settings, exception decisions, webhooks), newest first.',
        tags: ['org'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
            action: { type: 'string', maxLength: 100 },
          },
        },
        response: { 200: listResponseSchema(entrySchema), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const { limit, cursor, action } = request.query
      const page = await listAuditEntries(deps.store.db, {
        orgId: auth.orgId,
        limit: limit + 1,
        action,
        beforeId: cursor === undefined ? undefined : decodeCursor(cursor),
      })
      return toPage(page, limit, (entry) => ({
        id: entry.id,
        actorEmail: entry.actorEmail,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        changes: entry.changes,
        at: new Date(entry.at).toISOString(),
      }))
    },
  )
}
