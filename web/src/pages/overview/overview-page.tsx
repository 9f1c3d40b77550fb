/**
 * Overview (/ and /overview): the org at a glance from GET /api/v1/overview — score and
 * validations per day (charts, with the numbers in a table), pass rate, the rules that fail most,
 * the lowest-scoring projects, exceptions expiring soon and (admins) webhooks failing or disabled.
 * Every item links to its page. The window (days) is in the query string.
 */
import { useMemo } from 'preact/hooks'
import { withQuery } from '../../api/api-client'
import type { Overview } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { LineChart } from '../../components/line-chart'
import { Empty, LoadState } from '../../components/load-state'
import { ScoreBadge } from '../../components/score-badge'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { Link, setQuery, useLocation } from '../../router'
import { projectHref } from '../projects/projects-list-page'

const WINDOWS = [7, 30, 90, 365] as const
const DEFAULT_DAYS = 30

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

function Totals({ overview }: { overview: Overview }) {
  const { totals } = overview
  return (
    <dl class="stats">
      <div>
        <dt>Validations</dt>
        <dd>{totals.validations}</dd>
      </div>
      <div>
        <dt>Pass rate</dt>
        <dd>{percent(totals.passRate)}</dd>
      </div>
      <div>
        <dt>Mean score</dt>
        <dd>{totals.meanScore === null ? '—' : Math.round(totals.meanScore)}</dd>
      </div>
    </dl>
  )
}

function DailyCharts({ overview }: { overview: Overview }) {
  const times = useMemo(
    () => overview.daily.map((entry) => Date.parse(`${entry.day}T00:00:00Z`) / 1000),
    [overview],
  )
  const score = useMemo(
    () => ({
      label: 'Mean score',
      times,
      values: overview.daily.map((entry) => entry.meanScore),
      yRange: [0, 100] as [number, number],
    }),
    [overview, times],
  )
  const count = useMemo(
    () => ({ label: 'Validations', times, values: overview.daily.map((entry) => entry.validations) }),
    [overview, times],
  )
  if (overview.totals.validations === 0) {
    return (
      <Empty>
        No validations in the last {overview.days} days. <Link href="/results/new">Validate a workflow</Link>{' '}
        to start.
      </Empty>
    )
  }
  return (
    <>
      <h2>Score over time</h2>
      <LineChart series={score} label={`Mean score per day over the last ${overview.days} days`} />
      <h2>Validations per day</h2>
      <LineChart series={count} label={`Validations per day over the last ${overview.days} days`} />
      <details>
        <summary>The numbers per day</summary>
        <DataTable
          caption="Validations, passes and mean score per UTC day"
          columns={['Day (UTC)', 'Validations', 'Passed', 'Mean score']}
        >
          {overview.daily
            .filter((entry) => entry.validations > 0)
            .map((entry) => (
              <tr key={entry.day}>
                <td>{entry.day}</td>
                <td>{entry.validations}</td>
                <td>{entry.passed}</td>
                <td>{entry.meanScore === null ? '—' : Math.round(entry.meanScore)}</td>
              </tr>
            ))}
        </DataTable>
      </details>
    </>
  )
}

function FailingRules({ overview }: { overview: Overview }) {
  if (overview.topFailingRules.length === 0) return <Empty>No rule failed in this window.</Empty>
  return (
    <DataTable
      caption="Rules with unwaived findings in the most validations"
      columns={['Rule', 'Validations', 'Findings']}
    >
      {overview.topFailingRules.map((rule) => (
        <tr key={rule.ruleId}>
          <td>
            <a href={`/docs/rules/${encodeURIComponent(rule.ruleId)}`}>{rule.ruleId}</a>
          </td>
          <td>{rule.validations}</td>
          <td>{rule.findings}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function LowestProjects({ overview }: { overview: Overview }) {
  if (overview.lowestScoringProjects.length === 0)
    return <Empty>No projects yet: validate a project archive to see it here.</Empty>
  return (
    <DataTable
      caption="Projects whose latest validation scores lowest"
      columns={['Score', 'Project', 'Latest result', 'Validations']}
    >
      {overview.lowestScoringProjects.map((project) => (
        <tr key={project.name}>
          <td>
            <ScoreBadge score={project.score} passed={project.passed} />
          </td>
          <td>
            <Link href={projectHref(project.name)}>{project.name}</Link>
          </td>
          <td>
            <Link href={`/results/${project.latestValidationId}`}>
              <TimeText iso={project.validatedAt} />
            </Link>
          </td>
          <td>{project.validations}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function ExpiringExceptions({ overview }: { overview: Overview }) {
  if (overview.expiringExceptions.length === 0) return <Empty>No approved exception expires soon.</Empty>
  return (
    <DataTable
      caption="Approved exceptions expiring soon, soonest first"
      columns={['Rule', 'Where', 'Expires', 'Renewal']}
    >
      {overview.expiringExceptions.map((exception) => (
        <tr key={exception.id}>
          <td>
            <Link href={`/exceptions/${exception.id}`}>{exception.ruleId}</Link>
          </td>
          <td>
            <code>{exception.location ?? exception.fileName}</code>
          </td>
          <td>
            <TimeText iso={exception.expiresAt} />
          </td>
          <td>{exception.renewalPending ? 'pending' : <span class="muted">not asked</span>}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function TroubledWebhooks({ webhooks }: { webhooks: NonNullable<Overview['troubledWebhooks']> }) {
  if (webhooks.length === 0) return <Empty>Every webhook is enabled and delivering.</Empty>
  return (
    <DataTable
      caption="Webhooks failing or disabled"
      columns={['Webhook', 'State', 'Failing since', 'Last success']}
    >
      {webhooks.map((webhook) => (
        <tr key={webhook.id}>
          <td class="break">
            <Link href={`/webhooks/${webhook.id}`}>{webhook.url}</Link>{' '}
            <span class="muted">({webhook.target})</span>
          </td>
          <td>
            {webhook.enabled
              ? 'failing'
              : `disabled${webhook.disabledReason === null ? '' : `: ${webhook.disabledReason}`}`}
          </td>
          <td>
            <TimeText iso={webhook.failingSince} />
          </td>
          <td>
            <TimeText iso={webhook.lastSuccessAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

export function OverviewPage() {
  const { query } = useLocation()
  const asked = Number(query.get('days') ?? DEFAULT_DAYS)
  const days = (WINDOWS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS
  const loaded = useApi<Overview>(withQuery('/api/v1/overview', { days }))

  const onWindow = (event: Event) => {
    const value = (event.currentTarget as HTMLSelectElement).value
    setQuery(new URLSearchParams(value === String(DEFAULT_DAYS) ? {} : { days: value }))
  }

  return (
    <>
      <div class="filters">
        <label>
          Period
          <select value={String(days)} onChange={onWindow}>
            {WINDOWS.map((window) => (
              <option key={window} value={String(window)}>
                last {window} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadState
        loaded={loaded}
        what="the overview"
        ready={(overview) => (
          <>
            <Totals overview={overview} />
            <DailyCharts overview={overview} />
            <h2>Rules that fail most</h2>
            <FailingRules overview={overview} />
            <h2>Lowest-scoring projects</h2>
            <LowestProjects overview={overview} />
            <h2>Exceptions expiring soon</h2>
            <ExpiringExceptions overview={overview} />
            <p>
              <Link href="/exceptions?view=expiring">All exceptions expiring soon</Link>
            </p>
            {overview.troubledWebhooks !== null && (
              <>
                <h2>Webhooks failing or disabled</h2>
                <TroubledWebhooks webhooks={overview.troubledWebhooks} />
              </>
            )}
          </>
        )}
      />
    </>
  )
}
