/**
 * JSON output: `{ "results": AnalysisResult[], "errors": FileError[] }`, pretty-printed. Each
 * result has the webhook's field names (platform, fileName, passed, score, enforcementMode,
 * policyPackSlug, summary, findings) plus ruleErrors and skipped (what no rule analysed: Comment Out
 * bodies with line, column, activity and how many activities; for projects also files left out); each finding adds line, column, activity,
 * message, recommendation, docsUrl and waivedBy to the contract's five fields.
 */
import type { ValidationReport } from './validation-report.js'

export function formatJson(report: ValidationReport): string {
  return `${JSON.stringify({ results: report.results, errors: report.errors }, null, 2)}\n`
}
