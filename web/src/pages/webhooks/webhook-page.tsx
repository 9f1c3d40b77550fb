/**
 * One webhook (admin): its settings and state; send a test (the outcome shows here); enable or
 * disable; edit; rotate the secret (the new one shown once); recover failed deliveries since a
 * time; delete after a confirmation. Its deliveries are one link away.
 */
import { useState } from 'preact/hooks'
import { apiDelete, apiPatch, apiPost } from '../../api/api-client'
import { ActionError } from '../../components/action-error'
import { ConfirmButton } from '../../components/confirm-button'
import { LoadState } from '../../components/load-state'
import { SecretOnce } from '../../components/secret-once'
import { TimeText } from '../../components/time-text'
import { useAction } from '../../components/use-action'
import { useApi } from '../../components/use-api'
import { Link, navigate } from '../../router'
import { DeliveryStatus, LastDeliveryText } from './delivery-status'
import { RecoverForm } from './recover-form'
import { WebhookForm } from './webhook-form'
import {
  disabledReasonText,
  successRateText,
  type TestOutcome,
  type Webhook,
  type WebhookWithSecret,
} from './webhook-types'

export function WebhookPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? ''
  const loaded = useApi<Webhook>(`/api/v1/org-webhooks/${encodeURIComponent(id)}`)
  return (
    <>
      <p>
        <Link href="/webhooks">All webhooks</Link>
      </p>
      <LoadState
        loaded={loaded}
        what="the webhook"
        ready={(webhook) => <WebhookDetail webhook={webhook} reload={loaded.reload} />}
      />
    </>
  )
}

function WebhookDetail({ webhook, reload }: { webhook: Webhook; reload: () => void }) {
  const action = useAction()
  const [outcome, setOutcome] = useState<TestOutcome | null>(null)
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null)
  const [editing, setEditing] = useState(false)
  const path = `/api/v1/org-webhooks/${webhook.id}`

  const sendTest = async () => {
    setOutcome(null)
    const result = await action.run(() => apiPost<TestOutcome>(`${path}/test`))
    if (result !== undefined) setOutcome(result)
  }
  const setEnabled = async (enabled: boolean) => {
    if ((await action.run(() => apiPatch<Webhook>(path, { enabled }))) !== undefined) reload()
  }
  const rotate = async () => {
    const rotated = await action.run(() => apiPost<WebhookWithSecret>(`${path}/rotate-secret`, {}))
    if (rotated !== undefined) setSecret(rotated)
  }
  const remove = async () => {
    const deleted = await action.run(async () => {
      await apiDelete<void>(path)
      return true
    })
    if (deleted === true) navigate('/webhooks', { replace: true })
  }

  return (
    <>
      <dl class="facts">
        <dt>Receiver URL</dt>
        <dd class="break">
          <code>{webhook.url}</code>
        </dd>
        <dt>Description</dt>
        <dd>{webhook.description ?? <span class="muted">—</span>}</dd>
        <dt>Target</dt>
        <dd>{webhook.target}</dd>
        <dt>Events</dt>
        <dd>{webhook.events.map((name) => (name === '*' ? 'all events (*)' : name)).join(', ')}</dd>
        <dt>State</dt>
        <dd>{webhook.enabled ? 'enabled' : `disabled: ${disabledReasonText(webhook.disabledReason)}`}</dd>
        <dt>Secret</dt>
        <dd>
          <code>{webhook.secret_preview}</code>
        </dd>
        <dt>Last delivery</dt>
        <dd>
          <LastDeliveryText last={webhook.lastDelivery} />
        </dd>
        <dt>Success rate</dt>
        <dd>{successRateText(webhook) ?? <span class="muted">no finished delivery yet</span>}</dd>
        <dt>Created</dt>
        <dd>
          <TimeText iso={webhook.createdAt} />
        </dd>
      </dl>
      <p class="actions">
        <Link href={`/webhooks/${webhook.id}/deliveries`} class="button">
          Deliveries
        </Link>
        <button type="button" onClick={sendTest} disabled={action.busy}>
          Send a test
        </button>
        {webhook.enabled ? (
          <button type="button" class="secondary" onClick={() => setEnabled(false)} disabled={action.busy}>
            Disable
          </button>
        ) : (
          <button type="button" class="secondary" onClick={() => setEnabled(true)} disabled={action.busy}>
            Enable
          </button>
        )}
        <button type="button" class="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          Edit
        </button>
        <ConfirmButton
          label="Rotate secret"
          title="Rotate the signing secret?"
          confirmLabel="Rotate"
          onConfirm={rotate}
          disabled={action.busy}
        >
          <p>
            A new secret signs every delivery from now on. For 24 hours the Standard Webhooks header is also
            signed with the old one, so receivers can switch over.
          </p>
        </ConfirmButton>
        <ConfirmButton
          label="Delete"
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          onConfirm={remove}
          disabled={action.busy}
        >
          <p>
            Deliveries still pending are cancelled and nothing more is sent to{' '}
            <code class="break">{webhook.url}</code>. The delivery log stays. This cannot be undone.
          </p>
        </ConfirmButton>
      </p>
      <ActionError error={action.error} />
      <div aria-live="polite">{outcome !== null && <TestOutcomeView outcome={outcome} />}</div>
      {secret !== null && (
        <SecretOnce label="New signing secret" value={secret.secret} onDone={() => setSecret(null)} />
      )}
      {editing && (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">Edit</h2>
          <WebhookForm
            initial={webhook}
            submitLabel="Save changes"
            busy={action.busy}
            onSubmit={async (fields) => {
              if (
                (await action.run(() => apiPatch<Webhook>(`/api/v1/org-webhooks/${webhook.id}`, fields))) !==
                undefined
              ) {
                setEditing(false)
                reload()
              }
            }}
          />
        </section>
      )}
      <RecoverForm webhookId={webhook.id} />
    </>
  )
}

function TestOutcomeView({ outcome }: { outcome: TestOutcome }) {
  return (
    <section class="outcome" aria-labelledby="test-outcome-title">
      <h2 id="test-outcome-title">Test delivery {outcome.status}</h2>
      <p>
        <DeliveryStatus status={outcome.status} statusCode={outcome.statusCode} /> in {outcome.durationMs} ms
        {outcome.errorClass !== null && (
          <>
            {' '}
            — error: <code>{outcome.errorClass}</code>
          </>
        )}
      </p>
      {outcome.responseSnippet !== null && outcome.responseSnippet !== '' && (
        <pre class="snippet">{outcome.responseSnippet}</pre>
      )}
      <p>
        <Link href={`/deliveries/${outcome.deliveryId}`}>See the delivery</Link>
      </p>
    </section>
  )
}
