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
  /** More than one process may write at once (PostgreSQL); SQLite has a single writer. */
  readonly supportsMultipleProcesses: boolean
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
  close(): Promise<void>
}
