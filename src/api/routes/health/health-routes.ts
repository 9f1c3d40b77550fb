/**
 * Operational endpoints, all public: liveness, readiness (the database answers), Prometheus
 * metrics, the OpenAPI document and the reference page.
 */
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import type { Store } from '../../../store/store.js'
import { sendError } from '../../plugins/error-handler.js'
import { REFERENCE_PAGE_CSP, renderReferencePage } from '../../plugins/openapi.js'
import { errorResponses } from '../../schemas/common-schemas.js'

const publicRoute = { access: 'public' } as const

/** `{"status": "<value>"}`, the body of the liveness and readiness answers. */
function statusBody(value: string, description: string) {
  return {
    description,
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { type: 'string', enum: [value] } },
    examples: [{ status: value }],
  } as const
}

export async function healthRoutes(
  app: FastifyInstance,
  deps: { store: Store; metrics: Registry },
): Promise<void> {
  app.get(
    '/healthz',
    {
      config: publicRoute,
      schema: {
        summary: 'Liveness: the process is up.',
        tags: ['operations'],
        security: [],
        response: {
          200: statusBody('ok', 'The process is up.'),
        },
      },
    },
    async () => ({ status: 'ok' }),
  )

  app.get(
    '/readyz',
    {
      config: publicRoute,
      schema: {
        summary: 'Readiness: the database answers.',
        tags: ['operations'],
        security: [],
        response: {
          200: statusBody('ready', 'The database answers.'),
          ...errorResponses(503),
        },
      },
    },
    async (request, reply) => {
      try {
        await deps.store.ping()
        return { status: 'ready' }
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed: database did not answer')
        return sendError(reply, 'NOT_READY', 'The database does not answer.')
      }
    },
  )

  app.get(
    '/metrics',
    {
      config: publicRoute,
      schema: {
        summary: 'Prometheus metrics (text format).',
        tags: ['operations'],
        security: [],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      reply.type(deps.metrics.contentType)
      return deps.metrics.metrics()
    },
  )

  app.get(
    '/api/v1/openapi.json',
    {
      config: publicRoute,
      schema: {
        summary: 'This API as an OpenAPI 3.1 document.',
        tags: ['operations'],
        security: [],
        response: {
          200: {
            description: 'The document (JSON).',
            type: 'object',
            required: ['openapi', 'info', 'paths'],
            additionalProperties: true,
            properties: { openapi: { type: 'string', enum: ['3.1.0'] } },
          },
        },
      },
    },
    async () => app.swagger(),
  )

  app.get(
    '/docs',
    {
      config: publicRoute,
      schema: {
        summary: 'A readable API reference page.',
        description:
          'Rendered on the server from the OpenAPI document; descriptions are Markdown. No script.',
        tags: ['operations'],
        security: [],
        response: {
          200: { description: 'The page (HTML).', content: { 'text/html': { schema: { type: 'string' } } } },
        },
      },
    },
    async (_request, reply) => {
      reply.type('text/html; charset=utf-8').header('content-security-policy', REFERENCE_PAGE_CSP)
      return renderReferencePage(app.swagger() as unknown as Parameters<typeof renderReferencePage>[0])
    },
  )
}
