/**
 * Shared set-up for the delivery engine tests: a migrated store with an org, webhooks with real
 * sealed secrets, events fanned out through recordEvent, a worker on a ManualClock, and receivers
 * as real HTTP servers on 127.0.0.1 whose behaviour each test chooses.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ManualClock } from '../../src/domain/clock.js'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { newId } from '../../src/domain/ids.js'
import type { WebhookTarget } from '../../src/domain/webhook-targets.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { recordEvent } from '../../src/store/events.js'
import type { StoreEngine } from '../../src/store/store.js'
import { insertWebhook } from '../../src/store/webhooks.js'
import { DeliveryWorker, type DeliveryWorkerOptions } from '../../src/webhooks/delivery/delivery-worker.js'
import { HttpSender } from '../../src/webhooks/delivery/http-sender.js'
import { SsrfGuard } from '../../src/webhooks/delivery/ssrf-guard.js'
import { encryptSecret } from '../../src/webhooks/secret-box.js'
import { generateWebhookSecret, webhookSecretPreview } from '../../src/webhooks/webhook-secret.js'
import { openTestStore, type TestStore } from '../helpers/test-stores.js'

export const LOOPBACK_ALLOW = ['127.0.0.0/8']
/** The FLOWCERTA_PUBLIC_URL workers render slack/teams links with. */
export const TEST_PUBLIC_URL = 'https://flowcerta.test'

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export interface TestReceiver {
  url: string
  port: number
  received: ReceivedRequest[]
  /** Sockets currently open to it (to end hanging responses at close). */
  close(): Promise<void>
}

export type ReceiverHandler = (
  request: ReceivedRequest,
  res: http.ServerResponse,
  req: http.IncomingMessage,
) => void

/** An HTTP receiver on 127.0.0.1 that records every request, then answers with `handler`. */
export async function startReceiver(
  handler: ReceiverHandler = (_r, res) => res.writeHead(200).end('ok'),
): Promise<TestReceiver> {
  const received: ReceivedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks) }
      received.push(request)
      handler(request, res, req)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export interface DeliveryKit {
  testStore: TestStore
  clock: ManualClock
  masterKey: Buffer
  orgId: string
  sender: HttpSender
  addWebhook(
    url: string,
    options?: { target?: WebhookTarget; events?: string[] },
  ): Promise<{ id: string; secret: string }>
  /** Writes an event through recordEvent (fan-out included); returns the delivery ids. */
  emit(data?: Record<string, unknown>): Promise<string[]>
  worker(options?: Partial<DeliveryWorkerOptions>): DeliveryWorker
  close(): Promise<void>
}

export async function openDeliveryKit(
  engine: StoreEngine,
  options: { allowCidrs?: string[]; totalTimeoutMs?: number; connectTimeoutMs?: number } = {},
): Promise<DeliveryKit> {
  const testStore = await openTestStore(engine)
  const clock = new ManualClock(Date.parse('2026-05-15T18:00:00.000Z'))
  const masterKey = randomBytes(32)
  const { orgId } = await createOrg(testStore.store, {
    name: 'org-d',
    adminEmail: 'admin@org-d.test',
    at: clock.now(),
  })
  const sender = new HttpSender({
    guard: new SsrfGuard({ allowCidrs: options.allowCidrs ?? LOOPBACK_ALLOW }),
    totalTimeoutMs: options.totalTimeoutMs ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 1000,
  })
  const workers: DeliveryWorker[] = []
  return {
    testStore,
    clock,
    masterKey,
    orgId,
    sender,
    async addWebhook(url, webhookOptions = {}) {
      const id = newId()
      const secret = generateWebhookSecret()
      await insertWebhook(testStore.store.db, {
        id,
        orgId,
        url,
        target: webhookOptions.target ?? 'generic',
        events: webhookOptions.events ?? ['*'],
        description: null,
        enabled: true,
        secretEncrypted: encryptSecret(masterKey, secret, id),
        secretPreview: webhookSecretPreview(secret),
        at: clock.now(),
      })
      return { id, secret }
    },
    async emit(data = { exceptionId: newId(), note: 'ünïcödé ✓' }) {
      const recorded = await testStore.store.transaction((trx) =>
        recordEvent(
          trx,
          testStore.store.capabilities,
          buildEnvelope('exception.expiring_soon', orgId, clock.now(), data),
        ),
      )
      return recorded.deliveryIds
    },
    worker(workerOptions = {}) {
      const worker = new DeliveryWorker({
        store: testStore.store,
        clock,
        masterKey,
        sender,
        logger: createLogger('silent'),
        random: () => 0.5,
        pollMs: 50,
        publicUrl: TEST_PUBLIC_URL,
        ...workerOptions,
      })
      workers.push(worker)
      return worker
    },
    async close() {
      await Promise.allSettled(workers.map((worker) => worker.stop()))
      await sender.close()
      await testStore.cleanup()
    },
  }
}

export async function deliveryRow(kit: DeliveryKit, id: string) {
  return kit.testStore.store.db
    .selectFrom('deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

export async function attemptsOf(kit: DeliveryKit, deliveryId: string) {
  return kit.testStore.store.db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('number')
    .execute()
}

export async function webhookRow(kit: DeliveryKit, id: string) {
  return kit.testStore.store.db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}
