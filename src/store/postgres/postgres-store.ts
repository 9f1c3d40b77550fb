/**
 * PostgreSQL engine: a `pg` Pool under Kysely's PostgresDialect, for any number of API and
 * worker processes sharing one database.
 *
 * - int8 (oid 20: bigint columns, count(*)) is parsed to a JS number by this pool's own type
 *   parsers, leaving the process-wide `pg.types` untouched. Values stay exact up to 2^53-1,
 *   which covers epoch-ms times and counts.
 * - With `schema`, every connection's search_path is set to that schema and `migrate()` creates
 *   it when missing, so a test run (or a tenant) can live in its own schema.
 */
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../database.js'
import { isUniqueViolation } from '../errors.js'
import { runMigrations } from '../run-migrations.js'
import { PREPARED_STATEMENT_PREFIX } from '../sql-text.js'
import type { MigrationReport, Store, StoreCapabilities, StoreEngine } from '../store.js'
import { listenOnDeliveryChannel } from './postgres-delivery-listener.js'

export interface PostgresStoreOptions {
  /** `postgres://` or `postgresql://` URL. */
  connectionString: string
  /** Schema to create (on migrate) and use as search_path on every connection. */
  schema?: string
  /** Maximum connections in the pool. Default 10. */
  poolSize?: number
  /**
   * Called when an idle pooled connection fails (e.g. the server restarted). The pool drops the
   * connection either way; without a listener such an error would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void
}

const POSTGRES_CAPABILITIES: StoreCapabilities = Object.freeze({
  supportsSkipLocked: true,
  supportsListenNotify: true,
  sqlPlaceholders: '$n',
  supportsWritableCtes: true,
})

const INT8_OID = 20
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function int8TypeParsers(): pg.TypeOverrides {
  const types = new pg.TypeOverrides()
  types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value))
  return types
}

/**
 * A pg client that runs texts marked with PREPARED_STATEMENT_PREFIX (sql-text.ts) as named
 * prepared statements: Kysely's driver passes only text and values, so the name rides in a
 * leading comment. Every other query goes through unchanged.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this only adds a name to one form.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED_STATEMENT_PREFIX) && Array.isArray(values)) {
      const name = config.slice(PREPARED_STATEMENT_PREFIX.length, config.indexOf(' */'))
      return super.query({ name, text: config, values }, callback)
    }
    return super.query(config, values, callback)
  }
}

export class PostgresStore implements Store {
  readonly engine: StoreEngine = 'postgres'
  readonly capabilities: StoreCapabilities = POSTGRES_CAPABILITIES
  readonly db: Kysely<Database>
  /** The schema given in the options, if any. */
  readonly schema: string | undefined
  readonly #pool: pg.Pool
  /** For the LISTEN connection, which cannot be a pooled one. */
  readonly #connectionString: string
  #closing: Promise<void> | undefined

  constructor(options: PostgresStoreOptions) {
    const { schema } = options
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and _`)
    }
    this.schema = schema
    this.#connectionString = options.connectionString
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      Client: PreparingClient,
      types: int8TypeParsers(),
      application_name: 'flowcerta',
    })
    const onIdleError = options.onIdleConnectionError ?? (() => {})
    this.#pool.on('error', onIdleError)
    const onCreateConnection =
      schema === undefined
        ? undefined
        : async (connection: DatabaseConnection): Promise<void> => {
            await connection.executeQuery(CompiledQuery.raw(`set search_path to ${quoteIdentifier(schema)}`))
          }
    this.db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: this.#pool,
        ...(onCreateConnection ? { onCreateConnection } : {}),
      }),
    })
  }

  async migrate(): Promise<MigrationReport> {
    const schema = this.schema ?? (await this.#currentSchema())
    if (this.schema !== undefined) await this.#ensureSchema(this.schema)
    return runMigrations(this.db, { migrationTableSchema: schema })
  }

  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn)
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db)
  }

  listenForNewDeliveries(onWake: () => void, onError?: (error: Error) => void): Promise<() => Promise<void>> {
    return listenOnDeliveryChannel({
      connectionString: this.#connectionString,
      schema: this.schema,
      onWake,
      ...(onError === undefined ? {} : { onError }),
    })
  }

  close(): Promise<void> {
    this.#closing ??= this.db.destroy()
    return this.#closing
  }

  /**
   * Where unqualified tables go when no schema was given (normally `public`). Named explicitly
   * to the Migrator: otherwise it looks for its bookkeeping tables in every schema and can
   * mistake another schema's for ours.
   */
  async #currentSchema(): Promise<string> {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(this.db)
    const schema = rows[0]?.schema
    if (!schema) throw new Error('PostgreSQL search_path names no existing schema; set the schema option')
    return schema
  }

  async #ensureSchema(schema: string): Promise<void> {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(this.db)
    } catch (error) {
      // Two sessions creating the same schema at once: the loser may get a unique violation on
      // pg_namespace even with IF NOT EXISTS. The schema exists either way.
      if (!isUniqueViolation(error)) throw error
    }
  }
}
