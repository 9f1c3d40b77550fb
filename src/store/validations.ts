/**
 * Stored validation results and the idempotency keys of submissions. Findings are stored as one
 * JSON document per result (they are always read whole, never queried one by one); the columns
 * that lists filter on are real columns.
 */
import type { ExpressionBuilder, Kysely } from 'kysely'
import { boolFromDb, boolToDb, jsonFromDb, jsonToDb } from './codec.js'
import type { Database, ValidationsTable } from './database.js'
import { recordRuleFailures } from './rule-failures.js'

export interface StoredFinding {
  ruleId: string
  severity: string
  category: string
  location: string
  description: string
  line: number
  column: number
  activity: string
  message: string | null
  recommendation: string
  docsUrl: string
  waived: boolean
  exceptionId: string | null
  /** Path inside the project (project submissions only). */
  path?: string
  /** Identity across validations (results stored before fingerprints have none). */
  fingerprint?: string
  /** Not in the validation this one was compared with (see StoredValidation.comparedWithId). */
  isNew?: boolean
  /** Data-flow findings: the path from source to sink (path = another file of the project). */
  flow?: Array<{ path?: string; line: number; column: number; message: string }>
  /** Where the finding is in the workflow's own terms (platforms other than UiPath; SARIF). */
  logicalLocation?: { fullyQualifiedName: string; kind: string }
}

/** The project detail of a project submission's result. */
export interface StoredProjectDetail {
  name: string | null
  version: string | null
  main: string | null
  expressionLanguage: string | null
  targetFramework: string | null
  outputType: string | null
  isReframework: boolean
  files: Array<{
    path: string
    score: number
    passed: boolean
    summary: StoredSummary
    error: { code: string; message: string; line: number | null; column: number | null } | null
  }>
  invocationGraph: {
    invocations: number
    resolved: number
    missing: number
    dynamic: number
    reachableWorkflows: number
  }
  skipped: Array<{ path: string; reason: string }>
}

export interface StoredSummary {
  critical: number
  high: number
  medium: number
  low: number
  total: number
}

export interface StoredValidation {
  id: string
  orgId: string
  platform: string
  fileName: string
  label: string | null
  passed: boolean
  score: number
  enforcementMode: string
  policyPackSlug: string
  validatedAt: number
  submittedByEmail: string
  contentSha256: string
  sizeBytes: number
  summary: StoredSummary
  findings: StoredFinding[]
  ruleErrors: { ruleId: string; message: string }[]
  /** project.json's name (project submissions; null for a single file). */
  projectName: string | null
  /** The project detail (project submissions; null for a single file). */
  project: StoredProjectDetail | null
  /**
   * The earlier validation `isNew` was decided against, or null when there was none — or when
   * retention has pruned it since (read through `comparedWithLive`).
   */
  comparedWithId: string | null
}

/** A validations row as read: the stored columns, and the comparison base if it is still there. */
type ValidationRow = ValidationsTable & { compared_with_live: string | null }

/**
 * `compared_with_id` if that validation still exists, else null: retention prunes results oldest
 * first, so a kept result can name a base that is gone. Resolved on read (a primary-key probe per
 * row) rather than nulled by the prune: finding the rows that name a pruned base would need an
 * index on `compared_with_id` (a migration) or a scan of the whole table per batch.
 */
function comparedWithLive(eb: ExpressionBuilder<Database, 'validations'>) {
  return eb
    .selectFrom('validations as base')
    .select('base.id')
    .whereRef('base.id', '=', 'validations.compared_with_id')
    .as('compared_with_live')
}

/** Every column of the validations rows selected, plus `compared_with_live`. */
function selectValidations(db: Kysely<Database>) {
  return db.selectFrom('validations').selectAll('validations').select(comparedWithLive)
}

function fromRow(row: ValidationRow): StoredValidation {
  return {
    id: row.id,
    orgId: row.org_id,
    platform: row.platform,
    fileName: row.file_name,
    label: row.label,
    passed: boolFromDb(row.passed),
    score: row.score,
    enforcementMode: row.enforcement_mode,
    policyPackSlug: row.policy_pack_slug,
    validatedAt: row.validated_at,
    submittedByEmail: row.submitted_by_email,
    contentSha256: row.content_sha256,
    sizeBytes: row.size_bytes,
    summary: jsonFromDb<StoredSummary>(row.summary_json),
    findings: jsonFromDb<StoredFinding[]>(row.findings_json),
    ruleErrors: jsonFromDb<{ ruleId: string; message: string }[]>(row.rule_errors_json),
    projectName: row.project_name,
    project: row.project_json === null ? null : jsonFromDb<StoredProjectDetail>(row.project_json),
    comparedWithId: row.compared_with_live,
  }
}

export async function insertValidation(db: Kysely<Database>, validation: StoredValidation): Promise<void> {
  await db
    .insertInto('validations')
    .values({
      id: validation.id,
      org_id: validation.orgId,
      platform: validation.platform,
      file_name: validation.fileName,
      label: validation.label,
      passed: boolToDb(validation.passed),
      score: validation.score,
      enforcement_mode: validation.enforcementMode,
      policy_pack_slug: validation.policyPackSlug,
      validated_at: validation.validatedAt,
      submitted_by_email: validation.submittedByEmail,
      content_sha256: validation.contentSha256,
      size_bytes: validation.sizeBytes,
      summary_json: jsonToDb(validation.summary),
      findings_json: jsonToDb(validation.findings),
      rule_errors_json: jsonToDb(validation.ruleErrors),
      project_name: validation.projectName,
      project_json: validation.project === null ? null : jsonToDb(validation.project),
      compared_with_id: validation.comparedWithId,
    })
    .execute()
  if (validation.projectName !== null)
    await recordProjectValidation(db, validation.orgId, validation.projectName, validation.id)
  await recordRuleFailures(db, validation.orgId, validation.validatedAt, validation.findings)
}

/**
 * Keeps the project's row in step, in the caller's transaction: one more validation, and the
 * latest is the greater id (so a transaction that commits late with an older id never wins).
 */
async function recordProjectValidation(
  db: Kysely<Database>,
  orgId: string,
  name: string,
  validationId: string,
): Promise<void> {
  await db
    .insertInto('projects')
    .values({ org_id: orgId, name, latest_validation_id: validationId, validations: 1 })
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'name']).doUpdateSet((eb) => ({
        validations: eb('projects.validations', '+', 1),
        latest_validation_id: eb
          .case()
          .when(eb.ref('excluded.latest_validation_id'), '>', eb.ref('projects.latest_validation_id'))
          .then(eb.ref('excluded.latest_validation_id'))
          .else(eb.ref('projects.latest_validation_id'))
          .end(),
      })),
    )
    .execute()
}

export async function getValidation(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<StoredValidation | null> {
  const row = await selectValidations(db).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
  return row === undefined ? null : fromRow(row)
}

/**
 * The validation a new one is compared with for `isNew`: the latest earlier one of the same
 * project (by project.json name), or, for a submission without a project name, of the same file
 * name and label. Uses the (org, project/file, …, id) indexes of migration 008.
 */
export async function findPreviousValidation(
  db: Kysely<Database>,
  orgId: string,
  same: { projectName: string } | { fileName: string; label: string | null },
): Promise<StoredValidation | null> {
  let select = selectValidations(db).where('org_id', '=', orgId)
  if ('projectName' in same) select = select.where('project_name', '=', same.projectName)
  else {
    select = select.where('file_name', '=', same.fileName).where('project_name', 'is', null)
    select = same.label === null ? select.where('label', 'is', null) : select.where('label', '=', same.label)
  }
  const row = await select.orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row === undefined ? null : fromRow(row)
}

export interface ValidationFilters {
  orgId: string
  /** project.json's name (project submissions). */
  projectName?: string | undefined
  fileName?: string | undefined
  label?: string | undefined
  passed?: boolean | undefined
  policyPack?: string | undefined
  /** `uipath`, `power-automate`, `blue-prism`. */
  platform?: string | undefined
  /** validatedAt ≥ since (epoch ms). */
  since?: number | undefined
  /** validatedAt < until (epoch ms). */
  until?: number | undefined
  /** Keyset pagination: ids below this one (ids are time-ordered). */
  beforeId?: string | undefined
  limit: number
}

/** Newest first. */
export async function listValidations(
  db: Kysely<Database>,
  filters: ValidationFilters,
): Promise<StoredValidation[]> {
  let select = selectValidations(db).where('org_id', '=', filters.orgId)
  if (filters.projectName !== undefined) select = select.where('project_name', '=', filters.projectName)
  if (filters.fileName !== undefined) select = select.where('file_name', '=', filters.fileName)
  if (filters.label !== undefined) select = select.where('label', '=', filters.label)
  if (filters.passed !== undefined) select = select.where('passed', '=', boolToDb(filters.passed))
  if (filters.policyPack !== undefined) select = select.where('policy_pack_slug', '=', filters.policyPack)
  if (filters.platform !== undefined) select = select.where('platform', '=', filters.platform)
  if (filters.since !== undefined) select = select.where('validated_at', '>=', filters.since)
  if (filters.until !== undefined) select = select.where('validated_at', '<', filters.until)
  if (filters.beforeId !== undefined) select = select.where('id', '<', filters.beforeId)
  const rows = await select.orderBy('id', 'desc').limit(filters.limit).execute()
  return rows.map(fromRow)
}

export interface IdempotencyRecord {
  requestSha256: string
  validationId: string
  createdAt: number
}

export async function findIdempotencyKey(
  db: Kysely<Database>,
  orgId: string,
  key: string,
): Promise<IdempotencyRecord | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row === undefined
    ? null
    : { requestSha256: row.request_sha256, validationId: row.validation_id, createdAt: row.created_at }
}

/**
 * Stores the key. A concurrent request with the same key makes this fail with a unique
 * violation, which the caller turns into "return the winner's result".
 */
export async function insertIdempotencyKey(
  db: Kysely<Database>,
  orgId: string,
  key: string,
  record: IdempotencyRecord,
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      org_id: orgId,
      key,
      request_sha256: record.requestSha256,
      validation_id: record.validationId,
      created_at: record.createdAt,
    })
    .execute()
}

/**
 * Forgets a key created at or before `createdAtOrBefore` (used when an expired key is reused).
 * Never a live key: a concurrent request that stored the same key a moment ago keeps it, and this
 * request's insert then fails with the unique violation that replays the winner.
 */
export async function deleteIdempotencyKey(
  db: Kysely<Database>,
  orgId: string,
  key: string,
  createdAtOrBefore: number,
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .where('created_at', '<=', createdAtOrBefore)
    .execute()
}

/** A project of an org: its latest validation, the score before it, and how many it has had. */
export interface StoredProjectSummary {
  name: string
  latest: StoredValidation
  /** The score of the project's validation before the latest (by id); null when the latest is its first. */
  previousScore: number | null
  validations: number
}

/**
 * The org's projects (project submissions with a project.json name), most recently validated
 * first, keyset-paged by the latest validation's id (ids are time-ordered): one row per project
 * from `projects` (kept by insertValidation), then the latest validations by id.
 */
export async function listProjects(
  db: Kysely<Database>,
  filters: { orgId: string; beforeLatestId?: string | undefined; limit: number },
): Promise<StoredProjectSummary[]> {
  let select = db
    .selectFrom('projects')
    .selectAll()
    // The validation before the latest: one index probe per listed project on
    // validations_org_project_id (org_id, project_name, id), newest first below the latest id.
    .select((eb) =>
      eb
        .selectFrom('validations as previous')
        .select('previous.score')
        .whereRef('previous.org_id', '=', 'projects.org_id')
        .whereRef('previous.project_name', '=', 'projects.name')
        .whereRef('previous.id', '<', 'projects.latest_validation_id')
        .orderBy('previous.id', 'desc')
        .limit(1)
        .as('previous_score'),
    )
    .where('org_id', '=', filters.orgId)
  if (filters.beforeLatestId !== undefined)
    select = select.where('latest_validation_id', '<', filters.beforeLatestId)
  const projects = await select.orderBy('latest_validation_id', 'desc').limit(filters.limit).execute()
  if (projects.length === 0) return []
  const rows = await selectValidations(db)
    .where('org_id', '=', filters.orgId)
    .where(
      'id',
      'in',
      projects.map((project) => project.latest_validation_id),
    )
    .execute()
  const byId = new Map(rows.map((row) => [row.id, fromRow(row)]))
  return projects.flatMap((project) => {
    const latest = byId.get(project.latest_validation_id)
    return latest === undefined
      ? []
      : [
          {
            name: project.name,
            latest,
            previousScore: project.previous_score === null ? null : Number(project.previous_score),
            validations: Number(project.validations),
          },
        ]
  })
}
