import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/domain/clock.js'
import { parseCronExpression } from '../../src/domain/cron-expression.js'
import { newId } from '../../src/domain/ids.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import { createExpiryScanLoop } from '../../src/risk-exceptions/expiry-scan-scheduler.js'
import type { BackgroundLoop } from '../../src/roles/background-loop.js'
import { listEvents } from '../../src/store/events.js'
import { getRiskException, insertRiskException } from '../../src/store/risk-exceptions.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

// A run is several round trips (the job lease: claim, scan, finish); on a busy PostgreSQL 60 ms was short.
const settle = () => new Promise((resolve) => setTimeout(resolve, 400))

describe.each(testEngines())('expiry scan scheduler on %s', (engine) => {
  let t: TestStore
  let loop: BackgroundLoop | undefined
  beforeEach(async () => {
    t = await openTestStore(engine)
  })
  afterEach(async () => {
    await loop?.stop()
    await t.cleanup()
  })

  it('runs the scan at each cron time (UTC) and not between them; stops cleanly', async () => {
    const clock = new ManualClock(Date.parse('2026-05-22T03:58:00.000Z'))
    const { orgId } = await createOrg(t.store, { name: 'a', adminEmail: 'admin@a.test', at: clock.now() })
    const base = {
      orgId,
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Main.xaml',
      location: null,
      reason: 'r',
      status: 'approved' as const,
      requestedByEmail: 'm@a.test',
      decidedByEmail: 'admin@a.test',
      decidedAt: clock.now(),
      decisionReason: null,
      warnedAt: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    }
    const first = { ...base, id: newId(), expiresAt: clock.now() + 3 * DAY_MS }
    const second = { ...base, id: newId(), expiresAt: clock.now() + 8 * DAY_MS + 60_000 }
    await insertRiskException(t.store.db, first)
    await insertRiskException(t.store.db, second)

    loop = createExpiryScanLoop({
      store: t.store,
      clock,
      schedule: parseCronExpression('0 4 * * *'),
      logger: createLogger('silent'),
      pollMs: 5,
    })
    loop.start()
    await settle()
    expect((await getRiskException(t.store.db, orgId, first.id))?.warnedAt).toBeNull()

    clock.set(Date.parse('2026-05-22T04:00:00.000Z'))
    await settle()
    expect((await getRiskException(t.store.db, orgId, first.id))?.warnedAt).toBe(clock.now())
    expect((await getRiskException(t.store.db, orgId, second.id))?.warnedAt).toBeNull()
    expect(await listEvents(t.store.db, { orgId })).toHaveLength(1)

    // Later the same day: no run. The next day at 04:00: the second one enters the window.
    clock.set(Date.parse('2026-05-22T23:59:00.000Z'))
    await settle()
    expect((await getRiskException(t.store.db, orgId, second.id))?.warnedAt).toBeNull()
    clock.set(Date.parse('2026-05-23T04:00:30.000Z'))
    await settle()
    expect((await getRiskException(t.store.db, orgId, second.id))?.warnedAt).toBe(clock.now())
    expect(await listEvents(t.store.db, { orgId })).toHaveLength(2)

    await loop.stop()
    expect(loop.isRunning).toBe(false)
  })
})
