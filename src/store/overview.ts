/**
 * The org overview's reads (GET /api/v1/overview), each one indexed query:
 * - per UTC day: validations, passed, mean score (validations_org_day, migration 012);
 * - the projects whose latest validation scores lowest (projects → validations by primary key);
 * - approved exceptions expiring within a window (risk_exceptions_org_status_idx);
 * - webhooks that are failing or disabled (an org has few webhooks).
 * The rules that fail most are rule-failures.ts's.
 */
import { type Kysely, sql } from 'kysely'
import type { Database } from './database.js'
import { DAY_MS, epochDay } from './rule-failures.js'

export interface DailyValidationStats {
  /** Epoch day (UTC). */
  day: number
  validations: number
  passed: number
  meanScore: number
}

/** Validations per UTC day from the day of `since` (epoch ms), oldest first; days without any are absent. */
export async function dailyValidationStats(
  db: Kysely<Database>,
  orgId: string,
  since: number,
): Promise<DailyValidationStats[]> {
  // Spelled as migration 012's index validations_org_day, so both engines read that index alone;
  // a literal divisor is integer division on both (a bound number may arrive as a REAL).
  const day = sql<number>`validated_at / ${sql.lit(DAY_MS)}`
  const rows = await db
    .selectFrom('validations')
    .select((eb) => [
      day.as('day'),
      eb.fn.countAll<number | string>().as('validations'),
      eb.fn.sum<number | string>('passed').as('passed'),
      eb.fn.avg<number | string>('score').as('mean_score'),
    ])
    .where('org_id', '=', orgId)
    .where(day, '>=', epochDay(since))
    .groupBy(day)
    .orderBy(day)
    .execute()
  return rows.map((row) => ({
    day: Number(row.day),
    validations: Number(row.validations),
    passed: Number(row.passed),
    meanScore: Number(row.mean_score),
  }))
}

export interface ProjectScore {
  name: string
  latestValidationId: string
  score: number
  passed: boolean
  validatedAt: number
  validations: number
}

/** The org's projects by their latest validation's score, lowest first (then by name). */
export async function lowestScoringProjects(
  db: Kysely<Database>,
  orgId: string,
  limit: number,
): Promise<ProjectScore[]> {
  const rows = await db
    .selectFrom('projects')
    .innerJoin('validations', (join) =>
      join
        .onRef('validations.id', '=', 'projects.latest_validation_id')
        .onRef('validations.org_id', '=', 'projects.org_id'),
    )
    .select([
      'projects.name',
      'projects.latest_validation_id',
      'projects.validations',
      'validations.score',
      'validations.passed',
      'validations.validated_at',
    ])
    .where('projects.org_id', '=', orgId)
    .orderBy('validations.score')
    .orderBy('projects.name')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    name: row.name,
    latestValidationId: row.latest_validation_id,
    score: row.score,
    passed: Number(row.passed) === 1,
    validatedAt: row.validated_at,
    validations: Number(row.validations),
  }))
}

export interface ExpiringException {
  id: string
  ruleId: string
  fileName: string
  location: string | null
  expiresAt: number
  /** A renewal is waiting for an admin. */
  renewalPending: boolean
}

/** Approved exceptions with after < expiresAt ≤ before, soonest first. */
export async function expiringExceptions(
  db: Kysely<Database>,
  query: { orgId: string; after: number; before: number; limit: number },
): Promise<ExpiringException[]> {
  const rows = await db
    .selectFrom('risk_exceptions')
    .select(['id', 'rule_id', 'file_name', 'location', 'expires_at', 'renewal_status'])
    .where('org_id', '=', query.orgId)
    .where('status', '=', 'approved')
    .where('expires_at', '>', query.after)
    .where('expires_at', '<=', query.before)
    .orderBy('expires_at')
    .orderBy('id')
    .limit(query.limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    ruleId: row.rule_id,
    fileName: row.file_name,
    location: row.location,
    expiresAt: row.expires_at,
    renewalPending: row.renewal_status === 'pending',
  }))
}

export interface TroubledWebhook {
  id: string
  url: string
  target: string
  enabled: boolean
  disabledReason: string | null
  failingSince: number | null
  lastSuccessAt: number | null
}

/** The org's webhooks (not deleted) that are disabled or failing (no success since a failure). */
export async function troubledWebhooks(db: Kysely<Database>, orgId: string): Promise<TroubledWebhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .select(['id', 'url', 'target', 'enabled', 'disabled_reason', 'failing_since', 'last_success_at'])
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('enabled', '=', 0), eb('failing_since', 'is not', null)]))
    .orderBy('id', 'desc')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    target: row.target,
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    lastSuccessAt: row.last_success_at,
  }))
}
