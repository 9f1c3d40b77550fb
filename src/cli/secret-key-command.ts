/**
 * `flowcerta secret-key rotate --old-key-file <file> --new-key-file <file>`: re-seals every webhook
 * secret from the old master key (FLOWCERTA_SECRET_KEY / `<data dir>/secret.key`) to a new one,
 * one transaction per batch (src/webhooks/rotate-master-key.ts). A wrong old key is refused before
 * anything is written. Run it with every Flowcerta process stopped, then start them with the new
 * key (docs/operations.md, "Master-key rotation"). Key files hold the key as `openssl rand -base64
 * 32` prints it (or 64 hex characters); the keys are never printed.
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { ConfigError } from '../config/config-error.js'
import { looseModes } from '../config/private-files.js'
import { decodeSecretKey } from '../config/secret-key.js'
import {
  configFromFlags,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_USAGE,
  reportFailure,
  UsageError,
  withConfigFlags,
  withStore,
} from './cli-support.js'

interface RotateFlags extends ConfigOverrides {
  oldKeyFile: string
  newKeyFile: string
  batchSize?: string
  dryRun?: boolean
  json?: boolean
}

const ROTATE_EXIT_CODES = `
Exit codes:
  ${EXIT_OK}  every webhook secret is sealed under the new key (or, with --dry-run, the old key opens them all)
  ${EXIT_FAILED}  failed: the database cannot be reached, or a running process sealed a secret under the old key meanwhile (stop it, run again)
  ${EXIT_USAGE}  usage: a key file is missing or not a 32-byte key, or bad configuration
  ${EXIT_REFUSED}  refused, nothing changed: the old key does not open the stored secrets (WRONG_OLD_MASTER_KEY), or both files hold the same key
`

/** A 32-byte key from a file (base64 or hex, as `openssl rand -base64 32` writes it). */
function readKeyFile(file: string, flag: string): Buffer {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`)
  }
  try {
    return decodeSecretKey(text, `${flag} ${file}`)
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message)
    throw error
  }
}

export function registerSecretKeyCommand(program: Command): void {
  const secretKey = program
    .command('secret-key')
    .description('manage the master key that seals webhook secrets at rest')
  withConfigFlags(
    secretKey
      .command('rotate')
      .description(
        're-seal every webhook secret under a new master key, one transaction per batch (stop every process first)',
      )
      .requiredOption('--old-key-file <file>', 'the master key in use now (e.g. <data dir>/secret.key)')
      .requiredOption('--new-key-file <file>', 'the new master key (create it with: openssl rand -base64 32)')
      .option('--batch-size <n>', 'webhooks per transaction (1–5000)', '200')
      .option('--dry-run', 'only check that the old key opens every secret; change nothing')
      .option('--json', 'print {"webhooks", "resealed", "alreadyUnderNewKey", "dryRun"}')
      .addHelpText('after', ROTATE_EXIT_CODES),
  ).action(async (flags: RotateFlags) => {
    try {
      const batchSize = Number(flags.batchSize ?? '200')
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
        throw new UsageError(`--batch-size must be a whole number from 1 to 5000, got "${flags.batchSize}"`)
      }
      const oldKey = readKeyFile(flags.oldKeyFile, '--old-key-file')
      const newKey = readKeyFile(flags.newKeyFile, '--new-key-file')
      for (const loose of looseModes([flags.newKeyFile])) {
        process.stderr.write(
          `flowcerta: warning: ${loose.path} (mode ${loose.mode}) is readable by other users: chmod 600 ${loose.path}\n`,
        )
      }
      const { MasterKeyRotationError, rotateMasterKey } = await import('../webhooks/rotate-master-key.js')
      try {
        const report = await withStore(configFromFlags(flags), (store) =>
          rotateMasterKey(store, { oldKey, newKey, batchSize, dryRun: flags.dryRun === true }),
        )
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`)
        } else if (report.dryRun) {
          process.stdout.write(
            `Dry run: ${report.webhooks} webhook(s); ${report.resealed} secret(s) would be re-sealed, ${report.alreadyUnderNewKey} already under the new key. Nothing changed.\n`,
          )
        } else {
          process.stdout.write(
            `Re-sealed ${report.resealed} secret(s) of ${report.webhooks} webhook(s) under the new master key (${report.alreadyUnderNewKey} already were).\n` +
              'Now start every process with the new key (FLOWCERTA_SECRET_KEY, or <data dir>/secret.key on SQLite); keep the old key until they run.\n',
          )
        }
      } catch (error) {
        if (!(error instanceof MasterKeyRotationError)) throw error
        process.stderr.write(`flowcerta: ${error.code}: ${error.message}\n`)
        process.exitCode = error.code === 'SEALED_UNDER_OLD_KEY_DURING_ROTATION' ? EXIT_FAILED : EXIT_REFUSED
      }
    } catch (error) {
      reportFailure(error)
    }
  })
}
