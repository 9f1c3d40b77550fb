/**
 * GET /api/v1/audit-log (admin): who did what and when, newest first, as JSON pages — or, with
 * `format=jsonl`, the whole log for auditors as streamed JSON Lines (`application/x-ndjson`).
 * GET /api/v1/audit-log/verify (admin): checks the org's hash chain (store/audit-chain-verify.ts).
 * Both read only the caller's org.
 */
import type { FastifyInstance } from 'fastify'
import { verifyAuditChain } from '../../../store/audit-chain-verify.js'
import { type AuditEntry, listAuditEntries } from '../../../store/audit-log.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  errorResponses,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import { AUDIT_LOG_JSONL_TYPE, auditLogJsonLines } from './audit-log-jsonl.js'
import { auditChainVerificationSchema } from './audit-log-schemas.js'

const hashSchema = { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' } as const

const entrySchema = {
  type: 'object',
  required: [
    'id',
    'actorEmail',
    'action',
    'targetType',
    'targetId',
    'changes',
    'at',
    'seq',
    'prevHash',
    'hash',
  ],
  properties: {
    id: { type: 'string' },
    actorEmail: { type: 'string' },
    action: { type: 'string' },
    targetType: { type: 'string' },
    targetId: { type: ['string', 'null'] },
    changes: { type: 'object', additionalProperties: true },
    at: { type: 'string', format: 'date-time' },
    seq: {
      type: ['integer', 'null'],
      description: "Position in the org's hash chain, from 1 (null only for a row written around the chain).",
    },
    prevHash: {
      ...hashSchema,
      description: "The previous entry's `hash`; 64 zeros for the org's first entry.",
    },
    hash: {
      ...hashSchema,
      description:
        'SHA-256 (hex) over the canonical form of this entry and `prevHash` (src/store/audit-chain-hash.ts).',
    },
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
      seq: 7,
      prevHash: '9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10',
      hash: '3b8e1f0a2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e1f',
    },
  ],
} as const

/** An entry as the API shows it, in the JSON list and on each JSON Lines line alike. */
export function auditEntryBody(entry: AuditEntry) {
  return {
    id: entry.id,
    actorEmail: entry.actorEmail,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    changes: entry.changes,
    at: new Date(entry.at).toISOString(),
    seq: entry.seq,
    prevHash: entry.prevHash,
    hash: entry.hash,
  }
}

interface AuditLogQuery {
  limit: number
  cursor?: string
  action?: string
  actor?: string
  since?: string
  until?: string
  format: 'json' | 'jsonl'
}

export async function auditLogRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  app.get<{ Querystring: AuditLogQuery }>(
    '/api/v1/audit-log',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Admin actions in your org (keys, settings, exception decisions, webhooks), newest first.',
        description:
          'Filters combine: `action`, `actor` (the email, exact), `since` (at or after) and `until` (before). ' +
          '`format=jsonl` exports for auditors: every entry matching the filters (and older than `cursor`, ' +
          `when given) as JSON Lines, \`Content-Type: ${AUDIT_LOG_JSONL_TYPE}\`, one entry per line in chain ` +
          'order (oldest first, `seq` ascending) with its hash fields, streamed; `limit` pages only the JSON form.',
        tags: ['org'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
            action: { type: 'string', maxLength: 100 },
            actor: { type: 'string', minLength: 1, maxLength: 320, description: "The actor's email, exact." },
            since: {
              type: 'string',
              format: 'date-time',
              description: 'Only entries at or after this time.',
            },
            until: { type: 'string', format: 'date-time', description: 'Only entries before this time.' },
            format: { type: 'string', enum: ['json', 'jsonl'], default: 'json' },
          },
        },
        response: {
          200: {
            description: 'A page of entries (JSON), or every matching entry (JSON Lines).',
            content: {
              'application/json': { schema: listResponseSchema(entrySchema) },
              [AUDIT_LOG_JSONL_TYPE]: { schema: { ...entrySchema, description: 'Each line is one entry.' } },
            },
          },
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const { limit, cursor, action, actor, since, until, format } = request.query
      const filter = {
        orgId: auth.orgId,
        action,
        actorEmail: actor,
        since: since === undefined ? undefined : Date.parse(since),
        until: until === undefined ? undefined : Date.parse(until),
        beforeId: cursor === undefined ? undefined : decodeCursor(cursor),
      }
      if (format === 'jsonl') {
        const lines = await auditLogJsonLines(deps.store.db, filter, auditEntryBody)
        return reply
          .type(AUDIT_LOG_JSONL_TYPE)
          .header('content-disposition', 'attachment; filename="audit-log.jsonl"')
          .send(lines)
      }
      const page = await listAuditEntries(deps.store.db, { ...filter, limit: limit + 1 })
      return toPage(page, limit, auditEntryBody)
    },
  )

  app.get(
    '/api/v1/audit-log/verify',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Verifies your org's audit hash chain and reports the first broken link.",
        description:
          'Walks the entries in `seq` order up to the chain head read at the start (entries appended meanwhile ' +
          'are left for the next run). `intact` gives the count and the head hash (keep it: a later rewrite of ' +
          'the whole chain no longer matches it); `broken` gives the entry, its position, the reason and the ' +
          'expected and found values. A broken chain is a 200 answer, not an error.',
        tags: ['org'],
        response: { 200: auditChainVerificationSchema, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      return verifyAuditChain(deps.store.db, auth.orgId)
    },
  )
}
