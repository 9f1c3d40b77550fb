/**
 * Process entry: config → store (migrated) → the roles this process runs → graceful shutdown.
 * `flowcerta serve` calls startFlowcerta; tests call it too, with their own config.
 */
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import { AnalysisPool, analysisThreadLimits, DEFAULT_ANALYSIS_QUEUE_LIMIT } from './analysis/analysis-pool.js'
import { buildApp } from './api/app.js'
import { createMetricsRegistry } from './api/plugins/http-metrics.js'
import { type Config, isPostgresUrl, storeOptionsFromConfig } from './config/config.js'
import { looseModes } from './config/private-files.js'
import { resolveSecretKey, SECRET_KEY_FILE } from './config/secret-key.js'
import { type Clock, systemClock } from './domain/clock.js'
import { parseCronExpression } from './domain/cron-expression.js'
import type { Logger } from './logging/create-logger.js'
import { bootstrapFirstOrg } from './orgs/bootstrap-first-org.js'
import { handOverFirstAdminKey, INITIAL_ADMIN_KEY_FILE } from './orgs/first-admin-key-handover.js'
import { createExpiryScanLoop } from './risk-exceptions/expiry-scan-scheduler.js'
import { type ProcessRole, runsApi, runsScheduler, runsWorker } from './roles/process-roles.js'
import { createRetentionLoop } from './roles/retention-job.js'
import { openStore } from './store/open-store.js'
import type { Store } from './store/store.js'
import { otlpTracesUrl, type RunningTracing, startTracing } from './tracing/start-tracing.js'
import { createDeliveryMetrics } from './webhooks/delivery/delivery-metrics.js'
import {
  createDeliveryWorkerLoop,
  type DeliveryWorkerLoopOptions,
} from './webhooks/delivery/delivery-worker-loop.js'
import { DEFAULT_RETRY_POLICY, withRetrySchedule } from './webhooks/delivery/retry-policy.js'

export interface RunningFlowcerta {
  store: Store
  /** Tracing, when FLOWCERTA_OTLP_ENDPOINT is set (flush() sends buffered spans now). */
  tracing: RunningTracing | null
  /** The HTTP server, when this process runs the API. */
  app: FastifyInstance | null
  /** Where the API listens, e.g. http://127.0.0.1:8080. */
  address: string | null
  /** Ends every role, waits for work in progress, closes the database. Safe to call twice. */
  stop(): Promise<void>
}

export interface StartOptions {
  config: Config
  role: ProcessRole
  logger: Logger
  clock?: Clock
  /** Where the first-run admin key is printed when it goes to a terminal (never to the log). */
  announce?: (text: string) => void
  /**
   * Whether the first-run admin key is printed (true) or written to `<data dir>/initial-admin-key`
   * with only its path logged (false). Default: printed when stdout is a terminal.
   */
  firstKeyToTerminal?: boolean
}

/** Something that runs beside the API until stopped; stop() waits for work in progress. */
interface RoleLoop {
  start(): void
  stop(): Promise<void>
}

/** What the delivery workers take from the config: the sender's timeouts (test sends use them too) and the worker's settings. */
export function deliverySettings(config: Config) {
  return {
    sender: {
      connectTimeoutMs: config.webhookConnectTimeoutMs,
      totalTimeoutMs: config.webhookSendTimeoutMs,
      connectionsPerOrigin: config.webhookConnectionsPerOrigin,
    },
    worker: {
      leaseMs: config.webhookLeaseSeconds * 1000,
      policy: withRetrySchedule(DEFAULT_RETRY_POLICY, config.webhookRetrySchedule),
      globalCap: config.webhookConcurrency,
      perWebhookCap: config.webhookConcurrencyPerWebhook,
      batchSize: config.webhookClaimBatchSize,
      parallelCycles: config.webhookParallelCycles,
      pollMs: config.webhookPollMs,
    },
  } satisfies Pick<DeliveryWorkerLoopOptions, 'sender' | 'worker'>
}

/** Background loops per role: the scheduler's jobs, and the webhook delivery worker. */
function backgroundLoops(
  role: ProcessRole,
  deps: { store: Store; clock: Clock; config: Config; logger: Logger; secretKey: Buffer; metrics: Registry },
): RoleLoop[] {
  const loops: RoleLoop[] = []
  if (runsWorker(role)) {
    loops.push(
      createDeliveryWorkerLoop({
        store: deps.store,
        clock: deps.clock,
        masterKey: deps.secretKey,
        logger: deps.logger,
        metrics: deps.metrics,
        allowCidrs: deps.config.webhookAllowCidrs,
        publicUrl: deps.config.publicUrl,
        ...deliverySettings(deps.config),
      }),
    )
  }
  if (runsScheduler(role)) {
    loops.push(
      createExpiryScanLoop({
        store: deps.store,
        clock: deps.clock,
        schedule: parseCronExpression(deps.config.expiryScanCron),
        logger: deps.logger,
      }),
      createRetentionLoop({ store: deps.store, clock: deps.clock, config: deps.config, logger: deps.logger }),
    )
  }
  return loops
}

/**
 * Files Flowcerta keeps private (0700 folder, 0600 files) that others can read: created so by an
 * earlier version or by hand. Their modes are left alone (an operator may have chosen them) but
 * each one is logged with the command that makes it private.
 */
function warnAboutLooseModes(config: Config, logger: Logger): void {
  const files = [
    path.join(config.dataDir, SECRET_KEY_FILE),
    path.join(config.dataDir, INITIAL_ADMIN_KEY_FILE),
  ]
  if (!isPostgresUrl(config.databaseUrl) && config.databaseUrl !== ':memory:') {
    files.push(config.databaseUrl, `${config.databaseUrl}-wal`, `${config.databaseUrl}-shm`)
  }
  for (const loose of looseModes([config.dataDir])) {
    logger.warn({ ...loose, fix: `chmod 700 ${loose.path}` }, 'the data folder is open to other users')
  }
  for (const loose of looseModes(files)) {
    logger.warn({ ...loose, fix: `chmod 600 ${loose.path}` }, 'a data file is readable by other users')
  }
}

export async function startFlowcerta(options: StartOptions): Promise<RunningFlowcerta> {
  const { config, role, logger } = options
  const clock = options.clock ?? systemClock
  const announce = options.announce ?? ((text: string) => process.stdout.write(text))
  // Kept: webhook secrets are sealed (API) and opened (delivery workers) under it.
  const secretKey = resolveSecretKey(config)

  // Before anything makes spans; with no endpoint tracing stays off (src/tracing/spans.ts: no-ops).
  const tracing =
    config.otlpEndpoint === undefined
      ? null
      : startTracing({ endpoint: config.otlpEndpoint, sampleRatio: config.traceSampleRatio, role })
  if (tracing !== null) {
    logger.info(
      { tracesUrl: otlpTracesUrl(config.otlpEndpoint ?? ''), sampleRatio: config.traceSampleRatio },
      'tracing on',
    )
  }

  const store = openStore(storeOptionsFromConfig(config))
  try {
    const { applied } = await store.migrate()
    if (applied.length > 0) logger.info({ applied }, 'database migrated')
    warnAboutLooseModes(config, logger)
  } catch (error) {
    await store.close()
    await tracing?.stop()
    throw error
  }

  let app: FastifyInstance | null = null
  let address: string | null = null
  // One registry for the process: the API's /metrics shows the delivery worker's metrics too.
  const metrics = createMetricsRegistry()
  // The delivery backlog gauges read the database at scrape time, so an API process shows them
  // too: with `--role worker` processes (no HTTP server to scrape) they are still watched.
  if (runsApi(role)) createDeliveryMetrics(metrics, { store, clock })
  const loops = backgroundLoops(role, { store, clock, config, logger, secretKey, metrics })
  // Threads start on the first submitted file, so roles without the API never start one.
  const analysisPool = new AnalysisPool(config.analysisThreads, {
    resourceLimits: analysisThreadLimits(config.analysisThreadMemoryMb),
    // Bounded: past it POST /api/v1/validations answers 503 + Retry-After (analysis-pool.ts says why).
    queueLimit: DEFAULT_ANALYSIS_QUEUE_LIMIT,
    threadNice: config.analysisThreadNice,
  })
  let stopping: Promise<void> | null = null

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (app !== null) await app.close()
      await analysisPool.close()
      await Promise.all(loops.map((loop) => loop.stop()))
      await store.close()
      // Last: the spans of the work finished above are sent before the process ends.
      await tracing?.stop()
      logger.info({ role }, 'flowcerta stopped')
    })()
    return stopping
  }

  try {
    if (runsApi(role)) {
      const created = await bootstrapFirstOrg(store, clock.now())
      const announceKey = (baseUrl: string) => {
        if (created === null) return
        handOverFirstAdminKey({
          created,
          baseUrl,
          toTerminal: options.firstKeyToTerminal ?? process.stdout.isTTY === true,
          print: announce,
          dataDir: config.dataDir,
          logger,
        })
      }
      try {
        app = await buildApp({
          store,
          logger,
          publicUrl: config.publicUrl,
          clock,
          secretKey,
          webhookUrlPolicy: { allowHttp: config.webhookAllowHttp, allowCidrs: config.webhookAllowCidrs },
          webhookSendTimeouts: deliverySettings(config).sender,
          webhookDelivery: {
            policy: deliverySettings(config).worker.policy,
            leaseMs: deliverySettings(config).worker.leaseMs,
          },
          metrics,
          analysisPool,
          trustProxy: config.trustProxy,
          sessionHours: config.sessionHours,
        })
        address = await app.listen({ host: config.host, port: config.port })
      } catch (error) {
        // The key exists now; losing it because the port was taken would lock the admin out.
        announceKey(config.publicUrl)
        throw error
      }
      announceKey(address)
    }
    for (const loop of loops) loop.start()
    logger.info(
      { role, address, engine: store.engine, worker: runsWorker(role), scheduler: runsScheduler(role) },
      'flowcerta started',
    )
  } catch (error) {
    await stop()
    throw error
  }
  return { store, tracing, app, address, stop }
}
