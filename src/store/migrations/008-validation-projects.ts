/**
 * 008: project submissions. Never edit after landing.
 * - `validations.project_name`: project.json's name for a project submission (null for a single
 *   file, or a project without a name), so results can be listed per project; indexed with the
 *   org and the id (ids are time-ordered) for "latest results of this project" lists.
 * - `validations.project_json`: the project detail of the stored result (project.json facts, the
 *   per-file list with scores, the invocation-graph summary, what was skipped), read whole.
 * - `validations.compared_with_id`: the earlier validation (same project, or same file name and
 *   label) whose findings decided each finding's `isNew`; null when there was none.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('validations').addColumn('project_name', 'text').execute()
  await db.schema.alterTable('validations').addColumn('project_json', 'text').execute()
  await db.schema.alterTable('validations').addColumn('compared_with_id', 'text').execute()
  await db.schema
    .createIndex('validations_org_file_label_id')
    .on('validations')
    .columns(['org_id', 'file_name', 'label', 'id'])
    .execute()
  await db.schema
    .createIndex('validations_org_project_id')
    .on('validations')
    .columns(['org_id', 'project_name', 'id'])
    .execute()
}
