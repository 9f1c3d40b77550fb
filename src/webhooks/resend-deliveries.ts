/**
 * The manual re-sends: redeliver one finished delivery, recover a webhook's failed deliveries in
 * a time window. Both put rows back to `pending`, due now (src/store/delivery-lifecycle.ts) with
 * their ids and body bytes, so receivers can dedupe on X-Flowcerta-Delivery; both wake the workers
 * at commit and write their audit entry in the same transaction. Nothing is sent from here.
 */
import type { Actor } from '../domain/actor.js'
import type { Clock } from '../domain/clock.js'
import { AppError } from '../domain/errors/app-error.js'
import { fieldError } from '../domain/errors/field-error.js'
import { appendAuditEntry } from '../store/audit-log.js'
import { requeueDelivery, requeueFailedDeliveries } from '../store/delivery-lifecycle.js'
import { type DeliverySummary, getDelivery, webhookExistsInOrg } from '../store/delivery-log.js'
import { signalNewDeliveries } from '../store/delivery-wake-signal.js'
import type { Store } from '../store/store.js'

export interface ResendDeps {
  store: Store
  clock: Clock
}

/**
 * Sends a succeeded or failed delivery again (DELIVERY_PENDING while it is pending; its webhook
 * must be live and enabled). Returns the delivery as it now is.
 */
export async function redeliver(deps: ResendDeps, actor: Actor, id: string): Promise<DeliverySummary> {
  const now = deps.clock.now()
  return deps.store.transaction(async (trx) => {
    const delivery = await getDelivery(trx, actor.orgId, id)
    if (delivery === null) throw new AppError('NOT_FOUND')
    const webhook = await webhookExistsInOrg(trx, actor.orgId, delivery.webhookId)
    if (webhook === null || webhook.deleted) throw new AppError('WEBHOOK_DELETED')
    if (!webhook.enabled) throw new AppError('WEBHOOK_DISABLED')
    if (delivery.status === 'pending') throw new AppError('DELIVERY_PENDING')
    if (!(await requeueDelivery(trx, actor.orgId, id, now))) throw new AppError('DELIVERY_PENDING')
    await signalNewDeliveries(trx, deps.store.capabilities)
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'delivery.redelivered',
      targetType: 'delivery',
      targetId: id,
      changes: {
        webhookId: delivery.webhookId,
        event: delivery.event,
        status: { from: delivery.status, to: 'pending' },
      },
      at: now,
    })
    const after = await getDelivery(trx, actor.orgId, id)
    if (after === null) throw new AppError('NOT_FOUND')
    return after
  })
}

/**
 * Sends again the webhook's failed deliveries created in [since, until); `until` defaults to just
 * past now, so a delivery created this very millisecond is included. Returns how many and the
 * window used.
 */
export async function recoverFailedDeliveries(
  deps: ResendDeps,
  actor: Actor,
  webhookId: string,
  window: { since: number; until?: number | undefined },
): Promise<{ requeued: number; since: number; until: number }> {
  const now = deps.clock.now()
  const { since } = window
  const until = window.until ?? now + 1
  if (!(since < until)) throw fieldError('body.since', 'must be before body.until')
  const requeued = await deps.store.transaction(async (trx) => {
    const webhook = await webhookExistsInOrg(trx, actor.orgId, webhookId)
    if (webhook === null || webhook.deleted) throw new AppError('NOT_FOUND')
    if (!webhook.enabled) throw new AppError('WEBHOOK_DISABLED')
    const count = await requeueFailedDeliveries(trx, { orgId: actor.orgId, webhookId, since, until }, now)
    if (count > 0) await signalNewDeliveries(trx, deps.store.capabilities)
    await appendAuditEntry(trx, {
      orgId: actor.orgId,
      actorEmail: actor.email,
      action: 'webhook.recovered',
      targetType: 'webhook',
      targetId: webhookId,
      changes: {
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        requeued: count,
      },
      at: now,
    })
    return count
  })
  return { requeued, since, until }
}
