/**
 * Chooses the engine from the database URL: `postgres://` or `postgresql://` → PostgreSQL;
 * anything without a URL scheme → a SQLite file path (or ':memory:'). Any other `scheme://` is
 * refused, naming only the scheme so that a password in the URL never reaches a log.
 */
import { PostgresStore } from './postgres/postgres-store.js'
import { SqliteStore } from './sqlite/sqlite-store.js'
import type { Store } from './store.js'

export interface OpenStoreOptions {
  /** `postgres://…`, `postgresql://…`, a SQLite file path, or ':memory:'. */
  databaseUrl: string
  /** PostgreSQL only: schema to create and use as search_path. */
  schema?: string
  /** PostgreSQL only: maximum pooled connections. */
  poolSize?: number
}

const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//

export function openStore(options: OpenStoreOptions): Store {
  const { databaseUrl } = options
  if (databaseUrl.trim() === '') throw new Error('database URL is empty')
  const scheme = URL_SCHEME.exec(databaseUrl)?.[1]?.toLowerCase()
  if (scheme === undefined) {
    if (options.schema !== undefined) throw new Error('the schema option applies to PostgreSQL only')
    return new SqliteStore({ filename: databaseUrl })
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return new PostgresStore({
      connectionString: databaseUrl,
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    })
  }
  throw new Error(
    `unsupported database URL scheme "${scheme}://": use postgres:// or postgresql://, a SQLite file path, or :memory:`,
  )
}
