#!/usr/bin/env node
/**
 * The `flowcerta` command. Each sub-command lives in its own file under src/cli/ and registers
 * itself on the program here; `--help` works on every command.
 */
import { Command, type CommanderError } from 'commander'
import { VERSION } from '../version.js'
import { registerAuditCommand } from './audit-command.js'
import { EXIT_USAGE } from './cli-support.js'
import { registerJobsCommand } from './jobs-command.js'
import { registerKeyCommand } from './key-command.js'
import { registerMigrateCommand } from './migrate-command.js'
import { registerOrgCommand } from './org-command.js'
import { registerPruneCommand } from './prune-command.js'
import { registerSecretKeyCommand } from './secret-key-command.js'
import { registerServeCommand } from './serve-command.js'
import { registerValidateCommand } from './validate-command.js'

const program = new Command()
program
  .name('flowcerta')
  .description('Governance service for RPA workflows')
  .version(VERSION)
  .showHelpAfterError()
  // Usage mistakes exit 2 (not commander's 1, which means "a failing result" here).
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE)
  })

// Sub-commands register themselves here, one line each.
registerServeCommand(program)
registerMigrateCommand(program)
registerOrgCommand(program)
registerKeyCommand(program)
registerValidateCommand(program)
registerJobsCommand(program)
registerAuditCommand(program)
registerPruneCommand(program)
registerSecretKeyCommand(program)

await program.parseAsync(process.argv)
