/**
 * The Store contract: the same cases on every engine (SQLite always, PostgreSQL when
 * FLOWCERTA_TEST_DATABASE_URL is set). Real databases, no mocks.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore, testEngines } from '../../test/helpers/test-stores.js'
import { newId } from '../domain/ids.js'
import {
  countActiveAdminKeys,
  findApiKeyByPrefix,
  getApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKeyLastUsed,
} from './api-keys.js'
import { boolFromDb, boolToDb, jsonFromDb, jsonToDb } from './codec.js'
import { signalNewDeliveries } from './delivery-wake-signal.js'
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from './errors.js'
import { claimInstanceFlag, getInstanceFlag } from './instance-flags.js'
import { MIGRATIONS } from './migrations/index.js'
import { countOrgs, getOrg, insertOrg, listOrgs } from './orgs.js'
import { getRiskException, insertRiskException } from './risk-exceptions.js'
import type { Store } from './store.js'
import { findOrCreateUser, findUserByEmail, getUser, insertUser } from './users.js'

const ALL_MIGRATIONS = Object.keys(MIGRATIONS)
const T0 = 1_760_000_000_000
const CHILD_SCRIPT = fileURLToPath(new URL('../../test/helpers/migrate-in-child.ts', import.meta.url))

/** Resolves when `fn` rejects, with the rejection; fails the test when it resolves. */
async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe.each(testEngines())('Store contract on %s', (engine) => {
  let t: TestStore
  let store: Store

  beforeEach(async () => {
    t = await openTestStore(engine)
    store = t.store
  })
  afterEach(async () => {
    await t.cleanup()
  })

  async function seedOrgWithAdmin(name = 'acme', email = 'admin@acme.test') {
    const org = await insertOrg(store.db, { name, createdAt: T0 })
    const admin = await insertUser(store.db, { orgId: org.id, email, role: 'admin', createdAt: T0 })
    return { org, admin }
  }

  describe('engine and lifecycle', () => {
    it('names its engine and declares its capabilities', () => {
      expect(store.engine).toBe(engine)
      const all = engine === 'postgres'
      expect(store.capabilities).toEqual({
        supportsSkipLocked: all,
        supportsListenNotify: all,
        sqlPlaceholders: all ? '$n' : '?',
        supportsWritableCtes: all,
      })
    })

    it('listenForNewDeliveries hears a signal once its transaction commits (on PostgreSQL never a rolled-back one)', async () => {
      let wakes = 0
      const stop = await store.listenForNewDeliveries(() => wakes++)
      // PostgreSQL's listener wakes once on connecting (rows may have come while it was not listening).
      await new Promise((resolve) => setTimeout(resolve, 50))
      const before = wakes
      await store
        .transaction(async (trx) => {
          await signalNewDeliveries(trx, store.capabilities)
          throw new Error('rolled back')
        })
        .catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 100))
      // SQLite's in-process signal fires even for a rollback (the worker then finds nothing):
      // only a cross-process signal is tied to the commit.
      if (store.capabilities.supportsListenNotify) expect(wakes).toBe(before)
      const afterRollback = wakes
      await store.transaction((trx) => signalNewDeliveries(trx, store.capabilities))
      await expect.poll(() => wakes, { timeout: 2000, interval: 5 }).toBeGreaterThan(afterRollback)
      await stop()
      const stopped = wakes
      await store.transaction((trx) => signalNewDeliveries(trx, store.capabilities))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(wakes).toBe(stopped)
    })

    it('ping resolves on an open store', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })

    it('close is idempotent and a closed store no longer answers', async () => {
      await store.close()
      await store.close()
      await expect(Promise.all([store.close(), store.close()])).resolves.toBeDefined()
      await expect(store.ping()).rejects.toThrow()
    })
  })

  describe('migrations', () => {
    it('applies every migration in order on an empty database, then nothing', async () => {
      const fresh = await openTestStore(engine, { migrate: false })
      try {
        expect(await fresh.store.migrate()).toEqual({ applied: ALL_MIGRATIONS })
        expect(await fresh.store.migrate()).toEqual({ applied: [] })
      } finally {
        await fresh.cleanup()
      }
    })

    it('a second migrate on a migrated database applies nothing', async () => {
      expect(await store.migrate()).toEqual({ applied: [] })
      const other = t.open()
      expect(await other.migrate()).toEqual({ applied: [] })
    })

    it('two Store instances migrating the same database apply each migration once', async () => {
      const fresh = await openTestStore(engine, { migrate: false })
      try {
        const a = fresh.store
        const b = fresh.open()
        // better-sqlite3 is synchronous: two instances in one process cannot wait for each
        // other's write lock, so there they take turns (processes: see the next case).
        const reports = fresh.concurrentStoresInOneProcess
          ? await Promise.all([a.migrate(), b.migrate()])
          : [await a.migrate(), await b.migrate()]
        const applied = reports.map((r) => r.applied).sort((x, y) => x.length - y.length)
        expect(applied).toEqual([[], ALL_MIGRATIONS])
        await insertOrg(b.db, { name: 'works', createdAt: T0 })
        expect(await countOrgs(a.db)).toBe(1)
      } finally {
        await fresh.cleanup()
      }
    })

    it('several processes migrating at the same moment apply each migration once', async () => {
      const fresh = await openTestStore(engine, { migrate: false })
      try {
        const run = promisify(execFile)
        const args = JSON.stringify({
          databaseUrl: fresh.databaseUrl,
          schema: fresh.schema,
          startAt: Date.now() + 2500,
        })
        const outputs = await Promise.all(
          [1, 2, 3].map(() =>
            run(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, args], { timeout: 25_000 }),
          ),
        )
        const applied = outputs
          .map((o) => (JSON.parse(o.stdout) as { applied: string[] }).applied)
          .sort((x, y) => x.length - y.length)
        expect(applied).toEqual([[], [], ALL_MIGRATIONS])
        expect(await fresh.store.migrate()).toEqual({ applied: [] })
      } finally {
        await fresh.cleanup()
      }
    }, 40_000)

    it('creates the tables and columns that database.ts describes', async () => {
      const tables = await store.db.introspection.getTables()
      const columns = (name: string) =>
        tables
          .find((table) => table.name === name && (t.schema === undefined || table.schema === t.schema))
          ?.columns.map((column) => column.name)
          .sort()
      expect(columns('orgs')).toEqual(['created_at', 'id', 'name'])
      expect(columns('users')).toEqual(['created_at', 'email', 'id', 'org_id', 'role'])
      expect(columns('api_keys')).toEqual(
        [
          'created_at',
          'id',
          'key_hash',
          'last_used_at',
          'name',
          'org_id',
          'prefix',
          'revoked_at',
          'user_id',
        ].sort(),
      )
      expect(columns('instance_flags')).toEqual(['name', 'set_at'])
    })
  })

  describe('transactions', () => {
    it('commits every write and returns the value of fn', async () => {
      const result = await store.transaction(async (trx) => {
        const org = await insertOrg(trx, { name: 'one', createdAt: T0 })
        await insertUser(trx, { orgId: org.id, email: 'a@one.test', role: 'admin', createdAt: T0 })
        return org.id
      })
      expect(await getOrg(store.db, result)).toMatchObject({ name: 'one' })
      expect(await findUserByEmail(store.db, result, 'a@one.test')).not.toBeNull()
    })

    it('a thrown error rolls back every write and reaches the caller unchanged', async () => {
      const boom = new Error('boom')
      const error = await rejection(() =>
        store.transaction(async (trx) => {
          await insertOrg(trx, { name: 'doomed', createdAt: T0 })
          await insertOrg(trx, { name: 'doomed too', createdAt: T0 })
          throw boom
        }),
      )
      expect(error).toBe(boom)
      expect(await countOrgs(store.db)).toBe(0)
    })

    it('a failing statement rolls back the writes before it', async () => {
      const { org } = await seedOrgWithAdmin()
      const error = await rejection(() =>
        store.transaction(async (trx) => {
          await insertOrg(trx, { name: 'second', createdAt: T0 })
          await insertUser(trx, { orgId: org.id, email: 'ADMIN@acme.test', role: 'member', createdAt: T0 })
        }),
      )
      expect(isUniqueViolation(error)).toBe(true)
      expect(await countOrgs(store.db)).toBe(1)
    })

    it('the store is usable after a rollback', async () => {
      await rejection(() =>
        store.transaction(async () => {
          throw new Error('first')
        }),
      )
      await store.transaction((trx) => insertOrg(trx, { name: 'after', createdAt: T0 }))
      expect(await countOrgs(store.db)).toBe(1)
    })
  })

  describe('orgs', () => {
    it('inserts, gets, counts and lists oldest first', async () => {
      expect(await countOrgs(store.db)).toBe(0)
      expect(await listOrgs(store.db)).toEqual([])
      const b = await insertOrg(store.db, { name: 'b', createdAt: T0 + 10 })
      const a = await insertOrg(store.db, {
        id: '0190aaaa-0000-7000-8000-000000000001',
        name: 'a',
        createdAt: T0,
      })
      expect(a.id).toBe('0190aaaa-0000-7000-8000-000000000001')
      expect(await getOrg(store.db, b.id)).toEqual({ id: b.id, name: 'b', createdAt: T0 + 10 })
      expect(await getOrg(store.db, '0190aaaa-0000-7000-8000-00000000dead')).toBeNull()
      expect(await countOrgs(store.db)).toBe(2)
      expect(await listOrgs(store.db)).toEqual([a, b])
    })

    it('a duplicate id is a unique violation', async () => {
      const org = await insertOrg(store.db, { name: 'x', createdAt: T0 })
      expect(
        isUniqueViolation(
          await rejection(() => insertOrg(store.db, { id: org.id, name: 'y', createdAt: T0 })),
        ),
      ).toBe(true)
    })

    it('text round-trips exactly: quotes, unicode, empty string', async () => {
      for (const name of ['O\'Brien "quoted"; drop table orgs; --', 'Zürich — 東京 🚀', '']) {
        const org = await insertOrg(store.db, { name, createdAt: T0 })
        expect((await getOrg(store.db, org.id))?.name).toBe(name)
      }
    })
  })

  describe('users', () => {
    it('stores the email lower-cased and trimmed and finds it in any case', async () => {
      const { org } = await seedOrgWithAdmin()
      const user = await insertUser(store.db, {
        orgId: org.id,
        email: '  Mixed.Case@Example.COM ',
        role: 'member',
        createdAt: T0,
      })
      expect(user).toEqual({
        id: user.id,
        orgId: org.id,
        email: 'mixed.case@example.com',
        role: 'member',
        createdAt: T0,
      })
      expect(await findUserByEmail(store.db, org.id, 'MIXED.case@example.com')).toEqual(user)
      expect(await getUser(store.db, org.id, user.id)).toEqual(user)
      expect(await findUserByEmail(store.db, org.id, 'nobody@example.com')).toBeNull()
    })

    it('is scoped to its org', async () => {
      const { org: one } = await seedOrgWithAdmin('one', 'same@x.test')
      const two = await insertOrg(store.db, { name: 'two', createdAt: T0 })
      expect(await findUserByEmail(store.db, two.id, 'same@x.test')).toBeNull()
      const other = await insertUser(store.db, {
        orgId: two.id,
        email: 'SAME@x.test',
        role: 'member',
        createdAt: T0,
      })
      expect(other.orgId).toBe(two.id)
      expect((await findUserByEmail(store.db, one.id, 'same@x.test'))?.role).toBe('admin')
      expect(await getUser(store.db, one.id, other.id)).toBeNull()
    })

    it('rejects a duplicate email in another case, an unknown org and an unknown role', async () => {
      const { org } = await seedOrgWithAdmin('acme', 'admin@acme.test')
      const dup = await rejection(() =>
        insertUser(store.db, { orgId: org.id, email: 'Admin@ACME.test', role: 'member', createdAt: T0 }),
      )
      expect(isUniqueViolation(dup)).toBe(true)
      const fk = await rejection(() =>
        insertUser(store.db, { orgId: 'no-such-org', email: 'x@y.test', role: 'member', createdAt: T0 }),
      )
      expect(isForeignKeyViolation(fk)).toBe(true)
      const check = await rejection(() =>
        // @ts-expect-error: a role outside ROLES must be refused by the database as well
        insertUser(store.db, { orgId: org.id, email: 'r@y.test', role: 'owner', createdAt: T0 }),
      )
      expect(isCheckViolation(check)).toBe(true)
    })

    it('findOrCreateUser creates once and then returns the existing user with its role', async () => {
      const { org } = await seedOrgWithAdmin()
      const created = await findOrCreateUser(store.db, org.id, 'New@Acme.test', 'member', T0 + 1)
      expect(created).toMatchObject({
        orgId: org.id,
        email: 'new@acme.test',
        role: 'member',
        createdAt: T0 + 1,
      })
      const again = await findOrCreateUser(store.db, org.id, 'new@acme.TEST', 'admin', T0 + 2)
      expect(again).toEqual(created)
    })

    it('findOrCreateUser: many concurrent calls for one new email yield one user', async () => {
      const { org } = await seedOrgWithAdmin()
      const race = (email: string) =>
        Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            findOrCreateUser(store.db, org.id, i % 2 ? email.toUpperCase() : email, 'member', T0 + i),
          ),
        )
      // The first round also opens the pooled connections (PostgreSQL), so that the calls of the
      // second round really overlap instead of queueing behind connection setup.
      for (const email of ['warm@x.test', 'race@x.test']) {
        const users = await race(email)
        expect(new Set(users.map((u) => u.id)).size).toBe(1)
        const rows = await store.db.selectFrom('users').select('id').where('email', '=', email).execute()
        expect(rows).toHaveLength(1)
      }
    })

    it('findOrCreateUser: a call racing an uncommitted insert of the same email returns that user', async () => {
      const { org } = await seedOrgWithAdmin()
      const inserted = deferred()
      const release = deferred()
      const first = store.transaction(async (trx) => {
        const user = await findOrCreateUser(trx, org.id, 'late@x.test', 'member', T0)
        inserted.resolve()
        await release.promise
        return user
      })
      await inserted.promise
      // On PostgreSQL this one sees no row, then its insert waits on the first transaction's.
      const second = store.transaction((trx) => findOrCreateUser(trx, org.id, 'LATE@x.test', 'admin', T0 + 5))
      await new Promise((resolve) => setTimeout(resolve, 150))
      release.resolve()
      const [a, b] = await Promise.all([first, second])
      expect(b).toEqual(a)
      expect(b.role).toBe('member')
    })
  })

  describe('api keys', () => {
    async function seedKey(
      orgId: string,
      userId: string,
      prefix: string,
      createdAt = T0,
      name: string | null = null,
    ) {
      return insertApiKey(store.db, { orgId, userId, name, prefix, keyHash: `hash-of-${prefix}`, createdAt })
    }

    it('finds a key by prefix with its hash and its user email and role', async () => {
      const { org, admin } = await seedOrgWithAdmin()
      const key = await seedKey(org.id, admin.id, 'abc123', T0, 'ci')
      expect(key).toEqual({
        id: key.id,
        orgId: org.id,
        userId: admin.id,
        name: 'ci',
        prefix: 'abc123',
        createdAt: T0,
        lastUsedAt: null,
        revokedAt: null,
      })
      expect(await findApiKeyByPrefix(store.db, 'abc123')).toEqual({
        ...key,
        keyHash: 'hash-of-abc123',
        email: 'admin@acme.test',
        role: 'admin',
      })
      expect(await findApiKeyByPrefix(store.db, 'zzz999')).toBeNull()
      expect(await findApiKeyByPrefix(store.db, 'ABC123')).toBeNull()
    })

    it('enforces a unique prefix across orgs', async () => {
      const { org, admin } = await seedOrgWithAdmin('one', 'a@one.test')
      const { org: two, admin: admin2 } = await seedOrgWithAdmin('two', 'a@two.test')
      await seedKey(org.id, admin.id, 'dupdup')
      expect(isUniqueViolation(await rejection(() => seedKey(two.id, admin2.id, 'dupdup')))).toBe(true)
    })

    it('refuses a key whose user is in another org or does not exist', async () => {
      const { org } = await seedOrgWithAdmin('one', 'a@one.test')
      const { admin: stranger } = await seedOrgWithAdmin('two', 'a@two.test')
      expect(isForeignKeyViolation(await rejection(() => seedKey(org.id, stranger.id, 'cross1')))).toBe(true)
      expect(isForeignKeyViolation(await rejection(() => seedKey(org.id, 'no-such-user', 'cross2')))).toBe(
        true,
      )
    })

    it('lists newest first, scoped to the org, never the hash; filters by user; pages by beforeId', async () => {
      const { org, admin } = await seedOrgWithAdmin()
      const member = await insertUser(store.db, {
        orgId: org.id,
        email: 'm@acme.test',
        role: 'member',
        createdAt: T0,
      })
      const { org: other, admin: otherAdmin } = await seedOrgWithAdmin('other', 'a@other.test')
      const k1 = await seedKey(org.id, admin.id, 'key001', T0 + 1)
      const k2 = await seedKey(org.id, member.id, 'key002', T0 + 2)
      const k3 = await seedKey(org.id, admin.id, 'key003', T0 + 2)
      const k4 = await seedKey(org.id, member.id, 'key004', T0 + 3)
      await seedKey(other.id, otherAdmin.id, 'key005', T0 + 9)

      const all = await listApiKeys(store.db, org.id)
      const sameTime = [k2, k3].sort((x, y) => (x.id < y.id ? 1 : -1))
      expect(all.map((k) => k.id)).toEqual([k4.id, ...sameTime.map((k) => k.id), k1.id])
      for (const key of all) {
        expect(key).not.toHaveProperty('keyHash')
        expect(key).not.toHaveProperty('key_hash')
        expect(JSON.stringify(key)).not.toContain('hash-of')
      }
      expect(all[0]).toEqual({ ...k4, email: 'm@acme.test', role: 'member' })

      const mine = await listApiKeys(store.db, { orgId: org.id, userId: member.id })
      expect(mine.map((k) => k.id)).toEqual([k4.id, k2.id])

      const pages: string[] = []
      let beforeId: string | undefined
      for (;;) {
        const page = await listApiKeys(store.db, { orgId: org.id, limit: 2, beforeId })
        pages.push(...page.map((k) => k.id))
        if (page.length < 2) break
        beforeId = page.at(-1)?.id
      }
      expect(pages).toEqual(all.map((k) => k.id))
      expect(await listApiKeys(store.db, { orgId: other.id, beforeId: k1.id })).toEqual([])
    })

    it('getApiKey is scoped to the org', async () => {
      const { org, admin } = await seedOrgWithAdmin('one', 'a@one.test')
      const { org: two } = await seedOrgWithAdmin('two', 'a@two.test')
      const key = await seedKey(org.id, admin.id, 'getkey')
      expect(await getApiKey(store.db, org.id, key.id)).toEqual({
        ...key,
        email: 'a@one.test',
        role: 'admin',
      })
      expect(await getApiKey(store.db, two.id, key.id)).toBeNull()
    })

    it('revokes once, only within its org, keeping the first revocation time', async () => {
      const { org, admin } = await seedOrgWithAdmin('one', 'a@one.test')
      const { org: two } = await seedOrgWithAdmin('two', 'a@two.test')
      const key = await seedKey(org.id, admin.id, 'revoke')
      expect(await revokeApiKey(store.db, two.id, key.id, T0 + 5)).toBe(false)
      expect((await findApiKeyByPrefix(store.db, 'revoke'))?.revokedAt).toBeNull()
      expect(await revokeApiKey(store.db, org.id, key.id, T0 + 10)).toBe(true)
      expect(await revokeApiKey(store.db, org.id, key.id, T0 + 20)).toBe(false)
      expect(await revokeApiKey(store.db, org.id, 'no-such-key', T0 + 20)).toBe(false)
      expect((await findApiKeyByPrefix(store.db, 'revoke'))?.revokedAt).toBe(T0 + 10)
    })

    it('touchApiKeyLastUsed records the latest use and never goes backwards', async () => {
      const { org, admin } = await seedOrgWithAdmin()
      const key = await seedKey(org.id, admin.id, 'touchy')
      expect(await touchApiKeyLastUsed(store.db, key.id, T0 + 100)).toBe(true)
      expect(await touchApiKeyLastUsed(store.db, key.id, T0 + 50)).toBe(false)
      expect((await findApiKeyByPrefix(store.db, 'touchy'))?.lastUsedAt).toBe(T0 + 100)
      expect(await touchApiKeyLastUsed(store.db, key.id, T0 + 200)).toBe(true)
      expect((await findApiKeyByPrefix(store.db, 'touchy'))?.lastUsedAt).toBe(T0 + 200)
      expect(await touchApiKeyLastUsed(store.db, 'no-such-key', T0)).toBe(false)
    })

    it('countActiveAdminKeys counts unrevoked keys of admins in the org', async () => {
      const { org, admin } = await seedOrgWithAdmin()
      const member = await insertUser(store.db, {
        orgId: org.id,
        email: 'm@acme.test',
        role: 'member',
        createdAt: T0,
      })
      const { org: other, admin: otherAdmin } = await seedOrgWithAdmin('other', 'a@other.test')
      expect(await countActiveAdminKeys(store.db, org.id)).toBe(0)
      const a1 = await seedKey(org.id, admin.id, 'adm001')
      await seedKey(org.id, admin.id, 'adm002')
      await seedKey(org.id, member.id, 'mem001')
      await seedKey(other.id, otherAdmin.id, 'oth001')
      expect(await countActiveAdminKeys(store.db, org.id)).toBe(2)
      await revokeApiKey(store.db, org.id, a1.id, T0 + 1)
      expect(await countActiveAdminKeys(store.db, org.id)).toBe(1)
    })
  })

  describe('instance flags', () => {
    it('is claimed exactly once, and a rolled-back claim does not count', async () => {
      expect(await getInstanceFlag(store.db, 'first_org_created')).toBeNull()
      await rejection(() =>
        store.transaction(async (trx) => {
          expect(await claimInstanceFlag(trx, 'first_org_created', T0)).toBe(true)
          throw new Error('roll back')
        }),
      )
      expect(await getInstanceFlag(store.db, 'first_org_created')).toBeNull()
      expect(await claimInstanceFlag(store.db, 'first_org_created', T0 + 1)).toBe(true)
      expect(await claimInstanceFlag(store.db, 'first_org_created', T0 + 2)).toBe(false)
      expect(await getInstanceFlag(store.db, 'first_org_created')).toBe(T0 + 1)
    })

    it('of several concurrent transactions claiming one flag, exactly one wins', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.transaction((trx) => claimInstanceFlag(trx, 'once', T0 + i)),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
    })
  })

  describe('risk exception renewals (006)', () => {
    it('a renewal status outside the lifecycle is refused by the database; a new row has none', async () => {
      const { org } = await seedOrgWithAdmin()
      const id = newId()
      await insertRiskException(store.db, {
        id,
        orgId: org.id,
        ruleId: 'FC-UIP-ERR-001',
        fileName: 'Main.xaml',
        location: null,
        reason: 'r',
        status: 'approved',
        expiresAt: T0 + 1000,
        requestedByEmail: 'm@acme.test',
        decidedByEmail: 'admin@acme.test',
        decidedAt: T0,
        decisionReason: null,
        warnedAt: null,
        createdAt: T0,
        updatedAt: T0,
      })
      expect((await getRiskException(store.db, org.id, id))?.renewal).toBeNull()
      const check = await rejection(() =>
        sql`update risk_exceptions set renewal_status = 'granted' where id = ${id}`.execute(store.db),
      )
      expect(isCheckViolation(check)).toBe(true)
    })
  })

  describe('value conventions', () => {
    it('int8 comes back as a JS number, exactly, up to 2^53-1; counts are numbers', async () => {
      const org = await insertOrg(store.db, { name: 'big', createdAt: Number.MAX_SAFE_INTEGER })
      const back = await getOrg(store.db, org.id)
      expect(back?.createdAt).toBe(Number.MAX_SAFE_INTEGER)
      expect(typeof back?.createdAt).toBe('number')
      const { rows } = await sql<{
        n: unknown
        big: unknown
      }>`select count(*) as n, max(created_at) as big from orgs`.execute(store.db)
      expect(rows[0]).toEqual({ n: 1, big: Number.MAX_SAFE_INTEGER })
      expect(await countOrgs(store.db)).toBe(1)
    })

    it('booleans (0/1), nulls and JSON text round-trip', async () => {
      await store.db.schema
        .createTable('contract_scratch')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('flag', 'integer', (col) => col.notNull())
        .addColumn('note', 'text')
        .addColumn('at', 'bigint')
        .addColumn('data', 'text', (col) => col.notNull())
        .execute()
      const scratch = store.db.withTables<{
        contract_scratch: { id: string; flag: number; note: string | null; at: number | null; data: string }
      }>()
      const data = { rule: 'FC-UIP-HCD-001', lines: [1, 2], nested: { ok: true, none: null }, text: 'é"\\' }
      await scratch
        .insertInto('contract_scratch')
        .values([
          { id: 'yes', flag: boolToDb(true), note: null, at: null, data: jsonToDb(data) },
          { id: 'no', flag: boolToDb(false), note: 'n', at: 0, data: jsonToDb([]) },
        ])
        .execute()
      const rows = await scratch.selectFrom('contract_scratch').selectAll().orderBy('id').execute()
      expect(rows).toEqual([
        { id: 'no', flag: 0, note: 'n', at: 0, data: '[]' },
        { id: 'yes', flag: 1, note: null, at: null, data: jsonToDb(data) },
      ])
      expect(rows.map((row) => boolFromDb(row.flag))).toEqual([false, true])
      expect(jsonFromDb(rows[1]!.data)).toEqual(data)
      const truthy = await scratch.selectFrom('contract_scratch').select('id').where('flag', '=', 1).execute()
      expect(truthy).toEqual([{ id: 'yes' }])
    })
  })
})
