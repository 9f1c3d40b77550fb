/**
 * Webhook health as the delivery engine records it: a 2xx ends a webhook's failure run, a failure
 * opens one, and a run too long (or a 410) disables the webhook, failing its pending deliveries.
 * Called by src/webhooks/delivery/complete-deliveries.ts in its transaction.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'
import { failPendingDeliveries } from './delivery-lifecycle.js'
import { placeholders, runSqlText, type SqlTextCapabilities } from './sql-text.js'
import type { WebhookDisabledReason } from './webhooks.js'

/**
 * `last_success_at` is stamped again only when the stamp is older than this: a busy webhook would
 * otherwise rewrite its row in every completion batch, for a figure nobody reads to the millisecond.
 */
export const SUCCESS_STAMP_RESOLUTION_MS = 1_000

/**
 * 2xx answers arrived from these webhooks: their failure runs end and `last_success_at` moves on.
 * One UPDATE for all of them; a row is written only when that changes something (a failure run to
 * end, a stamp older than SUCCESS_STAMP_RESOLUTION_MS), so it is usually not even locked.
 */
export async function markWebhooksSucceeded(
  db: Kysely<Database>,
  capabilities: SqlTextCapabilities,
  webhookIds: readonly string[],
  at: number,
): Promise<void> {
  if (webhookIds.length === 0) return
  // SQL text: it runs in every completion (see sql-text.ts).
  await runSqlText(
    db,
    capabilities,
    `update webhooks set last_success_at = ?, failing_since = null
     where id in (${placeholders(webhookIds.length)})
       and (failing_since is not null or last_success_at is null or last_success_at <= ?)`,
    [at, ...[...webhookIds].sort(), at - SUCCESS_STAMP_RESOLUTION_MS],
  )
}

/**
 * An attempt failed: starts the failure run if none is open. Returns when the run started, so the
 * caller can disable the webhook (reason `failing`) once it is 5 days old; null if there is no
 * such webhook.
 */
export async function markWebhookFailure(
  db: Kysely<Database>,
  webhookId: string,
  at: number,
): Promise<number | null> {
  await db
    .updateTable('webhooks')
    .set({ failing_since: at })
    .where('id', '=', webhookId)
    .where('failing_since', 'is', null)
    .execute()
  const row = await db
    .selectFrom('webhooks')
    .select('failing_since')
    .where('id', '=', webhookId)
    .executeTakeFirst()
  return row?.failing_since ?? null
}

/**
 * Turns a webhook off with a reason, and fails its pending deliveries (`last_error_class`
 * `webhook_disabled`) so nothing more is sent; re-enabling does not resend them, recover does.
 * Returns how many deliveries were failed.
 */
export async function disableWebhook(
  db: Kysely<Database>,
  webhookId: string,
  reason: WebhookDisabledReason,
  at: number,
): Promise<number> {
  await db
    .updateTable('webhooks')
    .set({ enabled: 0, disabled_reason: reason, updated_at: at })
    .where('id', '=', webhookId)
    .where('deleted_at', 'is', null)
    .execute()
  return failPendingDeliveries(db, { webhookId }, at)
}
