/**
 * A job of the scheduler role, run at each time of its cron schedule (UTC) by whichever scheduler
 * process takes the job's lease first (src/store/job-leases.ts): with several schedulers on one
 * PostgreSQL database each fire time runs once in all, not once per process. A BackgroundLoop
 * polls every `pollMs`; missed times (every scheduler stopped, a slept laptop) collapse into one
 * run, since the next fire time is computed from the clock when a run ends. A run that throws
 * frees the lease without moving the fire time, so it is retried at the next poll; a scheduler
 * killed mid-run holds the lease until it runs out (renewed every third of it while running).
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Clock } from '../domain/clock.js'
import { type CronSchedule, nextCronTime } from '../domain/cron-expression.js'
import type { Logger } from '../logging/create-logger.js'
import { claimJobRun, ensureJob, finishJobRun, releaseJobRun, renewJobLease } from '../store/job-leases.js'
import type { Store } from '../store/store.js'
import { SPAN_NAMES, withSpan } from '../tracing/spans.js'
import { BackgroundLoop } from './background-loop.js'

/** The numbers of a job's report, as span attributes (`flowcerta.warned`: 1). */
function countsOf(report: unknown): Record<string, number> {
  const counts: Record<string, number> = {}
  if (typeof report !== 'object' || report === null) return counts
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === 'number') counts[`flowcerta.${key}`] = value
  }
  return counts
}

export const DEFAULT_SCHEDULER_POLL_MS = 30_000
export const DEFAULT_JOB_LEASE_MS = 5 * 60_000

export interface ScheduledJob<Report extends object> {
  name: string
  schedule: CronSchedule
  /** Does the work; its report is logged and stored with the job's row. */
  run: () => Promise<Report>
}

export interface ScheduledJobLoopOptions<Report extends object> {
  store: Store
  clock: Clock
  job: ScheduledJob<Report>
  logger: Logger
  /** How often the clock is checked. Default 30 s. */
  pollMs?: number
  /** How long a run owns the job before another scheduler may take it. Default 5 min. */
  leaseMs?: number
  /** Who holds the lease: default `<host>:<pid>:<random>`. */
  owner?: string
}

export function createScheduledJobLoop<Report extends object>(
  options: ScheduledJobLoopOptions<Report>,
): BackgroundLoop {
  const { store, clock, job, logger } = options
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const iso = (ms: number | null) => ms && new Date(ms).toISOString()
  let registered = false

  const runLeased = async (): Promise<void> => {
    const renewer = setInterval(() => {
      renewJobLease(store.db, { name: job.name, owner, now: clock.now(), leaseMs }).then(
        (held) => {
          if (!held) logger.warn({ job: job.name }, 'job lease lost while running')
        },
        (error: unknown) => logger.warn({ err: error, job: job.name }, 'job lease renewal failed'),
      )
    }, leaseMs / 3)
    try {
      // Each run is a root span (`flowcerta.job <name>`) with the report's counts as attributes.
      const report = await withSpan(`${SPAN_NAMES.job} ${job.name}`, {}, async (span) => {
        const result = await job.run()
        span?.setAttributes({ 'flowcerta.job': job.name, ...countsOf(result) })
        return result
      })
      const nextRunAt = nextCronTime(job.schedule, clock.now())
      // A schedule that never fires again parks the job a century out.
      const parked = nextRunAt ?? clock.now() + 100 * 365 * 86_400_000
      await finishJobRun(store.db, { name: job.name, owner, now: clock.now(), nextRunAt: parked, report })
      logger.info(
        { job: job.name, ...(report as Record<string, unknown>), nextRunAt: iso(nextRunAt) },
        'job finished',
      )
    } catch (error) {
      await releaseJobRun(store.db, { name: job.name, owner }).catch(() => {})
      throw error
    } finally {
      clearInterval(renewer)
    }
  }

  return new BackgroundLoop({
    name: job.name,
    idleMs: options.pollMs ?? DEFAULT_SCHEDULER_POLL_MS,
    logger,
    tick: async () => {
      if (!registered) {
        const firstRunAt = nextCronTime(job.schedule, clock.now())
        if (firstRunAt === null) return false
        await ensureJob(store.db, job.name, firstRunAt)
        registered = true
        logger.info({ job: job.name, cron: job.schedule.source, nextRunAt: iso(firstRunAt) }, 'job scheduled')
      }
      // A failing run throws here: the loop logs it and the job is retried at the next poll.
      if (await claimJobRun(store.db, { name: job.name, owner, now: clock.now(), leaseMs })) await runLeased()
      return false
    },
  })
}
