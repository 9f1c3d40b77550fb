/**
 * One result (/results/{id}: where every Slack/Teams button and every `resultUrl` lands): the
 * verdict, what was validated, a project's files with their scores, and the findings by file.
 */
import { platformLabel } from '../../api/platforms'
import type { ResultDetail } from '../../api/types'
import { LoadState } from '../../components/load-state'
import { ScoreBadge } from '../../components/score-badge'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { usePageTitle } from '../../layout/app-shell'
import { Link } from '../../router'
import { FindingsByFile } from './findings-by-file'
import { ProjectFilesTable } from './project-files-table'

function ResultFacts({ result }: { result: ResultDetail }) {
  const counts = result.summary
  return (
    <dl class="facts">
      <dt>Score</dt>
      <dd>
        <ScoreBadge score={result.score} passed={result.passed} /> {result.passed ? 'passed' : 'failed'} (
        {result.enforcementMode})
      </dd>
      <dt>{result.projectName !== null ? 'Project' : 'File'}</dt>
      <dd>
        {result.projectName !== null ? (
          <>
            <Link href={`/projects/${encodeURIComponent(result.projectName)}`}>{result.projectName}</Link>{' '}
            <span class="muted">({result.fileName})</span>
          </>
        ) : (
          result.fileName
        )}
      </dd>
      <dt>Platform</dt>
      <dd>{platformLabel(result.platform)}</dd>
      <dt>Label</dt>
      <dd>{result.label ?? <span class="muted">—</span>}</dd>
      <dt>Policy pack</dt>
      <dd>{result.policyPackSlug}</dd>
      <dt>Validated</dt>
      <dd>
        <TimeText iso={result.validatedAt} />
        {result.submittedByEmail !== null && <span class="muted"> by {result.submittedByEmail}</span>}
      </dd>
      <dt>Findings</dt>
      <dd>
        {counts.total} counted: {counts.critical} critical, {counts.high} high, {counts.medium} medium,{' '}
        {counts.low} low
      </dd>
      <dt>Compared with</dt>
      <dd>
        {result.comparedWith !== null ? (
          <Link href={`/results/${result.comparedWith}`}>the previous validation</Link>
        ) : (
          <span class="muted">none (first of its kind)</span>
        )}
      </dd>
    </dl>
  )
}

export function ResultDetailPage({ params }: { params: Record<string, string> }) {
  const loaded = useApi<ResultDetail>(`/api/v1/results/${encodeURIComponent(params.id ?? '')}`)
  usePageTitle(loaded.state === 'ready' ? `Result ${loaded.data.projectName ?? loaded.data.fileName}` : null)
  return (
    <LoadState
      loaded={loaded}
      what="the result"
      ready={(result) => (
        <>
          <ResultFacts result={result} />
          {result.project !== null && result.project !== undefined && (
            <ProjectFilesTable files={result.project.files} skipped={result.project.skipped} />
          )}
          <h2>Findings by file</h2>
          <FindingsByFile result={result} />
        </>
      )}
    />
  )
}
