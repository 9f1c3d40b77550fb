/**
 * 010: one row per project of an org, kept in step with its validations. Never edit after landing.
 * `GET /api/v1/projects` lists the org's projects newest first; grouping every validation of the
 * org for it cost 13 ms (SQLite) and 68 ms (PostgreSQL) at 100,000 results
 * (bench/project-history.bench.ts). The row is upserted in the transaction that stores each
 * project validation (store/validations.ts), so listing reads one row per project.
 * Rows for validations stored before this migration are filled from them here.
 */
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('latest_validation_id', 'text', (column) => column.notNull())
    .addColumn('validations', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('projects_pk', ['org_id', 'name'])
    .execute()
  await db.schema
    .createIndex('projects_org_latest')
    .on('projects')
    .columns(['org_id', 'latest_validation_id'])
    .execute()
  await sql`insert into projects (org_id, name, latest_validation_id, validations)
    select org_id, project_name, max(id), count(*) from validations
    where project_name is not null group by org_id, project_name`.execute(db)
}
