/**
 * What the output formats render: the results of one validation run over one or more files, plus
 * the files that could not be analysed (a parse error is reported per file, not thrown).
 *
 * @module
 */
import type { AnalysisResult } from '../analyze.js'
import type { PackRule } from '../packs/policy-pack.js'

/** A file that could not be analysed (not well-formed, too large, not a workflow, unreadable…). */
export interface FileError {
  readonly fileName: string
  /** `XamlError` code (`XAML_PARSE_ERROR`…) or `FILE_UNREADABLE`. */
  readonly code: string
  readonly message: string
  readonly line: number | null
  readonly column: number | null
}

export interface ValidationReport {
  /** One result per analysed file, in input order. */
  readonly results: readonly AnalysisResult[]
  /** Files that could not be analysed, in input order. */
  readonly errors: readonly FileError[]
  /** The rules of the pack that was applied, for rule metadata (SARIF `tool.driver.rules`). */
  readonly rules: readonly PackRule[]
}

/** Totals over a report, for summaries. */
export function reportTotals(report: ValidationReport) {
  const totals = { files: report.results.length + report.errors.length, passed: 0, failed: 0, unreadable: 0 }
  const findings = { critical: 0, high: 0, medium: 0, low: 0, total: 0, waived: 0 }
  for (const result of report.results) {
    if (result.passed) totals.passed++
    else totals.failed++
    findings.critical += result.summary.critical
    findings.high += result.summary.high
    findings.medium += result.summary.medium
    findings.low += result.summary.low
    findings.total += result.summary.total
    findings.waived += result.findings.filter((finding) => finding.waivedBy).length
  }
  totals.unreadable = report.errors.length
  return { ...totals, findings }
}
