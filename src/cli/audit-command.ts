/** `flowcerta audit verify`: checks the audit hash chain of one org or of every org. */
import type { Command } from 'commander'
import type { ConfigOverrides } from '../config/config.js'
import { isUuid } from '../domain/ids.js'
import type { AuditChainVerification } from '../store/audit-chain-verify.js'
import {
  configFromFlags,
  EXIT_FAILED,
  reportFailure,
  UsageError,
  withConfigFlags,
  withStore,
} from './cli-support.js'

interface AuditVerifyFlags {
  org?: string
  json?: boolean
}

const EXIT_CODES_HELP = `
Exit codes:
  0  every chain verified is intact
  1  a chain is broken (the first broken link is printed), or the check could not run
     (then stderr says "flowcerta: failed: …")
  2  usage or configuration error (e.g. no org with that id)

--json prints {"intact": true|false, "orgs": [...]}, one object per org in the shape of
GET /api/v1/audit-log/verify.
`

function describeResult(result: AuditChainVerification): string {
  if (result.status === 'intact') {
    return `org ${result.orgId}: intact, ${result.count} entries, head ${result.headHash}\n`
  }
  const { reason, entryId, position, expected, found } = result.break
  const where = `${entryId === null ? 'a missing entry' : `entry ${entryId}`}${position === null ? '' : ` (position ${position})`}`
  return (
    `org ${result.orgId}: BROKEN at ${where}: ${reason}` +
    ` — expected ${expected ?? '(nothing)'}, found ${found ?? '(nothing)'}; ${result.checked} entries verified before it\n`
  )
}

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log')
  withConfigFlags(
    audit
      .command('verify')
      .description('verify the audit hash chain of an org (or of every org) and report the first broken link')
      .option('--org <id>', 'org id (default: every org)')
      .option('--json', 'print the result as JSON')
      .addHelpText('after', EXIT_CODES_HELP),
  ).action(async (flags: AuditVerifyFlags & ConfigOverrides) => {
    try {
      const { verifyAuditChain } = await import('../store/audit-chain-verify.js')
      const { getOrg, listOrgs } = await import('../store/orgs.js')
      const results = await withStore(configFromFlags(flags), async (store) => {
        let orgIds: string[]
        if (flags.org !== undefined) {
          if (!isUuid(flags.org) || (await getOrg(store.db, flags.org)) === null) {
            throw new UsageError(`no org with id "${flags.org}" (see: flowcerta org list)`)
          }
          orgIds = [flags.org]
        } else {
          orgIds = (await listOrgs(store.db)).map((org) => org.id)
        }
        const verified: AuditChainVerification[] = []
        for (const orgId of orgIds) verified.push(await verifyAuditChain(store.db, orgId))
        return verified
      })
      const intact = results.every((result) => result.status === 'intact')
      if (flags.json) process.stdout.write(`${JSON.stringify({ intact, orgs: results })}\n`)
      else if (results.length === 0) process.stdout.write('no orgs: nothing to verify\n')
      else for (const result of results) process.stdout.write(describeResult(result))
      if (!intact) process.exitCode = EXIT_FAILED
    } catch (error) {
      reportFailure(error)
    }
  })
}
