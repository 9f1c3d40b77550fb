/**
 * A webhook's deliveries (admin), newest first, filtered by status and event in the query string;
 * each links to its request and attempts.
 */
import { type Page, withQuery } from '../../api/api-client'
import { PagedTable, queryFromForm } from '../../components/data-table'
import { usePager } from '../../components/pager'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { Link, setQuery, useLocation } from '../../router'
import { DeliveryStatus } from './delivery-status'
import { DELIVERY_STATES, type Delivery } from './webhook-types'

export function DeliveriesPage({ params }: { params: Record<string, string> }) {
  const id = encodeURIComponent(params.id ?? '')
  const { query } = useLocation()
  const pager = usePager()
  const status = query.get('status') ?? ''
  const event = query.get('event') ?? ''
  const loaded = useApi<Page<Delivery>>(
    withQuery(`/api/v1/org-webhooks/${id}/deliveries`, { status, event, limit: 50, cursor: pager.cursor }),
  )

  const onFilter = (submit: Event) => {
    submit.preventDefault()
    const next = queryFromForm(submit.currentTarget as HTMLFormElement, ['status', 'event'])
    pager.reset()
    setQuery(next)
  }

  return (
    <>
      <p>
        <Link href={`/webhooks/${id}`}>Back to the webhook</Link>
      </p>
      <form class="filters" onSubmit={onFilter} aria-label="Filter deliveries">
        <label>
          Status
          <select name="status" defaultValue={status}>
            <option value="">any</option>
            {DELIVERY_STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <label>
          Event <input name="event" defaultValue={event} placeholder="validation.completed" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <PagedTable
        loaded={loaded}
        what="deliveries"
        empty="No deliveries match. Send a test from the webhook's page to see one here."
        caption="Deliveries, newest first"
        columns={['Delivery', 'Event', 'Status', 'Attempts', 'Last error', 'Created']}
        pager={pager}
        row={(delivery) => (
          <tr key={delivery.id}>
            <td>
              <Link href={`/deliveries/${delivery.id}`}>
                <code>{delivery.id.slice(0, 13)}…</code>
                <span class="visually-hidden"> (delivery {delivery.id})</span>
              </Link>
            </td>
            <td>
              <code>{delivery.event}</code>
            </td>
            <td>
              <DeliveryStatus status={delivery.status} statusCode={delivery.lastStatusCode} />
            </td>
            <td>{delivery.attemptCount}</td>
            <td>{delivery.lastErrorClass ?? <span class="muted">—</span>}</td>
            <td>
              <TimeText iso={delivery.createdAt} />
            </td>
          </tr>
        )}
      />
    </>
  )
}
