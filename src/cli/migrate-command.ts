/** `flowcerta migrate`: applies pending migrations and says which. */
import type { Command } from 'commander'
import { storeOptionsFromConfig } from '../config/config.js'
import { configFromFlags, reportFailure, withConfigFlags } from './cli-support.js'

export function registerMigrateCommand(program: Command): void {
  withConfigFlags(program.command('migrate').description('apply pending database migrations')).action(
    async (flags: Record<string, string | undefined>) => {
      try {
        const config = configFromFlags(flags)
        const { openStore } = await import('../store/open-store.js')
        const store = openStore(storeOptionsFromConfig(config))
        try {
          const { applied } = await store.migrate()
          process.stdout.write(
            applied.length === 0 ? 'Database is up to date.\n' : `Applied: ${applied.join(', ')}\n`,
          )
        } finally {
          await store.close()
        }
      } catch (error) {
        reportFailure(error)
      }
    },
  )
}
