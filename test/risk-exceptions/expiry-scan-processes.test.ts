/**
 * Two scheduler processes on PostgreSQL, started at the same moment: the built CLI
 * (`flowcerta jobs run exception-expiry-scan`) twice against one schema. Exactly one
 * exception.expiring_soon per exception, whoever wins each stamp. The CLI runs on the real
 * clock, so "a day later" is arranged in the data: every expiresAt moves one day closer.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../src/domain/ids.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import { listEvents } from '../../src/store/events.js'
import { insertRiskException, listRiskExceptions } from '../../src/store/risk-exceptions.js'
import { runCli } from '../helpers/run-cli.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

const HOUR_MS = 60 * 60 * 1000
const WARNED = 120
const OVERDUE = 15

describe.runIf(testEngines().includes('postgres'))('two expiry-scan processes on PostgreSQL', () => {
  let t: TestStore
  let orgIds: string[]
  beforeAll(async () => {
    t = await openTestStore('postgres')
    const now = Date.now()
    orgIds = []
    for (const name of ['p1', 'p2', 'p3']) {
      orgIds.push((await createOrg(t.store, { name, adminEmail: `admin@${name}.test`, at: now })).orgId)
    }
    const row = (orgId: string, expiresAt: number) => ({
      id: newId(),
      orgId,
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Main.xaml',
      location: null,
      reason: 'two schedulers',
      status: 'approved' as const,
      expiresAt,
      requestedByEmail: 'member@p.test',
      decidedByEmail: 'admin@p.test',
      decidedAt: now,
      decisionReason: null,
      warnedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    for (let i = 0; i < WARNED; i += 1) {
      // 1 to 6 days and some hours out: inside the default 7-day window, also a day later.
      await insertRiskException(
        t.store.db,
        row(orgIds[i % 3] as string, now + (1 + (i % 6)) * DAY_MS + 2 * HOUR_MS),
      )
    }
    for (let i = 0; i < 10; i += 1)
      await insertRiskException(t.store.db, row(orgIds[0] as string, now + 60 * DAY_MS))
    for (let i = 0; i < OVERDUE; i += 1)
      await insertRiskException(t.store.db, row(orgIds[1] as string, now - HOUR_MS))
  })
  afterAll(() => t.cleanup())

  const env = () => ({
    FLOWCERTA_DATABASE_URL: t.databaseUrl,
    FLOWCERTA_DATABASE_SCHEMA: t.schema,
    FLOWCERTA_LOG_LEVEL: 'silent',
  })
  const runTwo = async () => {
    const args = ['jobs', 'run', 'exception-expiry-scan', '--json']
    const results = await Promise.all([runCli(args, env(), 60_000), runCli(args, env(), 60_000)])
    for (const result of results) expect(result.code, result.stderr).toBe(0)
    return results.map((result) => JSON.parse(result.stdout) as { warned: number; expired: number })
  }
  const firedPerException = async () => {
    const counts = new Map<string, number>()
    for (const orgId of orgIds) {
      for (const event of await listEvents(t.store.db, {
        orgId,
        event: 'exception.expiring_soon',
        limit: 10_000,
      })) {
        const id = JSON.parse(event.envelopeJson).data.exceptionId as string
        counts.set(id, (counts.get(id) ?? 0) + 1)
      }
    }
    return counts
  }

  it('started together: exactly one exception.expiring_soon per exception, counts add up', async () => {
    const [first, second] = await runTwo()
    expect((first?.warned ?? 0) + (second?.warned ?? 0)).toBe(WARNED)
    expect((first?.expired ?? 0) + (second?.expired ?? 0)).toBe(OVERDUE)

    const counts = await firedPerException()
    expect(counts.size).toBe(WARNED)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    let warnedRows = 0
    for (const orgId of orgIds) {
      const rows = await listRiskExceptions(t.store.db, { orgId, limit: 1000 })
      warnedRows += rows.filter((r) => r.warnedAt !== null).length
      expect(rows.filter((r) => r.status === 'expired').length).toBe(orgId === orgIds[1] ? OVERDUE : 0)
    }
    expect(warnedRows).toBe(WARNED)
  })

  it('a rerun the next day (every expiry a day closer, all already stamped) fires none', async () => {
    await sql`update risk_exceptions set expires_at = expires_at - ${DAY_MS} where status = 'approved'`.execute(
      t.store.db,
    )
    const [first, second] = await runTwo()
    expect(first?.warned).toBe(0)
    expect(second?.warned).toBe(0)
    const counts = await firedPerException()
    expect(counts.size).toBe(WARNED)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
  })

  it('prints a line without --json, and refuses an unknown job with exit 2', async () => {
    const plain = await runCli(['jobs', 'run', 'exception-expiry-scan'], env())
    expect(plain.code).toBe(0)
    expect(plain.stdout).toBe('exception-expiry-scan: 0 exception(s) warned, 0 expired\n')
    const unknown = await runCli(['jobs', 'run', 'nightly-everything'], env())
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown job "nightly-everything"')
  })
})
