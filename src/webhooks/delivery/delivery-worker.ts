/**
 * The delivery worker: claim due deliveries (lease) → sign → POST → record the attempt → done or
 * retry later. One worker per process is plenty (it sends concurrently); on PostgreSQL any number
 * of processes may run one each.
 *
 * Concurrency: at most `globalCap` attempts in flight, and at most `perWebhookCap` per webhook, so
 * a slow or black-holed receiver holds only its own slots. An attempt holds its slot from its
 * send until its attempt is recorded (not just until the response), so what a killed worker had
 * sent without recording is at most `globalCap`. On SQLite claims never take more than the free
 * slots, so nothing waits in memory while its lease runs; on PostgreSQL claims may take up to
 * twice the caps, the rows beyond the free slots waiting in the worker (in claim order) for a
 * slot, so a recording that frees slots refills them without a claim's round trip in between
 * (a row never sent is not duplicated by a kill, only delayed to its lease end).
 *
 * One loop, one transaction per cycle: each cycle records the attempts that finished since the
 * last one (group commit) and, when there is reason to, claims due deliveries for the free slots
 * (including the slots it is freeing) — one commit for both. At most one cycle that claims runs at
 * a time, so every claim counts the slots the previous one took. Where the store has concurrent
 * writers (`supportsSkipLocked`: PostgreSQL) up to `parallelCycles` cycles run at once: while a
 * claim is in flight, finished attempts are recorded by cycles of their own instead of waiting
 * for it — a round trip there is mostly the commit's flush and waiting for a CPU, so a worker
 * that waited on each cycle in turn held its slots (and the claims they allow) for several round
 * trips per attempt. On SQLite (one writer) cycles run one at a time. A cycle starts when:
 * - new deliveries were committed (`store.listenForNewDeliveries`: an in-process signal, and
 *   LISTEN/NOTIFY across processes when the store supports it), or the poll interval `pollMs` passed (retries coming due, missed signals),
 *   or the last claim may have left due rows behind;
 * - `groupCommitSize` attempts wait to be recorded, or the oldest has waited `groupCommitMs`, or
 *   — when slots are what holds claims back — every attempt in flight has finished.
 * A transaction costs about as much for one attempt as for thirty, so recording in groups keeps
 * the database's share of the work small under load; slots stay taken until their cycle commits.
 */
import { randomUUID } from 'node:crypto'
import { channel } from 'node:diagnostics_channel'
import { hostname } from 'node:os'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { DEFAULTS } from '../../config/config.js'
import type { Clock } from '../../domain/clock.js'
import type { Logger } from '../../logging/create-logger.js'
import type { Store } from '../../store/store.js'
import { contextFromTraceparent, SPAN_NAMES, tracingEnabled, withSpan } from '../../tracing/spans.js'
import { decryptSecret } from '../secret-box.js'
import { type ClaimedDelivery, type ClaimOptions, claimDeliveries } from './claim-deliveries.js'
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
  /** Attempts in flight (sending, or sent and not yet recorded) per webhook. Default: config's. */
  perWebhookCap?: number
  /** Attempts in flight (sending, or sent and not yet recorded) in this worker. Default: config's. */
  globalCap?: number
  /** Most rows per claim. Default: config's. */
  batchSize?: number
  /**
   * How long a claim owns its rows; must exceed the total send timeout (the config checks its
   * own pair). Default: config's.
   */
  leaseMs?: number
  /** Fallback poll interval. Default: config's. */
  pollMs?: number
  /**
   * Group commit: finished attempts are recorded once this many wait (default: half the global
   * cap), or `groupCommitMs` has passed since the first of them finished (default 5 ms), or —
   * when slots hold claims back — every attempt in flight has finished.
   */
  groupCommitSize?: number
  groupCommitMs?: number
  /**
   * Cycles in flight at once where the store has concurrent writers (at most one of them claims);
   * 1 elsewhere. Default: config's.
   */
  parallelCycles?: number
  metrics?: DeliveryMetrics
  workerId?: string
  /** [0, 1) for jitter; tests pass () => 0.5 for none. */
  random?: () => number
  /** FLOWCERTA_PUBLIC_URL: links in slack/teams bodies (rendered at the first claim). */
  publicUrl: string
}

/** A claim about to be made; the claim fills in `stats`. */
type ClaimPlan = ClaimOptions & { stats: NonNullable<ClaimOptions['stats']> }

/** What DELIVERY_CLAIM_CHANNEL publishes; times are epoch ms with sub-millisecond precision. */
export interface DeliveryClaimMessage {
  /** The cycle that claimed them began (after its wake-up). */
  cycleStartedAt: number
  /** Its statement(s) had returned; the sends start now. */
  claimedAt: number
  deliveryIds: string[]
}

/**
 * Published for every cycle that claimed deliveries, when anyone subscribes (node's
 * diagnostics_channel: nothing is built otherwise). bench/webhooks.bench.ts splits the latency of
 * a delivery into wake-up, claim and send with it.
 */
export const DELIVERY_CLAIM_CHANNEL = channel('flowcerta:delivery:claimed')

const preciseNow = () => performance.timeOrigin + performance.now()

export const DEFAULT_PER_WEBHOOK_CAP = DEFAULTS.webhookConcurrencyPerWebhook
export const DEFAULT_GLOBAL_CAP = DEFAULTS.webhookConcurrency
export const DEFAULT_GROUP_COMMIT_MS = 5

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

/** Everything one attempt needs besides the delivery; shared by the worker and the test send (../send-test-delivery.ts). */
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

/**
 * Signs and sends one claimed delivery; never throws (a broken secret is an attempt failure).
 * With tracing on, the attempt is a CLIENT span continuing the trace stored with the delivery.
 */
export function attemptDelivery(deps: AttemptDeps, delivery: ClaimedDelivery): Promise<FinishedAttempt> {
  // With tracing off, straight to the send: withSpan would call it the same way, but the span's
  // attributes (the URL parsed for its host, ~4 µs a delivery) would be built for nothing.
  if (!tracingEnabled()) return sendAttempt(deps, delivery)
  return withSpan(
    SPAN_NAMES.deliveryAttempt,
    {
      kind: SpanKind.CLIENT,
      parent: contextFromTraceparent(delivery.traceContext),
      // The host only: a Slack or Teams webhook URL's path is itself a secret.
      attributes: {
        'flowcerta.delivery_id': delivery.id,
        'flowcerta.webhook_id': delivery.webhookId,
        'flowcerta.event': delivery.event,
        'flowcerta.attempt': delivery.attemptCount + 1,
        'flowcerta.target': delivery.target,
        'server.address': hostOf(delivery.url),
      },
    },
    async (span) => {
      const finished = await sendAttempt(deps, delivery)
      if (span !== undefined) {
        if (finished.result.statusCode !== null)
          span.setAttribute('http.response.status_code', finished.result.statusCode)
        if (finished.result.errorClass !== null) span.setAttribute('error.type', finished.result.errorClass)
        span.setAttribute('flowcerta.outcome', finished.outcome.status)
        if (finished.result.errorClass !== null) span.setStatus({ code: SpanStatusCode.ERROR })
      }
      return finished
    },
  )
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return 'invalid'
  }
}

async function sendAttempt(deps: AttemptDeps, delivery: ClaimedDelivery): Promise<FinishedAttempt> {
  const startedAt = deps.clock.now()
  let result: AttemptResult
  let requestHeaders: Record<string, string> | null = null
  try {
    const { sealed } = delivery
    const secret = deps.secrets.open(delivery.webhookId, sealed.secretEncrypted)
    const previousSecret =
      sealed.previousSecretEncrypted !== null &&
      sealed.previousSecretExpiresAt !== null &&
      startedAt < sealed.previousSecretExpiresAt
        ? deps.secrets.open(delivery.webhookId, sealed.previousSecretEncrypted)
        : null
    requestHeaders = buildDeliveryHeaders({
      deliveryId: delivery.id,
      event: delivery.event,
      target: delivery.target,
      body: delivery.body,
      secret,
      previousSecret,
      now: startedAt,
    })
    result = await deps.sender.send({ url: delivery.url, headers: requestHeaders, body: delivery.body })
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
  return { delivery, startedAt, result, outcome, requestHeaders }
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
  readonly #groupCommitSize: number
  readonly #groupCommitMs: number
  readonly #parallelCycles: number
  readonly #metrics: DeliveryMetrics
  readonly #inFlightByWebhook = new Map<string, number>()
  /**
   * Claimed ahead, not sent yet (PostgreSQL): started in claim order as slots free. Claims may
   * hold up to `#claimFactor` times the caps (sending + unrecorded + here), so a freed slot is
   * refilled without waiting for a claim's round trip; sends stay within the caps, so what a killed
   * worker had sent without recording is still at most the global cap (rows here were never sent:
   * they come back when their lease ends, delayed, not duplicated).
   */
  #queued: ClaimedDelivery[] = []
  readonly #queuedByWebhook = new Map<string, number>()
  /** 2 where cycles run in parallel (PostgreSQL), 1 on SQLite (claims never exceed the free slots). */
  readonly #claimFactor: number
  readonly #sends = new Set<Promise<void>>()
  #inFlight = 0
  /** Finished attempts not yet recorded (their slots still taken). */
  #finished: FinishedAttempt[] = []
  /** Ends the group-commit window of the oldest unrecorded attempt. */
  #windowTimer: NodeJS.Timeout | null = null
  #windowEnded = false
  /** The next cycle should claim: new deliveries, a poll, or due rows left behind. */
  #claimWanted = true
  /** The last claim was limited by free slots: recording attempts (freeing slots) should claim. */
  #slotLimited = false
  #running = false
  /** Cycles in flight, and whether one of them claims (at most one does). */
  readonly #cycles = new Set<Promise<unknown>>()
  #claimInFlight = false
  /** Attempts in the batches of the cycles in flight (their slots are still taken). */
  #recording = 0
  /** A cycle failed: the loop waits for the poll interval (or a signal) before the next. */
  #failed = false
  #loop: Promise<void> = Promise.resolve()
  #wakeWaiter: (() => void) | null = null
  /** Slots of attempts whose recording failed, held until their lease ends. */
  readonly #holds = new Map<NodeJS.Timeout, readonly FinishedAttempt[]>()
  #closeListener: (() => Promise<void>) | null = null

  constructor(options: DeliveryWorkerOptions) {
    this.#options = options
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.#perWebhookCap = options.perWebhookCap ?? DEFAULT_PER_WEBHOOK_CAP
    this.#globalCap = options.globalCap ?? DEFAULT_GLOBAL_CAP
    this.#batchSize = options.batchSize ?? DEFAULTS.webhookClaimBatchSize
    this.#leaseMs = options.leaseMs ?? DEFAULTS.webhookLeaseSeconds * 1000
    this.#pollMs = options.pollMs ?? DEFAULTS.webhookPollMs
    this.#groupCommitSize = options.groupCommitSize ?? Math.max(1, Math.floor(this.#globalCap / 2))
    this.#groupCommitMs = options.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS
    this.#parallelCycles = options.store.capabilities.supportsSkipLocked
      ? Math.max(1, options.parallelCycles ?? DEFAULTS.webhookParallelCycles)
      : 1
    this.#claimFactor = this.#parallelCycles > 1 ? 2 : 1
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
    this.#claimWanted = true
    const { logger, store } = this.#options
    try {
      this.#closeListener = await store.listenForNewDeliveries(
        () => this.wake(),
        (error) => logger.warn({ err: error }, 'delivery LISTEN connection failed; reconnecting'),
      )
    } catch (error) {
      logger.warn({ err: error }, 'delivery wake-up listener failed; polling only')
    }
    this.#loop = this.#run()
  }

  /** Look for due deliveries now. */
  wake(): void {
    this.#claimWanted = true
    this.#signal()
  }

  /** Stops claiming, lets every send in flight finish and records it, then returns. */
  async stop(): Promise<void> {
    const wasRunning = this.#running
    this.#running = false
    this.#signal()
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
      this.#claimWanted = true
      const claimed = await this.#cycle(true)
      attempts += claimed
      await this.#drain()
      if (claimed === 0) return attempts
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      if (this.#failed) {
        this.#failed = false
        await this.#waitForWork()
      } else if (!this.#hasWork()) await this.#waitForWork()
      if (!this.#running) break
      if (!this.#hasWork()) continue
      // The loop does not wait for the cycle: it may start a recording cycle while it runs.
      const cycle = this.#cycle(false, !this.#claimInFlight).catch((error: unknown) => {
        this.#options.logger.error(
          { err: error },
          'claiming deliveries failed; retrying after the poll interval',
        )
        this.#claimWanted = false
        this.#failed = true
      })
      this.#cycles.add(cycle)
      void cycle.finally(() => {
        this.#cycles.delete(cycle)
        this.#signal()
      })
    }
    while (this.#cycles.size > 0) await Promise.all([...this.#cycles])
  }

  /** Is there a reason, and room, to start a cycle now? */
  #hasWork(): boolean {
    if (this.#cycles.size >= this.#parallelCycles) return false
    if (this.#recordingDue()) return true
    // A claim with a slot free now; at the cap, the recording rules decide (and it claims).
    return !this.#claimInFlight && this.#claimWanted && this.#held() < this.#globalCap * this.#claimFactor
  }

  /** Claimed and not recorded: sending, sent, or waiting here to be sent (of one webhook, or all). */
  #held(webhookId?: string): number {
    if (webhookId === undefined) return this.#inFlight + this.#queued.length
    return (this.#inFlightByWebhook.get(webhookId) ?? 0) + (this.#queuedByWebhook.get(webhookId) ?? 0)
  }

  /** Should the finished attempts be recorded now? */
  #recordingDue(): boolean {
    const waiting = this.#finished.length
    if (waiting === 0) return false
    if (waiting >= this.#groupCommitSize || this.#windowEnded) return true
    // Slots hold claims back and nothing else is being sent: no reason to wait for more.
    return this.#slotLimited && waiting >= this.#inFlight - this.#recording
  }

  /** Resolves at the next signal (wake, finished attempt, window end) or after the poll interval. */
  #waitForWork(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeWaiter = null
        this.#claimWanted = true // retries coming due, signals missed
        resolve()
      }, this.#pollMs)
      this.#wakeWaiter = () => {
        this.#wakeWaiter = null
        clearTimeout(timer)
        resolve()
      }
    })
  }

  /** Lets a waiting loop go if there is now work for it. */
  #signal(): void {
    if (this.#wakeWaiter !== null && (!this.#running || this.#hasWork())) this.#wakeWaiter()
  }

  /**
   * One transaction: record the finished attempts, and claim for the free slots (counting those
   * this batch frees) when a claim is wanted or the batch frees slots that claims lacked — unless
   * `mayClaim` is false (another cycle is claiming): then it records only, and leaves the claim
   * for the slots it frees to the next cycle. Returns how many deliveries were claimed (and are
   * now being sent).
   */
  async #cycle(claimAlways: boolean, mayClaim = true): Promise<number> {
    const cycleStartedAt = DELIVERY_CLAIM_CHANNEL.hasSubscribers ? preciseNow() : 0
    const batch = this.#finished
    this.#finished = []
    this.#windowEnded = false
    if (this.#windowTimer !== null) {
      clearTimeout(this.#windowTimer)
      this.#windowTimer = null
    }
    const wantClaim =
      mayClaim &&
      (claimAlways || this.#running) &&
      (this.#claimWanted || (this.#slotLimited && batch.length > 0))
    if (wantClaim) this.#claimWanted = false
    const plan = wantClaim ? this.#claimPlan(batch) : null
    if (plan !== null) this.#claimInFlight = true
    this.#recording += batch.length
    try {
      if (batch.length === 0) {
        if (plan === null) return 0
        const claimed = await claimDeliveries(this.#options.store, plan)
        this.#publishClaim(cycleStartedAt, claimed)
        this.#dispatchClaimed(plan, claimed)
        return claimed.length
      }
      const report = await this.#record(batch, plan)
      if (report === null) return 0
      this.#release(batch)
      if (plan !== null) {
        this.#publishClaim(cycleStartedAt, report.claimed)
        this.#dispatchClaimed(plan, report.claimed)
      } else if (this.#slotLimited) {
        // Slots freed while claims lacked them: the next cycle claims for them.
        this.#claimWanted = true
      }
      return report.claimed.length
    } finally {
      this.#recording -= batch.length
      if (plan !== null) this.#claimInFlight = false
    }
  }

  #publishClaim(cycleStartedAt: number, claimed: readonly ClaimedDelivery[]): void {
    if (claimed.length === 0 || !DELIVERY_CLAIM_CHANNEL.hasSubscribers) return
    const message: DeliveryClaimMessage = {
      cycleStartedAt,
      claimedAt: preciseNow(),
      deliveryIds: claimed.map(({ id }) => id),
    }
    DELIVERY_CLAIM_CHANNEL.publish(message)
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
    const heldOf = (webhookId: string) => this.#held(webhookId) - (released.get(webhookId) ?? 0)
    const perWebhookCap = this.#perWebhookCap * this.#claimFactor
    const free = this.#globalCap * this.#claimFactor - this.#held() + releasing.length
    if (free <= 0) {
      this.#slotLimited = true
      return null
    }
    const freeByWebhook = new Map<string, number>()
    for (const webhookId of new Set([...this.#inFlightByWebhook.keys(), ...this.#queuedByWebhook.keys()]))
      freeByWebhook.set(webhookId, perWebhookCap - heldOf(webhookId))
    return {
      workerId: this.workerId,
      now: this.#options.clock.now(),
      leaseMs: this.#leaseMs,
      limit: Math.min(this.#batchSize, free),
      perWebhookFree: perWebhookCap,
      freeByWebhook,
      publicUrl: this.#options.publicUrl,
      stats: { pageFull: false },
    }
  }

  #dispatchClaimed(plan: ClaimPlan, claimed: readonly ClaimedDelivery[]): void {
    for (const delivery of claimed) {
      this.#queued.push(delivery)
      this.#queuedByWebhook.set(delivery.webhookId, (this.#queuedByWebhook.get(delivery.webhookId) ?? 0) + 1)
    }
    this.#startQueued()
    // Limited by slots: the global cap, or a webhook that is now at its cap (so due rows may have
    // been left behind for it). Recording attempts then claims for the slots it frees.
    let atWebhookCap = [...plan.freeByWebhook.values()].some((free) => free <= 0)
    if (!atWebhookCap) {
      for (const webhookId of this.#inFlightByWebhook.keys()) {
        if (this.#held(webhookId) >= plan.perWebhookFree) {
          atWebhookCap = true
          break
        }
      }
    }
    const tookAll = claimed.length === plan.limit
    this.#slotLimited = atWebhookCap || tookAll
    // Claim again at once if more may be due and slots are left: the claim took its whole limit
    // (`batchSize` below the free slots), or its candidate page was full.
    if ((tookAll || plan.stats.pageFull) && this.#held() < this.#globalCap * this.#claimFactor) {
      this.#claimWanted = true
    }
  }

  /**
   * Sends claimed rows, in claim order, while the caps have room. A row whose lease is half gone
   * is not sent (it comes back when the lease ends, never sent by this worker).
   */
  #startQueued(): void {
    if (this.#queued.length === 0) return
    const now = this.#options.clock.now()
    const waiting: ClaimedDelivery[] = []
    for (const delivery of this.#queued) {
      const { webhookId } = delivery
      if (delivery.lockedUntil - now < this.#leaseMs / 2) {
        this.#unqueue(webhookId)
        continue
      }
      if (
        this.#inFlight >= this.#globalCap ||
        (this.#inFlightByWebhook.get(webhookId) ?? 0) >= this.#perWebhookCap
      ) {
        waiting.push(delivery)
        continue
      }
      this.#unqueue(webhookId)
      this.#dispatch(delivery)
    }
    this.#queued = waiting
  }

  #unqueue(webhookId: string): void {
    const left = (this.#queuedByWebhook.get(webhookId) ?? 1) - 1
    if (left <= 0) this.#queuedByWebhook.delete(webhookId)
    else this.#queuedByWebhook.set(webhookId, left)
  }

  #dispatch(delivery: ClaimedDelivery): void {
    this.#inFlight++
    this.#inFlightByWebhook.set(
      delivery.webhookId,
      (this.#inFlightByWebhook.get(delivery.webhookId) ?? 0) + 1,
    )
    // The slot stays taken after the send: it is released only once the attempt is recorded
    // (#cycle), so sent-but-unrecorded attempts never exceed the caps.
    // attemptDelivery never rejects; the send leaves #sends in its own callback (not a `finally`
    // on top: one promise fewer per attempt).
    const send: Promise<void> = attemptDelivery(this.#deps, delivery).then((finished) => {
      try {
        this.#metrics.recordAttempt(
          finished.outcome.status,
          finished.result.errorClass,
          finished.result.durationMs,
        )
        this.#finished.push(finished)
        if (this.#finished.length === 1 && this.#running) {
          this.#windowTimer = setTimeout(this.#endWindow, this.#groupCommitMs)
        }
      } finally {
        this.#sends.delete(send)
      }
      this.#signal()
    })
    this.#sends.add(send)
  }

  /** The group-commit window of the oldest unrecorded attempt is over (a bound method: one closure per worker, not per attempt). */
  readonly #endWindow = (): void => {
    this.#windowTimer = null
    this.#windowEnded = true
    this.#signal()
  }

  /** Frees the slots of attempts whose outcome is settled in the database (or no longer ours). */
  #release(batch: readonly FinishedAttempt[]): void {
    for (const { delivery } of batch) {
      this.#inFlight--
      const left = (this.#inFlightByWebhook.get(delivery.webhookId) ?? 1) - 1
      if (left <= 0) this.#inFlightByWebhook.delete(delivery.webhookId)
      else this.#inFlightByWebhook.set(delivery.webhookId, left)
    }
    this.#startQueued()
  }

  /**
   * A batch whose recording failed: its rows stay leased, unrecorded, and are sent again once
   * the lease runs out. Their slots stay taken until then, so the caps still bound what this
   * worker has sent without recording.
   */
  #holdUntilLeaseEnds(batch: readonly FinishedAttempt[]): void {
    const lockedUntil = Math.max(...batch.map(({ delivery }) => delivery.lockedUntil))
    const delayMs = Math.max(0, lockedUntil - this.#options.clock.now())
    const timer = setTimeout(() => {
      this.#holds.delete(timer)
      this.#release(batch)
      this.#claimWanted = true
      this.#signal()
    }, delayMs)
    timer.unref()
    this.#holds.set(timer, batch)
  }

  /**
   * Records a batch, with the claim of `plan` in the same transaction when there is one. Returns
   * null when the batch could not be recorded (its slots are then held until the lease ends).
   */
  async #record(
    batch: readonly FinishedAttempt[],
    plan: ClaimPlan | null,
  ): Promise<Awaited<ReturnType<typeof completeDeliveries>> | null> {
    const store = this.#options.store
    const options = { workerId: this.workerId, now: this.#options.clock.now(), policy: this.#deps.policy }
    let report: Awaited<ReturnType<typeof completeDeliveries>> | null = null
    let failure: unknown = null
    try {
      report = await completeDeliveries(store, options, batch, plan ?? undefined)
    } catch (error) {
      failure = error
    }
    if (report === null && plan !== null) {
      // Whatever broke, the claim is not worth losing the records for: once more without it.
      this.#claimWanted = true
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
      return null
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
    return report
  }

  /** Waits for every cycle and send in flight and records them all (no claims). */
  async #drain(): Promise<void> {
    for (;;) {
      while (this.#cycles.size > 0) await Promise.all([...this.#cycles])
      while (this.#sends.size > 0) await Promise.all([...this.#sends])
      if (this.#finished.length === 0 && this.#cycles.size === 0 && this.#sends.size === 0) {
        this.#startQueued()
        if (this.#sends.size === 0) return
      }
      if (this.#finished.length > 0) await this.#cycle(false) // not running: records only
    }
  }
}
