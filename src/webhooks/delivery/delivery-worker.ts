/**
 * The delivery worker: claim due deliveries (lease) → sign → POST → record the attempt → done or
 * retry later. One worker per process is plenty (it sends concurrently); on PostgreSQL any number
 * of processes may run one each.
 *
 * Concurrency: at most `globalCap` attempts in flight, and at most `perWebhookCap` per webhook, so
 * a slow or black-holed receiver holds only its own slots. An attempt holds its slot from the
 * claim until its completion has committed (not just until the response), so what a killed worker
 * had sent without recording is at most `globalCap`. Claims never take more than the free slots,
 * so nothing waits in memory while its lease runs.
 *
 * Throughput (group commit): a finished attempt does not start a transaction of its own. Its
 * completion is started on the next `setImmediate`, i.e. after every response that the event loop
 * has ready in this turn was read, and attempts finishing while a completion runs are buffered and
 * completed together by the next one. Their slots stay taken until that transaction commits, and
 * the slots a commit frees are claimed again at once, in one claim.
 *
 * Wake-up: new deliveries wake the worker at once (in-process signal, and LISTEN/NOTIFY across
 * processes when the store supports it); a freed slot wakes it when the last claim was limited by
 * slots; otherwise it polls every `pollMs` (retries coming due, missed signals).
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Clock } from '../../domain/clock.js'
import type { Logger } from '../../logging/create-logger.js'
import { onNewDeliveries } from '../../store/delivery-wake-signal.js'
import type { Store } from '../../store/store.js'
import { decryptSecret } from '../secret-box.js'
import {
  type ClaimedDelivery,
  type ClaimOptions,
  claimDeliveries,
  claimInTransaction,
} from './claim-deliveries.js'
import { completeDeliveries, type FinishedAttempt } from './complete-deliveries.js'
import { type DeliveryMetrics, NO_DELIVERY_METRICS } from './delivery-metrics.js'
import { decideOutcome } from './delivery-outcome.js'
import type { AttemptResult, HttpSender } from './http-sender.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js'
import { buildDeliveryHeaders } from './signing.js'

export interface DeliveryWorkerOptions {
  store: Store
  clock: Clock
  /** Opens the webhooks' sealed secrets. */
  masterKey: Buffer
  sender: HttpSender
  logger: Logger
  policy?: RetryPolicy
  /** Attempts in flight (sending, or sent and not yet recorded) per webhook. Default 8. */
  perWebhookCap?: number
  /** Attempts in flight (sending, or sent and not yet recorded) in this worker. Default 64. */
  globalCap?: number
  /** Most rows per claim. Default 100. */
  batchSize?: number
  /** How long a claim owns its rows; must exceed the total send timeout. Default 60 s. */
  leaseMs?: number
  /** Fallback poll interval. Default 1 s. */
  pollMs?: number
  metrics?: DeliveryMetrics
  workerId?: string
  /** [0, 1) for jitter; tests pass () => 0.5 for none. */
  random?: () => number
  /** Starts a cross-process listener (LISTEN on PostgreSQL) that calls onWake; returns its close. */
  listen?: (onWake: () => void) => Promise<() => Promise<void>>
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies (rendered at the first claim). */
  publicUrl: string
}

/** A claim about to be made: its options and what the worker needs to read its result. */
interface ClaimPlan {
  limit: number
  saturated: string[]
  stats: { candidates: number }
  options: ClaimOptions
}

export const DEFAULT_PER_WEBHOOK_CAP = 8
export const DEFAULT_GLOBAL_CAP = 64

/** Opens sealed secrets once per distinct ciphertext (AES-GCM per send would be wasted work). */
class SecretCache {
  readonly #opened = new Map<string, string>()
  constructor(private readonly masterKey: Buffer) {}

  open(webhookId: string, sealed: string): string {
    const key = `${webhookId}\n${sealed}`
    let secret = this.#opened.get(key)
    if (secret === undefined) {
      secret = decryptSecret(this.masterKey, sealed, webhookId)
      if (this.#opened.size > 10_000) this.#opened.clear()
      this.#opened.set(key, secret)
    }
    return secret
  }
}

/** Everything one attempt needs besides the delivery; shared by the worker and the test route. */
export interface AttemptDeps {
  clock: Clock
  sender: HttpSender
  policy: RetryPolicy
  random: () => number
  secrets: { open(webhookId: string, sealed: string): string }
}

export function createSecretOpener(masterKey: Buffer): AttemptDeps['secrets'] {
  return new SecretCache(masterKey)
}

/** Signs and sends one claimed delivery; never throws (a broken secret is an attempt failure). */
export async function attemptDelivery(
  deps: AttemptDeps,
  delivery: ClaimedDelivery,
): Promise<FinishedAttempt> {
  const startedAt = deps.clock.now()
  let result: AttemptResult
  try {
    const { sealed } = delivery
    const secret = deps.secrets.open(delivery.webhookId, sealed.secretEncrypted)
    const previousSecret =
      sealed.previousSecretEncrypted !== null &&
      sealed.previousSecretExpiresAt !== null &&
      startedAt < sealed.previousSecretExpiresAt
        ? deps.secrets.open(delivery.webhookId, sealed.previousSecretEncrypted)
        : null
    const headers = buildDeliveryHeaders({
      deliveryId: delivery.id,
      event: delivery.event,
      target: delivery.target,
      body: delivery.body,
      secret,
      previousSecret,
      now: startedAt,
    })
    result = await deps.sender.send({ url: delivery.url, headers, body: delivery.body })
  } catch (error) {
    result = {
      statusCode: null,
      durationMs: 0,
      responseBody: null,
      errorClass: 'network',
      errorMessage: `could not send: ${(error as Error).message}`.slice(0, 500),
      retryAfter: undefined,
    }
  }
  const outcome = decideOutcome(deps.policy, delivery, result, deps.clock.now(), deps.random)
  return { delivery, startedAt, result, outcome }
}

export class DeliveryWorker {
  readonly workerId: string
  readonly #options: DeliveryWorkerOptions
  readonly #deps: AttemptDeps
  readonly #perWebhookCap: number
  readonly #globalCap: number
  readonly #batchSize: number
  readonly #leaseMs: number
  readonly #pollMs: number
  readonly #metrics: DeliveryMetrics
  readonly #inFlightByWebhook = new Map<string, number>()
  readonly #sends = new Set<Promise<void>>()
  #inFlight = 0
  #finished: FinishedAttempt[] = []
  #flushing: Promise<void> | null = null
  /** A completion is scheduled for the next turn of the event loop. */
  #flushScheduled: NodeJS.Immediate | null = null
  #running = false
  #loop: Promise<void> = Promise.resolve()
  #wakePending = false
  #wakeWaiter: (() => void) | null = null
  /** The last claim was limited by free slots: a freed slot may let more through. */
  #slotLimited = false
  /** Serialises claims (see #exclusive). */
  #claimLock: Promise<void> = Promise.resolve()
  /** The last claim may have left due rows behind that a claim right away would take. */
  #moreMayBeDue = true
  #unsubscribe: (() => void) | null = null
  /** Slots of attempts whose recording failed, held until their lease ends. */
  readonly #holds = new Map<NodeJS.Timeout, readonly FinishedAttempt[]>()
  #closeListener: (() => Promise<void>) | null = null

  constructor(options: DeliveryWorkerOptions) {
    this.#options = options
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.#perWebhookCap = options.perWebhookCap ?? DEFAULT_PER_WEBHOOK_CAP
    this.#globalCap = options.globalCap ?? DEFAULT_GLOBAL_CAP
    this.#batchSize = options.batchSize ?? 100
    this.#leaseMs = options.leaseMs ?? 60_000
    this.#pollMs = options.pollMs ?? 1000
    this.#metrics = options.metrics ?? NO_DELIVERY_METRICS
    this.#deps = {
      clock: options.clock,
      sender: options.sender,
      policy: options.policy ?? DEFAULT_RETRY_POLICY,
      random: options.random ?? Math.random,
      secrets: new SecretCache(options.masterKey),
    }
  }

  get inFlight(): number {
    return this.#inFlight
  }

  /** Starts the loop and the wake-up subscriptions. */
  async start(): Promise<void> {
    if (this.#running) return
    this.#running = true
    this.#unsubscribe = onNewDeliveries(() => this.wake())
    if (this.#options.listen !== undefined) {
      try {
        this.#closeListener = await this.#options.listen(() => this.wake())
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'delivery wake-up listener failed; polling only')
      }
    }
    this.#loop = this.#run()
  }

  /** Look for due deliveries now. */
  wake(): void {
    this.#wakePending = true
    this.#wakeWaiter?.()
  }

  /** Stops claiming, lets every send in flight finish and records it, then returns. */
  async stop(): Promise<void> {
    const wasRunning = this.#running
    this.#running = false
    this.#unsubscribe?.()
    this.#unsubscribe = null
    this.wake()
    if (wasRunning) await this.#loop
    await this.#drain()
    for (const [timer, batch] of this.#holds) {
      clearTimeout(timer)
      this.#release(batch)
    }
    this.#holds.clear()
    const close = this.#closeListener
    this.#closeListener = null
    if (close !== null) await close()
  }

  /**
   * For tests and one-shot runs (not while started): claims and sends until nothing is due at the
   * clock's now, recording every attempt. Returns how many attempts were made.
   */
  async runUntilIdle(): Promise<number> {
    let attempts = 0
    for (;;) {
      const claimed = await this.#claimAndDispatch()
      attempts += claimed
      await this.#drain()
      if (claimed === 0) return attempts
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let claimed = 0
      try {
        claimed = await this.#claimAndDispatch()
      } catch (error) {
        this.#options.logger.error(
          { err: error },
          'claiming deliveries failed; retrying after the poll interval',
        )
      }
      if (!this.#running) break
      if (claimed === 0 || !this.#moreMayBeDue || this.#inFlight >= this.#globalCap) {
        await this.#waitForSignal()
      }
    }
  }

  #waitForSignal(): Promise<void> {
    if (this.#wakePending) {
      this.#wakePending = false
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeWaiter = null
        resolve()
      }, this.#pollMs)
      this.#wakeWaiter = () => {
        this.#wakeWaiter = null
        this.#wakePending = false
        clearTimeout(timer)
        resolve()
      }
    })
  }

  async #claimAndDispatch(): Promise<number> {
    return this.#exclusive(async () => {
      const plan = this.#claimPlan([])
      if (plan === null) return 0
      const claimed = await claimDeliveries(this.#options.store, plan.options)
      this.#dispatchClaimed(plan, claimed)
      return claimed.length
    })
  }

  /**
   * Claims (and the dispatches and releases around them) run one at a time, so each one counts
   * the free slots after the previous one took its share: the caps hold even on PostgreSQL, where
   * the loop's claim and a completion's claim could otherwise run side by side.
   */
  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#claimLock
    let done!: () => void
    this.#claimLock = new Promise<void>((resolve) => {
      done = resolve
    })
    try {
      await previous
      return await fn()
    } finally {
      done()
    }
  }

  /**
   * What a claim may take once `releasing` (attempts being recorded in the same transaction) have
   * freed their slots; null if no slot is free.
   */
  #claimPlan(releasing: readonly FinishedAttempt[]): ClaimPlan | null {
    const released = new Map<string, number>()
    for (const { delivery } of releasing) {
      released.set(delivery.webhookId, (released.get(delivery.webhookId) ?? 0) + 1)
    }
    const inFlightOf = (webhookId: string) =>
      (this.#inFlightByWebhook.get(webhookId) ?? 0) - (released.get(webhookId) ?? 0)
    const free = this.#globalCap - this.#inFlight + releasing.length
    if (free <= 0) {
      this.#slotLimited = true
      return null
    }
    const saturated: string[] = []
    for (const webhookId of this.#inFlightByWebhook.keys())
      if (inFlightOf(webhookId) >= this.#perWebhookCap) saturated.push(webhookId)
    const limit = Math.min(this.#batchSize, free)
    const stats = { candidates: 0 }
    return {
      limit,
      saturated,
      stats,
      options: {
        workerId: this.workerId,
        now: this.#options.clock.now(),
        leaseMs: this.#leaseMs,
        limit,
        saturatedWebhookIds: saturated,
        freeSlotsFor: (webhookId) => this.#perWebhookCap - inFlightOf(webhookId),
        publicUrl: this.#options.publicUrl,
        stats,
      },
    }
  }

  #dispatchClaimed(plan: ClaimPlan, claimed: readonly ClaimedDelivery[]): void {
    for (const delivery of claimed) this.#dispatch(delivery)
    // Limited by slots: the global cap, or a webhook that is now at its cap (so due rows may have
    // been left behind for it). A freed slot then wakes the loop.
    let atWebhookCap = plan.saturated.length > 0
    if (!atWebhookCap) {
      for (const count of this.#inFlightByWebhook.values()) {
        if (count >= this.#perWebhookCap) {
          atWebhookCap = true
          break
        }
      }
    }
    this.#slotLimited = atWebhookCap || claimed.length === plan.limit
    // Claim again at once only if more may be due right now: limited by slots, or the candidate
    // page was full (rows cancelled or failed at the claim made room). Otherwise wait for a wake-up.
    this.#moreMayBeDue = this.#slotLimited || plan.stats.candidates >= plan.limit * 2
  }

  #dispatch(delivery: ClaimedDelivery): void {
    this.#inFlight++
    this.#inFlightByWebhook.set(
      delivery.webhookId,
      (this.#inFlightByWebhook.get(delivery.webhookId) ?? 0) + 1,
    )
    // The slot stays taken after the send: it is released only once the attempt's completion has
    // committed (#flush), so sent-but-unrecorded attempts never exceed the caps.
    const send = attemptDelivery(this.#deps, delivery).then((finished) => {
      this.#metrics.recordAttempt(
        finished.outcome.status,
        finished.result.errorClass,
        finished.result.durationMs,
      )
      this.#finished.push(finished)
      this.#scheduleFlush()
    })
    this.#sends.add(send)
    void send.finally(() => this.#sends.delete(send))
  }

  /** Frees the slots of attempts whose outcome is settled in the database (or no longer ours). */
  #release(batch: readonly FinishedAttempt[], wake = true): void {
    for (const { delivery } of batch) {
      this.#inFlight--
      const left = (this.#inFlightByWebhook.get(delivery.webhookId) ?? 1) - 1
      if (left <= 0) this.#inFlightByWebhook.delete(delivery.webhookId)
      else this.#inFlightByWebhook.set(delivery.webhookId, left)
    }
    if (wake && this.#slotLimited && this.#running) this.wake()
  }

  /**
   * A batch whose completion failed: its rows stay leased, unrecorded, and are sent again once
   * the lease runs out. Their slots stay taken until then, so the caps still bound what this
   * worker has sent without recording.
   */
  #holdUntilLeaseEnds(batch: readonly FinishedAttempt[]): void {
    const lockedUntil = Math.max(...batch.map(({ delivery }) => delivery.lockedUntil))
    const delayMs = Math.max(0, lockedUntil - this.#options.clock.now())
    const timer = setTimeout(() => {
      this.#holds.delete(timer)
      this.#release(batch)
    }, delayMs)
    timer.unref()
    this.#holds.set(timer, batch)
  }

  /**
   * Group commit: the completion starts on the next turn of the event loop, so every attempt
   * finishing in this turn goes into the same transaction; a running completion picks them up
   * when it loops.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled !== null || this.#flushing !== null) return
    this.#flushScheduled = setImmediate(() => {
      this.#flushScheduled = null
      void this.#flush()
    })
  }

  /** Starts a completion of everything finished so far, unless one is running (it loops). */
  #flush(): Promise<void> {
    if (this.#flushing !== null) return this.#flushing
    if (this.#finished.length === 0) return Promise.resolve()
    this.#flushing = (async () => {
      try {
        while (this.#finished.length > 0) {
          const batch = this.#finished
          this.#finished = []
          // Only a completion that claims takes the claim lock: one that just records (the usual
          // case at low load) runs beside the loop's claim, as freeing slots can only make a
          // claim take fewer than it might.
          if (this.#running && this.#slotLimited) await this.#exclusive(() => this.#complete(batch, true))
          else await this.#complete(batch, false)
        }
      } finally {
        this.#flushing = null
      }
    })()
    return this.#flushing
  }

  /**
   * Records a batch; while running, claims for the slots it frees in the same transaction (one
   * commit for both), and dispatches those after the commit, when the batch's slots are freed.
   */
  async #complete(batch: readonly FinishedAttempt[], mayClaim: boolean): Promise<void> {
    const store = this.#options.store
    const options = { workerId: this.workerId, now: this.#options.clock.now(), policy: this.#deps.policy }
    // Only when the last claim was held back by slots: otherwise nothing is waiting for them (new
    // deliveries wake the loop, retries coming due are found by its poll).
    let plan = mayClaim && this.#running && this.#slotLimited ? this.#claimPlan(batch) : null
    let report: Awaited<ReturnType<typeof completeDeliveries>> | null = null
    let failure: unknown = null
    try {
      report = await completeDeliveries(
        store,
        options,
        batch,
        plan === null
          ? undefined
          : (trx) =>
              this.#running
                ? claimInTransaction(trx, store.capabilities, plan!.options)
                : Promise.resolve([]),
      )
    } catch (error) {
      failure = error
    }
    if (report === null && plan !== null) {
      // Whatever broke, the claim is not worth losing the records for: once more without it.
      plan = null
      try {
        report = await completeDeliveries(store, options, batch)
      } catch (error) {
        failure = error
      }
    }
    if (report === null) {
      // The rows stay leased and come back when the lease runs out: delivered again, never lost.
      this.#holdUntilLeaseEnds(batch)
      this.#options.logger.error({ err: failure, count: batch.length }, 'recording delivery attempts failed')
      return
    }
    if (plan === null) this.#release(batch)
    else {
      this.#release(batch, false)
      this.#dispatchClaimed(plan, report.claimed)
      // Slots still free and more due: let the loop claim them.
      if (this.#moreMayBeDue && this.#inFlight < this.#globalCap) this.wake()
    }
    for (const { webhookId, reason } of report.disabled) {
      this.#options.logger.warn({ webhookId, reason }, 'webhook disabled by the delivery engine')
    }
    if (report.stale.length > 0) {
      this.#options.logger.info(
        { count: report.stale.length },
        'attempts not recorded: lease lost or delivery no longer pending',
      )
    }
  }

  /** Waits for every send in flight and for their completion to be recorded. */
  async #drain(): Promise<void> {
    for (;;) {
      while (this.#sends.size > 0) await Promise.all([...this.#sends])
      await this.#flush()
      if (this.#sends.size === 0 && this.#finished.length === 0 && this.#flushing === null) return
    }
  }
}
