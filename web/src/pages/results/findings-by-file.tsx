/**
 * A result's findings grouped by the file they are in (a project's files by their path inside the
 * project; a single workflow under its file name), most severe first. Each finding links to the
 * instance's rule page, says whether it is new since the compared validation and which exception
 * waives it, and offers "Request an exception" (a prefilled request form) when not waived.
 */
import { withQuery } from '../../api/api-client'
import type { Finding, ResultDetail, Severity } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { Empty } from '../../components/load-state'
import { SeverityBadge } from '../../components/severity-badge'
import { Link } from '../../router'

const FINDING_COLUMNS = ['Severity', 'Rule', 'Location', 'Message', 'Status', 'Action'] as const
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 }

export function groupByFile(result: ResultDetail): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  const sorted = [...result.findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.line - b.line,
  )
  for (const finding of sorted) {
    const file = finding.path ?? result.fileName
    const group = groups.get(file)
    if (group === undefined) groups.set(file, [finding])
    else group.push(finding)
  }
  return groups
}

/** The exception request form, prefilled from the finding (fingerprint: follows line moves). */
export function requestExceptionHref(result: ResultDetail, finding: Finding): string {
  return withQuery('/exceptions/new', {
    ruleId: finding.ruleId,
    fileName: result.fileName,
    location: finding.location,
    fingerprint: finding.fingerprint,
    fromResult: result.validationId,
  })
}

function FindingRow({ result, finding }: { result: ResultDetail; finding: Finding }) {
  return (
    <tr>
      <td>
        <SeverityBadge severity={finding.severity} />
      </td>
      <td class="nowrap">
        <a href={`/docs/rules/${encodeURIComponent(finding.ruleId)}`}>{finding.ruleId}</a>
      </td>
      <td class="nowrap">
        <code>{finding.location}</code>
      </td>
      <td>
        {finding.message ?? finding.description}
        {finding.activity !== undefined && <p class="finding-extra muted">Activity: {finding.activity}</p>}
        {finding.recommendation !== undefined && (
          <p class="finding-extra">
            <strong>Recommendation:</strong> {finding.recommendation}
          </p>
        )}
      </td>
      <td>
        {finding.isNew === true && <span class="badge badge-fair">new</span>}
        {finding.isNew === false && <span class="muted">seen before</span>}
        {finding.waived && (
          <p class="finding-extra">
            Waived by{' '}
            {finding.exceptionId !== null ? (
              <Link href={`/exceptions/${finding.exceptionId}`}>
                exception {finding.exceptionId.slice(0, 8)}
              </Link>
            ) : (
              'an exception'
            )}
          </p>
        )}
      </td>
      <td>
        {!finding.waived && (
          <Link
            href={requestExceptionHref(result, finding)}
            aria-label={`Request an exception for ${finding.ruleId} at ${finding.location}`}
          >
            Request an exception
          </Link>
        )}
      </td>
    </tr>
  )
}

export function FindingsByFile({ result }: { result: ResultDetail }) {
  if (result.findings.length === 0) return <Empty>No findings: nothing to fix in this submission.</Empty>
  const groups = groupByFile(result)
  return (
    <>
      {[...groups.entries()].map(([file, findings], index) => (
        <section key={file} aria-labelledby={`findings-file-${index}`}>
          <h3 id={`findings-file-${index}`}>
            {file} <span class="muted">({findings.length})</span>
          </h3>
          <DataTable caption={`Findings in ${file}`} columns={FINDING_COLUMNS}>
            {findings.map((finding) => (
              <FindingRow
                key={`${finding.ruleId}:${finding.location}:${finding.column}:${finding.fingerprint ?? ''}`}
                result={result}
                finding={finding}
              />
            ))}
          </DataTable>
        </section>
      ))}
    </>
  )
}
