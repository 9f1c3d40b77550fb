/**
 * Wakes delivery workers as soon as a transaction that created deliveries commits, so an event
 * reaches its receivers in milliseconds instead of at the next poll (polling is the fallback).
 * - In the process (engines without LISTEN/NOTIFY, i.e. SQLite): an EventEmitter, emitted on the
 *   next turn of the event loop. The worker's claim shares the store's one connection and queues
 *   behind the producer's transaction, so it never reads before the commit.
 * - Across processes (capability `supportsListenNotify`, PostgreSQL): `pg_notify` inside the
 *   transaction, which PostgreSQL delivers only at commit, to workers holding a LISTEN on a
 *   dedicated connection (postgres/postgres-delivery-listener.ts). The channel carries the schema
 *   name, so test runs in their own schemas do not wake each other.
 * Workers subscribe through `store.listenForNewDeliveries`, which picks the way for its engine.
 */
import { EventEmitter } from 'node:events'
import { type Kysely, sql } from 'kysely'
import type { Database } from './database.js'
import type { StoreCapabilities } from './store.js'

/** The NOTIFY channel is this plus the schema name (postgres/postgres-delivery-listener.ts LISTENs). */
export const DELIVERY_CHANNEL_PREFIX = 'flowcerta_deliveries_'
const inProcess = new EventEmitter()
inProcess.setMaxListeners(0)

/** Call inside the transaction that inserted delivery rows (the fan-out, redeliver, recover). */
export async function signalNewDeliveries(
  trx: Kysely<Database>,
  capabilities: Pick<StoreCapabilities, 'supportsListenNotify'>,
): Promise<void> {
  if (capabilities.supportsListenNotify) {
    // Delivered at commit, to every listener — this process's worker included. An in-process
    // signal here would fire before the commit and find nothing.
    await sql`select pg_notify(${DELIVERY_CHANNEL_PREFIX} || current_schema(), '')`.execute(trx)
    return
  }
  setImmediate(() => inProcess.emit('wake'))
}

/** Runs `onWake` on every in-process signal; returns the unsubscribe function (SqliteStore's listener). */
export function onNewDeliveries(onWake: () => void): () => void {
  inProcess.on('wake', onWake)
  return () => inProcess.off('wake', onWake)
}
