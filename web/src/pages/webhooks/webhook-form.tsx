/**
 * The fields of a webhook (create and edit): URL, target, events (every event type from
 * GET /api/v1/event-types, or all of them with "*"), description.
 */
import { useState } from 'preact/hooks'
import type { Page } from '../../api/api-client'
import { LoadState } from '../../components/load-state'
import { useApi } from '../../components/use-api'
import { type EventType, WEBHOOK_TARGETS, type WebhookTarget } from './webhook-types'

export interface WebhookFields {
  url: string
  target: WebhookTarget
  events: string[]
  description: string | null
}

export function WebhookForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
}: {
  initial: WebhookFields
  submitLabel: string
  busy: boolean
  onSubmit: (fields: WebhookFields) => void
}) {
  const eventTypes = useApi<Page<EventType>>('/api/v1/event-types')
  const [url, setUrl] = useState(initial.url)
  const [target, setTarget] = useState<WebhookTarget>(initial.target)
  const [all, setAll] = useState(initial.events.includes('*'))
  const [events, setEvents] = useState<string[]>(initial.events.filter((name) => name !== '*'))
  const [description, setDescription] = useState(initial.description ?? '')
  const [problem, setProblem] = useState<string | null>(null)

  const submit = (event: Event) => {
    event.preventDefault()
    if (!all && events.length === 0) {
      setProblem('Choose at least one event, or all events.')
      return
    }
    setProblem(null)
    onSubmit({
      url: url.trim(),
      target,
      events: all ? ['*'] : events,
      description: description.trim() === '' ? null : description.trim(),
    })
  }

  const toggle = (name: string, on: boolean) =>
    setEvents((chosen) => (on ? [...chosen, name] : chosen.filter((item) => item !== name)))

  return (
    <form class="stacked-form" onSubmit={submit}>
      <label>
        Receiver URL
        <input
          type="url"
          name="url"
          required
          value={url}
          onInput={(event) => setUrl((event.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Target (body format)
        <select
          name="target"
          value={target}
          onChange={(event) => setTarget((event.target as HTMLSelectElement).value as WebhookTarget)}
        >
          {WEBHOOK_TARGETS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Events</legend>
        <label class="check">
          <input
            type="checkbox"
            name="all-events"
            checked={all}
            onChange={(event) => setAll((event.target as HTMLInputElement).checked)}
          />
          All events, including ones added later (*)
        </label>
        <LoadState
          loaded={eventTypes}
          what="event types"
          ready={(page) =>
            page.items
              .filter((type) => type.name !== 'webhook.test')
              .map((type) => (
                <label class="check" key={type.name}>
                  <input
                    type="checkbox"
                    name="events"
                    value={type.name}
                    disabled={all}
                    checked={all || events.includes(type.name)}
                    onChange={(event) => toggle(type.name, (event.target as HTMLInputElement).checked)}
                  />
                  <code>{type.name}</code>
                </label>
              ))
          }
        />
      </fieldset>
      <label>
        Description (optional)
        <input
          name="description"
          maxLength={500}
          value={description}
          onInput={(event) => setDescription((event.target as HTMLInputElement).value)}
        />
      </label>
      {problem !== null && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </p>
    </form>
  )
}
