/**
 * Wakes delivery workers as soon as a transaction that created deliveries commits, so an event
 * reaches its receivers in milliseconds instead of at the next poll (polling is the fallback).
 * - In the process (engines without LISTEN/NOTIFY, i.e. SQLite): an EventEmitter, emitted on the
 *   next turn of the event loop. The worker's claim shares the store's one connection and queues
 *   behind the producer's transaction, so it never reads before the commit.
 * - Across processes (capability `supportsListenNotify`, PostgreSQL): `pg_notify` inside the
 *   transaction, which PostgreSQL delivers only at commit, to workers holding a LISTEN on a
 *   dedicated connection. The channel carries the schema name, so test runs in their own
 *   schemas do not wake each other.
 */
import { EventEmitter } from 'node:events'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import type { StoreCapabilities } from './store.js'

const CHANNEL_PREFIX = 'flowcerta_deliveries_'
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
    await sql`select pg_notify(${CHANNEL_PREFIX} || current_schema(), '')`.execute(trx)
    return
  }
  setImmediate(() => inProcess.emit('wake'))
}

/** Runs `onWake` on every in-process signal; returns the unsubscribe function. */
export function onNewDeliveries(onWake: () => void): () => void {
  inProcess.on('wake', onWake)
  return () => inProcess.off('wake', onWake)
}

export interface PgListenerOptions {
  connectionString: string
  /** The schema the store uses; default: the server's current_schema(). */
  schema?: string | undefined
  onWake: () => void
  onError?: (error: Error) => void
  /** Wait before reconnecting after the connection drops. Default 1 s. */
  reconnectMs?: number
}

/**
 * A dedicated pg client holding `LISTEN` (a pooled connection cannot: it is shared). Reconnects
 * after errors; while it is down the worker's polling covers. Returns the close function.
 */
export async function listenForNewDeliveries(options: PgListenerOptions): Promise<() => Promise<void>> {
  let client: pg.Client | null = null
  let closed = false
  let timer: NodeJS.Timeout | null = null
  const reconnectMs = options.reconnectMs ?? 1000

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'flowcerta-listen',
    })
    next.on('notification', () => options.onWake())
    next.on('error', (error) => {
      options.onError?.(error)
      scheduleReconnect(next)
    })
    await next.connect()
    if (options.schema !== undefined) {
      await next.query(`set search_path to "${options.schema.replaceAll('"', '""')}"`)
    }
    const result = await next.query<{ schema: string }>('select current_schema() as schema')
    const channel = `${CHANNEL_PREFIX}${result.rows[0]?.schema ?? 'public'}`
    await next.query(`listen "${channel.replaceAll('"', '""')}"`)
    if (closed) {
      await next.end()
      return
    }
    client = next
    // Rows may have been committed while we were not listening.
    options.onWake()
  }

  const scheduleReconnect = (failed: pg.Client): void => {
    if (closed || timer !== null) return
    if (client === failed) client = null
    failed.end().catch(() => {})
    timer = setTimeout(() => {
      timer = null
      connect().catch((error: Error) => {
        options.onError?.(error)
        if (!closed) timer = setTimeout(() => connect().catch(() => {}), reconnectMs)
      })
    }, reconnectMs)
  }

  await connect()
  return async () => {
    closed = true
    if (timer !== null) clearTimeout(timer)
    const current = client
    client = null
    if (current !== null) await current.end().catch(() => {})
  }
}
