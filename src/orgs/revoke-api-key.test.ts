import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore, testEngines } from '../../test/helpers/test-stores.js'
import { AppError } from '../domain/errors/app-error.js'
import { countActiveAdminKeys, getApiKey } from '../store/api-keys.js'
import { listAuditEntries } from '../store/audit-log.js'
import { issueApiKey } from './create-api-key.js'
import { createOrg } from './create-org.js'
import { revokeOrgApiKey } from './revoke-api-key.js'

const AT = Date.parse('2026-05-15T18:00:00.000Z')

function errorCode(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === 'fulfilled') return 'revoked'
  return outcome.reason instanceof AppError ? outcome.reason.code : String(outcome.reason)
}

describe.each(testEngines())('revokeOrgApiKey on %s', (engine) => {
  let t: TestStore
  beforeEach(async () => {
    t = await openTestStore(engine)
  })
  afterEach(() => t.cleanup())

  it('revokes with an audit entry; refuses the last admin key, an unknown, revoked or foreign key', async () => {
    const org = await createOrg(t.store, { name: 'a', adminEmail: 'admin@a.test', at: AT })
    const other = await createOrg(t.store, { name: 'b', adminEmail: 'admin@b.test', at: AT })
    const member = await issueApiKey(t.store.db, {
      orgId: org.orgId,
      email: 'm@a.test',
      role: 'member',
      at: AT,
    })
    const revoke = (orgId: string, keyId: string) =>
      t.store.transaction((trx) => revokeOrgApiKey(trx, { orgId, keyId, actorEmail: 'cli:ops', at: AT + 1 }))

    expect((await revoke(org.orgId, member.id)).email).toBe('m@a.test')
    expect((await getApiKey(t.store.db, org.orgId, member.id))?.revokedAt).toBe(AT + 1)
    const [entry] = await listAuditEntries(t.store.db, {
      orgId: org.orgId,
      limit: 1,
      action: 'api_key.revoked',
    })
    expect(entry).toMatchObject({ actorEmail: 'cli:ops', targetId: member.id, changes: { role: 'member' } })

    for (const [orgId, keyId, code] of [
      [org.orgId, member.id, 'NOT_FOUND'], // already revoked
      [org.orgId, '0190a000-0000-7000-8000-000000000000', 'NOT_FOUND'],
      [other.orgId, org.adminKey.id, 'NOT_FOUND'],
      [org.orgId, org.adminKey.id, 'LAST_ADMIN_KEY'],
    ] as const) {
      expect(errorCode((await Promise.allSettled([revoke(orgId, keyId)]))[0]!)).toBe(code)
    }
  })

  // Two admins revoking each other's keys at once: without a lock both saw two admin keys on
  // PostgreSQL and both committed, leaving the org with none.
  it('of two concurrent revocations of the last two admin keys, exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await createOrg(t.store, { name: `race-${round}`, adminEmail: `a@r${round}.test`, at: AT })
      const second = await issueApiKey(t.store.db, {
        orgId: org.orgId,
        email: `a@r${round}.test`,
        role: 'admin',
        at: AT,
      })
      const outcomes = await Promise.allSettled(
        [org.adminKey.id, second.id].map((keyId) =>
          t.store.transaction((trx) =>
            revokeOrgApiKey(trx, { orgId: org.orgId, keyId, actorEmail: 'x', at: AT + 1 }),
          ),
        ),
      )
      expect(outcomes.map(errorCode).sort()).toEqual(['LAST_ADMIN_KEY', 'revoked'])
      expect(await countActiveAdminKeys(t.store.db, org.orgId)).toBe(1)
    }
  })
})
