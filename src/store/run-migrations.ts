/**
 * Applies pending migrations with Kysely's Migrator. Shared by both engines; the engine decides
 * only where the bookkeeping tables live (`migrationTableSchema`, PostgreSQL).
 *
 * Concurrency: on PostgreSQL the Migrator holds a session advisory lock around the run and
 * applies all pending migrations in one transaction, so several processes may call this at once:
 * one applies, the others wait and then find nothing to do. On SQLite the run is one
 * `BEGIN IMMEDIATE` transaction (see sqlite-store.ts), which serialises processes the same way.
 */
import { type Kysely, Migrator } from 'kysely'
import type { Database } from './database.js'
import { migrationProvider } from './migrations/index.js'
import type { MigrationReport } from './store.js'

export interface RunMigrationsOptions {
  /** Schema holding `kysely_migration` and `kysely_migration_lock` (PostgreSQL only). */
  migrationTableSchema?: string
}

export async function runMigrations(
  db: Kysely<Database>,
  options: RunMigrationsOptions = {},
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')
    const where = failed ? `migration ${failed.migrationName} failed` : 'migration run failed'
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`${where}: ${reason}`, { cause: error })
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  }
}
