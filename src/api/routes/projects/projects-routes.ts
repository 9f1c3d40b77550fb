/**
 * Projects: what project submissions (archives with a project.json name) add up to over time.
 * GET /api/v1/projects — each project's latest result and the score before it; GET /api/v1/projects/{name}/history — the
 * project's score and counts per validation, newest first. Both read only the caller's org; a
 * name no validation of the org carries is a 404.
 */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../../domain/errors/app-error.js'
import type { Store } from '../../../store/store.js'
import { listProjects, listValidations, type StoredValidation } from '../../../store/validations.js'
import { resultUrl } from '../../../validations/validation-events.js'
import { requireAuth } from '../../plugins/auth.js'
import {
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  errorResponses,
  listResponseSchema,
} from '../../schemas/common-schemas.js'
import { decodeCursor, encodeCursor, toPage } from '../../schemas/cursor.js'
import { summarySchema } from '../../schemas/result-schemas.js'

/** One validation of a project, as a point of its history. */
const historyPointSchema = {
  type: 'object',
  required: [
    'validationId',
    'validatedAt',
    'label',
    'score',
    'passed',
    'summary',
    'policyPackSlug',
    'resultUrl',
  ],
  properties: {
    validationId: { type: 'string' },
    validatedAt: { type: 'string', format: 'date-time' },
    label: { type: ['string', 'null'] },
    fileName: { type: 'string', description: 'The submission (archive) name.' },
    score: { type: 'integer' },
    passed: { type: 'boolean' },
    summary: summarySchema,
    policyPackSlug: { type: 'string' },
    resultUrl: { type: 'string' },
  },
  examples: [
    {
      validationId: EXAMPLE_IDS.validation,
      validatedAt: EXAMPLE_TIME,
      label: 'main',
      fileName: 'InvoiceProcessing.zip',
      score: 82,
      passed: true,
      summary: { critical: 0, high: 1, medium: 2, low: 6, total: 9 },
      policyPackSlug: 'uipath-reframework-baseline',
      resultUrl: `https://flowcerta.example.com/results/${EXAMPLE_IDS.validation}`,
    },
  ],
} as const

const projectSchema = {
  type: 'object',
  required: ['name', 'validations', 'latest', 'previousScore'],
  properties: {
    name: { type: 'string', description: "project.json's name." },
    validations: { type: 'integer', description: 'How many validations the project has had.' },
    latest: { ...historyPointSchema, examples: undefined, description: 'Its latest validation.' },
    previousScore: {
      type: ['integer', 'null'],
      description:
        "The score of the project's validation before the latest (its trend: latest.score − previousScore); null when the latest is its first.",
    },
  },
  examples: [
    { name: 'InvoiceProcessing', validations: 12, latest: historyPointSchema.examples[0], previousScore: 76 },
  ],
} as const

function historyPoint(validation: StoredValidation, publicUrl: string) {
  return {
    validationId: validation.id,
    validatedAt: new Date(validation.validatedAt).toISOString(),
    label: validation.label,
    fileName: validation.fileName,
    score: validation.score,
    passed: validation.passed,
    summary: validation.summary,
    policyPackSlug: validation.policyPackSlug,
    resultUrl: resultUrl(publicUrl, validation.id),
  }
}

const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', maxLength: 200 },
} as const

export async function projectsRoutes(
  app: FastifyInstance,
  deps: { store: Store; publicUrl: string },
): Promise<void> {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/api/v1/projects',
    {
      config: { access: 'member' },
      schema: {
        summary: "Your org's projects, most recently validated first, each with its latest result.",
        tags: ['validations'],
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: listResponseSchema(projectSchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const { limit, cursor } = request.query
      const projects = await listProjects(deps.store.db, {
        orgId: auth.orgId,
        beforeLatestId: cursor === undefined ? undefined : decodeCursor(cursor),
        limit: limit + 1,
      })
      const items = projects.slice(0, limit)
      const last = items.at(-1)
      return {
        items: items.map((project) => ({
          name: project.name,
          validations: project.validations,
          latest: historyPoint(project.latest, deps.publicUrl),
          previousScore: project.previousScore,
        })),
        nextCursor: projects.length > limit && last !== undefined ? encodeCursor(last.latest.id) : null,
      }
    },
  )

  app.get<{ Params: { name: string }; Querystring: { limit: number; cursor?: string; label?: string } }>(
    '/api/v1/projects/:name/history',
    {
      config: { access: 'member' },
      schema: {
        summary: "A project's score and finding counts per validation, newest first; filter by label.",
        tags: ['validations'],
        params: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuery, label: { type: 'string', maxLength: 200 } },
        },
        response: { 200: listResponseSchema(historyPointSchema), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const { limit, cursor, label } = request.query
      const page = await listValidations(deps.store.db, {
        orgId: auth.orgId,
        projectName: request.params.name,
        label,
        beforeId: cursor === undefined ? undefined : decodeCursor(cursor),
        limit: limit + 1,
      })
      if (page.length === 0 && cursor === undefined) {
        // Distinguish "no such project" from "no validation with this label".
        const any = await listValidations(deps.store.db, {
          orgId: auth.orgId,
          projectName: request.params.name,
          limit: 1,
        })
        if (any.length === 0) throw new AppError('NOT_FOUND')
      }
      return toPage(page, limit, (validation) => historyPoint(validation, deps.publicUrl))
    },
  )
}
