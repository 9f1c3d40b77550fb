/**
 * Risk exceptions: members request them and read them; admins approve (optionally with an earlier
 * expiresAt), reject or revoke them. Renewal: any member asks to extend an approved exception
 * (`POST …/{id}/renew`); an admin decides (`POST …/{id}/renewal/approve | reject`) — "renewal" is
 * a sub-resource of the exception (it has at most one at a time), so its decisions are nested
 * under it rather than taking a renewal id. The lifecycle rules live in src/risk-exceptions/;
 * this file only maps HTTP to them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { DAY_MS } from '../../../risk-exceptions/days-remaining.js'
import {
  approveRiskException,
  approveRiskExceptionRenewal,
  RENEWAL_STATES,
  RISK_EXCEPTION_STATES,
  type RiskExceptionState,
  rejectRiskException,
  rejectRiskExceptionRenewal,
  requestRiskException,
  requestRiskExceptionRenewal,
  revokeRiskException,
} from '../../../risk-exceptions/risk-exception-lifecycle.js'
import {
  getRiskException,
  listRiskExceptions,
  type RenewalStatus,
  type RiskException,
} from '../../../store/risk-exceptions.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  errorResponses,
  idParamsSchema,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import { knownId } from '../../schemas/known-id.js'

const isoTime = { type: 'string', format: 'date-time' } as const
const nullableIsoTime = { type: ['string', 'null'], format: 'date-time' } as const

const renewalSchema = {
  type: ['object', 'null'],
  description:
    'The last renewal asked for: pending, or its decision (closed: the exception was revoked or expired while it was pending). Null if none was ever asked for; earlier renewals are in the audit log.',
  required: [
    'status',
    'expiresAt',
    'reason',
    'requestedByEmail',
    'requestedAt',
    'decidedByEmail',
    'decidedAt',
    'decisionReason',
  ],
  properties: {
    status: { type: 'string', enum: RENEWAL_STATES.filter((state) => state !== 'none') },
    expiresAt: { ...isoTime, description: 'The expiry asked for (or, once approved, the one granted).' },
    reason: { type: 'string' },
    requestedByEmail: { type: 'string' },
    requestedAt: isoTime,
    decidedByEmail: { type: ['string', 'null'] },
    decidedAt: { ...nullableIsoTime, description: 'When it was approved, rejected or closed.' },
    decisionReason: { type: ['string', 'null'] },
  },
} as const

const exceptionSchema = {
  description: 'The risk exception.',
  type: 'object',
  required: [
    'id',
    'ruleId',
    'fileName',
    'location',
    'reason',
    'status',
    'expiresAt',
    'requestedByEmail',
    'decidedByEmail',
    'decidedAt',
    'decisionReason',
    'warnedAt',
    'createdAt',
    'updatedAt',
    'renewal',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ruleId: { type: 'string' },
    fileName: { type: 'string' },
    location: {
      type: ['string', 'null'],
      description:
        '<fileName>:<line> (for a project: <path in project>:<line>); null waives the rule in the whole submission.',
    },
    fingerprint: {
      type: ['string', 'null'],
      description:
        "A finding's fingerprint: the exception waives that finding wherever its line moves, and stops when the offending content changes.",
    },
    reason: { type: 'string' },
    status: { type: 'string', enum: [...RISK_EXCEPTION_STATES] },
    expiresAt: isoTime,
    requestedByEmail: { type: 'string' },
    decidedByEmail: { type: ['string', 'null'] },
    decidedAt: nullableIsoTime,
    decisionReason: { type: ['string', 'null'] },
    warnedAt: { ...nullableIsoTime, description: 'When exception.expiring_soon fired for it.' },
    createdAt: isoTime,
    updatedAt: isoTime,
    renewal: renewalSchema,
  },
  examples: [
    {
      id: EXAMPLE_IDS.exception,
      ruleId: 'FC-UIP-HCD-001',
      fileName: 'Main.xaml',
      location: 'Main.xaml:42',
      reason: 'Test tenant only; the credential is rotated daily by the vault job.',
      status: 'approved',
      expiresAt: '2026-08-13T18:00:00.000Z',
      requestedByEmail: 'dev@example.com',
      decidedByEmail: 'lead@example.com',
      decidedAt: EXAMPLE_TIME,
      decisionReason: 'Accepted until the vault migration.',
      warnedAt: null,
      createdAt: '2026-05-14T09:30:00.000Z',
      updatedAt: EXAMPLE_TIME,
      renewal: null,
    },
  ],
} as const

const reasonSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const

const createBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleId', 'fileName', 'reason', 'expiresAt'],
  properties: {
    ruleId: { type: 'string', minLength: 1, maxLength: 50 },
    fileName: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f]+$' },
    location: { type: ['string', 'null'], minLength: 1, maxLength: 300 },
    fingerprint: {
      type: ['string', 'null'],
      pattern: '^[0-9a-f]{32}(:[0-9]+)?$',
      description: "A finding's `fingerprint` (from a result): waives that finding across line moves.",
    },
    reason: reasonSchema,
    expiresAt: { ...isoTime, description: 'In the future and at most 365 days away.' },
  },
} as const

/** Approving an exception or its renewal: optionally an earlier expiresAt, and a note. */
const approvalBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { expiresAt: isoTime, reason: reasonSchema },
} as const
type ApprovalBody = { expiresAt?: string; reason?: string } | undefined

/** Rejecting an exception or its renewal: why. */
const rejectionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: reasonSchema },
} as const

function approvalOptions(body: ApprovalBody) {
  return {
    expiresAt: body?.expiresAt === undefined ? undefined : Date.parse(body.expiresAt),
    reason: body?.reason,
  }
}

/** The actor of a lifecycle action: the key's org and email. */
function actorOf(request: FastifyRequest) {
  const auth = requireAuth(request)
  return { orgId: auth.orgId, email: auth.email }
}

interface CreateBody {
  ruleId: string
  fileName: string
  location?: string | null
  fingerprint?: string | null
  reason: string
  expiresAt: string
}

interface ListQuery {
  limit: number
  cursor?: string
  status?: RiskExceptionState
  ruleId?: string
  fileName?: string
  renewal?: RenewalStatus
  expiringWithinDays?: number
}

const idParams = idParamsSchema

function toBody(exception: RiskException) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const renewal = exception.renewal
  return {
    id: exception.id,
    ruleId: exception.ruleId,
    fileName: exception.fileName,
    location: exception.location,
    fingerprint: exception.fingerprint ?? null,
    reason: exception.reason,
    status: exception.status,
    expiresAt: new Date(exception.expiresAt).toISOString(),
    requestedByEmail: exception.requestedByEmail,
    decidedByEmail: exception.decidedByEmail,
    decidedAt: iso(exception.decidedAt),
    decisionReason: exception.decisionReason,
    warnedAt: iso(exception.warnedAt),
    createdAt: new Date(exception.createdAt).toISOString(),
    updatedAt: new Date(exception.updatedAt).toISOString(),
    renewal:
      renewal === null
        ? null
        : {
            status: renewal.status,
            expiresAt: new Date(renewal.expiresAt).toISOString(),
            reason: renewal.reason,
            requestedByEmail: renewal.requestedByEmail,
            requestedAt: new Date(renewal.requestedAt).toISOString(),
            decidedByEmail: renewal.decidedByEmail,
            decidedAt: iso(renewal.decidedAt),
            decisionReason: renewal.decisionReason,
          },
  }
}

export async function exceptionsRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  app.post<{ Body: CreateBody }>(
    '/api/v1/exceptions',
    {
      config: { access: 'member' },
      schema: {
        summary:
          'Request a risk exception: waive one rule for one file (or one location in it) until expiresAt.',
        tags: ['exceptions'],
        body: createBodySchema,
        response: { 201: exceptionSchema, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request)
      const body = request.body
      const created = await requestRiskException(
        deps.store,
        deps.clock,
        { orgId: auth.orgId, email: auth.email },
        {
          ruleId: body.ruleId,
          fileName: body.fileName,
          location: body.location ?? null,
          fingerprint: body.fingerprint ?? null,
          reason: body.reason,
          expiresAt: Date.parse(body.expiresAt),
        },
      )
      reply.code(201)
      return toBody(created)
    },
  )

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/exceptions',
    {
      config: { access: 'member' },
      schema: {
        summary: 'Risk exceptions of your org, newest first; filter and page with nextCursor.',
        tags: ['exceptions'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
            status: { type: 'string', enum: [...RISK_EXCEPTION_STATES] },
            ruleId: { type: 'string', minLength: 1, maxLength: 50 },
            fileName: { type: 'string', minLength: 1, maxLength: 255 },
            renewal: {
              type: 'string',
              enum: RENEWAL_STATES.filter((state) => state !== 'none'),
              description:
                "Only exceptions whose last renewal is in this state: `renewal=pending` lists the renewals waiting for an admin's decision.",
            },
            expiringWithinDays: {
              type: 'integer',
              minimum: 1,
              maximum: 366,
              description: 'Only exceptions whose expiresAt is after now and within this many days.',
            },
          },
        },
        response: { 200: listResponseSchema(exceptionSchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const q = request.query
      const now = deps.clock.now()
      const page = await listRiskExceptions(deps.store.db, {
        orgId: auth.orgId,
        status: q.status,
        ruleId: q.ruleId,
        fileName: q.fileName,
        renewalStatus: q.renewal,
        expiresAfter: q.expiringWithinDays === undefined ? undefined : now,
        expiresBefore:
          q.expiringWithinDays === undefined ? undefined : now + q.expiringWithinDays * DAY_MS + 1,
        beforeId: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        limit: q.limit + 1,
      })
      return toPage(page, q.limit, toBody)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/exceptions/:id',
    {
      config: { access: 'member' },
      schema: {
        summary: 'One risk exception.',
        tags: ['exceptions'],
        params: idParams,
        response: { 200: exceptionSchema, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const found = await getRiskException(deps.store.db, auth.orgId, knownId(request.params.id))
      if (found === null) throw new AppError('NOT_FOUND')
      return toBody(found)
    },
  )

  // Approving and rejecting an exception and its renewal take the same bodies: one route each.
  const approvals = [
    {
      path: 'approve',
      summary: 'Approve a requested exception (admin); expiresAt may be moved earlier, never later.',
      approve: approveRiskException,
    },
    {
      path: 'renewal/approve',
      summary:
        "Approve the pending renewal (admin): expiresAt moves to the renewal's date (or an earlier one, still later than the current expiry) and the expiry warning is re-armed.",
      approve: approveRiskExceptionRenewal,
    },
  ] as const
  for (const { path, summary, approve } of approvals) {
    app.post<{ Params: { id: string }; Body: ApprovalBody }>(
      `/api/v1/exceptions/:id/${path}`,
      {
        // Approve takes an optional body: a POST without one is validated as `{}`.
        config: { access: 'admin', bodyOptional: true },
        schema: {
          summary,
          tags: ['exceptions'],
          params: idParams,
          body: approvalBodySchema,
          response: { 200: exceptionSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
        },
      },
      async (request) =>
        toBody(
          await approve(
            deps.store,
            deps.clock,
            actorOf(request),
            knownId(request.params.id),
            approvalOptions(request.body),
          ),
        ),
    )
  }

  const rejections = [
    {
      path: 'reject',
      summary: 'Reject a requested exception (admin), saying why.',
      reject: rejectRiskException,
    },
    {
      path: 'renewal/reject',
      summary: 'Reject the pending renewal (admin), saying why; the exception runs to its current expiry.',
      reject: rejectRiskExceptionRenewal,
    },
  ] as const
  for (const { path, summary, reject } of rejections) {
    app.post<{ Params: { id: string }; Body: { reason: string } }>(
      `/api/v1/exceptions/:id/${path}`,
      {
        config: { access: 'admin' },
        schema: {
          summary,
          tags: ['exceptions'],
          params: idParams,
          body: rejectionBodySchema,
          response: { 200: exceptionSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request) =>
        toBody(
          await reject(
            deps.store,
            deps.clock,
            actorOf(request),
            knownId(request.params.id),
            request.body.reason,
          ),
        ),
    )
  }

  app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
    '/api/v1/exceptions/:id/revoke',
    {
      config: { access: 'admin', bodyOptional: true },
      schema: {
        summary: 'Revoke an approved exception (admin); its waiver ends at once.',
        tags: ['exceptions'],
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { reason: reasonSchema } },
        response: { 200: exceptionSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const revoked = await revokeRiskException(
        deps.store,
        deps.clock,
        { orgId: auth.orgId, email: auth.email },
        knownId(request.params.id),
        request.body?.reason ?? null,
      )
      return toBody(revoked)
    },
  )

  app.post<{ Params: { id: string }; Body: { expiresAt: string; reason: string } }>(
    '/api/v1/exceptions/:id/renew',
    {
      config: { access: 'member' },
      schema: {
        summary:
          'Ask to extend an approved, unexpired exception (any member); it keeps waiving while an admin decides. One pending renewal at a time.',
        tags: ['exceptions'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['expiresAt', 'reason'],
          properties: {
            expiresAt: {
              ...isoTime,
              description: 'Later than the current expiresAt and at most 365 days from now.',
            },
            reason: reasonSchema,
          },
        },
        response: { 200: exceptionSchema, ...errorResponses(400, 401, 404, 409, 422, 429) },
      },
    },
    async (request) =>
      toBody(
        await requestRiskExceptionRenewal(
          deps.store,
          deps.clock,
          actorOf(request),
          knownId(request.params.id),
          {
            expiresAt: Date.parse(request.body.expiresAt),
            reason: request.body.reason,
          },
        ),
      ),
  )
}
