/**
 * The audit chain on every engine: appends chain per org, verify finds the first broken link
 * for each kind of tampering (edit, delete, reorder, truncate, forged tail, unchained row),
 * appends from parallel transactions and from two processes chain without gaps, and migration
 * 007 chains the entries of an installation from before it. Tampering is done with plain SQL
 * on the database, as an attacker with database access would.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  openTestStore,
  openTestStoreBefore,
  type TestStore,
  testEngines,
  tolerantOfOtherRuns,
} from '../../test/helpers/test-stores.js'
import { AUDIT_GENESIS_HASH, hashAuditEntry } from './audit-chain-hash.js'
import { verifyAuditChain } from './audit-chain-verify.js'
import { type AuditEntry, appendAuditEntry, iterateAuditChain } from './audit-log.js'
import { insertOrg } from './orgs.js'
import type { Store } from './store.js'

const T0 = 1_760_000_000_000
const CHILD_SCRIPT = fileURLToPath(new URL('../../test/helpers/append-audit-in-child.ts', import.meta.url))

async function chainOf(store: Store, orgId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = []
  for await (const entry of iterateAuditChain(store.db, { orgId })) entries.push(entry)
  return entries
}

describe.each(testEngines())('audit chain on %s', (engine) => {
  let t: TestStore
  let store: Store
  let orgA: string
  let orgB: string

  beforeEach(async () => {
    t = await openTestStore(engine)
    store = t.store
    orgA = (await insertOrg(store.db, { name: 'a', createdAt: T0 })).id
    orgB = (await insertOrg(store.db, { name: 'b', createdAt: T0 })).id
  })
  afterEach(async () => {
    await t.cleanup()
  })

  const append = (orgId: string, index: number, extra: Partial<AuditEntry> = {}) =>
    store.transaction((trx) =>
      appendAuditEntry(trx, {
        orgId,
        actorEmail: 'admin@a.test',
        action: index % 2 === 0 ? 'api_key.created' : 'org_settings.updated',
        targetType: 'api_key',
        targetId: index % 3 === 0 ? null : `target-${index}`,
        changes: { index, nested: { z: 1, a: [null, 'x', 1.5] } },
        // Every other entry shares its timestamp with the previous one: order is seq, not time.
        at: T0 + Math.floor(index / 2) * 1000,
        ...extra,
      }),
    )

  async function appendMany(orgId: string, count: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = []
    for (let index = 0; index < count; index++) entries.push(await append(orgId, index))
    return entries
  }

  const entryAt = async (orgId: string, seq: number): Promise<AuditEntry> => {
    const entry = (await chainOf(store, orgId)).find((e) => e.seq === seq)
    if (entry === undefined) throw new Error(`no entry ${seq}`)
    return entry
  }

  it('an empty org is intact with count 0 and the genesis head', async () => {
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'intact',
      count: 0,
      headHash: AUDIT_GENESIS_HASH,
    })
  })

  it('appends chain per org from the genesis value, seq 1..n, and verify reports intact with the count', async () => {
    const a = await appendMany(orgA, 5)
    const b = await appendMany(orgB, 3)
    expect(a.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(b.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(a[0]?.prevHash).toBe(AUDIT_GENESIS_HASH)
    expect(b[0]?.prevHash).toBe(AUDIT_GENESIS_HASH)
    for (let i = 1; i < a.length; i++) expect(a[i]?.prevHash).toBe(a[i - 1]?.hash)
    // What is stored is what append returned.
    expect(await chainOf(store, orgA)).toEqual(a)
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'intact',
      count: 5,
      headHash: a[4]?.hash,
    })
    expect(await verifyAuditChain(store.db, orgB)).toMatchObject({ status: 'intact', count: 3 })
  })

  it('appendAuditEntry on a non-transaction handle opens its own transaction and still chains', async () => {
    await append(orgA, 0)
    const second = await appendAuditEntry(store.db, {
      orgId: orgA,
      actorEmail: 'x@a.test',
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: 'k',
      changes: {},
      at: T0,
    })
    expect(second.seq).toBe(2)
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({ status: 'intact', count: 2 })
  })

  it('a rolled-back action leaves no entry and no gap', async () => {
    await append(orgA, 0)
    await expect(
      store.transaction(async (trx) => {
        await appendAuditEntry(trx, {
          orgId: orgA,
          actorEmail: 'x@a.test',
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: null,
          changes: {},
          at: T0,
        })
        throw new Error('the action failed')
      }),
    ).rejects.toThrow('the action failed')
    expect((await append(orgA, 1)).seq).toBe(2)
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({ status: 'intact', count: 2 })
  })

  it.each([
    ['changes_json', sql`changes_json = '{"index":3,"nested":{"a":[null,"x",1.5],"z":2}}'`],
    ['actor_email', sql`actor_email = 'someone-else@a.test'`],
    ['action', sql`action = 'api_key.revoked'`],
    ['target_id', sql`target_id = 'another-target'`],
    ['at', sql`at = at + 1`],
    ['org_id', null],
  ])('an UPDATE of %s fails verify at exactly that entry (content)', async (column, assignment) => {
    await appendMany(orgA, 6)
    const target = await entryAt(orgA, 4)
    if (assignment === null) {
      // Moving an entry into another org: it leaves a hole here and a forged row there.
      await sql`update audit_log set org_id = ${orgB} where id = ${target.id}`.execute(store.db)
      expect((await verifyAuditChain(store.db, orgA)).status).toBe('broken')
      expect(await verifyAuditChain(store.db, orgB)).toMatchObject({
        status: 'broken',
        break: { entryId: target.id },
      })
      return
    }
    await sql`update audit_log set ${assignment} where id = ${target.id}`.execute(store.db)
    const result = await verifyAuditChain(store.db, orgA)
    const edited = await entryAt(orgA, 4)
    expect(result, column).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 3,
      break: {
        reason: 'content',
        entryId: target.id,
        position: 4,
        expected: hashAuditEntry({ ...edited, seq: 4 }, target.prevHash ?? ''),
        found: target.hash,
      },
    })
    // Another org's chain is not affected (and was not read).
    expect((await verifyAuditChain(store.db, orgB)).status).toBe('intact')
  })

  it('a row whose fields cannot even be read (changes not JSON) is a content break there, not a crash', async () => {
    const entries = await appendMany(orgA, 3)
    await sql`update audit_log set changes_json = '{not json' where id = ${entries[1]?.id}`.execute(store.db)
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 1,
      break: {
        reason: 'content',
        entryId: entries[1]?.id,
        position: 2,
        expected: null,
        found: entries[1]?.hash,
      },
    })
  })

  it('an edited hash with everything re-hashed after it is still caught at the head', async () => {
    const entries = await appendMany(orgA, 3)
    // The attacker edits entry 3 and recomputes its hash, but cannot make the head agree.
    const last = entries[2] as AuditEntry
    const forged = { ...last, actorEmail: 'forger@a.test' }
    const forgedHash = hashAuditEntry({ ...forged, seq: 3 }, last.prevHash ?? '')
    await sql`update audit_log set actor_email = 'forger@a.test', hash = ${forgedHash} where id = ${last.id}`.execute(
      store.db,
    )
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 3,
      break: { reason: 'head', entryId: last.id, position: 4, expected: last.hash, found: forgedHash },
    })
  })

  it('deleting an entry breaks the link of the next one', async () => {
    const entries = await appendMany(orgA, 5)
    await sql`delete from audit_log where id = ${entries[2]?.id}`.execute(store.db)
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 2,
      break: {
        reason: 'link',
        entryId: entries[3]?.id,
        position: 3,
        expected: entries[1]?.hash,
        found: entries[2]?.hash,
      },
    })
  })

  it('deleting the newest entries is caught at the head', async () => {
    const entries = await appendMany(orgA, 4)
    await sql`delete from audit_log where id in (${entries[2]?.id}, ${entries[3]?.id})`.execute(store.db)
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 2,
      break: {
        reason: 'head',
        entryId: null,
        position: 3,
        expected: entries[3]?.hash,
        found: entries[1]?.hash,
      },
    })
  })

  it('reordering two entries (swapping their seq) breaks the link at the first of them', async () => {
    const entries = await appendMany(orgA, 5)
    const [second, fourth] = [entries[1] as AuditEntry, entries[3] as AuditEntry]
    await store.transaction(async (trx) => {
      await sql`update audit_log set seq = -1 where id = ${second.id}`.execute(trx)
      await sql`update audit_log set seq = 2 where id = ${fourth.id}`.execute(trx)
      await sql`update audit_log set seq = 4 where id = ${second.id}`.execute(trx)
    })
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({
      status: 'broken',
      checked: 1,
      break: {
        reason: 'link',
        entryId: fourth.id,
        position: 2,
        expected: entries[0]?.hash,
        found: fourth.prevHash,
      },
    })
  })

  it('a moved seq is caught: past the head at the head, moved into a hole (re-linked) by its hash', async () => {
    const entries = await appendMany(orgA, 3)
    await sql`update audit_log set seq = 7 where id = ${entries[2]?.id}`.execute(store.db)
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({
      status: 'broken',
      // The walk (up to the head's seq, 3) ends after entry 2: the head's last entry is missing.
      checked: 2,
      break: {
        reason: 'head',
        entryId: null,
        position: 3,
        expected: entries[2]?.hash,
        found: entries[1]?.hash,
      },
    })
    await sql`update audit_log set seq = 3 where id = ${entries[2]?.id}`.execute(store.db)
    await sql`delete from audit_log where id = ${entries[1]?.id}`.execute(store.db)
    await sql`update audit_log set seq = 2, prev_hash = ${entries[0]?.hash} where id = ${entries[2]?.id}`.execute(
      store.db,
    )
    // Entry 3 now sits at position 2 with a matching link: the hash (which covers seq) fails.
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({
      status: 'broken',
      break: { reason: 'content', entryId: entries[2]?.id, position: 2 },
    })
  })

  it('a seq that skips a position is a sequence break at that entry', async () => {
    const entries = await appendMany(orgA, 3)
    // Entry 2 deleted and entry 3 re-linked to entry 1, keeping its seq 3: links match, seq does not.
    await sql`delete from audit_log where id = ${entries[1]?.id}`.execute(store.db)
    await sql`update audit_log set prev_hash = ${entries[0]?.hash} where id = ${entries[2]?.id}`.execute(
      store.db,
    )
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 1,
      break: { reason: 'sequence', entryId: entries[2]?.id, position: 2, expected: '2', found: '3' },
    })
  })

  it('a row inserted past the head, or without chain fields, is reported', async () => {
    await appendMany(orgA, 2)
    await sql`insert into audit_log (id, org_id, actor_email, action, target_type, target_id, changes_json, at, seq, prev_hash, hash)
      values ('forged-1', ${orgA}, 'x@a.test', 'api_key.created', 'api_key', null, '{}', ${T0}, 3, 'p', 'h')`.execute(
      store.db,
    )
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({
      status: 'broken',
      checked: 2,
      break: { reason: 'head', entryId: 'forged-1', position: 3, found: 'h' },
    })
    await sql`delete from audit_log where id = 'forged-1'`.execute(store.db)
    await sql`insert into audit_log (id, org_id, actor_email, action, target_type, target_id, changes_json, at)
      values ('unchained-1', ${orgA}, 'x@a.test', 'api_key.created', 'api_key', null, '{}', ${T0})`.execute(
      store.db,
    )
    expect(await verifyAuditChain(store.db, orgA)).toEqual({
      orgId: orgA,
      status: 'broken',
      checked: 2,
      break: { reason: 'unchained', entryId: 'unchained-1', position: null, expected: null, found: null },
    })
    expect((await verifyAuditChain(store.db, orgB)).status).toBe('intact')
  })

  it('the walk pages (bounded memory) and still finds the break at the right position', async () => {
    const entries = await appendMany(orgA, 9)
    expect(await verifyAuditChain(store.db, orgA, { pageSize: 2 })).toMatchObject({
      status: 'intact',
      count: 9,
    })
    await sql`update audit_log set changes_json = '{}' where id = ${entries[6]?.id}`.execute(store.db)
    expect(await verifyAuditChain(store.db, orgA, { pageSize: 2 })).toMatchObject({
      status: 'broken',
      checked: 6,
      break: { reason: 'content', entryId: entries[6]?.id, position: 7 },
    })
  })

  it('appends from many parallel transactions chain without gaps or forks', async () => {
    const parallel = t.concurrentStoresInOneProcess ? t.open({ poolSize: 8 }) : store
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        parallel.transaction(async (trx) => {
          const entry = await appendAuditEntry(trx, {
            orgId: index % 4 === 0 ? orgB : orgA,
            actorEmail: 'p@a.test',
            action: 'test.parallel',
            targetType: 'test',
            targetId: null,
            changes: { index },
            at: T0,
          })
          // Hold the transaction across a turn of the event loop, so transactions really overlap.
          await new Promise((resolve) => setTimeout(resolve, 2))
          return entry
        }),
      ),
    )
    const seqsA = results.filter((e) => e.orgId === orgA).map((e) => e.seq)
    const seqsB = results.filter((e) => e.orgId === orgB).map((e) => e.seq)
    expect([...seqsA].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    expect([...seqsB].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    )
    expect(await verifyAuditChain(store.db, orgA)).toMatchObject({ status: 'intact', count: 30 })
    expect(await verifyAuditChain(store.db, orgB)).toMatchObject({ status: 'intact', count: 10 })
  })

  it.runIf(engine === 'postgres')(
    'appends from two processes at once chain without gaps, and verify during appends never reports a false break',
    async () => {
      const run = promisify(execFile)
      const startAt = Date.now() + 2500
      const child = (label: string) =>
        run(
          process.execPath,
          [
            '--import',
            'tsx',
            CHILD_SCRIPT,
            JSON.stringify({
              databaseUrl: t.databaseUrl,
              schema: t.schema,
              orgId: orgA,
              count: 30,
              startAt,
              label,
            }),
          ],
          { timeout: 30_000 },
        )
      const children = Promise.all([child('one'), child('two')])
      // Verify while the children append: each answer must be intact (a prefix of the chain).
      const duringAppends: string[] = []
      let finished = false
      void children.finally(() => {
        finished = true
      })
      while (!finished) {
        duringAppends.push((await verifyAuditChain(store.db, orgA)).status)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const outputs = await children
      const seqs = outputs.flatMap((o) => JSON.parse(o.stdout) as number[]).sort((x, y) => x - y)
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
      expect(duringAppends.every((status) => status === 'intact')).toBe(true)
      expect(await verifyAuditChain(store.db, orgA)).toMatchObject({ status: 'intact', count: 60 })
    },
    40_000,
  )
})

describe.each(testEngines())('migration 007 on %s', (engine) => {
  it('chains the entries of an installation from before it in (at, id) order, so it verifies', async () => {
    const t = await openTestStoreBefore(engine, '007-audit-chain')
    try {
      const db = t.store.db
      const orgA = (await insertOrg(db, { name: 'old-a', createdAt: T0 })).id
      const orgB = (await insertOrg(db, { name: 'old-b', createdAt: T0 })).id
      // Ids deliberately out of time order; two rows share a timestamp (then id decides).
      const oldRows = [
        { id: 'c-3', org: orgA, at: T0 + 2000 },
        { id: 'a-1', org: orgA, at: T0 + 1000 },
        { id: 'b-2', org: orgA, at: T0 + 1000 },
        { id: 'z-0', org: orgA, at: T0 },
        { id: 'b-only', org: orgB, at: T0 },
      ]
      for (const row of oldRows) {
        await sql`insert into audit_log (id, org_id, actor_email, action, target_type, target_id, changes_json, at)
          values (${row.id}, ${row.org}, 'old@a.test', 'api_key.created', 'api_key', null, ${'{"b":1,"a":[true,null]}'}, ${row.at})`.execute(
          db,
        )
      }
      expect((await tolerantOfOtherRuns(() => t.store.migrate())).applied).toContain('007-audit-chain')

      const chainA = await chainOf(t.store, orgA)
      expect(chainA.map((e) => [e.seq, e.id])).toEqual([
        [1, 'z-0'],
        [2, 'a-1'],
        [3, 'b-2'],
        [4, 'c-3'],
      ])
      expect(await verifyAuditChain(db, orgA)).toMatchObject({ status: 'intact', count: 4 })
      expect(await verifyAuditChain(db, orgB)).toMatchObject({ status: 'intact', count: 1 })
      // New appends continue the backfilled chain.
      const next = await appendAuditEntry(db, {
        orgId: orgA,
        actorEmail: 'new@a.test',
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: null,
        changes: {},
        at: T0 + 3000,
      })
      expect(next).toMatchObject({ seq: 5, prevHash: chainA[3]?.hash })
      expect(await verifyAuditChain(db, orgA)).toMatchObject({ status: 'intact', count: 5 })
    } finally {
      await t.cleanup()
    }
  })
})
