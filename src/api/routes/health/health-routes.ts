/**
 * Operational endpoints, all public: liveness, readiness (the database answers), Prometheus
 * metrics, the OpenAPI document and the reference page.
 */
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import type { Store } from '../../../store/store.js'
import { sendError } from '../../plugins/error-handler.js'
import { renderReferencePage } from '../../plugins/openapi.js'

const publicRoute = { access: 'public' } as const

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
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
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
          200: { type: 'object', properties: { status: { type: 'string' } } },
          503: { $ref: 'ErrorBody#' },
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
      schema: { summary: 'Prometheus metrics (text format).', tags: ['operations'], security: [] },
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
      schema: { summary: 'This API as an OpenAPI 3.1 document.', tags: ['operations'], security: [] },
    },
    async () => app.swagger(),
  )

  app.get(
    '/docs',
    {
      config: publicRoute,
      schema: { summary: 'A readable API reference page.', tags: ['operations'], security: [] },
    },
    async (_request, reply) => {
      reply.type('text/html; charset=utf-8')
      return renderReferencePage(app.swagger() as unknown as Parameters<typeof renderReferencePage>[0])
    },
  )
}
