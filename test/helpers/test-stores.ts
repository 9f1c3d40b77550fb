/**
 * Stores for tests, on every engine available. SQLite always; PostgreSQL when
 * FLOWCERTA_TEST_DATABASE_URL is set (CI must set it: there a missing URL is an error, not a
 * skip). Each store is isolated: a fresh temp file, or a fresh `t_<random>` schema.
 *
 *   describe.each(testEngines())('%s', (engine) => {
 *     let t: TestStore
 *     beforeEach(async () => { t = await openTestStore(engine) })
 *     afterEach(() => t.cleanup())
 *   })
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, sql } from 'kysely'
import pg from 'pg'
import { MIGRATIONS, migrationProvider } from '../../src/store/migrations/index.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store, StoreEngine } from '../../src/store/store.js'

export const TEST_DATABASE_URL_ENV = 'FLOWCERTA_TEST_DATABASE_URL'

let skipNoticePrinted = false

/** The engines to run against: 'sqlite', plus 'postgres' when FLOWCERTA_TEST_DATABASE_URL is set. */
export function testEngines(): StoreEngine[] {
  if (process.env[TEST_DATABASE_URL_ENV]) return ['sqlite', 'postgres']
  if (process.env.CI === 'true') {
    throw new Error(
      `${TEST_DATABASE_URL_ENV} must be set in CI: the PostgreSQL cases may not be skipped there`,
    )
  }
  if (!skipNoticePrinted) {
    skipNoticePrinted = true
    console.warn(
      `[flowcerta] PostgreSQL cases skipped: set ${TEST_DATABASE_URL_ENV}=postgres://127.0.0.1:5432/test to run them`,
    )
  }
  return ['sqlite']
}

export interface TestStore {
  readonly engine: StoreEngine
  /** Migrated unless opened with `{ migrate: false }`. */
  readonly store: Store
  /** What `openStore` needs to reach the same database: the URL, and the schema on PostgreSQL. */
  readonly databaseUrl: string
  readonly schema: string | undefined
  /**
   * Whether two Stores on this database may write at the same time in one process: not on SQLite,
   * where better-sqlite3 is synchronous and one would block the thread the other needs (separate
   * processes are fine: they wait for the file's lock).
   */
  readonly concurrentStoresInOneProcess: boolean
  /** Another, unmigrated Store on the same database (closed by `cleanup`). */
  open(options?: { poolSize?: number }): Store
  /** Closes every store opened here and drops the schema / deletes the files. Idempotent. */
  cleanup(): Promise<void>
}

export async function openTestStore(
  engine: StoreEngine,
  options: { migrate?: boolean } = {},
): Promise<TestStore> {
  const target = engine === 'postgres' ? postgresTarget() : sqliteTarget()
  const opened: Store[] = []
  const open = (extra: { poolSize?: number } = {}): Store => {
    const store = openStore({
      databaseUrl: target.databaseUrl,
      ...(target.schema !== undefined ? { schema: target.schema } : {}),
      ...extra,
    })
    opened.push(store)
    return store
  }
  let cleaning: Promise<void> | undefined
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      await Promise.allSettled(opened.map((store) => store.close()))
      await target.remove()
    })()
    return cleaning
  }
  try {
    const store = open()
    if (options.migrate !== false) await tolerantOfOtherRuns(() => store.migrate())
    return {
      engine,
      store,
      databaseUrl: target.databaseUrl,
      schema: target.schema,
      concurrentStoresInOneProcess: engine === 'postgres',
      open,
      cleanup,
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}

interface Target {
  databaseUrl: string
  schema: string | undefined
  remove(): Promise<void>
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'flowcerta-test-'))
  return {
    databaseUrl: join(dir, 'flowcerta.db'),
    schema: undefined,
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

function postgresTarget(): Target {
  const databaseUrl = process.env[TEST_DATABASE_URL_ENV]
  if (!databaseUrl) throw new Error(`${TEST_DATABASE_URL_ENV} is not set`)
  const schema = `t_${randomBytes(8).toString('hex')}`
  return {
    databaseUrl,
    schema,
    remove: () => dropPostgresSchema(databaseUrl, schema),
  }
}

/** Drops a test run's schema and everything in it. */
export async function dropPostgresSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await client.end()
  }
}

/**
 * Kysely's migrator introspects every schema of the database; when another test file drops its
 * `t_…` schema at that moment, PostgreSQL reports that schema as missing and the migration of
 * THIS store fails. Only tests create and drop schemas concurrently, so the retry lives here.
 */
export async function tolerantOfOtherRuns<T>(migrate: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrate()
    } catch (error) {
      const message = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)
      if (attempt >= 5 || !/schema "t_[0-9a-z_]+" does not exist/i.test(message)) throw error
    }
  }
}

/**
 * A store migrated up to the migration just before `name`, as an installation from before it
 * was: a migration's backfill is tested by writing old rows there and then running
 * `tolerantOfOtherRuns(() => t.store.migrate())`.
 */
export async function openTestStoreBefore(engine: StoreEngine, name: string): Promise<TestStore> {
  const t = await openTestStore(engine, { migrate: false })
  const names = Object.keys(MIGRATIONS)
  const before = names[names.indexOf(name) - 1]
  if (before === undefined) throw new Error(`no migration before ${name}`)
  if (t.schema !== undefined) await sql`create schema if not exists ${sql.id(t.schema)}`.execute(t.store.db)
  const migrator = new Migrator({
    db: t.store.db,
    provider: migrationProvider,
    ...(t.schema !== undefined ? { migrationTableSchema: t.schema } : {}),
  })
  try {
    await tolerantOfOtherRuns(async () => {
      const { error } = await migrator.migrateTo(before)
      if (error !== undefined) throw error
    })
  } catch (error) {
    await t.cleanup()
    throw error
  }
  return t
}
