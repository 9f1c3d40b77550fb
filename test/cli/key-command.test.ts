/**
 * `flowcerta key list --org` and `key revoke <keyId>` as real child processes, on every engine:
 * listings never show a key or its hash; revoke keeps the API's LAST_ADMIN_KEY rule and its exit
 * codes are the documented ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashApiKey } from '../../src/domain/api-keys.js'
import { touchApiKeyLastUsed } from '../../src/store/api-keys.js'
import { listAuditEntries } from '../../src/store/audit-log.js'
import { runCli } from '../helpers/run-cli.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

const VIEW_FIELDS = ['createdAt', 'email', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'role']

describe.each(testEngines())('flowcerta key list / revoke on %s', { timeout: 120_000 }, (engine) => {
  let t: TestStore
  let env: Record<string, string>
  beforeEach(async () => {
    t = await openTestStore(engine)
    env = {
      FLOWCERTA_DATABASE_URL: t.databaseUrl,
      FLOWCERTA_DATABASE_SCHEMA: t.schema ?? '',
      FLOWCERTA_DATA_DIR: '/nonexistent-flowcerta-data',
    }
  })
  afterEach(() => t.cleanup())

  // Each command migrates first; on PostgreSQL Kysely's migrator looks at every schema, and
  // fails when another test file drops its `t_…` schema at that moment (see test-stores.ts).
  // Only that failure is retried; any other one fails the test.
  const cli = async (args: string[]) => {
    for (let attempt = 1; ; attempt++) {
      const res = await runCli(args, env)
      if (attempt >= 3 || !/schema "t_[0-9a-z_]+" does not exist/i.test(res.stderr)) return res
    }
  }
  const json = async (args: string[]) => {
    const res = await cli(args)
    expect(res.code, res.stderr).toBe(0)
    return JSON.parse(res.stdout)
  }

  it('lists prefixes only, revokes with an audit entry, refuses the last admin key (exit 3)', async () => {
    const { orgId, apiKey: adminKey } = await json([
      'org',
      'create',
      '--name',
      'Acme',
      '--admin-email',
      'ops@acme.test',
      '--json',
    ])
    const member = await json([
      'key',
      'create',
      '--org',
      orgId,
      '--email',
      'dev@acme.test',
      '--role',
      'member',
      '--json',
    ])
    const adminKeyId = (await json(['key', 'list', '--org', orgId, '--json'])).find(
      (k: { role: string }) => k.role === 'admin',
    ).id
    await touchApiKeyLastUsed(t.store.db, adminKeyId, Date.parse('2026-05-15T18:00:00.000Z'))

    const listed = await cli(['key', 'list', '--org', orgId, '--json'])
    const keys = JSON.parse(listed.stdout)
    expect(keys.map((k: object) => Object.keys(k).sort())).toEqual([VIEW_FIELDS, VIEW_FIELDS])
    expect(keys.find((k: { id: string }) => k.id === adminKeyId)).toMatchObject({
      prefix: adminKey.slice(0, 15),
      email: 'ops@acme.test',
      role: 'admin',
      lastUsedAt: '2026-05-15T18:00:00.000Z',
      revokedAt: null,
    })
    for (const secret of [adminKey, member.apiKey, hashApiKey(adminKey), hashApiKey(member.apiKey)]) {
      expect(listed.stdout).not.toContain(secret)
    }

    const table = await cli(['key', 'list', '--org', orgId])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +PREFIX +EMAIL +ROLE +CREATED +LAST USED +REVOKED$/)
    expect(table.stdout).toContain(`${adminKey.slice(0, 15)}…`)
    expect(table.stdout).toContain('2026-05-15T18:00:00.000Z')
    expect(table.stdout).not.toContain(adminKey)

    const revoked = await json(['key', 'revoke', member.id, '--json'])
    expect(revoked).toMatchObject({ id: member.id, orgId, email: 'dev@acme.test', role: 'member' })
    expect(revoked.prefix).toBe(member.apiKey.slice(0, 15))
    const [entry] = await listAuditEntries(t.store.db, { orgId, limit: 1, action: 'api_key.revoked' })
    expect(entry).toMatchObject({ targetId: member.id, actorEmail: expect.stringMatching(/^cli(:.+)?$/) })
    const afterRevoke = await json(['key', 'list', '--org', orgId, '--json'])
    expect(afterRevoke.find((k: { id: string }) => k.id === member.id).revokedAt).toBe(revoked.revokedAt)

    const again = await cli(['key', 'revoke', member.id])
    expect(again.code, again.stderr).toBe(2)
    expect(again.stderr).toContain('no active API key')

    const last = await cli(['key', 'revoke', adminKeyId])
    expect(last.code, last.stderr).toBe(3)
    expect(last.stderr).toContain('LAST_ADMIN_KEY')
    expect(
      (await json(['key', 'list', '--org', orgId, '--json'])).find(
        (k: { id: string }) => k.id === adminKeyId,
      ),
    ).toMatchObject({ revokedAt: null })

    // With a second admin key the first one may go (text output this time).
    await json(['key', 'create', '--org', orgId, '--email', 'ops@acme.test', '--role', 'admin', '--json'])
    const text = await cli(['key', 'revoke', adminKeyId])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(
      new RegExp(
        `^Revoked API key ${adminKeyId} \\(fc_\\w{12}…, ops@acme.test, admin\\) of org ${orgId}\\.\\n$`,
      ),
    )
  })

  it.each([
    [['key', 'revoke', 'not-an-id'], /no active API key/],
    [['key', 'revoke', '0190a000-0000-7000-8000-000000000000'], /no active API key/],
    [['key', 'list', '--org', '0190a000-0000-7000-8000-000000000000'], /no org with id/],
    [['key', 'list', '--org', 'nope'], /no org with id/],
    [['key', 'list'], /required option '--org <id>'/],
    [['key', 'revoke'], /missing required argument 'keyId'/],
  ])('usage errors exit 2: %s', async (args, message) => {
    const res = await cli(args)
    expect(res.code, res.stderr).toBe(2)
    expect(res.stderr).toMatch(message)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('flowcerta key --help', { timeout: 60_000 }, () => {
  it('documents the exit codes of list and revoke', async () => {
    const list = await runCli(['key', 'list', '--help'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/Exit codes:\n {2}0 {2}listed\n {2}1 .*\n {2}2 {2}usage/)
    const revoke = await runCli(['key', 'revoke', '--help'])
    expect(revoke.code).toBe(0)
    expect(revoke.stdout).toMatch(
      /Exit codes:\n {2}0 {2}revoked\n {2}1 .*\n {2}2 .*\n {2}3 {2}refused: .*LAST_ADMIN_KEY/,
    )
  })
})
