/**
 * `flowcerta audit verify` as a real child process on every engine: 0 for intact chains, 1 with
 * the first broken link when a row was edited in the database, 2 for an unknown org; --json
 * carries the same objects as GET /api/v1/audit-log/verify.
 */
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AuditEntry, appendAuditEntry } from '../../src/store/audit-log.js'
import { insertOrg } from '../../src/store/orgs.js'
import { runCli } from '../helpers/run-cli.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

const T0 = 1_760_000_000_000

describe.each(testEngines())('flowcerta audit verify on %s', { timeout: 120_000 }, (engine) => {
  let t: TestStore
  let env: Record<string, string>
  let orgA: string
  let orgB: string
  let entriesA: AuditEntry[]

  beforeEach(async () => {
    t = await openTestStore(engine)
    env = {
      FLOWCERTA_DATABASE_URL: t.databaseUrl,
      FLOWCERTA_DATABASE_SCHEMA: t.schema ?? '',
      FLOWCERTA_DATA_DIR: t.databaseUrl.startsWith('postgres')
        ? ''
        : t.databaseUrl.replace(/flowcerta\.db$/, ''),
      FLOWCERTA_LOG_LEVEL: 'silent',
    }
    orgA = (await insertOrg(t.store.db, { name: 'a', createdAt: T0 })).id
    orgB = (await insertOrg(t.store.db, { name: 'b', createdAt: T0 + 1 })).id
    entriesA = []
    for (const [orgId, count] of [
      [orgA, 3],
      [orgB, 2],
    ] as const) {
      for (let index = 0; index < count; index++) {
        const entry = await appendAuditEntry(t.store.db, {
          orgId,
          actorEmail: 'admin@test.example',
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: `key-${index}`,
          changes: { index },
          at: T0 + index,
        })
        if (orgId === orgA) entriesA.push(entry)
      }
    }
  })
  afterEach(() => t.cleanup())

  it('exits 0 and reports every org intact with its count (text and --json)', async () => {
    const text = await runCli(['audit', 'verify'], env)
    expect(text.stderr).toBe('')
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(
      `org ${orgA}: intact, 3 entries, head ${entriesA[2]?.hash}\n` +
        `org ${orgB}: intact, 2 entries, head ${(await lastHash(orgB)) ?? ''}\n`,
    )
    const json = await runCli(['audit', 'verify', '--json'], env)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({
      intact: true,
      orgs: [
        { orgId: orgA, status: 'intact', count: 3, headHash: entriesA[2]?.hash },
        { orgId: orgB, status: 'intact', count: 2, headHash: await lastHash(orgB) },
      ],
    })
  })

  it('exits 1 with the first broken link after a row is edited in the database; another org still verifies', async () => {
    const edited = entriesA[1] as AuditEntry
    await sql`update audit_log set actor_email = 'someone@else.example' where id = ${edited.id}`.execute(
      t.store.db,
    )
    const text = await runCli(['audit', 'verify'], env)
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(
      `org ${orgA}: BROKEN at entry ${edited.id} (position 2): content — expected `,
    )
    expect(text.stdout).toContain(`found ${edited.hash}; 1 entries verified before it`)
    expect(text.stdout).toContain(`org ${orgB}: intact, 2 entries`)

    const json = await runCli(['audit', 'verify', '--org', orgA, '--json'], env)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      intact: false,
      orgs: [
        {
          orgId: orgA,
          status: 'broken',
          checked: 1,
          break: { reason: 'content', entryId: edited.id, position: 2 },
        },
      ],
    })
    const onlyB = await runCli(['audit', 'verify', '--org', orgB], env)
    expect(onlyB.code).toBe(0)
  })

  it('exits 2 for an org that does not exist; --help documents the exit codes', async () => {
    for (const org of ['0190d1c2-7a10-7c3e-9b1a-2f4e5d6c7b8a', 'not-a-uuid']) {
      const res = await runCli(['audit', 'verify', '--org', org], env)
      expect(res.code, org).toBe(2)
      expect(res.stderr).toContain(`no org with id "${org}"`)
    }
    const help = await runCli(['audit', 'verify', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(
      /Exit codes:\n {2}0 {2}every chain verified is intact\n {2}1 {2}a chain is broken/,
    )
  })

  async function lastHash(orgId: string): Promise<string | undefined> {
    const row = await t.store.db
      .selectFrom('audit_chain_heads')
      .select('last_hash')
      .where('org_id', '=', orgId)
      .executeTakeFirst()
    return row?.last_hash
  }
})
