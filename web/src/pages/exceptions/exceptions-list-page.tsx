/**
 * Exceptions: the org's risk exceptions, newest first, in three views named by the query string
 * (so each is a link): all (with status, rule and file filters), the approval queue (requested,
 * plus approved ones whose renewal waits for a decision) and expiring soon.
 */
import { type Page, withQuery } from '../../api/api-client'
import { isAdmin } from '../../api/session'
import type { RiskException } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { Empty, LoadState } from '../../components/load-state'
import { Pager, usePager } from '../../components/pager'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { Link, setQuery, useLocation } from '../../router'
import { ExceptionStatusBadge, exceptionScope } from './exception-status'

const STATUSES = ['requested', 'approved', 'rejected', 'revoked', 'expired'] as const
const VIEWS = [
  { view: '', label: 'All' },
  { view: 'queue', label: 'Approval queue' },
  { view: 'expiring', label: 'Expiring soon' },
] as const
/** The API's default warning window, used when the settings cannot be read. */
const DEFAULT_WARNING_DAYS = 7
/** "Expiring soon": the org's warning window (settings `exceptionWarningDays`) unless `?days=` says otherwise. */
function expiringDays(query: URLSearchParams, warningDays: number): number {
  const days = Number(query.get('days') ?? warningDays)
  return Number.isInteger(days) && days > 0 && days <= 366 ? days : warningDays
}

const EXCEPTION_COLUMNS = ['Status', 'Rule', 'Where', 'Expires', 'Requested by'] as const

export function ExceptionsTable({ items, caption }: { items: RiskException[]; caption: string }) {
  return (
    <DataTable caption={caption} columns={EXCEPTION_COLUMNS}>
      {items.map((exception) => (
        <tr key={exception.id}>
          <td>
            <ExceptionStatusBadge exception={exception} />
          </td>
          <td>
            <Link href={`/exceptions/${exception.id}`}>{exception.ruleId}</Link>
          </td>
          <td>
            <code>{exceptionScope(exception)}</code>
          </td>
          <td>
            <TimeText iso={exception.expiresAt} />
          </td>
          <td>{exception.requestedByEmail}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function listPath(query: URLSearchParams, cursor: string | undefined, warningDays: number): string {
  const view = query.get('view') ?? ''
  if (view === 'queue') return withQuery('/api/v1/exceptions', { status: 'requested', limit: 25, cursor })
  if (view === 'expiring') {
    return withQuery('/api/v1/exceptions', {
      status: 'approved',
      expiringWithinDays: expiringDays(query, warningDays),
      limit: 25,
      cursor,
    })
  }
  return withQuery('/api/v1/exceptions', {
    status: query.get('status'),
    ruleId: query.get('ruleId'),
    fileName: query.get('fileName'),
    limit: 25,
    cursor,
  })
}

/** Renewals waiting for a decision (`renewal=pending`), newest first, paged on their own. */
function PendingRenewals() {
  const pager = usePager()
  const loaded = useApi<Page<RiskException>>(
    withQuery('/api/v1/exceptions', { renewal: 'pending', limit: 25, cursor: pager.cursor }),
  )
  return (
    <section aria-labelledby="pending-renewals">
      <h2 id="pending-renewals">Renewals waiting for a decision</h2>
      <LoadState
        loaded={loaded}
        what="renewals"
        ready={(page) =>
          page.items.length === 0 ? (
            <Empty>No renewal is waiting.</Empty>
          ) : (
            <>
              <ExceptionsTable items={page.items} caption="Exceptions with a pending renewal, newest first" />
              <Pager pager={pager} nextCursor={page.nextCursor} label="Renewal pages" />
            </>
          )
        }
      />
    </section>
  )
}

export function ExceptionsListPage() {
  const { query } = useLocation()
  const pager = usePager()
  const view = query.get('view') ?? ''
  const settings = useApi<{ exceptionWarningDays: number }>('/api/v1/org-settings')
  // Until the settings are read, the expiring view waits (its window is the org's warning days).
  const warningDays =
    settings.state === 'ready'
      ? settings.data.exceptionWarningDays
      : settings.state === 'error'
        ? DEFAULT_WARNING_DAYS
        : null
  const loaded = useApi<Page<RiskException>>(
    view === 'expiring' && warningDays === null
      ? null
      : listPath(query, pager.cursor, warningDays ?? DEFAULT_WARNING_DAYS),
  )

  const onFilter = (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const next = new URLSearchParams()
    for (const name of ['status', 'ruleId', 'fileName']) {
      const raw = String(form.get(name) ?? '').trim()
      if (raw !== '') next.set(name, raw)
    }
    pager.reset()
    setQuery(next)
  }

  return (
    <>
      <div class="page-actions">
        <Link class="button" href="/exceptions/new">
          Request an exception
        </Link>
      </div>
      <nav aria-label="Exception views">
        <ul class="tabs">
          {VIEWS.map((item) => (
            <li key={item.view}>
              <Link
                href={item.view === '' ? '/exceptions' : `/exceptions?view=${item.view}`}
                aria-current={view === item.view ? 'page' : undefined}
                onClick={() => pager.reset()}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === '' && (
        <form class="filters" onSubmit={onFilter} aria-label="Filter exceptions">
          <label>
            Status
            <select name="status" defaultValue={query.get('status') ?? ''}>
              <option value="">any</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </label>
          <label>
            Rule <input name="ruleId" defaultValue={query.get('ruleId') ?? ''} />
          </label>
          <label>
            File <input name="fileName" defaultValue={query.get('fileName') ?? ''} />
          </label>
          <button type="submit">Filter</button>
        </form>
      )}
      {view === 'queue' && (
        <p class="muted">
          {isAdmin()
            ? 'Requested exceptions wait for an admin: open one to approve or reject it.'
            : 'Requested exceptions wait for an admin to approve or reject them.'}
        </p>
      )}
      {view === 'expiring' && (
        <p class="muted">
          Approved exceptions that expire within {expiringDays(query, warningDays ?? DEFAULT_WARNING_DAYS)}{' '}
          days: open one to ask for a renewal.
        </p>
      )}
      {view === 'queue' && <h2>Requested</h2>}
      <LoadState
        loaded={loaded}
        what="exceptions"
        ready={(page) =>
          page.items.length === 0 ? (
            <Empty>
              {view === 'queue'
                ? 'Nothing waits for approval.'
                : view === 'expiring'
                  ? 'No approved exception expires soon.'
                  : 'No exceptions match. Request one from a finding on a result page.'}
            </Empty>
          ) : (
            <>
              <ExceptionsTable items={page.items} caption="Risk exceptions, newest first" />
              <Pager pager={pager} nextCursor={page.nextCursor} />
            </>
          )
        }
      />
      {view === 'queue' && <PendingRenewals />}
    </>
  )
}
