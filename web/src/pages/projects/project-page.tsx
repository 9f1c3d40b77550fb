/**
 * One project: its score over its last 200 validations (chart), its files with their scores and
 * the findings new since the previous validation (both from the latest result), and every
 * validation (paged; filter by label).
 */
import { useMemo } from 'preact/hooks'
import { type Page, withQuery } from '../../api/api-client'
import type { HistoryPoint, ResultDetail } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { LineChart } from '../../components/line-chart'
import { Empty, LoadState } from '../../components/load-state'
import { Pager, usePager } from '../../components/pager'
import { ScoreBadge } from '../../components/score-badge'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { usePageTitle } from '../../layout/app-shell'
import { Link, setQuery, useLocation } from '../../router'
import { FindingsByFile } from '../results/findings-by-file'
import { ProjectFilesTable } from '../results/project-files-table'

const HISTORY_COLUMNS = ['Score', 'Validated', 'Label', 'Findings', 'Pack'] as const

function ScoreHistoryChart({ points, name }: { points: HistoryPoint[]; name: string }) {
  const series = useMemo(() => {
    const ascending = [...points].reverse()
    return {
      label: 'Score',
      times: ascending.map((point) => Date.parse(point.validatedAt) / 1000),
      values: ascending.map((point) => point.score),
      yRange: [0, 100] as [number, number],
    }
  }, [points])
  if (points.length < 2) return <p class="muted">The chart appears after the project's second validation.</p>
  const first = series.values[0]
  const last = series.values.at(-1)
  return (
    <LineChart
      series={series}
      label={`Score of ${name} over its last ${points.length} validations, from ${first} to ${last}`}
    />
  )
}

function LatestResult({ validationId }: { validationId: string }) {
  const loaded = useApi<ResultDetail>(`/api/v1/results/${validationId}`)
  return (
    <LoadState
      loaded={loaded}
      what="the latest result"
      ready={(result) => {
        const fresh = { ...result, findings: result.findings.filter((finding) => finding.isNew === true) }
        return (
          <>
            {result.project !== null && <ProjectFilesTable files={result.project.files} />}
            <h2>New since the previous validation</h2>
            {result.comparedWith === null ? (
              <Empty>This is the project's first validation: nothing to compare with.</Empty>
            ) : fresh.findings.length === 0 ? (
              <Empty>No new findings in the latest validation.</Empty>
            ) : (
              <FindingsByFile result={fresh} />
            )}
            <p>
              <Link href={`/results/${result.validationId}`}>Open the latest result</Link>
            </p>
          </>
        )
      }}
    />
  )
}

function HistoryTable({ name }: { name: string }) {
  const { query } = useLocation()
  const pager = usePager()
  const label = query.get('label') ?? undefined
  const loaded = useApi<Page<HistoryPoint>>(
    withQuery(`/api/v1/projects/${encodeURIComponent(name)}/history`, {
      label,
      limit: 25,
      cursor: pager.cursor,
    }),
  )
  const onFilter = (event: Event) => {
    event.preventDefault()
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('label') ?? '').trim()
    pager.reset()
    setQuery(new URLSearchParams(value === '' ? {} : { label: value }))
  }
  return (
    <>
      <h2>Validations</h2>
      <form class="filters" onSubmit={onFilter} aria-label="Filter validations by label">
        <label>
          Label <input name="label" defaultValue={label ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <LoadState
        loaded={loaded}
        what="validations"
        ready={(page) =>
          page.items.length === 0 ? (
            <Empty>No validation carries this label.</Empty>
          ) : (
            <>
              <DataTable caption={`Validations of ${name}, newest first`} columns={HISTORY_COLUMNS}>
                {page.items.map((point) => (
                  <tr key={point.validationId}>
                    <td>
                      <ScoreBadge score={point.score} passed={point.passed} />
                    </td>
                    <td>
                      <Link href={`/results/${point.validationId}`}>
                        <TimeText iso={point.validatedAt} />
                      </Link>
                    </td>
                    <td>{point.label ?? <span class="muted">—</span>}</td>
                    <td>
                      {point.summary.total}{' '}
                      <span class="muted">
                        ({point.summary.critical} critical, {point.summary.high} high)
                      </span>
                    </td>
                    <td>{point.policyPackSlug}</td>
                  </tr>
                ))}
              </DataTable>
              <Pager pager={pager} nextCursor={page.nextCursor} />
            </>
          )
        }
      />
    </>
  )
}

export function ProjectPage({ params }: { params: Record<string, string> }) {
  const name = params.name ?? ''
  const recent = useApi<Page<HistoryPoint>>(
    withQuery(`/api/v1/projects/${encodeURIComponent(name)}/history`, { limit: 200 }),
  )
  usePageTitle(recent.state === 'ready' ? `Project ${name}` : null)
  return (
    <>
      <p class="lead">
        <strong>{name}</strong>
      </p>
      <LoadState
        loaded={recent}
        what="the project's history"
        ready={(page) => {
          const latest = page.items[0]
          return (
            <>
              <h2>Score history</h2>
              <ScoreHistoryChart points={page.items} name={name} />
              {latest !== undefined && <LatestResult validationId={latest.validationId} />}
              <HistoryTable name={name} />
            </>
          )
        }}
      />
    </>
  )
}
