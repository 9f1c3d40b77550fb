/**
 * PostgreSQL's side of the delivery wake-up (see ../delivery-wake-signal.ts): a dedicated pg
 * client holding `LISTEN` on the schema's delivery channel, for `PostgresStore.listenForNewDeliveries`.
 */
import pg from 'pg'
import { DELIVERY_CHANNEL_PREFIX } from '../delivery-wake-signal.js'

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
export async function listenOnDeliveryChannel(options: PgListenerOptions): Promise<() => Promise<void>> {
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
    const channel = `${DELIVERY_CHANNEL_PREFIX}${result.rows[0]?.schema ?? 'public'}`
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
