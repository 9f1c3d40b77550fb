/**
 * `flowcerta jobs run <job>`: runs a scheduled job once, now, against the configured database —
 * the same code the scheduler role runs on its schedule. Safe beside running schedulers: each
 * job guards its own work (the expiry scan stamps each exception with a conditional update).
 */
import type { Command } from 'commander'
import { type ConfigOverrides, storeOptionsFromConfig } from '../config/config.js'
import { configFromFlags, reportFailure, UsageError, withConfigFlags } from './cli-support.js'

// Names only: each job's module loads when it runs. expiry-scan.ts exports the same name.
const JOBS = Object.freeze(['exception-expiry-scan'] as const)

export function registerJobsCommand(program: Command): void {
  const jobs = program.command('jobs').description('run scheduled jobs by hand')

  withConfigFlags(
    jobs
      .command('run')
      .description(`run a scheduled job once, now (jobs: ${JOBS.join(', ')})`)
      .argument('<job>', `the job to run: ${JOBS.join(' | ')}`)
      .option('--json', 'print the counts as JSON'),
  ).action(async (job: string, flags: { json?: boolean } & ConfigOverrides) => {
    try {
      if (!(JOBS as readonly string[]).includes(job)) {
        throw new UsageError(`unknown job "${job}"; jobs: ${JOBS.join(', ')}`)
      }
      const config = configFromFlags(flags)
      // Loaded on use, so the CLI starts fast for every other command.
      const { systemClock } = await import('../domain/clock.js')
      const { runExceptionExpiryScan } = await import('../risk-exceptions/expiry-scan.js')
      const { openStore } = await import('../store/open-store.js')
      const store = openStore(storeOptionsFromConfig(config))
      try {
        await store.migrate()
        const report = await runExceptionExpiryScan(store, systemClock)
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(report)}\n`
            : `${job}: ${report.warned} exception(s) warned, ${report.expired} expired\n`,
        )
      } finally {
        await store.close()
      }
    } catch (error) {
      reportFailure(error)
    }
  })
}
