/**
 * The delivery worker as a process role (main.ts, roles all/worker): one HttpSender (pooled
 * keep-alive connections, SSRF guard from FLOWCERTA_WEBHOOK_ALLOW_CIDRS), one DeliveryWorker
 * (woken by the store's listenForNewDeliveries), metrics on the process registry.
 * stop() stops claiming, finishes and records the sends in flight, then closes the connections.
 */
import type { Registry } from 'prom-client'
import type { Clock } from '../../domain/clock.js'
import type { Logger } from '../../logging/create-logger.js'
import type { Store } from '../../store/store.js'
import { createDeliveryMetrics } from './delivery-metrics.js'
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js'
import { HttpSender, type HttpSenderOptions } from './http-sender.js'
import { SsrfGuard } from './ssrf-guard.js'

export interface DeliveryWorkerLoopOptions {
  store: Store
  clock: Clock
  masterKey: Buffer
  logger: Logger
  metrics: Registry
  allowCidrs: readonly string[]
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies. */
  publicUrl: string
  /** Timeouts and pool size; defaults: connect 5 s, total 15 s. */
  sender?: Omit<HttpSenderOptions, 'guard'>
  worker?: Partial<
    Omit<DeliveryWorkerOptions, 'store' | 'clock' | 'masterKey' | 'sender' | 'logger' | 'publicUrl'>
  >
}

export function createDeliveryWorkerLoop(options: DeliveryWorkerLoopOptions): {
  start(): void
  stop(): Promise<void>
} {
  const logger = options.logger.child({ component: 'delivery-worker' })
  const sender = new HttpSender({
    ...options.sender,
    guard: new SsrfGuard({ allowCidrs: options.allowCidrs }),
  })
  const worker = new DeliveryWorker({
    store: options.store,
    clock: options.clock,
    masterKey: options.masterKey,
    sender,
    logger,
    publicUrl: options.publicUrl,
    metrics: createDeliveryMetrics(options.metrics, { store: options.store, clock: options.clock }),
    ...options.worker,
  })
  let started: Promise<void> = Promise.resolve()
  return {
    start() {
      started = worker
        .start()
        .catch((error: unknown) => logger.error({ err: error }, 'delivery worker did not start'))
    },
    async stop() {
      await started
      await worker.stop()
      await sender.close()
    },
  }
}
