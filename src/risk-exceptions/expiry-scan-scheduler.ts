/**
 * Runs the expiry scan at each time of a cron schedule (UTC), for the scheduler role. A
 * BackgroundLoop polls the clock every `pollMs` and runs the scan once the next fire time has
 * come; the next fire time is then computed from the clock again, so missed times (a stopped
 * process, a slept laptop) collapse into one run. Several schedulers may run at once on
 * PostgreSQL: correctness comes from the scan's conditional stamp, not from this timer.
 */
import type { Clock } from '../domain/clock.js'
import { type CronSchedule, nextCronTime } from '../domain/cron-expression.js'
import type { Logger } from '../logging/create-logger.js'
import { BackgroundLoop } from '../roles/background-loop.js'
import type { Store } from '../store/store.js'
import { SPAN_NAMES, withSpan } from '../tracing/spans.js'
import { EXPIRY_SCAN_JOB_NAME, runExceptionExpiryScan } from './expiry-scan.js'

export const DEFAULT_SCHEDULER_POLL_MS = 30_000

export interface ExpiryScanSchedulerOptions {
  store: Store
  clock: Clock
  schedule: CronSchedule
  logger: Logger
  /** How often the clock is checked. Default 30 s. */
  pollMs?: number
}

/** The BackgroundLoop that runs the scan on schedule; start() and stop() it with the process. */
export function createExpiryScanLoop(options: ExpiryScanSchedulerOptions): BackgroundLoop {
  const { store, clock, schedule, logger } = options
  let nextRunAt = nextCronTime(schedule, clock.now())
  logger.info(
    {
      job: EXPIRY_SCAN_JOB_NAME,
      cron: schedule.source,
      nextRunAt: nextRunAt && new Date(nextRunAt).toISOString(),
    },
    'job scheduled',
  )
  return new BackgroundLoop({
    name: EXPIRY_SCAN_JOB_NAME,
    idleMs: options.pollMs ?? DEFAULT_SCHEDULER_POLL_MS,
    logger,
    tick: async () => {
      const now = clock.now()
      if (nextRunAt === null || now < nextRunAt) return false
      // A failing scan throws here: the loop logs it and the same run is retried at the next poll.
      const report = await withSpan(`${SPAN_NAMES.job} ${EXPIRY_SCAN_JOB_NAME}`, {}, async (span) => {
        const counts = await runExceptionExpiryScan(store, clock)
        span?.setAttributes({
          'flowcerta.job': EXPIRY_SCAN_JOB_NAME,
          'flowcerta.warned': counts.warned,
          'flowcerta.expired': counts.expired,
        })
        return counts
      })
      nextRunAt = nextCronTime(schedule, clock.now())
      logger.info(
        { job: EXPIRY_SCAN_JOB_NAME, ...report, nextRunAt: nextRunAt && new Date(nextRunAt).toISOString() },
        'job finished',
      )
      return false
    },
  })
}
