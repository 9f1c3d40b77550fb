/**
 * The scheduler role's `retention-prune` job (`FLOWCERTA_RETENTION_CRON`, default every 10
 * minutes) and the retention policy read from the `FLOWCERTA_RETENTION_*` settings; the pruning
 * itself is src/store/retention-prune.ts, shared with `flowcerta prune`.
 */
import type { Config } from '../config/config.js'
import type { Clock } from '../domain/clock.js'
import { parseCronExpression } from '../domain/cron-expression.js'
import type { Logger } from '../logging/create-logger.js'
import { type PruneReport, pruneRetention, type RetentionPolicy } from '../store/retention-prune.js'
import type { Store } from '../store/store.js'
import type { BackgroundLoop } from './background-loop.js'
import { createScheduledJobLoop } from './scheduled-job-loop.js'

export const RETENTION_JOB_NAME = 'retention-prune'

export function retentionPolicyFromConfig(config: Config): RetentionPolicy {
  return {
    deliveries: config.retentionDeliveries,
    failedDeliveries: config.retentionFailedDeliveries,
    events: config.retentionEvents,
    idempotencyKeys: config.retentionIdempotencyKeys,
    sessions: config.retentionSessions,
    results: config.retentionResults,
  }
}

/** Prunes now with the configured policy (or counts, with dryRun). */
export function runRetentionPrune(
  store: Store,
  clock: Clock,
  config: Config,
  options: { dryRun?: boolean } = {},
): Promise<PruneReport> {
  return pruneRetention(store, {
    now: clock.now(),
    policy: retentionPolicyFromConfig(config),
    batchSize: config.retentionBatchSize,
    dryRun: options.dryRun ?? false,
  })
}

export function createRetentionLoop(options: {
  store: Store
  clock: Clock
  config: Config
  logger: Logger
  pollMs?: number
}): BackgroundLoop {
  const { store, clock, config } = options
  return createScheduledJobLoop({
    store,
    clock,
    logger: options.logger,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    job: {
      name: RETENTION_JOB_NAME,
      schedule: parseCronExpression(config.retentionCron),
      run: () => runRetentionPrune(store, clock, config),
    },
  })
}
