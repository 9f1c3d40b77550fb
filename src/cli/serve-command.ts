/** `flowcerta serve`: runs the service until SIGTERM or SIGINT, then shuts down gracefully. */
import type { Command } from 'commander'
import { isProcessRole, PROCESS_ROLES } from '../roles/process-roles.js'
import { configFromFlags, reportFailure, UsageError, withConfigFlags } from './cli-support.js'

interface ServeFlags {
  role: string
  host?: string
  port?: string
  publicUrl?: string
  dataDir?: string
  databaseUrl?: string
  logLevel?: string
  sessionHours?: string
}

export function registerServeCommand(program: Command): void {
  withConfigFlags(
    program
      .command('serve')
      .description('run the service: API, delivery workers and scheduler (or one of them with --role)')
      .option('--role <role>', `what this process runs: ${PROCESS_ROLES.join('|')}`, 'all')
      .option('--host <host>', 'listen address (FLOWCERTA_HOST)')
      .option('--port <port>', 'listen port (FLOWCERTA_PORT)')
      .option('--public-url <url>', 'base URL for links in messages (FLOWCERTA_PUBLIC_URL)')
      .option(
        '--session-hours <hours>',
        'absolute lifetime of a dashboard session (FLOWCERTA_SESSION_HOURS)',
      ),
  ).action(async (flags: ServeFlags) => {
    try {
      if (!isProcessRole(flags.role)) {
        throw new UsageError(`--role must be one of ${PROCESS_ROLES.join(', ')}, got "${flags.role}"`)
      }
      const config = configFromFlags(flags)
      // The server's modules load only when it is started, so other commands start fast.
      const { createLogger } = await import('../logging/create-logger.js')
      const { startFlowcerta } = await import('../main.js')
      const logger = createLogger(config.logLevel)
      const running = await startFlowcerta({ config, role: flags.role, logger })
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down')
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed')
            process.exit(1)
          },
        )
      }
      process.once('SIGTERM', () => shutdown('SIGTERM'))
      process.once('SIGINT', () => shutdown('SIGINT'))
    } catch (error) {
      reportFailure(error)
    }
  })
}
