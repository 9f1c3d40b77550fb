/**
 * Results: the org's validations, newest first, filtered by the query string (so a filtered list
 * is a link), paged with the API's cursors.
 */
import type { Page } from '../api/api-client'
import { withQuery } from '../api/api-client'
import { PLATFORM_LABELS, platformLabel } from '../api/platforms'
import type { ResultSummary } from '../api/types'
import { DataTable } from '../components/data-table'
import { DateRangeInputs, filterQuery } from '../components/date-range'
import { Empty, LoadState } from '../components/load-state'
import { Pager, usePager } from '../components/pager'
import { ScoreBadge } from '../components/score-badge'
import { TimeText } from '../components/time-text'
import { useApi } from '../components/use-api'
import { Link, setQuery, useLocation } from '../router'

const FILTERS = [
  'project',
  'fileName',
  'label',
  'passed',
  'platform',
  'policyPack',
  'since',
  'until',
] as const

const RESULT_COLUMNS = ['Score', 'File or project', 'Platform', 'Label', 'Pack', 'Validated'] as const

export function ResultsListPage() {
  const { query } = useLocation()
  const pager = usePager()
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? undefined]))
  const loaded = useApi<Page<ResultSummary>>(
    withQuery('/api/v1/results', { ...filters, limit: 25, cursor: pager.cursor }),
  )

  const onFilter = (event: Event) => {
    event.preventDefault()
    pager.reset()
    setQuery(filterQuery(event.currentTarget as HTMLFormElement, FILTERS))
  }

  return (
    <>
      <div class="page-actions">
        <Link class="button" href="/results/new">
          Validate a workflow or project
        </Link>
      </div>
      <form class="filters" onSubmit={onFilter} aria-label="Filter results">
        <label>
          Project <input name="project" defaultValue={query.get('project') ?? ''} />
        </label>
        <label>
          File <input name="fileName" defaultValue={query.get('fileName') ?? ''} />
        </label>
        <label>
          Label <input name="label" defaultValue={query.get('label') ?? ''} />
        </label>
        <label>
          Outcome
          <select name="passed" defaultValue={query.get('passed') ?? ''}>
            <option value="">any</option>
            <option value="true">passed</option>
            <option value="false">failed</option>
          </select>
        </label>
        <label>
          Platform
          <select name="platform" defaultValue={query.get('platform') ?? ''}>
            <option value="">any</option>
            {Object.entries(PLATFORM_LABELS).map(([platform, label]) => (
              <option key={platform} value={platform}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pack <input name="policyPack" defaultValue={query.get('policyPack') ?? ''} />
        </label>
        <DateRangeInputs query={query} />
        <button type="submit">Filter</button>
      </form>
      <LoadState
        loaded={loaded}
        what="results"
        ready={(page) =>
          page.items.length === 0 ? (
            <Empty>No results match. Validate a workflow or a project to see one here.</Empty>
          ) : (
            <>
              <DataTable caption="Validation results, newest first" columns={RESULT_COLUMNS}>
                {page.items.map((result) => (
                  <tr key={result.validationId}>
                    <td>
                      <ScoreBadge score={result.score} passed={result.passed} />
                    </td>
                    <td>
                      <Link href={`/results/${result.validationId}`}>
                        {result.projectName ?? result.fileName}
                      </Link>
                      {result.projectName !== null && <span class="muted"> ({result.fileName})</span>}
                    </td>
                    <td>{platformLabel(result.platform)}</td>
                    <td>{result.label ?? <span class="muted">—</span>}</td>
                    <td>{result.policyPackSlug}</td>
                    <td>
                      <TimeText iso={result.validatedAt} />
                    </td>
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
