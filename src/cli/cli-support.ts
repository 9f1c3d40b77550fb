/**
 * What every command shares: config from env + flags, one way to report failure, exit codes
 * (0 ok, 1 a failing result, 2 usage, bad config or unreadable input, 3 refused by a rule).
 */
import type { Command } from 'commander'
import {
  type Config,
  ConfigError,
  type ConfigOverrides,
  configFlags,
  loadConfig,
  storeOptionsFromConfig,
} from '../config/config.js'
import { AppError } from '../domain/errors/app-error.js'
import type { Logger } from '../logging/create-logger.js'
import type { Store } from '../store/store.js'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
/** The command was understood and the data is there, but a rule forbids it (LAST_ADMIN_KEY). */
export const EXIT_REFUSED = 3

/** Adds the flags that override config variables: those every command takes, and `serve`'s too. */
export function withConfigFlags(command: Command, commands: 'every' | 'serve' = 'every'): Command {
  const flags =
    commands === 'serve' ? [...configFlags('serve'), ...configFlags('every')] : configFlags('every')
  for (const [flag, description] of flags) command.option(flag, description)
  return command
}

export function configFromFlags(flags: ConfigOverrides): Config {
  return loadConfig(process.env, flags)
}

/** Prints a failure the way every command does and sets the exit code. Never prints a stack for a known error. */
export function reportFailure(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`flowcerta: configuration error: ${error.message}\n`)
    process.exitCode = EXIT_USAGE
  } else if (error instanceof AppError) {
    process.stderr.write(`flowcerta: ${error.code}: ${error.message}\n`)
    process.exitCode = EXIT_USAGE
  } else if (error instanceof UsageError) {
    process.stderr.write(`flowcerta: ${error.message}\n`)
    process.exitCode = EXIT_USAGE
  } else {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`flowcerta: failed: ${message}\n`)
    process.exitCode = EXIT_FAILED
  }
}

/** A command used wrongly: exit 2 with the message. */
export class UsageError extends Error {}

/** Runs an admin command against the configured, migrated store, closing it afterwards. */
export async function withStore<T>(
  config: Config,
  fn: (store: Store, logger: Logger) => Promise<T>,
): Promise<T> {
  // Loaded on use, so `--help` and commands that need no database start fast.
  const { createLogger } = await import('../logging/create-logger.js')
  const { openStore } = await import('../store/open-store.js')
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const store = openStore(storeOptionsFromConfig(config))
  try {
    await store.migrate()
    return await fn(store, logger)
  } finally {
    await store.close()
  }
}
