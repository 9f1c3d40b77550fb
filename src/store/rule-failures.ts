/**
 * "The rules that fail most" (migration 012's `rule_failure_days`): per org, UTC day and rule, the
 * unwaived findings and the validations with at least one. Kept in step by insertValidation in the
 * validation's transaction; read by the overview over a window of days.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

export const DAY_MS = 86_400_000

/** The epoch day (UTC) of a time in epoch ms. */
export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS)
}

/** Unwaived findings per rule of one result. Tolerates rows of any age (used by migration 012). */
export function countRuleFailures(
  findings: readonly { ruleId?: unknown; waived?: unknown }[],
): Map<string, number> {
  const perRule = new Map<string, number>()
  for (const finding of findings) {
    if (finding.waived === true || typeof finding.ruleId !== 'string') continue
    perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1)
  }
  return perRule
}

/**
 * Adds one validation's failures to its day, in the caller's transaction. Rows go in rule order,
 * so concurrent validations of one org lock them in the same order (no deadlock on PostgreSQL).
 */
export async function recordRuleFailures(
  db: Kysely<Database>,
  orgId: string,
  validatedAt: number,
  findings: readonly { ruleId?: unknown; waived?: unknown }[],
): Promise<void> {
  const perRule = [...countRuleFailures(findings)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (perRule.length === 0) return
  const day = epochDay(validatedAt)
  await db
    .insertInto('rule_failure_days')
    .values(
      perRule.map(([ruleId, findingCount]) => ({
        org_id: orgId,
        day,
        rule_id: ruleId,
        findings: findingCount,
        validations: 1,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'day', 'rule_id']).doUpdateSet((eb) => ({
        findings: eb('rule_failure_days.findings', '+', eb.ref('excluded.findings')),
        validations: eb('rule_failure_days.validations', '+', 1),
      })),
    )
    .execute()
}

export interface FailingRule {
  ruleId: string
  /** Validations in the window with at least one unwaived finding of the rule. */
  validations: number
  /** Unwaived findings of the rule in the window. */
  findings: number
}

/** The org's rules failing the most validations since `sinceDay` (epoch day, inclusive). */
export async function topFailingRules(
  db: Kysely<Database>,
  query: { orgId: string; sinceDay: number; limit: number },
): Promise<FailingRule[]> {
  const rows = await db
    .selectFrom('rule_failure_days')
    .select((eb) => [
      'rule_id',
      eb.fn.sum<number | string>('validations').as('validations'),
      eb.fn.sum<number | string>('findings').as('findings'),
    ])
    .where('org_id', '=', query.orgId)
    .where('day', '>=', query.sinceDay)
    .groupBy('rule_id')
    .orderBy('validations', 'desc')
    .orderBy('findings', 'desc')
    .orderBy('rule_id')
    .limit(query.limit)
    .execute()
  return rows.map((row) => ({
    ruleId: row.rule_id,
    validations: Number(row.validations),
    findings: Number(row.findings),
  }))
}
