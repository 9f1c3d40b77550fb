/**
 * Builds the HTTP API (Fastify 5): validation, errors, auth, metrics, OpenAPI, then the routes.
 * Nothing here listens; main.ts does. Tests build apps with their own store and clock.
 */
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import { AnalysisPool } from '../analysis/analysis-pool.js'
import { DEFAULTS, type TrustProxy } from '../config/config.js'
import { type Clock, systemClock } from '../domain/clock.js'
import { newId } from '../domain/ids.js'
import type { Logger } from '../logging/create-logger.js'
import type { Store } from '../store/store.js'
import { tracingEnabled } from '../tracing/spans.js'
import { VERSION } from '../version.js'
import { HttpSender } from '../webhooks/delivery/http-sender.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../webhooks/delivery/retry-policy.js'
import { SsrfGuard } from '../webhooks/delivery/ssrf-guard.js'
import {
  type HostResolver,
  STRICT_WEBHOOK_URL_POLICY,
  type WebhookUrlPolicy,
} from '../webhooks/url-policy.js'
import { installAuth } from './plugins/auth.js'
import {
  AuthFailureLimiter,
  type AuthFailureLimits,
  DEFAULT_AUTH_FAILURE_LIMITS,
} from './plugins/auth-failure-limiter.js'
import { frameworkErrors, installErrorHandler, MAX_PARAM_LENGTH } from './plugins/error-handler.js'
import { createMetricsRegistry, installHttpMetrics } from './plugins/http-metrics.js'
import { registerOpenApi } from './plugins/openapi.js'
import { installRequestTracing } from './plugins/request-tracing.js'
import { installRequestValidation } from './plugins/request-validation.js'
import { SessionAuthenticator } from './plugins/session.js'
import { apiKeysRoutes } from './routes/api-keys/api-keys-routes.js'
import { auditLogRoutes } from './routes/audit-log/audit-log-routes.js'
import { catalogueRoutes } from './routes/catalogue/catalogue-routes.js'
import { dashboardRoutes } from './routes/dashboard/dashboard-routes.js'
import { docsPagesRoutes } from './routes/docs-pages/docs-pages-routes.js'
import { exceptionsRoutes } from './routes/exceptions/exceptions-routes.js'
import { healthRoutes } from './routes/health/health-routes.js'
import { meRoutes } from './routes/me/me-routes.js'
import { orgSettingsRoutes } from './routes/org-settings/org-settings-routes.js'
import { overviewRoutes } from './routes/overview/overview-routes.js'
import { projectsRoutes } from './routes/projects/projects-routes.js'
import { resultsRoutes } from './routes/results/results-routes.js'
import { sessionsRoutes } from './routes/sessions/sessions-routes.js'
import { validationsRoutes } from './routes/validations/validations-routes.js'
import { webhookDeliveriesRoutes } from './routes/webhooks/webhook-deliveries-routes.js'
import { webhookTestRoute } from './routes/webhooks/webhook-test-route.js'
import { webhooksRoutes } from './routes/webhooks/webhooks-routes.js'
import { errorBodySchema, errorBodySchemasByStatus } from './schemas/common-schemas.js'

export interface AppOptions {
  store: Store
  logger: Logger
  publicUrl: string
  clock?: Clock
  metrics?: Registry
  authFailureLimits?: AuthFailureLimits
  /** Largest accepted request body in bytes for JSON routes. */
  bodyLimit?: number
  /** The master key (resolveSecretKey): webhook secrets are sealed under it. */
  secretKey: Buffer
  /** FLOWCERTA_WEBHOOK_ALLOW_HTTP / _ALLOW_CIDRS for webhook URLs; default https only. */
  webhookUrlPolicy?: WebhookUrlPolicy
  /** Name resolution for the webhook plain-http check; tests inject one. */
  resolveHost?: HostResolver
  /**
   * Sends test deliveries (POST /api/v1/org-webhooks/{id}/test). Default: one built here with the
   * SSRF guard opened for `webhookUrlPolicy.allowCidrs`, closed with the app.
   */
  webhookSender?: HttpSender
  /** Timeouts of that own sender (FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS, …_SEND_TIMEOUT_MS); default: config's defaults. */
  webhookSendTimeouts?: { connectTimeoutMs: number; totalTimeoutMs: number }
  /**
   * The delivery workers' retry policy and lease, which the test send follows too
   * (FLOWCERTA_WEBHOOK_RETRY_SCHEDULE, …_LEASE_SECONDS); default: config's defaults.
   */
  webhookDelivery?: { policy: RetryPolicy; leaseMs: number }
  /** Runs the analysis of submitted files; the caller owns (closes) it. Default: inline (size 0). */
  analysisPool?: AnalysisPool
  /**
   * FLOWCERTA_TRUST_PROXY: whose `X-Forwarded-For` sets `request.ip`, which the auth-failure
   * limiter counts by. Default false: the socket's address, so a client cannot pick its own.
   */
  trustProxy?: TrustProxy
  /** FLOWCERTA_SESSION_HOURS: a dashboard session's absolute lifetime. Default 12. */
  sessionHours?: number
  /**
   * The built dashboard (index.html + assets/). Default: DEFAULT_WEB_DIR, dist/web beside the
   * built server; tests point it at a fixture folder.
   */
  webDir?: string
}

/** dist/web when running from dist/ (dist/api/app.js → dist/web/); src/web (absent) under tsx. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url))

export const DEFAULT_BODY_LIMIT = 1024 * 1024
/** Analysis on the event loop, for apps built without a pool (it has no threads to close). */
const INLINE_ANALYSIS = new AnalysisPool(0)
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/

/** Fastify takes a mutable list; ours is frozen. */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] {
  return typeof trust === 'object' ? [...trust] : trust
}

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
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  })

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  // First, so that every later hook and the handler run inside the request's span.
  if (tracingEnabled()) installRequestTracing(app)

  // The API takes JSON (and multipart on POST /validations, registered there). Fastify's default
  // text/plain parser would hand routes a string that then fails as "body must be object"; without
  // it a text/plain body is a 415 like any other type the route does not take.
  app.removeContentTypeParser('text/plain')
  installRequestValidation(app)
  installErrorHandler(app)
  app.addSchema(errorBodySchema)
  for (const schema of errorBodySchemasByStatus) app.addSchema(schema)
  await registerOpenApi(app, VERSION)
  const limiter = new AuthFailureLimiter(clock, options.authFailureLimits ?? DEFAULT_AUTH_FAILURE_LIMITS)
  const sessions = new SessionAuthenticator(options.store, clock)
  installAuth(app, { store: options.store, clock, limiter, sessions, publicUrl: options.publicUrl })
  installHttpMetrics(app, metrics)

  await app.register(healthRoutes, { store: options.store, metrics })
  await app.register(meRoutes, { store: options.store })
  await app.register(sessionsRoutes, {
    store: options.store,
    clock,
    limiter,
    publicUrl: options.publicUrl,
    sessionHours: options.sessionHours ?? DEFAULTS.sessionHours,
  })
  await app.register(dashboardRoutes, { webDir: options.webDir ?? DEFAULT_WEB_DIR, sessions })
  await app.register(apiKeysRoutes, { store: options.store, clock })
  await app.register(validationsRoutes, {
    store: options.store,
    clock,
    publicUrl: options.publicUrl,
    analysisPool: options.analysisPool ?? INLINE_ANALYSIS,
  })
  await app.register(resultsRoutes, { store: options.store, publicUrl: options.publicUrl })
  await app.register(projectsRoutes, { store: options.store, publicUrl: options.publicUrl })
  await app.register(overviewRoutes, { store: options.store, clock })
  await app.register(catalogueRoutes, { publicUrl: options.publicUrl })
  await app.register(docsPagesRoutes, { prefix: '/docs' })
  await app.register(orgSettingsRoutes, { store: options.store, clock })
  await app.register(auditLogRoutes, { store: options.store })
  await app.register(exceptionsRoutes, { store: options.store, clock })
  await app.register(webhooksRoutes, {
    store: options.store,
    clock,
    secretKey: options.secretKey,
    urlPolicy: options.webhookUrlPolicy ?? STRICT_WEBHOOK_URL_POLICY,
    resolveHost: options.resolveHost,
  })
  await app.register(webhookDeliveriesRoutes, { store: options.store, clock })
  let webhookSender = options.webhookSender
  if (webhookSender === undefined) {
    const ownSender = new HttpSender({
      ...options.webhookSendTimeouts,
      guard: new SsrfGuard({
        allowCidrs: (options.webhookUrlPolicy ?? STRICT_WEBHOOK_URL_POLICY).allowCidrs,
      }),
    })
    app.addHook('onClose', () => ownSender.close())
    webhookSender = ownSender
  }
  await app.register(webhookTestRoute, {
    store: options.store,
    clock,
    secretKey: options.secretKey,
    sender: webhookSender,
    publicUrl: options.publicUrl,
    policy: options.webhookDelivery?.policy ?? DEFAULT_RETRY_POLICY,
    leaseMs: options.webhookDelivery?.leaseMs ?? DEFAULTS.webhookLeaseSeconds * 1000,
  })

  await app.ready()
  return app
}
