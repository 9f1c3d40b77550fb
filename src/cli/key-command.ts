/**
 * `flowcerta key create`: an API key for a user of an org (printed once); `key list --org`: the
 * org's keys (prefix only, never the key or its hash); `key revoke <keyId>`: with the API's
 * LAST_ADMIN_KEY rule (orgs/revoke-api-key.ts).
 */
import os from 'node:os'
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { AppError } from '../domain/errors/app-error.js'
import { isUuid } from '../domain/ids.js'
import { isRole, ROLES } from '../domain/roles.js'
import type { ApiKeyView } from '../orgs/api-key-view.js'
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

interface KeyCreateFlags {
  org: string
  email: string
  role: string
  name?: string
  json?: boolean
}

const LIST_EXIT_CODES = `
Exit codes:
  ${EXIT_OK}  listed
  ${EXIT_FAILED}  failed (e.g. the database cannot be reached)
  ${EXIT_USAGE}  usage: no org with that id, or bad configuration
`

const REVOKE_EXIT_CODES = `
Exit codes:
  ${EXIT_OK}  revoked
  ${EXIT_FAILED}  failed (e.g. the database cannot be reached)
  ${EXIT_USAGE}  usage: no active key with that id (unknown or already revoked), or bad configuration
  ${EXIT_REFUSED}  refused: it is the org's last active admin key (LAST_ADMIN_KEY); create another first
`

/** Who revokes from the CLI, for the audit log: the operating-system user running it. */
function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`
  } catch {
    return 'cli' // no passwd entry for the uid (some containers)
  }
}

/** The key list as a table for people; `-` where a time is missing. */
function formatKeyTable(keys: readonly ApiKeyView[]): string {
  if (keys.length === 0) return 'No API keys.\n'
  const header = ['ID', 'PREFIX', 'EMAIL', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED']
  const rows = keys.map((k) => [
    k.id,
    `${k.prefix}…`,
    k.email,
    k.role,
    k.createdAt,
    k.lastUsedAt ?? '-',
    k.revokedAt ?? '-',
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  )
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n')
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

  withConfigFlags(
    key
      .command('list')
      .description("list an org's API keys, revoked ones included (the prefix only, never the key)")
      .requiredOption('--org <id>', 'org id (see: flowcerta org list)')
      .option(
        '--json',
        'print [{"id", "prefix", "name", "email", "role", "createdAt", "lastUsedAt", "revokedAt"}]',
      )
      .addHelpText('after', LIST_EXIT_CODES),
  ).action(async (flags: { org: string; json?: boolean } & ConfigOverrides) => {
    try {
      const { listApiKeys } = await import('../store/api-keys.js')
      const { getOrg } = await import('../store/orgs.js')
      const { viewApiKey } = await import('../orgs/api-key-view.js')
      const keys = await withStore(configFromFlags(flags), async (store) => {
        if (!isUuid(flags.org) || (await getOrg(store.db, flags.org)) === null) {
          throw new UsageError(`no org with id "${flags.org}" (see: flowcerta org list)`)
        }
        return (await listApiKeys(store.db, flags.org)).map(viewApiKey)
      })
      process.stdout.write(flags.json ? `${JSON.stringify(keys)}\n` : formatKeyTable(keys))
    } catch (error) {
      reportFailure(error)
    }
  })

  withConfigFlags(
    key
      .command('revoke')
      .description('revoke an API key at once (refused for the last active admin key of its org)')
      .argument('<keyId>', 'the key id (see: flowcerta key list --org <id>)')
      .option('--json', 'print {"id", "orgId", "prefix", "email", "role", "revokedAt"}')
      .addHelpText('after', REVOKE_EXIT_CODES),
  ).action(async (keyId: string, flags: { json?: boolean } & ConfigOverrides) => {
    try {
      const { findApiKeyOrgId } = await import('../store/api-keys.js')
      const { revokeOrgApiKey } = await import('../orgs/revoke-api-key.js')
      const noSuchKey = () =>
        new UsageError(`no active API key with id "${keyId}" (unknown, or already revoked)`)
      const at = Date.now()
      const revoked = await withStore(configFromFlags(flags), async (store) => {
        const orgId = isUuid(keyId) ? await findApiKeyOrgId(store.db, keyId) : null
        if (orgId === null) throw noSuchKey()
        try {
          const key = await store.transaction((trx) =>
            revokeOrgApiKey(trx, { orgId, keyId, actorEmail: cliActor(), at }),
          )
          return { orgId, key }
        } catch (error) {
          if (error instanceof AppError && error.code === 'NOT_FOUND') throw noSuchKey()
          throw error
        }
      })
      const prefix = `fc_${revoked.key.prefix}`
      if (flags.json) {
        const { email, role } = revoked.key
        const revokedAt = new Date(at).toISOString()
        process.stdout.write(
          `${JSON.stringify({ id: keyId, orgId: revoked.orgId, prefix, email, role, revokedAt })}\n`,
        )
      } else {
        process.stdout.write(
          `Revoked API key ${keyId} (${prefix}…, ${revoked.key.email}, ${revoked.key.role}) of org ${revoked.orgId}.\n`,
        )
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'LAST_ADMIN_KEY') {
        process.stderr.write(
          `flowcerta: LAST_ADMIN_KEY: ${error.message} Create another admin key first (flowcerta key create --role admin).\n`,
        )
        process.exitCode = EXIT_REFUSED
      } else {
        reportFailure(error)
      }
    }
  })
}
