/**
 * Human-readable text output: one block per file (verdict, score, findings most severe first),
 * then a summary line. ANSI colour only when asked (the CLI asks when stdout is a TTY and
 * NO_COLOR is unset); no dependency.
 */
import type { Severity } from '../../domain/severity.js'
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
    const width = Math.max(0, ...result.findings.map((finding) => `${finding.line}:${finding.column}`.length))
    for (const finding of result.findings) {
      const position = `${finding.line}:${finding.column}`.padEnd(width)
      const severity = paint(finding.severity.padEnd(8), ...SEVERITY_STYLE[finding.severity])
      const waived = finding.waivedBy ? paint(` [waived by ${finding.waivedBy}]`, 'cyan') : ''
      const line = `  ${position}  ${severity}  ${finding.ruleId}  ${finding.description} ${paint(`(${finding.activity})`, 'dim')}${waived}`
      lines.push(finding.waivedBy ? paint(line, 'dim') : line)
      if (finding.message)
        lines.push(`  ${' '.repeat(width)}  ${' '.repeat(8)}  ${paint(finding.message, 'dim')}`)
    }
    for (const error of result.ruleErrors) {
      lines.push(`  ${paint('rule error', 'red')}  ${error.ruleId} failed on this file: ${error.message}`)
    }
    for (const entry of result.skipped) {
      const where = entry.line === undefined ? entry.path : `${entry.line}:${entry.column ?? 1}`
      const what =
        entry.activity === undefined ? '' : `${entry.activity} (${entry.activities ?? 0} activities): `
      lines.push(`  ${paint('skipped', 'dim')}  ${where}  ${paint(`${what}${entry.reason}`, 'dim')}`)
    }
    if (result.findings.length > 0 || result.ruleErrors.length > 0 || result.skipped.length > 0)
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
