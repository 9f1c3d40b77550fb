/**
 * SQLite engine: better-sqlite3 (12.x — 13 crashes on Node 20) under Kysely's SqliteDialect.
 *
 * One connection per Store; Kysely serialises every query and transaction through it. So inside
 * `transaction(fn)` use only the `trx` handed to `fn`: a query on `store.db` from inside `fn`
 * waits for the transaction to finish, which never happens.
 *
 * A new database file is created 0600 in a 0700 folder, whatever the umask (private-files.ts).
 *
 * WAL checkpoints run on a worker thread (wal-checkpointer.ts), not inside a random commit.
 *
 * Transactions start with `BEGIN IMMEDIATE`, taking the write lock up front: a second process
 * (say `flowcerta migrate` beside a running server) then waits up to `busy_timeout` instead of
 * failing with SQLITE_BUSY when a read-then-write transaction tries to upgrade its lock.
 *
 * Prepared statements are cached per SQL text (Kysely's driver would prepare every query anew,
 * which profiles showed to be a large share of the delivery engine's time). Safe on the one
 * connection: Kysely runs one query at a time on it, and SQLite re-prepares a cached statement by
 * itself after a schema change.
 */
import BetterSqlite3 from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely'
import { createPrivateFileIfMissing } from '../../config/private-files.js'
import type { Database } from '../database.js'
import { onNewDeliveries } from '../delivery-wake-signal.js'
import { runMigrations } from '../run-migrations.js'
import type { MigrationReport, Store, StoreCapabilities, StoreEngine } from '../store.js'
import { WalCheckpointer } from './wal-checkpointer.js'

export interface SqliteStoreOptions {
  /** Path of the database file (it and its folder are created, private, if missing), or ':memory:'. */
  filename: string
  /** Milliseconds to wait for another process's write lock. Default 5000. */
  busyTimeoutMs?: number
}

const SQLITE_CAPABILITIES: StoreCapabilities = Object.freeze({
  supportsSkipLocked: false,
  supportsListenNotify: false,
  sqlPlaceholders: '?',
  supportsWritableCtes: false,
})

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

/** SQLite runs DDL inside transactions; telling Kysely so makes each migration run atomic. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

/** Distinct SQL texts kept prepared; past this the oldest is dropped. */
const STATEMENT_CACHE_SIZE = 500

/** The database as Kysely's driver sees it, with `prepare` answered from a cache. */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    prepare(text: string) {
      let statement = cache.get(text)
      if (statement === undefined) {
        statement = database.prepare(text)
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value
          if (oldest !== undefined) cache.delete(oldest)
        }
        cache.set(text, statement)
      }
      return statement
    },
    close() {
      cache.clear()
      database.close()
    },
  }
}

class FlowcertaSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase

  constructor(database: BetterSqlite3.Database) {
    const cached = withStatementCache(database)
    super({ database: cached })
    this.#database = cached
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

export class SqliteStore implements Store {
  readonly engine: StoreEngine = 'sqlite'
  readonly capabilities: StoreCapabilities = SQLITE_CAPABILITIES
  readonly db: Kysely<Database>
  readonly #checkpointer: WalCheckpointer | null
  #closing: Promise<void> | undefined

  constructor(options: SqliteStoreOptions) {
    const { filename } = options
    // Created 0600 (its missing folders 0700) before SQLite opens it: SQLite would make it 0644
    // under the usual umask, and it gives the -wal and -shm files the database file's mode.
    if (filename !== ':memory:') createPrivateFileIfMissing(filename)
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000
    const database = new BetterSqlite3(filename, { timeout: busyTimeoutMs })
    try {
      database.pragma('journal_mode = WAL')
      database.pragma('synchronous = NORMAL')
      database.pragma('foreign_keys = ON')
      database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
      this.#checkpointer = filename === ':memory:' ? null : new WalCheckpointer(database, filename)
    } catch (error) {
      database.close()
      throw error
    }
    this.db = new Kysely<Database>({ dialect: new FlowcertaSqliteDialect(database) })
  }

  migrate(): Promise<MigrationReport> {
    return runMigrations(this.db)
  }

  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn)
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db)
  }

  /** In-process only: a SQLite file has no cross-process notification (polling covers others). */
  async listenForNewDeliveries(onWake: () => void): Promise<() => Promise<void>> {
    const unsubscribe = onNewDeliveries(onWake)
    return async () => unsubscribe()
  }

  close(): Promise<void> {
    // The thread's connection closes first, so the last one (ours) folds the WAL in and removes it.
    this.#closing ??= (async () => {
      await this.#checkpointer?.close()
      await this.db.destroy()
    })()
    return this.#closing
  }
}
