/** Stored validation results: one in full, or a filtered, paginated list (newest first). */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../../domain/errors/app-error.js'
import { PLATFORMS, type Platform } from '../../../domain/platforms.js'
import type { Store } from '../../../store/store.js'
import { getValidation, listValidations } from '../../../store/validations.js'
import { requireAuth } from '../../plugins/auth.js'
import { errorResponses, idParamsSchema, listResponseSchema } from '../../schemas/common-schemas.js'
import { decodeCursor, toPage } from '../../schemas/cursor.js'
import { knownId } from '../../schemas/known-id.js'
import { resultSchema, resultSummarySchema, toResultBody } from '../../schemas/result-schemas.js'

interface ResultsQuery {
  limit: number
  cursor?: string
  project?: string
  fileName?: string
  label?: string
  passed?: boolean
  policyPack?: string
  platform?: Platform
  since?: string
  until?: string
}

export async function resultsRoutes(
  app: FastifyInstance,
  deps: { store: Store; publicUrl: string },
): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/v1/results/:id',
    {
      config: { access: 'member' },
      schema: {
        summary: 'One validation result with all its findings (waived ones marked).',
        tags: ['validations'],
        params: idParamsSchema,
        response: { 200: resultSchema, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const validation = await getValidation(deps.store.db, auth.orgId, knownId(request.params.id))
      if (validation === null) throw new AppError('NOT_FOUND')
      return toResultBody(validation, deps.publicUrl)
    },
  )

  app.get<{ Querystring: ResultsQuery }>(
    '/api/v1/results',
    {
      config: { access: 'member' },
      schema: {
        summary:
          'Validation results of your org, newest first, without findings; filter and page with nextCursor.',
        tags: ['validations'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
            project: {
              type: 'string',
              maxLength: 255,
              description: "project.json's name (project submissions).",
            },
            fileName: { type: 'string', maxLength: 255 },
            label: { type: 'string', maxLength: 200 },
            passed: { type: 'boolean' },
            policyPack: { type: 'string', maxLength: 100 },
            platform: { type: 'string', enum: [...PLATFORMS], description: 'Only results of this platform.' },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
          },
        },
        response: { 200: listResponseSchema(resultSummarySchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const q = request.query
      const page = await listValidations(deps.store.db, {
        orgId: auth.orgId,
        projectName: q.project,
        fileName: q.fileName,
        label: q.label,
        passed: q.passed,
        policyPack: q.policyPack,
        platform: q.platform,
        since: q.since === undefined ? undefined : Date.parse(q.since),
        until: q.until === undefined ? undefined : Date.parse(q.until),
        beforeId: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        limit: q.limit + 1,
      })
      return toPage(page, q.limit, (validation) => toResultBody(validation, deps.publicUrl, false))
    },
  )
}
