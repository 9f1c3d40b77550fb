/** Re-send a webhook's failed deliveries created since a time (POST …/recover). */
import { useState } from 'preact/hooks'
import { apiPost } from '../../api/api-client'
import { ActionError } from '../../components/action-error'
import { useAction } from '../../components/use-action'

/** A datetime-local value one day back, in the viewer's zone. */
function yesterdayLocal(): string {
  const date = new Date(Date.now() - 24 * 60 * 60 * 1000)
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

export function RecoverForm({ webhookId }: { webhookId: string }) {
  const action = useAction()
  const [since, setSince] = useState(yesterdayLocal())
  const [requeued, setRequeued] = useState<number | null>(null)
  const submit = async (event: Event) => {
    event.preventDefault()
    setRequeued(null)
    const result = await action.run(() =>
      apiPost<{ requeued: number }>(`/api/v1/org-webhooks/${webhookId}/recover`, {
        since: new Date(since).toISOString(),
      }),
    )
    if (result !== undefined) setRequeued(result.requeued)
  }
  return (
    <section aria-labelledby="recover-title">
      <h2 id="recover-title">Recover failed deliveries</h2>
      <form class="filters" onSubmit={submit}>
        <label>
          Failed since (your time)
          <input
            type="datetime-local"
            name="since"
            required
            value={since}
            onInput={(event) => setSince((event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={action.busy}>
          Send them again
        </button>
      </form>
      {requeued !== null && (
        <p role="status">
          {requeued === 0
            ? 'No failed deliveries in that time.'
            : `${requeued} failed deliveries queued again.`}
        </p>
      )}
      <ActionError error={action.error} />
    </section>
  )
}
