/**
 * Audit log (admin): who did what and when, newest first, filtered by action, actor and date range
 * (the query string, so a filtered log is a link; the export takes the same filters), paged.
 */
import { type Page, withQuery } from '../../api/api-client'
import { PagedTable } from '../../components/data-table'
import { DateRangeInputs, filterQuery } from '../../components/date-range'
import { usePager } from '../../components/pager'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { setQuery, useLocation } from '../../router'

interface AuditEntry {
  id: string
  actorEmail: string
  action: string
  targetType: string
  targetId: string | null
  changes: Record<string, unknown>
  at: string
  seq: number | null
}

/** The query string's filters, as the API names them. */
const FILTERS = ['action', 'actor', 'since', 'until'] as const

/** Actions the API writes, offered as suggestions (any text is accepted). */
const KNOWN_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'org_settings.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.tested',
  'webhook.recovered',
  'delivery.redelivered',
  'exception.requested',
  'exception.approved',
  'exception.rejected',
  'exception.revoked',
  'exception.renewal_requested',
  'exception.renewal_approved',
  'exception.renewal_rejected',
  'exception.renewal_closed',
]

export function AuditLogPage() {
  const { query } = useLocation()
  const pager = usePager()
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? undefined]))
  const loaded = useApi<Page<AuditEntry>>(
    withQuery('/api/v1/audit-log', { ...filters, limit: 50, cursor: pager.cursor }),
  )

  const onFilter = (event: Event) => {
    event.preventDefault()
    pager.reset()
    setQuery(filterQuery(event.currentTarget as HTMLFormElement, FILTERS))
  }

  return (
    <>
      <form class="filters" onSubmit={onFilter} aria-label="Filter the audit log">
        <label>
          Action <input name="action" list="audit-actions" defaultValue={query.get('action') ?? ''} />
        </label>
        <label>
          Who (email) <input name="actor" type="email" defaultValue={query.get('actor') ?? ''} />
        </label>
        <DateRangeInputs query={query} />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit">Filter</button>
        <a
          class="button secondary"
          href={withQuery('/api/v1/audit-log', { ...filters, format: 'jsonl' })}
          download
        >
          Export (JSON Lines)
        </a>
      </form>
      <PagedTable
        loaded={loaded}
        what="the audit log"
        empty="No entries match."
        caption="Audit log entries, newest first"
        columns={['When', 'Who', 'Action', 'Target', 'Changes']}
        pager={pager}
        row={(entry) => (
          <tr key={entry.id}>
            <td>
              <TimeText iso={entry.at} />
            </td>
            <td>{entry.actorEmail}</td>
            <td>
              <code>{entry.action}</code>
            </td>
            <td>
              {entry.targetType}
              {entry.targetId !== null && (
                <div class="muted break">
                  <code>{entry.targetId}</code>
                </div>
              )}
            </td>
            <td>
              <pre class="snippet">{JSON.stringify(entry.changes, null, 1)}</pre>
            </td>
          </tr>
        )}
      />
    </>
  )
}
