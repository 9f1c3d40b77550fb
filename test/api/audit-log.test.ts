/**
 * The audit log's hash chain through the API, on every engine: a chain of real actions
 * verifies; edits, deletions and reordering made directly in the database are reported at the
 * right entry; verify and the JSON Lines export are admin-only and read only the caller's org;
 * the export is streamed, parses line by line, matches the JSON list and honours its filters.
 */
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashAuditEntry } from '../../src/store/audit-chain-hash.js'
import { appendAuditEntry } from '../../src/store/audit-log.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

interface EntryBody {
  id: string
  actorEmail: string
  action: string
  targetType: string
  targetId: string | null
  changes: Record<string, unknown>
  at: string
  seq: number
  prevHash: string
  hash: string
}

describe.each(testEngines())('audit chain through the API on %s', (engine) => {
  let t: TestApp
  beforeEach(async () => {
    t = await openTestApp(engine)
  })
  afterEach(() => t.close())

  const verify = async (key = t.orgA.adminKey) => {
    const res = await t.request(key, { method: 'GET', url: '/api/v1/audit-log/verify' })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const exportLines = async (query = '', key = t.orgA.adminKey) => {
    const res = await t.request(key, { method: 'GET', url: `/api/v1/audit-log?format=jsonl${query}` })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/x-ndjson')
    expect(res.body === '' || res.body.endsWith('\n')).toBe(true)
    return res.body === ''
      ? []
      : res.body
          .slice(0, -1)
          .split('\n')
          .map((line) => JSON.parse(line) as EntryBody)
  }
  const listAll = async (key = t.orgA.adminKey): Promise<EntryBody[]> => {
    const res = await t.request(key, { method: 'GET', url: '/api/v1/audit-log?limit=200' })
    expect(res.statusCode).toBe(200)
    return (res.json() as { items: EntryBody[] }).items
  }

  /** Real admin actions in org A: keys created and revoked, settings changed. */
  async function realActions(): Promise<void> {
    for (const [index, role] of ['member', 'admin', 'member'].entries()) {
      const created = await t.request(t.orgA.adminKey, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { email: `user${index}@org-a.test`, role, name: `key ${index}` },
      })
      expect(created.statusCode).toBe(201)
      t.clock.advance(1000)
      if (index === 1) {
        const revoked = await t.request(t.orgA.adminKey, {
          method: 'DELETE',
          url: `/api/v1/api-keys/${created.json().id}`,
        })
        expect(revoked.statusCode).toBe(204)
      }
    }
    for (const threshold of [70, 80]) {
      const patched = await t.request(t.orgA.adminKey, {
        method: 'PATCH',
        url: '/api/v1/org-settings',
        payload: { scoreThreshold: threshold },
      })
      expect(patched.statusCode).toBe(200)
    }
  }

  it('a chain of real actions verifies, and the list shows each entry with its chain fields', async () => {
    await realActions()
    const items = await listAll()
    expect(items.length).toBe(6)
    expect(await verify()).toEqual({
      orgId: t.orgA.orgId,
      status: 'intact',
      count: 6,
      headHash: items[0]?.hash,
    })
    const bySeq = [...items].reverse()
    expect(bySeq.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
    expect(bySeq[0]?.prevHash).toBe('0'.repeat(64))
    for (let i = 1; i < bySeq.length; i++) expect(bySeq[i]?.prevHash).toBe(bySeq[i - 1]?.hash)
    // Org B has its own chain (empty here), unaffected by A's.
    expect(await verify(t.orgB.adminKey)).toMatchObject({ orgId: t.orgB.orgId, status: 'intact', count: 0 })
  })

  it('an UPDATE made directly in the database fails verify at exactly that entry; org B stays intact', async () => {
    await realActions()
    await appendAuditEntry(t.testStore.store.db, {
      orgId: t.orgB.orgId,
      actorEmail: 'admin@org-b.test',
      action: 'org_settings.updated',
      targetType: 'org_settings',
      targetId: null,
      changes: {},
      at: t.clock.now(),
    })
    const target = (await listAll()).find((e) => e.seq === 3) as EntryBody
    await sql`update audit_log set changes_json = ${JSON.stringify({ ...target.changes, tampered: true })}
      where id = ${target.id}`.execute(t.testStore.store.db)
    const result = await verify()
    expect(result).toMatchObject({
      orgId: t.orgA.orgId,
      status: 'broken',
      checked: 2,
      break: { reason: 'content', entryId: target.id, position: 3, found: target.hash },
    })
    expect(result.break.expected).toMatch(/^[0-9a-f]{64}$/)
    expect(result.break.expected).not.toBe(target.hash)
    // Another org's chain is never read: B verifies intact, with only its own entry.
    expect(await verify(t.orgB.adminKey)).toMatchObject({ status: 'intact', count: 1 })
  })

  it('a deleted entry and a reordering are reported at the entry after the hole', async () => {
    await realActions()
    const bySeq = [...(await listAll())].reverse()
    const [second, third, fourth] = [bySeq[1], bySeq[2], bySeq[3]] as [EntryBody, EntryBody, EntryBody]
    await sql`delete from audit_log where id = ${third.id}`.execute(t.testStore.store.db)
    expect(await verify()).toMatchObject({
      status: 'broken',
      break: { reason: 'link', entryId: fourth.id, position: 3, expected: second.hash, found: third.hash },
    })
    // Put a different entry where the deleted one was: order is broken, not just content.
    await sql`update audit_log set seq = 3 where id = ${fourth.id}`.execute(t.testStore.store.db)
    expect(await verify()).toMatchObject({
      status: 'broken',
      break: { reason: 'link', entryId: fourth.id, position: 3, expected: second.hash, found: third.hash },
    })
  })

  it('verify and the export are admin-only, as the JSON list is', async () => {
    for (const url of ['/api/v1/audit-log/verify', '/api/v1/audit-log?format=jsonl', '/api/v1/audit-log']) {
      const asMember = await t.request(t.orgA.memberKey, { method: 'GET', url })
      expect(asMember.statusCode, url).toBe(403)
      expect(asMember.json().error.code).toBe('FORBIDDEN_ROLE')
      expect((await t.request(null, { method: 'GET', url })).statusCode, url).toBe(401)
    }
    const badFormat = await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/audit-log?format=csv' })
    expect(badFormat.statusCode).toBe(400)
    expect(badFormat.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('the JSON Lines export: every entry in chain order with its hash fields, the same as the list, verifiable offline', async () => {
    await realActions()
    const lines = await exportLines()
    const listed = await listAll()
    expect(lines.length).toBe(listed.length)
    expect(lines).toEqual([...listed].reverse())
    // An auditor can re-check the chain from the export alone.
    let prevHash = '0'.repeat(64)
    for (const line of lines) {
      expect(line.prevHash).toBe(prevHash)
      const content = { ...line, orgId: t.orgA.orgId, at: Date.parse(line.at) }
      expect(hashAuditEntry(content, prevHash)).toBe(line.hash)
      prevHash = line.hash
    }
    // Org B's export never contains org A's entries.
    expect(await exportLines('', t.orgB.adminKey)).toEqual([])
  })

  it('the export honours the filters of the list: action and cursor', async () => {
    await realActions()
    const created = await exportLines('&action=api_key.created')
    expect(created.map((e) => e.action)).toEqual(['api_key.created', 'api_key.created', 'api_key.created'])
    expect(await exportLines('&action=no.such.action')).toEqual([])
    const firstPage = await t.request(t.orgA.adminKey, { method: 'GET', url: '/api/v1/audit-log?limit=2' })
    const { nextCursor } = firstPage.json() as { nextCursor: string }
    const older = await exportLines(`&cursor=${nextCursor}`)
    expect(older.map((e) => e.seq)).toEqual([1, 2, 3, 4])
    // limit pages the JSON form only: the export is the whole (filtered) log.
    expect((await exportLines('&limit=1')).length).toBe(6)
    const badCursor = await t.request(t.orgA.adminKey, {
      method: 'GET',
      url: '/api/v1/audit-log?format=jsonl&cursor=x',
    })
    expect(badCursor.statusCode).toBe(400)
  })

  it('actor, since and until filter the JSON list and the export alike, within the org', async () => {
    await realActions()
    const other = 'auditor@org-a.test'
    for (const action of ['test.one', 'test.two']) {
      t.clock.advance(1000)
      await appendAuditEntry(t.testStore.store.db, {
        orgId: t.orgA.orgId,
        actorEmail: other,
        action,
        targetType: 'test',
        targetId: null,
        changes: {},
        at: t.clock.now(),
      })
    }
    const all = await listAll()
    expect(all.length).toBe(8)
    const list = async (query: string, key = t.orgA.adminKey) => {
      const res = await t.request(key, { method: 'GET', url: `/api/v1/audit-log?limit=200${query}` })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { items: EntryBody[] }).items
    }
    const both = async (query: string) => {
      const listed = await list(query)
      expect(await exportLines(query)).toEqual([...listed].reverse())
      return listed.map((e) => e.id)
    }
    const admin = all[all.length - 1]?.actorEmail as string
    expect(admin).not.toBe(other)
    expect(await both(`&actor=${encodeURIComponent(other)}`)).toEqual(all.slice(0, 2).map((e) => e.id))
    expect(await both(`&actor=${encodeURIComponent(admin)}`)).toEqual(all.slice(2).map((e) => e.id))
    expect(await both('&actor=nobody%40org-a.test')).toEqual([])
    // since is inclusive, until exclusive: [since, until).
    const times = [...new Set(all.map((e) => e.at))].sort()
    const [from, to] = [times[1], times[3]] as [string, string]
    const inWindow = all.filter((e) => e.at >= from && e.at < to).map((e) => e.id)
    expect(inWindow.length).toBeGreaterThan(0)
    expect(inWindow.length).toBeLessThan(all.length)
    expect(await both(`&since=${from}&until=${to}`)).toEqual(inWindow)
    expect(await both(`&since=${from}`)).toEqual(all.filter((e) => e.at >= from).map((e) => e.id))
    expect(await both(`&until=${to}`)).toEqual(all.filter((e) => e.at < to).map((e) => e.id))
    // Filters combine with action and each other.
    expect(await both(`&actor=${encodeURIComponent(other)}&action=test.two&since=${from}`)).toEqual([
      all[0]?.id,
    ])
    // Another org's admin filtering on org A's actor sees nothing of org A.
    expect(await list(`&actor=${encodeURIComponent(admin)}`, t.orgB.adminKey)).toEqual([])
    expect(await exportLines(`&actor=${encodeURIComponent(other)}`, t.orgB.adminKey)).toEqual([])
    for (const bad of ['since=yesterday', 'until=2026-13-01T00:00:00Z', 'actor=']) {
      const res = await t.request(t.orgA.adminKey, { method: 'GET', url: `/api/v1/audit-log?${bad}` })
      expect(res.statusCode, bad).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
  })

  it('a large export is streamed in chunks over a real connection, and every line arrives', async () => {
    const total = 800
    await t.testStore.store.transaction(async (trx) => {
      for (let index = 0; index < total; index++) {
        await appendAuditEntry(trx, {
          orgId: t.orgA.orgId,
          actorEmail: 'bulk@org-a.test',
          action: 'test.bulk',
          targetType: 'test',
          targetId: `t-${index}`,
          changes: { index, note: 'x'.repeat(100) },
          at: t.clock.now(),
        })
      }
    })
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const res = await fetch(`${address}/api/v1/audit-log?format=jsonl`, {
      headers: { authorization: `Bearer ${t.orgA.adminKey}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    // Streamed: no length known up front, sent in chunks.
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    let chunks = 0
    let text = ''
    const decoder = new TextDecoder()
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      chunks += 1
      text += decoder.decode(chunk, { stream: true })
    }
    expect(chunks).toBeGreaterThan(1)
    const seqs = text
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as EntryBody).seq)
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1))
  })
})
