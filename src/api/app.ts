/**
 * Builds the HTTP API (Fastify 5): validation, errors, auth, metrics, OpenAPI, then the routes.
 * Nothing here listens; main.ts does. Tests build apps with their own store and clock.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import { type Clock, systemClock } from '../domain/clock.js'
import { newId } from '../domain/ids.js'
import type { Logger } from '../logging/create-logger.js'
import type { Store } from '../store/store.js'
import { VERSION } from '../version.js'
import { installAuth } from './plugins/auth.js'
import {
  AuthFailureLimiter,
  type AuthFailureLimits,
  DEFAULT_AUTH_FAILURE_LIMITS,
} from './plugins/auth-failure-limiter.js'
import { installErrorHandler } from './plugins/error-handler.js'
import { createMetricsRegistry, installHttpMetrics } from './plugins/http-metrics.js'
import { registerOpenApi } from './plugins/openapi.js'
import { installRequestValidation } from './plugins/request-validation.js'
import { apiKeysRoutes } from './routes/api-keys/api-keys-routes.js'
import { healthRoutes } from './routes/health/health-routes.js'
import { meRoutes } from './routes/me/me-routes.js'
import { errorBodySchema } from './schemas/common-schemas.js'

export interface AppOptions {
  store: Store
  logger: Logger
  publicUrl: string
  clock?: Clock
  metrics?: Registry
  authFailureLimits?: AuthFailureLimits
  /** Largest accepted request body in bytes for JSON routes. */
  bodyLimit?: number
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock
  const metrics = options.metrics ?? createMetricsRegistry()
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Keep a caller's request id when it is safe to log; otherwise make one.
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : newId()
    },
    return503OnClosing: true,
  })

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  installRequestValidation(app)
  installErrorHandler(app)
  app.addSchema(errorBodySchema)
  await registerOpenApi(app, VERSION)
  installAuth(app, {
    store: options.store,
    clock,
    limiter: new AuthFailureLimiter(clock, options.authFailureLimits ?? DEFAULT_AUTH_FAILURE_LIMITS),
  })
  installHttpMetrics(app, metrics)

  await app.register(healthRoutes, { store: options.store, metrics })
  await app.register(meRoutes, { store: options.store })
  await app.register(apiKeysRoutes, { store: options.store, clock })

  await app.ready()
  return app
}
