/**
 * One delivery (admin): the request as it was sent (headers with the signatures, and the body),
 * every attempt (time, status, duration, response snippet, error class) and redeliver.
 */
import { useState } from 'preact/hooks'
import { apiPost } from '../../api/api-client'
import { ActionError } from '../../components/action-error'
import { DataTable } from '../../components/data-table'
import { LoadState } from '../../components/load-state'
import { TimeText } from '../../components/time-text'
import { useAction } from '../../components/use-action'
import { useApi } from '../../components/use-api'
import { Link } from '../../router'
import { DeliveryStatus } from './delivery-status'
import type { Delivery, DeliveryWithAttempts } from './webhook-types'

/** How much of a response body a table cell shows; the full 64 KiB is one click away. */
const SNIPPET_CHARS = 200

export function DeliveryPage({ params }: { params: Record<string, string> }) {
  const loaded = useApi<DeliveryWithAttempts>(`/api/v1/deliveries/${encodeURIComponent(params.id ?? '')}`)
  // Kept here, not in the detail: a reload shows the loading state, which unmounts the detail.
  const [queued, setQueued] = useState(false)
  return (
    <>
      <p aria-live="polite">
        {queued && <span role="status">Queued again: it is sent within seconds.</span>}
      </p>
      <LoadState
        loaded={loaded}
        what="the delivery"
        ready={(delivery) => (
          <DeliveryDetail delivery={delivery} reload={loaded.reload} setQueued={setQueued} />
        )}
      />
    </>
  )
}

function DeliveryDetail({
  delivery,
  reload,
  setQueued,
}: {
  delivery: DeliveryWithAttempts
  reload: () => void
  setQueued: (queued: boolean) => void
}) {
  const action = useAction()
  const redeliver = async () => {
    setQueued(false)
    if (
      (await action.run(() => apiPost<Delivery>(`/api/v1/deliveries/${delivery.id}/redeliver`))) !== undefined
    ) {
      setQueued(true)
      reload()
    }
  }
  return (
    <>
      <p>
        <Link href={`/webhooks/${delivery.webhookId}/deliveries`}>All deliveries of this webhook</Link>
      </p>
      <dl class="facts">
        <dt>Delivery id</dt>
        <dd>
          <code>{delivery.id}</code>
        </dd>
        <dt>Event</dt>
        <dd>
          <code>{delivery.event}</code>
        </dd>
        <dt>Status</dt>
        <dd>
          <DeliveryStatus status={delivery.status} statusCode={delivery.lastStatusCode} />
          {delivery.lastErrorClass !== null && <> — {delivery.lastErrorClass}</>}
        </dd>
        <dt>Next attempt</dt>
        <dd>
          <TimeText iso={delivery.nextAttemptAt} />
        </dd>
        <dt>Created</dt>
        <dd>
          <TimeText iso={delivery.createdAt} />
        </dd>
      </dl>
      <p class="actions">
        <button type="button" onClick={redeliver} disabled={action.busy || delivery.status === 'pending'}>
          Redeliver
        </button>
        <button type="button" class="secondary" onClick={reload}>
          Refresh
        </button>
      </p>
      <ActionError error={action.error} />
      <RequestView delivery={delivery} />
      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title">Attempts</h2>
        {delivery.attempts.length === 0 ? (
          <p class="state state-empty">No attempt yet.</p>
        ) : (
          <DataTable
            caption="Attempts, oldest first"
            columns={['#', 'Time', 'Status', 'Duration', 'Error', 'Response']}
          >
            {delivery.attempts.map((attempt) => (
              <tr key={attempt.number}>
                <td>{attempt.number}</td>
                <td>
                  <TimeText iso={attempt.startedAt} />
                </td>
                <td>{attempt.statusCode ?? <span class="muted">no response</span>}</td>
                <td>{attempt.durationMs} ms</td>
                <td>
                  {attempt.errorClass === null ? (
                    <span class="muted">—</span>
                  ) : (
                    <>
                      <code>{attempt.errorClass}</code>
                      {attempt.errorMessage !== null && <div class="muted">{attempt.errorMessage}</div>}
                    </>
                  )}
                </td>
                <td>
                  {attempt.responseBody === null || attempt.responseBody === '' ? (
                    <span class="muted">—</span>
                  ) : (
                    <pre class="snippet">
                      {attempt.responseBody.length > SNIPPET_CHARS
                        ? `${attempt.responseBody.slice(0, SNIPPET_CHARS)}…`
                        : attempt.responseBody}
                    </pre>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  )
}

/** The newest attempt's headers (each attempt signs anew) and the body, which never changes. */
function RequestView({ delivery }: { delivery: DeliveryWithAttempts }) {
  const sent = [...delivery.attempts].reverse().find((attempt) => attempt.requestHeaders)
  const headers = sent?.requestHeaders ?? null
  return (
    <section aria-labelledby="request-title">
      <h2 id="request-title">Request as sent{sent !== undefined && ` (attempt ${sent.number})`}</h2>
      {headers === null ? (
        <p class="state state-empty">No attempt with its headers kept yet.</p>
      ) : (
        <DataTable caption="Request headers" columns={['Header', 'Value']}>
          {Object.entries(headers).map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td class="break">
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Body</h3>
      {delivery.requestBody === undefined || delivery.requestBody === null ? (
        <p class="state state-empty">Not rendered yet: the body is fixed by the first attempt.</p>
      ) : (
        <pre class="snippet">{delivery.requestBody}</pre>
      )}
    </section>
  )
}
