/**
 * Human-readable text output: one block per file (verdict, score, findings most severe first),
 * then a summary line. ANSI colour only when asked (the CLI asks when stdout is a TTY and
 * NO_COLOR is unset); no dependency.
 */
import type { Severity } from '../../domain/severity.js'
import type { AnalysisResult, Finding, SkippedEntry } from '../analyze.js'
import type { ProjectAnalysisResult, ProjectFileResult } from '../analyze-project.js'
import { reportTotals, type ValidationReport } from './validation-report.js'

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const
type Style = keyof typeof ANSI

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['bold', 'magenta'],
  high: ['red'],
  medium: ['yellow'],
  low: ['blue'],
}

export interface TextFormatOptions {
  /** Emit ANSI colour codes. */
  readonly color: boolean
}

type FileErrorOf = NonNullable<ProjectFileResult['error']>

/** What the text output shows of one file of a result. */
interface FileGroup {
  readonly findings: Finding[]
  readonly errors: FileErrorOf[]
  readonly skipped: SkippedEntry[]
  readonly size: number
}

/**
 * A result's findings, file errors and skipped parts by the file they are in: `undefined` for
 * the result's own file (a single workflow or export: everything), else the path inside the
 * project, solution or release, in the order of the result's files, then of first mention; the
 * result's own last.
 */
function fileGroups(result: AnalysisResult): Map<string | undefined, FileGroup> {
  const groups = new Map<
    string | undefined,
    { findings: Finding[]; errors: FileErrorOf[]; skipped: SkippedEntry[] }
  >()
  const group = (path: unknown) => {
    // A single export names its findings' file by its own name (the result's may be a path to it).
    const own = path === result.fileName || (typeof path === 'string' && result.fileName.endsWith(`/${path}`))
    const key = typeof path === 'string' && !own ? path : undefined
    let found = groups.get(key)
    if (found === undefined) {
      found = { findings: [], errors: [], skipped: [] }
      groups.set(key, found)
    }
    return found
  }
  group(undefined)
  const files: readonly ProjectFileResult[] = 'files' in result ? (result as ProjectAnalysisResult).files : []
  for (const file of files) {
    const found = group(file.path)
    if (file.error !== null) found.errors.push(file.error)
  }
  for (const finding of result.findings)
    group('path' in finding ? finding.path : undefined).findings.push(finding)
  // A file left out is one line under the result (a heading of its own would say nothing more);
  // a part of a file that was not analysed (a Comment Out body) is under that file.
  for (const entry of result.skipped)
    group(entry.line === undefined ? undefined : entry.path).skipped.push(entry)
  const sized = [...groups].map(
    ([path, found]) =>
      [path, { ...found, size: found.findings.length + found.errors.length + found.skipped.length }] as const,
  )
  // The result's own file last: under a project, what is not in one of its files (files left out).
  return new Map([
    ...sized.filter(([path, found]) => path !== undefined && found.size > 0),
    ...sized.filter(([path]) => path === undefined),
  ])
}

export function formatText(report: ValidationReport, options: TextFormatOptions): string {
  const paint = (text: string, ...styles: Style[]) =>
    options.color && styles.length > 0
      ? `${styles.map((style) => ANSI[style]).join('')}${text}${ANSI.reset}`
      : text
  const lines: string[] = []

  for (const result of report.results) {
    const verdict = result.passed ? paint('PASS', 'bold', 'green') : paint('FAIL', 'bold', 'red')
    lines.push(
      `${paint(result.fileName, 'bold')}  ${verdict}  score ${result.score}/100  ${paint(
        `(${result.policyPackSlug}, ${result.enforcementMode})`,
        'dim',
      )}`,
    )
    // A result of several files (a project, a solution, a release): one block per file under its
    // path, as eslint's stylish output does, then what is in no one file (files left out).
    const groups = fileGroups(result)
    for (const [path, group] of groups) {
      const indent = path === undefined ? '  ' : '    '
      if (path !== undefined) lines.push(`  ${paint(path, 'bold')}`)
      const width = Math.max(
        0,
        ...group.findings.map((finding) => `${finding.line}:${finding.column}`.length),
      )
      for (const finding of group.findings) {
        const position = `${finding.line}:${finding.column}`.padEnd(width)
        const severity = paint(finding.severity.padEnd(8), ...SEVERITY_STYLE[finding.severity])
        const waived = finding.waivedBy ? paint(` [waived by ${finding.waivedBy}]`, 'cyan') : ''
        const line = `${indent}${position}  ${severity}  ${finding.ruleId}  ${finding.description} ${paint(`(${finding.activity})`, 'dim')}${waived}`
        lines.push(finding.waivedBy ? paint(line, 'dim') : line)
        if (finding.message)
          lines.push(`${indent}${' '.repeat(width)}  ${' '.repeat(8)}  ${paint(finding.message, 'dim')}`)
      }
      for (const error of group.errors) {
        const where = error.line ? ` at ${error.line}:${error.column ?? 1}` : ''
        lines.push(`${indent}${paint('ERROR', 'bold', 'red')}  ${error.code}${where}: ${error.message}`)
      }
      if (path === undefined) {
        for (const error of result.ruleErrors) {
          lines.push(`  ${paint('rule error', 'red')}  ${error.ruleId} failed on this file: ${error.message}`)
        }
      }
      for (const entry of group.skipped) {
        const where = entry.line === undefined ? entry.path : `${entry.line}:${entry.column ?? 1}`
        const what =
          entry.activity === undefined ? '' : `${entry.activity} (${entry.activities ?? 0} activities): `
        lines.push(`${indent}${paint('skipped', 'dim')}  ${where}  ${paint(`${what}${entry.reason}`, 'dim')}`)
      }
    }
    if (groups.size > 1 || (groups.get(undefined)?.size ?? 0) > 0 || result.ruleErrors.length > 0)
      lines.push('')
  }

  for (const error of report.errors) {
    const where = error.line ? ` at ${error.line}:${error.column ?? 1}` : ''
    lines.push(
      `${paint(error.fileName, 'bold')}  ${paint('ERROR', 'bold', 'red')}  ${error.code}${where}: ${error.message}`,
    )
    lines.push('')
  }

  if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('')
  const totals = reportTotals(report)
  const parts = [
    paint(`${totals.passed} passed`, totals.passed ? 'green' : 'dim'),
    paint(`${totals.failed} failed`, totals.failed ? 'red' : 'dim'),
  ]
  if (totals.unreadable) parts.push(paint(`${totals.unreadable} unreadable`, 'red'))
  const f = totals.findings
  const waived = f.waived ? `, ${f.waived} waived` : ''
  lines.push(
    `${totals.files} file${totals.files === 1 ? '' : 's'}: ${parts.join(', ')} — ${f.total} finding${
      f.total === 1 ? '' : 's'
    } (${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low${waived})`,
  )
  return `${lines.join('\n')}\n`
}
