/**
 * `flowcerta prune` (the built CLI) on both engines: `--dry-run` counts per kind and deletes
 * nothing; without it the same rows go and a rerun finds none; the text form names every kind
 * with its retention. Retention comes from the FLOWCERTA_RETENTION_* variables.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { PRUNE_KINDS } from '../../src/store/retention-prune.js'
import { runCli } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  createWebhookWithSecret,
  openSystemDatabase,
  type SystemDatabase,
} from '../webhooks/system-test-kit.js'

const HOUR = 3_600_000

async function seedDelivery(db: SystemDatabase, webhookId: string, finishedAgo: number): Promise<string> {
  const at = Date.now() - finishedAgo - HOUR
  const eventId = uuidv7({ msecs: at })
  await db.store.db
    .insertInto('events')
    .values({
      id: eventId,
      org_id: db.orgId,
      event: 'validation.completed',
      occurred_at: at,
      envelope_json: '{}',
    })
    .execute()
  const id = uuidv7({ msecs: at + 1 })
  await db.store.db
    .insertInto('deliveries')
    .values({
      id,
      org_id: db.orgId,
      webhook_id: webhookId,
      event_id: eventId,
      event: 'validation.completed',
      status: 'succeeded',
      attempt_count: 1,
      next_attempt_at: null,
      locked_until: null,
      locked_by: null,
      body: null,
      target: 'generic',
      last_status_code: 200,
      last_error_class: null,
      created_at: at,
      updated_at: at,
      completed_at: Date.now() - finishedAgo,
    })
    .execute()
  return id
}

describe.each(testEngines())('flowcerta prune on %s', (engine) => {
  let db: SystemDatabase | undefined
  afterEach(async () => {
    await db?.cleanup()
    db = undefined
  })

  it('--dry-run counts per kind and deletes nothing; prune deletes those; a rerun finds none', async () => {
    db = await openSystemDatabase(engine)
    const { id: webhookId } = await createWebhookWithSecret(db, { url: 'http://127.0.0.1:9/hook' })
    const old = [await seedDelivery(db, webhookId, 3 * HOUR), await seedDelivery(db, webhookId, 5 * HOUR)]
    const fresh = await seedDelivery(db, webhookId, HOUR / 2)
    const env = {
      ...db.env,
      FLOWCERTA_LOG_LEVEL: 'silent',
      FLOWCERTA_RETENTION_DELIVERIES: '2h',
      FLOWCERTA_RETENTION_EVENTS: '2h',
    }
    const zero = Object.fromEntries(PRUNE_KINDS.map((kind) => [kind, 0]))

    const dry = await runCli(['prune', '--dry-run', '--json'], env)
    expect(dry.code, dry.stderr).toBe(0)
    // The events count too: their only deliveries go first.
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, ...zero, deliveries: 2, events: 2 })
    const all = await db.store.db.selectFrom('deliveries').select('id').execute()
    expect(all).toHaveLength(3)

    const text = await runCli(['prune', '--dry-run'], env)
    expect(text.stdout).toContain('would prune (dry run, nothing deleted):')
    expect(text.stdout).toMatch(/deliveries\s+2\s+\(kept 2h\)/)
    expect(text.stdout).toMatch(/results\s+0\s+\(kept forever\)/)

    const real = await runCli(['prune', '--json'], env)
    expect(real.code, real.stderr).toBe(0)
    expect(JSON.parse(real.stdout)).toEqual({ dryRun: false, ...zero, deliveries: 2, events: 2 })
    const left = await db.store.db.selectFrom('deliveries').select('id').execute()
    expect(left.map((row) => row.id)).toEqual([fresh])
    expect(old).not.toContain(fresh)

    const again = await runCli(['prune', '--json'], env)
    expect(JSON.parse(again.stdout)).toEqual({ dryRun: false, ...zero })
  })

  it('refuses a bad retention value with exit 2, naming the variable', async () => {
    db = await openSystemDatabase(engine)
    const bad = await runCli(['prune', '--dry-run'], {
      ...db.env,
      FLOWCERTA_RETENTION_IDEMPOTENCY_KEYS: '12h',
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('FLOWCERTA_RETENTION_IDEMPOTENCY_KEYS')
    expect(bad.stderr).toContain('at least 1d')
  })
})
