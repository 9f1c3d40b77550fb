/**
 * Projects: each project's latest score and its trend (the change since the validation before
 * it: the list's `previousScore`), most recently validated first, paged with the API's cursors.
 */
import { type Page, withQuery } from '../../api/api-client'
import type { ProjectSummary } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { Empty, LoadState } from '../../components/load-state'
import { Pager, usePager } from '../../components/pager'
import { ScoreBadge } from '../../components/score-badge'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { Link } from '../../router'

const PROJECT_COLUMNS = ['Latest score', 'Trend', 'Project', 'Validations', 'Last validated'] as const

export function projectHref(name: string): string {
  return `/projects/${encodeURIComponent(name)}`
}

/** "+4", "−3" or "=" against the previous validation's score, in words for screen readers. */
export function Trend({ latest, previous }: { latest: number; previous: number | null }) {
  if (previous === null) return <span class="muted">first validation</span>
  const change = latest - previous
  const words = change === 0 ? 'unchanged' : change > 0 ? `up ${change}` : `down ${-change}`
  const sign = change === 0 ? '=' : change > 0 ? `▲ +${change}` : `▼ −${-change}`
  return (
    <span
      class={change < 0 ? 'trend-down' : change > 0 ? 'trend-up' : 'muted'}
      title={`${words} since the previous`}
    >
      <span aria-hidden="true">{sign}</span>
      <span class="visually-hidden">{words} since the previous validation</span>
    </span>
  )
}

export function ProjectsListPage() {
  const pager = usePager()
  const loaded = useApi<Page<ProjectSummary>>(
    withQuery('/api/v1/projects', { limit: 25, cursor: pager.cursor }),
  )
  return (
    <LoadState
      loaded={loaded}
      what="projects"
      ready={(page) =>
        page.items.length === 0 ? (
          <Empty>
            No projects yet. <Link href="/results/new">Validate a project archive</Link> (a .zip with its
            project.json) to see it here.
          </Empty>
        ) : (
          <>
            <DataTable caption="Projects, most recently validated first" columns={PROJECT_COLUMNS}>
              {page.items.map((project) => (
                <tr key={project.name}>
                  <td>
                    <ScoreBadge score={project.latest.score} passed={project.latest.passed} />
                  </td>
                  <td>
                    <Trend latest={project.latest.score} previous={project.previousScore} />
                  </td>
                  <td>
                    <Link href={projectHref(project.name)}>{project.name}</Link>
                  </td>
                  <td>{project.validations}</td>
                  <td>
                    <TimeText iso={project.latest.validatedAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
            <Pager pager={pager} nextCursor={page.nextCursor} />
          </>
        )
      }
    />
  )
}
