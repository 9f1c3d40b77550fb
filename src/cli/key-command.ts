/** `flowcerta key create`: an API key for a user of an org (printed once). */
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { isUuid } from '../domain/ids.js'
import { isRole, ROLES } from '../domain/roles.js'
import { configFromFlags, reportFailure, UsageError, withConfigFlags, withStore } from './cli-support.js'

interface KeyCreateFlags {
  org: string
  email: string
  role: string
  name?: string
  json?: boolean
}

export function registerKeyCommand(program: Command): void {
  const key = program.command('key').description('manage API keys')
  withConfigFlags(
    key
      .command('create')
      .description('create an API key for a user of an org (the user is created if new); shown once')
      .requiredOption('--org <id>', 'org id')
      .requiredOption('--email <email>', "the user's email")
      .requiredOption('--role <role>', ROLES.join('|'))
      .option('--name <name>', 'a label for the key')
      .option('--json', 'print {"id", "apiKey", "orgId", "email", "role"} as JSON'),
  ).action(async (flags: KeyCreateFlags & ConfigOverrides) => {
    try {
      if (!isRole(flags.role))
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${flags.role}"`)
      if (!/^[^\s@]+@[^\s@]+$/.test(flags.email))
        throw new UsageError(`--email is not an email address: "${flags.email}"`)
      const role = flags.role
      const { issueApiKey } = await import('../orgs/create-api-key.js')
      const { getOrg } = await import('../store/orgs.js')
      const issued = await withStore(configFromFlags(flags), async (store) => {
        if (!isUuid(flags.org) || (await getOrg(store.db, flags.org)) === null) {
          throw new UsageError(`no org with id "${flags.org}" (see: flowcerta org list)`)
        }
        return store.transaction((trx) =>
          issueApiKey(trx, {
            orgId: flags.org,
            email: flags.email,
            role,
            name: flags.name ?? null,
            at: Date.now(),
          }),
        )
      })
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ id: issued.id, apiKey: issued.apiKey, orgId: flags.org, email: issued.email, role: issued.role })}\n`,
        )
      } else {
        process.stdout.write(
          `API key for ${issued.email} (${issued.role}), shown only this once:\n  ${issued.apiKey}\n`,
        )
      }
    } catch (error) {
      reportFailure(error)
    }
  })
}
