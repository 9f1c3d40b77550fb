/**
 * 012: what the dashboard reads, made cheap (issue 13). Never edit after landing.
 * - `delivery_attempts.request_headers_json`: the headers each attempt sent (signatures included,
 *   never a secret), as JSON; null for attempts recorded before this migration. Stored rather than
 *   re-signed later, because a rotated secret would make a re-signed header differ from what the
 *   receiver got.
 * - `rule_failure_days`: per org, UTC day (epoch day number) and rule, how many unwaived findings
 *   and how many validations with at least one: "the rules that fail most" over a window reads a
 *   few hundred rows instead of parsing every result's findings. Upserted with each validation
 *   (store/validations.ts); filled here from the validations already stored.
 * - `validations (org_id, validated_at / 86400000, passed, score)`: the overview's per-day series
 *   reads the index alone (store/overview.ts spells the expression the same way).
 */
import { type Kysely, sql } from 'kysely'
import { countRuleFailures, epochDay } from '../rule-failures.js'

const BACKFILL_PAGE = 1000

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('delivery_attempts').addColumn('request_headers_json', 'text').execute()

  await db.schema
    .createTable('rule_failure_days')
    .addColumn('org_id', 'text', (col) => col.notNull())
    .addColumn('day', 'integer', (col) => col.notNull())
    .addColumn('rule_id', 'text', (col) => col.notNull())
    .addColumn('findings', 'integer', (col) => col.notNull())
    .addColumn('validations', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rule_failure_days_pk', ['org_id', 'day', 'rule_id'])
    .execute()

  // On the UTC day (an expression), not on validated_at: an index on (org_id, validated_at)
  // tempted the planner into it for the results list's date filters, which then read and sorted
  // every row of the window instead of walking (org_id, id) newest first (bench/README.md).
  await sql`create index validations_org_day on validations (org_id, (validated_at / 86400000), passed, score)`.execute(
    db,
  )

  // Backfill, a page of validations at a time (findings are JSON text: counted in JS by the same
  // function as new validations, rather than with each engine's JSON functions).
  const counts = new Map<
    string,
    { orgId: string; day: number; ruleId: string; findings: number; validations: number }
  >()
  let after = ''
  for (;;) {
    const page = await sql<{
      id: string
      org_id: string
      validated_at: number | string
      findings_json: string
    }>`
      select id, org_id, validated_at, findings_json from validations where id > ${after}
      order by id limit ${BACKFILL_PAGE}`.execute(db)
    for (const row of page.rows) {
      const day = epochDay(Number(row.validated_at))
      for (const [ruleId, findings] of countRuleFailures(parseFindings(row.findings_json))) {
        const key = `${row.org_id}\n${day}\n${ruleId}`
        const entry = counts.get(key) ?? { orgId: row.org_id, day, ruleId, findings: 0, validations: 0 }
        entry.findings += findings
        entry.validations += 1
        counts.set(key, entry)
      }
    }
    const last = page.rows.at(-1)
    if (last === undefined || page.rows.length < BACKFILL_PAGE) break
    after = last.id
  }
  const rows = [...counts.values()]
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200)
    await sql`insert into rule_failure_days (org_id, day, rule_id, findings, validations) values ${sql.join(
      chunk.map((r) => sql`(${r.orgId}, ${r.day}, ${r.ruleId}, ${r.findings}, ${r.validations})`),
    )}`.execute(db)
  }
}

function parseFindings(json: string): { ruleId?: unknown; waived?: unknown }[] {
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? (parsed as { ruleId?: unknown; waived?: unknown }[]) : []
  } catch {
    return []
  }
}
