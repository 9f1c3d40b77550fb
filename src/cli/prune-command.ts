/**
 * `flowcerta prune [--dry-run] [--json]`: deletes now what is past its retention
 * (`FLOWCERTA_RETENTION_*`), the same job the scheduler runs on `FLOWCERTA_RETENTION_CRON`, a batch
 * per transaction; `--dry-run` only counts, with the same predicates. Prints the rows per kind.
 * Safe beside running schedulers and workers (src/store/retention-prune.ts).
 */
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { configFromFlags, reportFailure, withConfigFlags, withStore } from './cli-support.js'

export function registerPruneCommand(program: Command): void {
  withConfigFlags(
    program
      .command('prune')
      .description('delete what is past its retention (FLOWCERTA_RETENTION_*), with counts per kind')
      .option('--dry-run', 'count what would go, delete nothing')
      .option('--json', 'print the counts as JSON'),
  ).action(async (flags: { dryRun?: boolean; json?: boolean } & ConfigOverrides) => {
    try {
      const config = configFromFlags(flags)
      const dryRun = flags.dryRun === true
      // Loaded on use, so the CLI starts fast for every other command.
      const { systemClock } = await import('../domain/clock.js')
      const { runRetentionPrune, retentionPolicyFromConfig } = await import('../roles/retention-job.js')
      const { formatRetention } = await import('../config/config-values.js')
      const report = await withStore(config, (store) =>
        runRetentionPrune(store, systemClock, config, { dryRun }),
      )
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ dryRun, ...report })}\n`)
        return
      }
      const policy = retentionPolicyFromConfig(config)
      const keptFor: Record<keyof typeof report, string> = {
        deliveries: formatRetention(policy.deliveries),
        failedDeliveries: formatRetention(policy.failedDeliveries),
        deliveryAttempts: 'with their delivery',
        events: formatRetention(policy.events),
        idempotencyKeys: formatRetention(policy.idempotencyKeys),
        sessions: formatRetention(policy.sessions),
        results: formatRetention(policy.results),
        ruleFailureDays: 'with the results',
      }
      const lines = [dryRun ? 'would prune (dry run, nothing deleted):' : 'pruned:']
      for (const [kind, count] of Object.entries(report) as [keyof typeof report, number][]) {
        lines.push(`  ${kind.padEnd(18)} ${String(count).padStart(9)}   (kept ${keptFor[kind]})`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
    } catch (error) {
      reportFailure(error)
    }
  })
}
