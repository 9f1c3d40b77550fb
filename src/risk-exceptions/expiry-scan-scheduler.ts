/**
 * The expiry scan as a job of the scheduler role (`FLOWCERTA_EXPIRY_SCAN_CRON`). Several
 * schedulers may run at once on PostgreSQL: the job's lease (src/roles/scheduled-job-loop.ts)
 * lets one of them run each fire time, and the scan's conditional stamp would still fire each
 * exception at most once if two scans overlapped (a lease run out, `flowcerta jobs run`).
 */
import type { Clock } from '../domain/clock.js'
import type { CronSchedule } from '../domain/cron-expression.js'
import type { Logger } from '../logging/create-logger.js'
import type { BackgroundLoop } from '../roles/background-loop.js'
import { createScheduledJobLoop } from '../roles/scheduled-job-loop.js'
import type { Store } from '../store/store.js'
import { EXPIRY_SCAN_JOB_NAME, runExceptionExpiryScan } from './expiry-scan.js'

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
  const { store, clock } = options
  return createScheduledJobLoop({
    store,
    clock,
    logger: options.logger,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    job: {
      name: EXPIRY_SCAN_JOB_NAME,
      schedule: options.schedule,
      run: () => runExceptionExpiryScan(store, clock),
    },
  })
}
