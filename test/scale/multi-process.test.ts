/**
 * Scale-out on PostgreSQL (issue 15): 2 API + 2 worker + 2 scheduler processes — the built CLI's
 * `flowcerta serve --role …` — on one database. A burst of validations submitted to both APIs
 * (analysed there) reaches a real receiver on 127.0.0.1: every delivery at least once per webhook,
 * and no duplicate (no process dies here; the documented bound, a dead worker's in-flight cap,
 * is crash-safety.test.ts's). Both schedulers start with the expiry scan due: its job lease lets
 * one of them run it, and each expiring exception is announced exactly once — one event, one
 * delivery per webhook.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { newId } from '../../src/domain/ids.js'
import { DAY_MS } from '../../src/risk-exceptions/days-remaining.js'
import { EXPIRY_SCAN_JOB_NAME } from '../../src/risk-exceptions/expiry-scan.js'
import { getJobLease } from '../../src/store/job-leases.js'
import { insertRiskException } from '../../src/store/risk-exceptions.js'
import { generateWebhookSecret } from '../../src/webhooks/webhook-secret.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, SMALL_FILE } from '../helpers/validation-test-kit.js'
import { type CountingReceiver, startCountingReceiver } from '../receivers/receiver-process.js'
import {
  createWebhookWithSecret,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
} from '../webhooks/system-test-kit.js'

const WEBHOOKS = 3
const VALIDATIONS = 60
const EXPIRING = 25

describe.runIf(testEngines().includes('postgres'))(
  '2 API + 2 worker + 2 scheduler processes on PostgreSQL',
  () => {
    let db: SystemDatabase | undefined
    let receiver: CountingReceiver | undefined
    const processes: RunningProcess[] = []

    afterAll(async () => {
      await Promise.allSettled(processes.map((child) => child.stop()))
      await receiver?.stop()
      await db?.cleanup()
    })

    it('every delivery arrives once per webhook; each expiring exception is announced exactly once', async () => {
      db = await openSystemDatabase('postgres')
      const secrets = Array.from({ length: WEBHOOKS }, () => generateWebhookSecret())
      receiver = await startCountingReceiver(secrets)
      for (let i = 0; i < WEBHOOKS; i++) {
        await createWebhookWithSecret(db, { url: receiver.hookUrl(i), secret: secrets[i]! })
      }
      const now = Date.now()
      const exceptionIds = new Set<string>()
      for (let i = 0; i < EXPIRING; i++) {
        const id = newId()
        exceptionIds.add(id)
        await insertRiskException(db.store.db, {
          id,
          orgId: db.orgId,
          ruleId: 'FC-UIP-ERR-001',
          fileName: `File${i}.xaml`,
          location: null,
          reason: 'scale-out',
          status: 'approved',
          expiresAt: now + 2 * DAY_MS + i * 60_000,
          requestedByEmail: 'member@system.test',
          decidedByEmail: 'admin@system.test',
          decidedAt: now,
          decisionReason: null,
          warnedAt: null,
          createdAt: now,
          updatedAt: now,
        })
      }
      // The scan is due now, so both schedulers want it at their first look.
      await db.store.db
        .insertInto('job_leases')
        .values({
          name: EXPIRY_SCAN_JOB_NAME,
          next_run_at: now - 1,
          locked_by: null,
          locked_until: null,
          last_started_at: null,
          last_finished_at: null,
          last_report_json: null,
        })
        .execute()

      const started = await Promise.all([
        startServe(db, 'worker'),
        startServe(db, 'worker'),
        startServe(db, 'api'),
        startServe(db, 'api'),
        startServe(db, 'scheduler'),
        startServe(db, 'scheduler'),
      ])
      processes.push(...started)
      const apis = started.slice(2, 4).map(servedAddress)
      const schedulers = started.slice(4, 6)

      // The burst: both APIs, 8 at a time.
      const file = corpusBytes(SMALL_FILE)
      const validationIds: string[] = []
      const submit = async (n: number) => {
        const form = new FormData()
        form.append('file', new Blob([file]), `Burst${n}.xaml`)
        form.append('label', `burst-${n}`)
        const response = await fetch(`${apis[n % 2]}/api/v1/validations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${db!.adminKey}` },
          body: form,
        })
        const body = (await response.json()) as { validationId?: string }
        expect(response.status, JSON.stringify(body)).toBe(201)
        validationIds.push(body.validationId as string)
      }
      let next = 0
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < VALIDATIONS) await submit(next++)
        }),
      )
      expect(new Set(validationIds).size).toBe(VALIDATIONS)

      // Every delivery the database holds (validation events and expiry warnings) arrives.
      const expectedEvents = VALIDATIONS + EXPIRING
      let deliveryIds: string[] = []
      const deadline = Date.now() + 40_000
      for (;;) {
        deliveryIds = (await db.store.db.selectFrom('deliveries').select('id').execute()).map((row) => row.id)
        const arrived = new Set(receiver.deliveries().map((d) => d.deliveryId))
        const events = await db.store.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
        if (
          Number(events.n) >= expectedEvents &&
          deliveryIds.length >= expectedEvents * WEBHOOKS &&
          deliveryIds.every((id) => arrived.has(id))
        )
          break
        if (Date.now() > deadline) {
          throw new Error(
            `after 40 s: ${events.n} events, ${deliveryIds.length} deliveries, ${arrived.size} arrived\n${schedulers
              .map((s) => s.output().slice(-1500))
              .join('\n')}`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }

      const arrivals = receiver.deliveries()
      const perId = new Map<string, number>()
      for (const { deliveryId } of arrivals) perId.set(deliveryId, (perId.get(deliveryId) ?? 0) + 1)
      expect(arrivals.length - perId.size, 'duplicates with no process dying').toBe(0)
      expect([...perId.keys()].sort()).toEqual([...deliveryIds].sort())

      // Each validation: one validation.completed delivered to each webhook.
      const perLabelHook = new Map<string, number>()
      for (const { label, hook } of arrivals) {
        if (label?.startsWith('burst-'))
          perLabelHook.set(`${label}/${hook}`, (perLabelHook.get(`${label}/${hook}`) ?? 0) + 1)
      }
      expect(perLabelHook.size).toBe(VALIDATIONS * WEBHOOKS)

      // Each expiring exception: exactly one event, so exactly one delivery per webhook.
      const warnings = await db.store.db
        .selectFrom('events')
        .select('envelope_json')
        .where('event', '=', 'exception.expiring_soon')
        .execute()
      const announced = warnings.map((row) => JSON.parse(row.envelope_json).data.exceptionId as string)
      expect(announced.length).toBe(EXPIRING)
      expect(new Set(announced)).toEqual(exceptionIds)
      const warningDeliveries = await db.store.db
        .selectFrom('deliveries')
        .select(['webhook_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('event', '=', 'exception.expiring_soon')
        .groupBy('webhook_id')
        .execute()
      expect(warningDeliveries.map((row) => Number(row.n))).toEqual(Array(WEBHOOKS).fill(EXPIRING))

      // One scheduler ran the scan (the lease), and the job's row says so.
      const ran = schedulers.filter((s) =>
        s
          .output()
          .split('\n')
          .some((line) => line.includes('"job finished"') && line.includes(EXPIRY_SCAN_JOB_NAME)),
      )
      expect(ran).toHaveLength(1)
      const lease = await getJobLease(db.store.db, EXPIRY_SCAN_JOB_NAME)
      expect(lease?.lockedBy).toBeNull()
      expect(lease?.lastFinishedAt).not.toBeNull()
      expect(JSON.parse(lease?.lastReportJson ?? '{}')).toEqual({ warned: EXPIRING, expired: 0 })
      expect(lease?.nextRunAt).toBeGreaterThan(now)
    }, 90_000)
  },
)
