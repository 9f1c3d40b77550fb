/**
 * Delivery metrics on the app's Prometheus registry: attempts by outcome, attempt duration, the
 * due backlog and the age of the oldest due delivery (both read from the database at scrape time,
 * so they are right whichever process did the work).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { Clock } from '../../domain/clock.js'
import { dueBacklog } from '../../store/deliveries.js'
import type { Store } from '../../store/store.js'

export interface DeliveryMetrics {
  /** One attempt finished: outcome succeeded | retry | failed, error class or "none". */
  recordAttempt(outcome: string, errorClass: string | null, durationMs: number): void
}

export const NO_DELIVERY_METRICS: DeliveryMetrics = Object.freeze({ recordAttempt: () => {} })

const registered = new WeakMap<Registry, DeliveryMetrics>()

/** Registers the metrics once per registry (several workers in one process share them). */
export function createDeliveryMetrics(
  registry: Registry,
  deps: { store: Store; clock: Clock },
): DeliveryMetrics {
  const existing = registered.get(registry)
  if (existing !== undefined) return existing
  const attempts = new Counter({
    name: 'flowcerta_webhook_deliveries_total',
    help: 'Delivery attempts by outcome (succeeded, retry, failed) and error class.',
    labelNames: ['outcome', 'error_class'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'flowcerta_webhook_attempt_duration_seconds',
    help: 'Duration of delivery attempts (connect to end of response), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  })
  new Gauge({
    name: 'flowcerta_webhook_due_backlog',
    help: 'Pending deliveries whose next attempt is due now (claimed or not).',
    registers: [registry],
    async collect() {
      this.set((await dueBacklog(deps.store.db, deps.clock.now())).count)
    },
  })
  new Gauge({
    name: 'flowcerta_webhook_oldest_due_age_seconds',
    help: 'How long the oldest due pending delivery has been due (0 when none is).',
    registers: [registry],
    async collect() {
      const { oldestDueAt } = await dueBacklog(deps.store.db, deps.clock.now())
      this.set(oldestDueAt === null ? 0 : Math.max(0, deps.clock.now() - oldestDueAt) / 1000)
    },
  })
  const metrics: DeliveryMetrics = {
    recordAttempt(outcome, errorClass, durationMs) {
      attempts.inc({ outcome, error_class: errorClass ?? 'none' })
      duration.observe({ outcome }, durationMs / 1000)
    },
  }
  registered.set(registry, metrics)
  return metrics
}
