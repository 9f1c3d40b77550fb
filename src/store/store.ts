/**
 * The storage interface. One implementation per engine (SqliteStore, PostgresStore); all queries
 * are written once with Kysely against `Database`, and the few things that really differ between
 * the engines are declared in `StoreCapabilities` instead of being tested for by name.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

export type StoreEngine = 'sqlite' | 'postgres'

/** What an engine can do; callers branch on these, never on the engine's name. */
export interface StoreCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` for concurrent claimers (PostgreSQL). */
  readonly supportsSkipLocked: boolean
  /** LISTEN/NOTIFY across processes (PostgreSQL); otherwise an in-process signal. */
  readonly supportsListenNotify: boolean
  /**
   * How SQL written as text (sql-text.ts) spells bound parameters: `?` (SQLite) or `$1…$n`
   * (PostgreSQL). The text is always written with `?` and converted when this says `$n`.
   */
  readonly sqlPlaceholders: '?' | '$n'
  /**
   * Data-modifying statements inside `WITH` and array parameters (`unnest($1::text[])`)
   * (PostgreSQL): the outbox fan-out and the delivery cycle then run as one statement each,
   * one round trip to the server instead of one per step.
   */
  readonly supportsWritableCtes: boolean
}

export interface MigrationReport {
  /** Names of the migrations applied by this call, in order (empty when already current). */
  applied: string[]
}

export interface Store {
  readonly engine: StoreEngine
  readonly capabilities: StoreCapabilities
  /** The query builder, for the repository modules in src/store/ and later domain modules. */
  readonly db: Kysely<Database>
  /** Applies pending numbered migrations. Safe to call from several processes at once. */
  migrate(): Promise<MigrationReport>
  /** Runs `fn` in one transaction: all of its writes commit together or none do. */
  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>
  /**
   * Calls `onWake` each time a transaction that created deliveries commits (they call
   * `signalNewDeliveries`, delivery-wake-signal.ts): in this process, and with
   * `supportsListenNotify` in every process on the database, through a dedicated LISTEN
   * connection that reconnects by itself (`onError` hears why it dropped; polling covers the
   * gap). Resolves, once listening, to the function that stops it.
   */
  listenForNewDeliveries(onWake: () => void, onError?: (error: Error) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}
