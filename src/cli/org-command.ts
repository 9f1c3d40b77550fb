/** `flowcerta org create`: a new org with its admin and admin key (printed once). */
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { configFromFlags, reportFailure, UsageError, withConfigFlags, withStore } from './cli-support.js'

interface OrgCreateFlags {
  name: string
  adminEmail: string
  json?: boolean
}

const EMAIL = /^[^\s@]+@[^\s@]+$/

export function registerOrgCommand(program: Command): void {
  const org = program.command('org').description('manage orgs')

  withConfigFlags(
    org
      .command('create')
      .description('create an org with an admin user and print its admin API key (shown once)')
      .requiredOption('--name <name>', 'org name')
      .requiredOption('--admin-email <email>', "the admin's email")
      .option('--json', 'print {"orgId", "apiKey"} as JSON'),
  ).action(async (flags: OrgCreateFlags & ConfigOverrides) => {
    try {
      const name = flags.name.trim()
      if (name === '' || name.length > 200) throw new UsageError('--name must be 1 to 200 characters')
      if (!EMAIL.test(flags.adminEmail))
        throw new UsageError(`--admin-email is not an email address: "${flags.adminEmail}"`)
      const config = configFromFlags(flags)
      const { createOrg } = await import('../orgs/create-org.js')
      const created = await withStore(config, (store) =>
        createOrg(store, { name, adminEmail: flags.adminEmail, at: Date.now() }),
      )
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ orgId: created.orgId, apiKey: created.adminKey.apiKey })}\n`)
      } else {
        process.stdout.write(
          `Org "${created.name}" created: ${created.orgId}\n` +
            `Admin API key for ${created.adminKey.email} (shown only this once):\n  ${created.adminKey.apiKey}\n`,
        )
      }
    } catch (error) {
      reportFailure(error)
    }
  })

  withConfigFlags(
    org.command('list').description('list orgs (id and name)').option('--json', 'print JSON'),
  ).action(async (flags: { json?: boolean } & ConfigOverrides) => {
    try {
      const { listOrgs } = await import('../store/orgs.js')
      const orgs = await withStore(configFromFlags(flags), (store) => listOrgs(store.db))
      if (flags.json)
        process.stdout.write(`${JSON.stringify(orgs.map((o) => ({ id: o.id, name: o.name })))}\n`)
      else for (const o of orgs) process.stdout.write(`${o.id}  ${o.name}\n`)
    } catch (error) {
      reportFailure(error)
    }
  })
}
